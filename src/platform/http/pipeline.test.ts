/** The request pipeline through the real server: municipality by host, headers, CSRF, limits, errors. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { TestClient } from '../../../test/support/client.ts';
import { Hono } from 'hono';
import { createApp, loadAssets, type AppEnv } from './index.ts';

let p: TestPlatform;
let t: TestTenant;

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p, { nameJa: 'テスト市', nameEn: 'Test City' });
});
after(() => p.stop());

test('the municipality is chosen by host name; unknown hosts get a clear 404', async () => {
  const home = await t.client().get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /テスト市/);
  const unknown = await new TestClient(p.url, 'nowhere.example').get('/');
  assert.equal(unknown.status, 404);
  assert.match(unknown.text, /登録されていません/);
  const api = await new TestClient(p.url, 'nowhere.example').api('GET', '/api/v1/token');
  assert.equal(api.status, 404);
  assert.equal(api.json().error.code, 'tenant_not_found');
});

test('pages carry a strict Content-Security-Policy and other protective headers', async () => {
  const r = await t.client().get('/');
  const csp = String(r.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.ok(r.headers['x-request-id']);
  assert.match(r.text, /^<!DOCTYPE html><html lang="ja">/);
});

test('a form post without the CSRF token, or from another origin, is refused with a plain explanation', async () => {
  const c = t.client();
  const noToken = await c.post('/lang/en', { _csrf: '' });
  assert.equal(noToken.status, 403);
  assert.match(noToken.text, /ページの有効期限が切れました/);
  const foreign = await c.post('/lang/en', {}, { origin: 'https://evil.example' });
  assert.equal(foreign.status, 403);
});

test('an oversized body gets 413 with a message, not a crash', async () => {
  const c = t.client();
  const big = 'x'.repeat(2 * 1024 * 1024);
  const r = await c.raw('POST', '/login', `_csrf=${await c.csrf()}&email=${big}`, { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(r.status, 413);
  assert.match(r.text, /大きすぎます/);
});

test('error pages never show a stack trace and give a reference number', async () => {
  const r = await t.client().get('/no/such/page');
  assert.equal(r.status, 404);
  assert.match(r.text, /ページが見つかりません/);
  assert.match(r.text, /問い合わせ番号/);
  assert.doesNotMatch(r.text, /at .*\.ts:\d+/);
  const weird = await t.client().get('/%E0%A4%A');
  assert.ok(weird.status < 500, `status ${weird.status}`);
  assert.doesNotMatch(weird.text, /at .*\.ts:\d+/);
});

test('English is one link away, and the return path cannot redirect off-site', async () => {
  const c = t.client();
  const sw = await c.get('/lang/en?next=/accessibility');
  assert.equal(sw.status, 303);
  assert.equal(sw.location, '/accessibility');
  const page = await c.get('/accessibility');
  assert.match(page.text, /<html lang="en">/);
  assert.match(page.text, /Accessibility policy/);
  for (const evil of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
    const r = await c.get(`/lang/ja?next=${encodeURIComponent(evil)}`);
    assert.equal(r.location, '/', evil);
  }
});

test('health, readiness and metrics endpoints', async () => {
  const c = new TestClient(p.url, 'localhost');
  assert.equal((await c.get('/healthz')).json().status, 'ok');
  assert.equal((await c.get('/readyz')).json().status, 'ready');
  const metrics = await c.get('/metrics');
  assert.equal(metrics.status, 200);
  assert.match(metrics.text, /yakuba_http_requests_total/);
});

test('an unexpected failure is a plain 500 page (or JSON) with a reference, never internals', async () => {
  const boom = new Hono<AppEnv>();
  boom.get('/boom', () => {
    throw new Error('secret internals: password=hunter2');
  });
  boom.get('/api/v1/boom', () => {
    throw new TypeError('cannot read properties of undefined');
  });
  const app = createApp(p.deps, loadAssets().files, [{ routes: boom }]);
  const page = await app.request('/boom', { headers: { host: t.hosts[0]! } });
  assert.equal(page.status, 500);
  const html = await page.text();
  assert.match(html, /システムで問題が発生しました/);
  assert.match(html, /問い合わせ番号/);
  assert.doesNotMatch(html, /secret internals|hunter2|Error:|\.ts:\d+/);
  const api = await app.request('/api/v1/boom', { headers: { host: t.hosts[0]!, accept: 'application/json' } });
  assert.equal(api.status, 500);
  const body = (await api.json()) as { error: { code: string; requestId: string } };
  assert.equal(body.error.code, 'internal');
  assert.ok(body.error.requestId);
});
