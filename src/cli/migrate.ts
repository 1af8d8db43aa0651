/** npm run migrate — applies pending migrations to DATABASE_URL (or the embedded database). */
import { migrate } from '../platform/db/index.ts';
import { runCli } from './cli.ts';

await runCli(
  async ({ db }) => {
    const applied = await migrate(db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  },
  { migrate: false },
);
