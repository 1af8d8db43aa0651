import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openTestDb } from '../../../test/support/db.ts';
import { migrate, type Db } from '../db/index.ts';
import { withTenant } from '../tenancy/index.ts';
import { listAudit, recordAudit, verifyChain } from './index.ts';

let db: Db;
let drop: () => Promise<void>;
const T = '990019';

before(async () => {
  ({ db, drop } = await openTestDb());
  await migrate(db);
  await db.query(`INSERT INTO tenants (code, name_ja, name_en, origin) VALUES ('990019', 'A', 'A', 'http://a'), ('990027', 'B', 'B', 'http://b')`);
});
after(() => drop());

const write = (tenant: string, n: number) =>
  withTenant(db, tenant, async (tx) => {
    for (let i = 0; i < n; i++)
      await recordAudit(tx, tenant, { actorKind: 'staff', actorId: 'u1', action: 'resident.read', recordType: 'resident', recordId: `r${i}`, reason: '児童手当の審査', details: { i, nested: { b: 1, a: [1, '𠮷'] } } });
  });

test('entries chain per municipality and verify', async () => {
  await write(T, 20);
  await write('990027', 3);
  const a = await withTenant(db, T, (tx) => verifyChain(tx, T, 7));
  assert.deepEqual(a, { tenant: T, entries: 20, ok: true });
  const b = await withTenant(db, '990027', (tx) => verifyChain(tx, '990027'));
  assert.equal(b.entries, 3);
  const latest = await withTenant(db, T, (tx) => listAudit(tx, T, { limit: 5 }));
  assert.deepEqual(latest.map((e) => e.seq), ['20', '19', '18', '17', '16']);
});

test('concurrent appends keep one unbroken chain', async () => {
  await Promise.all(Array.from({ length: 8 }, () => write(T, 5)));
  const r = await withTenant(db, T, (tx) => verifyChain(tx, T));
  assert.equal(r.ok, true);
  assert.equal(r.entries, 60);
});

test('an altered entry is reported as the first broken link', async () => {
  // A database administrator bypassing the append-only trigger.
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  await db.query(`UPDATE audit_log SET reason = 'nothing to see' WHERE tenant_id = $1 AND seq = 12`, [T]);
  const r = await withTenant(db, T, (tx) => verifyChain(tx, T));
  assert.equal(r.ok, false);
  assert.equal(r.firstBroken?.seq, '12');
  assert.match(r.firstBroken!.problem, /altered/);
  await db.query(`DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 5`, [T]);
  const r2 = await withTenant(db, T, (tx) => verifyChain(tx, T));
  assert.equal(r2.firstBroken?.seq, '5');
  assert.match(r2.firstBroken!.problem, /missing/);
  await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
});

test('removing the newest entries is detected through the chain head', async () => {
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  await db.query(`DELETE FROM audit_log WHERE tenant_id = '990027' AND seq = 3`);
  await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  const r = await withTenant(db, '990027', (tx) => verifyChain(tx, '990027'));
  assert.equal(r.ok, false);
  assert.match(r.firstBroken!.problem, /removed/);
});

test('the table refuses updates and deletes even from its owner', async () => {
  await assert.rejects(db.query(`UPDATE audit_log SET reason = 'x'`), /append-only/);
  await assert.rejects(db.query(`DELETE FROM audit_log`), /append-only/);
});
