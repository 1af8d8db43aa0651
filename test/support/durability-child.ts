/** Child process for the durability test: commits rows one by one and reports each acknowledged commit. */
import { openPglite } from '../../src/platform/db/index.ts';

const db = await openPglite(process.argv[2]!);
await db.query('CREATE TABLE IF NOT EXISTS acks (n integer PRIMARY KEY)');
const [last] = await db.query<{ n: number | null }>('SELECT max(n) AS n FROM acks');
for (let n = Number(last?.n ?? 0) + 1; ; n++) {
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO acks (n) VALUES ($1)', [n]);
  });
  process.stdout.write(`${n}\n`);
}
