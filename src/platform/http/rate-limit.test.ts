import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openTestDb } from '../../../test/support/db.ts';
import { AppError } from '../errors/index.ts';
import { migrate, type Db } from '../db/index.ts';
import { withTenant } from '../tenancy/index.ts';
import { hitRateLimit } from './rate-limit.ts';

let db: Db;
let drop: () => Promise<void>;

before(async () => {
  ({ db, drop } = await openTestDb());
  await migrate(db);
  await db.query(`INSERT INTO tenants (code, name_ja, name_en, origin) VALUES ('990019', 'A', 'A', 'http://a'), ('990027', 'B', 'B', 'http://b')`);
});
after(() => drop());

const count = async (tenant: string) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM rate_limits WHERE tenant_id = $1', [tenant]))[0]!.n;

test('a window allows max hits, then refuses with the seconds until it ends; municipalities count apart', async () => {
  const limit = { bucket: 'test:ip:203.0.113.5', max: 3, windowSeconds: 60 };
  for (let i = 0; i < 3; i++) await withTenant(db, '990019', (tx) => hitRateLimit(tx, '990019', limit));
  await assert.rejects(
    withTenant(db, '990019', (tx) => hitRateLimit(tx, '990019', limit)),
    (e: unknown) => e instanceof AppError && e.code === 'rate_limited' && (e.options.retryAfterSeconds ?? 0) > 0 && (e.options.retryAfterSeconds ?? 0) <= 60,
  );
  await withTenant(db, '990027', (tx) => hitRateLimit(tx, '990027', limit));
});

test('windows older than a day are purged by a later hit; current ones stay', async () => {
  await db.query("INSERT INTO rate_limits (tenant_id, bucket, window_start, hits) VALUES ('990027', 'old', now() - interval '2 days', 5), ('990027', 'recent', now() - interval '1 hour', 5)");
  const before = await count('990027');
  // The first hit of this process for 990027 was above, so the purge is due again only after 10 minutes: use a fresh module instance.
  const fresh = (await import(`./rate-limit.ts?purge=${Date.now()}`)) as typeof import('./rate-limit.ts');
  await withTenant(db, '990027', (tx) => fresh.hitRateLimit(tx, '990027', { bucket: 'another', max: 10, windowSeconds: 60 }));
  const rows = await db.query<{ bucket: string }>("SELECT bucket FROM rate_limits WHERE tenant_id = '990027' ORDER BY bucket");
  assert.ok(!rows.some((r) => r.bucket === 'old'), 'the two-day-old window is gone');
  assert.ok(rows.some((r) => r.bucket === 'recent'), 'the hour-old window stays');
  assert.equal(await count('990027'), before - 1 + 1);
});
