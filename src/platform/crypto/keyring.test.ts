import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { openTestDb } from '../../../test/support/db.ts';
import { migrate, type Db } from '../db/index.ts';
import { withTenant } from '../tenancy/index.ts';
import { Keyring, registerEncryptedColumns, rotateTenantDataKey, TenantCipher } from './index.ts';

let db: Db;
let drop: () => Promise<void>;
const k1 = { id: 'k1', key: crypto.randomBytes(32) };
const k2 = { id: 'k2', key: crypto.randomBytes(32) };

before(async () => {
  ({ db, drop } = await openTestDb());
  await migrate(db);
  await db.query(`INSERT INTO tenants (code, name_ja, name_en, origin) VALUES ('990019', 'A', 'A', 'http://a'), ('990027', 'B', 'B', 'http://b')`);
  const ring = new Keyring([k1]);
  for (const t of ['990019', '990027']) await withTenant(db, t, (tx) => ring.provisionTenant(tx, t));
});
after(() => drop());

test('values round-trip, including surrogate pairs and 異体字', async () => {
  const ring = new Keyring([k1]);
  const c = await withTenant(db, '990019', (tx) => ring.forTenant(tx, '990019'));
  const name = '𠮷田 髙橋 葛󠄀城';
  const enc = c.encrypt('residents.name', name)!;
  assert.doesNotMatch(enc, /田|髙/);
  assert.equal(c.decrypt('residents.name', enc), name);
  assert.equal(c.encrypt('residents.name', null), null);
});

test('a ciphertext is bound to its field and municipality', async () => {
  const ring = new Keyring([k1]);
  const a = await withTenant(db, '990019', (tx) => ring.forTenant(tx, '990019'));
  const b = await withTenant(db, '990027', (tx) => ring.forTenant(tx, '990027'));
  const enc = a.encrypt('residents.name', '山田 太郎')!;
  assert.throws(() => a.decrypt('residents.address', enc));
  assert.throws(() => b.decrypt('residents.name', enc));
  assert.notEqual(a.blindIndex('residents.email', 'x@example.jp'), b.blindIndex('residents.email', 'x@example.jp'));
});

test('master key rotation re-wraps data keys; old data stays readable', async () => {
  const old = new Keyring([k1]);
  const enc = await withTenant(db, '990019', async (tx) => (await old.forTenant(tx, '990019')).encrypt('residents.name', '佐藤 花子')!);
  const rotated = new Keyring([k2, k1]);
  const n = await withTenant(db, '990019', (tx) => rotated.rewrapTenant(tx, '990019'));
  assert.equal(n, 2);
  const onlyNew = new Keyring([k2]);
  const c = await withTenant(db, '990019', (tx) => onlyNew.forTenant(tx, '990019'));
  assert.equal(c.decrypt('residents.name', enc), '佐藤 花子');
  await assert.rejects(withTenant(db, '990019', (tx) => old.forTenant(tx, '990019')), /not configured/);
});

test('data key rotation re-encrypts every registered column, all or nothing', async () => {
  const ring = new Keyring([k1]);
  await withTenant(db, '990027', async (tx) => {
    const c = await ring.forTenant(tx, '990027');
    await tx.query(`INSERT INTO residents (tenant_id, id, name_enc) VALUES ('990027', '00000000-0000-4000-8000-000000000001', $1)`, [c.encrypt('residents.name', '鈴木 一郎')]);
  });
  const ring2 = new Keyring([k1]);
  registerEncryptedColumns({ table: 'residents', key: ['id'], column: 'name_enc', field: 'residents.name' });
  const result = await withTenant(db, '990027', (tx) => rotateTenantDataKey(ring2, tx, '990027'));
  assert.equal(result.version, 2);
  assert.ok(result.rewritten >= 1);
  const [row] = await withTenant(db, '990027', (tx) => tx.query<{ name_enc: string }>('SELECT name_enc FROM residents'));
  assert.equal(TenantCipher.versionOf(row!.name_enc), 2);
  const c = await withTenant(db, '990027', (tx) => ring2.forTenant(tx, '990027'));
  assert.equal(c.activeVersion, 2);
  assert.equal(c.decrypt('residents.name', row!.name_enc), '鈴木 一郎');
});
