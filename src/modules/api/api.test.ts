import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { buildStaff, signInStaff } from '../../../test/support/staff.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { createApiToken, revokeApiToken } from './index.ts';

let p: TestPlatform;
let t: TestTenant;

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
});
after(() => p.stop());

const issue = (scopes: string[], tenant = t) =>
  withTenant(p.deps.db, tenant.code, (tx) => createApiToken(tx, tenant.code, { name: '連携テスト', scopes, expiresInDays: 30, createdBy: '00000000-0000-4000-8000-000000000000' }));

test('the OpenAPI 3.1 document describes the API and its security', async () => {
  const r = await t.client().api('GET', '/api/openapi.json');
  assert.equal(r.status, 200);
  const doc = r.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/api/v1/audit-events'].get);
  assert.ok(doc.components.securitySchemes.bearerToken);
  assert.ok(doc.components.schemas.Error);
});

test('a token works within its scopes, is refused outside them, and stops working when revoked', async () => {
  const { id, token } = await issue(['tenant:read']);
  const c = t.client();
  const auth = { authorization: `Bearer ${token}` };
  const me = await c.api('GET', '/api/v1/token', undefined, auth);
  assert.deepEqual(me.json(), { name: '連携テスト', scopes: ['tenant:read'] });
  const muni = await c.api('GET', '/api/v1/municipality', undefined, auth);
  assert.equal(muni.json().code, t.code);
  const denied = await c.api('GET', '/api/v1/departments', undefined, auth);
  assert.equal(denied.status, 403);
  assert.equal(denied.json().error.code, 'forbidden');
  assert.match(denied.json().error.message.ja, /departments:read/);
  await withTenant(p.deps.db, t.code, (tx) => revokeApiToken(tx, t.code, id));
  const revoked = await c.api('GET', '/api/v1/token', undefined, auth);
  assert.equal(revoked.status, 401);
});

test('a token of one municipality is useless at another', async () => {
  const other = await buildTenant(p);
  const { token } = await issue(['tenant:read'], other);
  const r = await t.client().api('GET', '/api/v1/municipality', undefined, { authorization: `Bearer ${token}` });
  assert.equal(r.status, 401);
});

test('bad input to the API gets a validation error naming the field; garbage tokens get 401', async () => {
  const { token } = await issue(['audit:read']);
  const c = t.client();
  const r = await c.api('GET', '/api/v1/audit-events?limit=100000', undefined, { authorization: `Bearer ${token}` });
  assert.equal(r.status, 400);
  const body = r.json();
  assert.equal(body.error.code, 'validation_failed');
  assert.equal(body.error.fields[0].field, 'limit');
  assert.ok(body.error.fields[0].message.ja && body.error.fields[0].message.en);
  for (const bad of ['Bearer', 'Bearer yk_short', 'Basic abc', `Bearer ${'x'.repeat(5000)}`, "Bearer yk_AAAAAAAA_' OR 1=1 --"]) {
    const res = await c.api('GET', '/api/v1/token', undefined, { authorization: bad });
    assert.equal(res.status, 401, bad);
    assert.equal(res.json().error.code, 'unauthenticated');
  }
  const ok = await c.api('GET', '/api/v1/audit-events?limit=5', undefined, { authorization: `Bearer ${token}` });
  assert.equal(ok.status, 200);
  assert.ok(Array.isArray(ok.json().events));
});

test('administrators issue a token once and revoke it from the staff pages; others may not', async () => {
  const admin = await buildStaff(p, t, { roles: [{ role: 'admin', departmentId: null }] });
  const c = t.client();
  await signInStaff(c, admin);
  const empty = await c.post('/staff/admin/api-tokens', { name: '', expiresInDays: 'abc' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /「名前（用途）」を入力してください/);
  assert.match(empty.text, /「権限」を1つ以上選んでください/);
  const created = await c.post('/staff/admin/api-tokens', { name: '<script>alert(1)</script>', scopes: ['tenant:read'], expiresInDays: '３０' });
  assert.equal(created.status, 201);
  const token = /yk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]+/.exec(created.text)![0];
  assert.doesNotMatch(created.text, /<script>alert\(1\)<\/script>/);
  assert.match(created.text, /&lt;script&gt;/);
  const listing = await c.get('/staff/admin/api-tokens');
  assert.doesNotMatch(listing.text, new RegExp(token.slice(12)));
  const id = /api-tokens\/([0-9a-f-]{36})\/revoke/.exec(listing.text)![1]!;
  const revoked = await c.post(`/staff/admin/api-tokens/${id}/revoke`);
  assert.equal(revoked.status, 303);
  assert.equal((await c.api('GET', '/api/v1/token', undefined, { authorization: `Bearer ${token}` })).status, 401);
  assert.equal((await c.post('/staff/admin/api-tokens/not-a-uuid/revoke')).status, 404);

  const clerk = await buildStaff(p, t);
  const c2 = t.client();
  await signInStaff(c2, clerk);
  assert.equal((await c2.get('/staff/admin/api-tokens')).status, 403);
});
