/** The request pipeline through the real server: municipality by host, headers, CSRF, limits, errors. */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
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
  // A reader who chose English is told in English, though the refusal comes before the page's own processing.
  const en = await c.raw('POST', '/login', `_csrf=${await c.csrf()}&email=${big}`, { 'content-type': 'application/x-www-form-urlencoded', cookie: 'yakuba-lang=en' });
  assert.equal(en.status, 413);
  assert.match(en.text, /<html lang="en"/);
  assert.match(en.text, /too large/i);
  assert.doesNotMatch(en.text, /大きすぎます/);
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

test('bodies through the real server: JSON with a declared length or chunked, a byte-order mark, bad bytes, surrogate pairs, plain text', async () => {
  const echo = new Hono<AppEnv>();
  echo.post('/api/v1/echo', async (c) => {
    try {
      return c.json({ ok: true, body: await c.req.json(), text: await c.req.text() });
    } catch {
      return c.json({ ok: false }, 400);
    }
  });
  echo.post('/api/v1/echo-text', async (c) => c.json({ text: await c.req.text() }));
  const app = createApp(p.deps, loadAssets().files, [{ routes: echo }]);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  const send = (path: string, body: Buffer, headers: Record<string, string>) =>
    new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers: { host: t.hosts[0]!, ...headers } }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(data) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end(body);
    });
  try {
    // 𠮷 (a surrogate pair) and 髙 split across reads, a byte-order mark, and a stray byte.
    const value = '𠮷田 髙橋 <script>';
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ name: value }))]);
    const direct = await send('/api/v1/echo', withBom, { 'content-type': 'application/json', 'content-length': String(withBom.length) });
    assert.equal(direct.status, 200);
    assert.deepEqual(direct.json.body, { name: value });
    const chunked = await send('/api/v1/echo', Buffer.from(JSON.stringify({ name: value })), { 'content-type': 'application/json; charset=utf-8', 'transfer-encoding': 'chunked' });
    assert.deepEqual(chunked.json.body, { name: value }, 'without a declared length the usual path reads it');
    const broken = Buffer.from('{"name": "\xff');
    assert.equal((await send('/api/v1/echo', broken, { 'content-type': 'application/json', 'content-length': String(broken.length) })).status, 400);
    const bad = Buffer.concat([Buffer.from('"a'), Buffer.from([0xff]), Buffer.from('b"')]);
    const replaced = await send('/api/v1/echo-text', bad, { 'content-type': 'application/json', 'content-length': String(bad.length) });
    assert.equal(replaced.json.text, '"a\uFFFDb"');
    const plain = await send('/api/v1/echo-text', Buffer.from('just text'), { 'content-type': 'text/plain', 'content-length': '9' });
    assert.equal(plain.json.text, 'just text');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
