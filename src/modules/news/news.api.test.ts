/** The news API: scopes, validation errors naming the field, approver ≠ author for tokens, public reads of published news only, and the OpenAPI document. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { buildStaff } from '../../../test/support/staff.ts';
import type { TestClient } from '../../../test/support/client.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { createApiToken } from '../api/index.ts';
import { seedNotifyAreas } from '../notify/index.ts';

let p: TestPlatform;
let t: TestTenant;
let c: TestClient;
const tokens: Record<'writer' | 'approver' | 'both' | 'reader', string> = { writer: '', approver: '', both: '', reader: '' };
const auth = (k: keyof typeof tokens) => ({ authorization: `Bearer ${tokens[k]}` });

const body = (over: Record<string, unknown> = {}) => ({ departmentCode: 'kouhou', category: 'bousai', titleJa: 'API からのお知らせ', bodyJa: '本文です。', areas: ['honmachi'], ...over });

before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false' } });
  t = await buildTenant(p);
  const admin = await buildStaff(p, t, { roles: [{ role: 'admin', departmentId: null }] });
  await withTenant(p.deps.db, t.code, async (tx) => {
    await seedNotifyAreas(tx, t.code);
    await tx.query("INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, 'kouhou', '広報課', 'Public Relations Division')", [t.code]);
    const make = async (scopes: string[]) => (await createApiToken(tx, t.code, { name: scopes.join(' '), scopes, expiresInDays: 1, createdBy: admin.id })).token;
    tokens.writer = await make(['news:write']);
    tokens.approver = await make(['news:approve']);
    tokens.both = await make(['news:write', 'news:approve']);
    tokens.reader = await make(['opendata:read']);
  });
  c = t.client();
});
after(() => p.stop());

test('writing needs news:write; bad input names the field', async () => {
  assert.equal((await c.api('POST', '/api/v1/news', body())).status, 401);
  assert.equal((await c.api('POST', '/api/v1/news', body(), auth('reader'))).status, 403);
  const empty = await c.api('POST', '/api/v1/news', body({ titleJa: '' }), auth('writer'));
  assert.equal(empty.status, 400);
  assert.deepEqual(empty.json().error.fields.map((f: { field: string }) => f.field), ['titleJa']);
  assert.match(empty.json().error.fields[0].message.ja, /「タイトル（日本語）」を入力してください。/);
  const category = await c.api('POST', '/api/v1/news', body({ category: 'weather' }), auth('writer'));
  assert.equal(category.status, 400);
  assert.equal(category.json().error.fields[0].field, 'category');
  const dept = await c.api('POST', '/api/v1/news', body({ departmentCode: 'nowhere' }), auth('writer'));
  assert.equal(dept.json().error.fields[0].field, 'departmentCode');
  const huge = await c.api('POST', '/api/v1/news', body({ bodyJa: 'あ'.repeat(20_001) }), auth('writer'));
  assert.equal(huge.status, 400);
  assert.match(huge.json().error.fields[0].message.en, /Text \(Japanese\) must be 20000 characters or fewer/);
  const notJson = await c.api('POST', '/api/v1/news', '{"titleJa":', auth('writer'));
  assert.equal(notJson.status, 400);
});

test('a token cannot approve what it wrote; another token with news:approve publishes it, once', async () => {
  const created = await c.api('POST', '/api/v1/news', body({ titleJa: '<script>x</script>API 𠮷' }), auth('both'));
  assert.equal(created.status, 201);
  const id = created.json().id as string;
  assert.deepEqual(created.json().working, { revision: 1, state: 'draft', publishAt: null, returnComment: '' });
  assert.equal((await c.api('GET', `/api/public/news/${id}`)).status, 404, 'a draft is not public');
  const sent = await c.api('POST', `/api/v1/news/${id}/submit`, undefined, auth('both'));
  assert.equal(sent.json().working.state, 'pending');
  assert.equal((await c.api('POST', `/api/v1/news/${id}/approve`, undefined, auth('writer'))).status, 403, 'scope news:approve needed');
  const self = await c.api('POST', `/api/v1/news/${id}/approve`, undefined, auth('both'));
  assert.equal(self.status, 403);
  assert.match(self.json().error.message.ja, /自分が作成・編集・申請したお知らせは承認できません。/);
  const ok = await c.api('POST', `/api/v1/news/${id}/approve`, undefined, auth('approver'));
  assert.equal(ok.status, 200);
  assert.deepEqual([ok.json().published, ok.json().liveRevision, ok.json().working], [true, 1, null]);
  assert.equal((await c.api('POST', `/api/v1/news/${id}/approve`, undefined, auth('approver'))).status, 409);
  const pub = await c.api('GET', `/api/public/news/${id}`);
  assert.equal(pub.status, 200);
  assert.equal(pub.json().title.ja, '<script>x</script>API 𠮷');
  assert.equal(pub.json().url, `${t.origin}/news/${id}`);
  const list = await c.api('GET', '/api/public/news?category=bousai&area=honmachi');
  assert.deepEqual(list.json().news.map((n: { id: string }) => n.id), [id]);
  assert.equal((await c.api('GET', '/api/public/news?month=2026-13')).status, 400);
  const counted = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ n: number }>("SELECT count(*)::int AS n FROM notify_broadcasts WHERE source_kind = 'news' AND source_id = $1", [id]));
  assert.equal(counted[0]?.n, 1);
  const audit = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ action: string; actor_kind: string }>("SELECT action, actor_kind FROM audit_log WHERE record_id = $1 AND action = 'news.approved'", [id]));
  assert.deepEqual(audit.map((a) => a.actor_kind), ['api']);

  const edit = await c.api('PUT', `/api/v1/news/${id}`, body({ titleJa: '第2版', publishAt: '2099-01-01 09:00' }), auth('writer'));
  assert.equal(edit.json().working.revision, 2);
  await c.api('POST', `/api/v1/news/${id}/submit`, undefined, auth('writer'));
  const scheduled = await c.api('POST', `/api/v1/news/${id}/approve`, undefined, auth('approver'));
  assert.deepEqual([scheduled.json().working.state, scheduled.json().working.publishAt], ['scheduled', '2099-01-01T00:00:00.000Z']);
  assert.equal((await c.api('GET', `/api/public/news/${id}`)).json().title.ja, '<script>x</script>API 𠮷', 'the scheduled revision is not public yet');
  const withdrawn = await c.api('POST', `/api/v1/news/${id}/withdraw`, undefined, auth('approver'));
  assert.equal(withdrawn.json().published, false);
  assert.equal((await c.api('GET', `/api/public/news/${id}`)).status, 404);
});

test('the OpenAPI document describes the news routes and scopes', async () => {
  const doc = (await c.api('GET', '/api/openapi.json')).json();
  for (const path of ['/api/public/news', '/api/public/news/{id}', '/api/v1/news', '/api/v1/news/{id}', '/api/v1/news/{id}/submit', '/api/v1/news/{id}/approve', '/api/v1/news/{id}/withdraw']) assert.ok(doc.paths[path], path);
  assert.match(doc.paths['/api/v1/news/{id}/approve'].post.summary, /news:approve/);
});
