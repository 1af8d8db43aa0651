/**
 * Schema invariants that make tenant isolation central rather than remembered: every table but the
 * tenant registry has tenant_id first in its primary key and in every unique key, and is under
 * forced row-level security; the application role sees nothing without a tenant set.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openTestDb } from '../../../test/support/db.ts';
import { migrate, type Db } from './index.ts';
import { splitStatements } from './migrate.ts';
import { withTenant } from '../tenancy/index.ts';

let db: Db;
let drop: () => Promise<void>;
const GLOBAL_TABLES = new Set(['tenants', 'schema_migrations']);

before(async () => {
  ({ db, drop } = await openTestDb());
  await migrate(db);
});
after(() => drop());

test('migrations are idempotent', async () => {
  assert.deepEqual(await migrate(db), []);
});

test('every tenant table leads its primary and unique keys with tenant_id', async () => {
  const rows = await db.query<{ table: string; kind: string; cols: string[] }>(`
    SELECT c.relname AS table, con.contype AS kind,
           array(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.n ORDER BY k.i)::text[] AS cols
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
    WHERE ns.nspname = 'public' AND con.contype IN ('p', 'u')`);
  const offenders = rows.filter((r) => !GLOBAL_TABLES.has(r.table) && r.cols[0] !== 'tenant_id');
  assert.deepEqual(offenders, []);
});

test('every tenant table is under forced row-level security', async () => {
  const rows = await db.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(`
    SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r'`);
  assert.ok(rows.length > 5);
  const unprotected = rows.filter((r) => !GLOBAL_TABLES.has(r.relname) && !(r.relrowsecurity && r.relforcerowsecurity)).map((r) => r.relname);
  assert.deepEqual(unprotected, []);
});

test('the application role sees only the current municipality, and nothing without one', async () => {
  await db.query(`INSERT INTO tenants (code, name_ja, name_en, origin) VALUES ('990019', 'A', 'A', 'http://a'), ('990027', 'B', 'B', 'http://b') ON CONFLICT DO NOTHING`);
  await withTenant(db, '990019', (tx) => tx.query(`INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ('990019', 'x', 'X', 'X')`));
  await withTenant(db, '990027', (tx) => tx.query(`INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ('990027', 'y', 'Y', 'Y')`));
  const a = await withTenant(db, '990019', (tx) => tx.query<{ code: string }>('SELECT code FROM departments'));
  assert.deepEqual(a.map((r) => r.code), ['x']);
  // Writing into another municipality is refused by the policy's WITH CHECK.
  await assert.rejects(withTenant(db, '990019', (tx) => tx.query(`INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ('990027', 'z', 'Z', 'Z')`)));
  // Updating or deleting the other municipality's rows touches nothing.
  const changed = await withTenant(db, '990019', (tx) => tx.query(`UPDATE departments SET name_ja = 'hacked' WHERE tenant_id = '990027' RETURNING code`));
  assert.equal(changed.length, 0);
  const none = await db.transaction(async (tx) => {
    await tx.query("SELECT set_config('role', 'yakuba_app', true)");
    return tx.query('SELECT code FROM departments');
  });
  assert.equal(none.length, 0);
});

test('the application role cannot alter the audit log or the tenant registry', async () => {
  await assert.rejects(withTenant(db, '990019', (tx) => tx.query(`UPDATE tenants SET name_ja = 'x'`)));
  await assert.rejects(withTenant(db, '990019', (tx) => tx.query(`DELETE FROM audit_log`)));
});

test('the statement splitter keeps dollar-quoted bodies whole', () => {
  const parts = splitStatements(`-- c\nCREATE TABLE a (x int);\nDO $$ BEGIN\n  PERFORM 1;\nEND $$;\nSELECT 1;`);
  assert.equal(parts.length, 3);
  assert.match(parts[1]!, /PERFORM 1;\nEND \$\$;/);
});
