export { connectPostgres, openPglite, type Db, type Queryable, type QueryOptions, type TransactionOptions } from './db.ts';
export { migrate, pendingMigrations, MigrationError } from './migrate.ts';
