export { connectPostgres, openPglite, type Db, type Queryable } from './db.ts';
export { migrate, pendingMigrations, MigrationError } from './migrate.ts';
