/**
 * Machine reads of alerts through the real server: the per-address limit of the JSON API and the
 * feeds (429 with Retry-After and a Japanese and English message; other addresses and the pages
 * unaffected), and conditional GETs (ETag, Last-Modified) that answer 304 without being counted.
 * The server trusts X-Forwarded-For here, so each test picks its own client addresses.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import type { TestClient } from '../../../test/support/client.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import type { Actor } from './alert.ts';
import { alertVersion, createDraft, sendAlert } from './alerts.service.ts';
import { PUBLIC_READS_PER_MINUTE } from './public-reads.ts';
import { fillTemplate } from './templates.ts';

let p: TestPlatform;
let t: TestTenant;
let c: TestClient;

before(async () => {
  p = await startTestPlatform({ env: { TRUST_PROXY: 'true', WORKER: 'false' } });
  t = await buildTenant(p, { nameJa: 'テスト市', nameEn: 'Test City' });
  c = t.client();
});
after(() => p.stop());

const actor: Actor = { kind: 'staff', id: crypto.randomUUID(), name: '防災 担当' };

/** Sends an exercise message alone (as the staff page would), returns its id. */
function sendExercise(headline: string): Promise<string> {
  const filled = fillTemplate('level4', { hazard: 'flood', areas: [], shelters: [], municipality: { ja: t.nameJa, en: t.nameEn }, now: new Date() });
  return withTenant(p.deps.db, t.code, async (tx) => {
    const id = await createDraft(tx, t.code, actor, { ...filled, status: 'exercise', headline: { ...filled.headline, ja: headline }, expiresAt: new Date(Date.now() + 3600_000) });
    await sendAlert(tx, t.code, id, actor, { kind: 'alone' }, { municipality: { code: t.code, nameJa: t.nameJa, nameEn: t.nameEn, origin: t.origin }, actorMayApprove: true });
    return id;
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Counters are per minute: start a burst early in a window, so that it cannot straddle two. */
async function freshWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 25_000) await sleep(left + 100);
}
const from = (ip: string, more: Record<string, string> = {}) => ({ 'x-forwarded-for': ip, ...more });

test('the public JSON API: 120 a minute per address, then 429 with Retry-After and a ja+en JSON message; other addresses and the pages go on', async () => {
  await sendExercise('API制限の訓練');
  await freshWindow();
  const busy = '203.0.113.7';
  for (let i = 0; i < PUBLIC_READS_PER_MINUTE; i++) {
    const r = await c.api('GET', i % 2 ? '/api/public/alerts?current=true' : '/api/public/alerts', undefined, from(busy));
    assert.equal(r.status, 200, `request ${i + 1}: ${r.text}`);
  }
  const limited = await c.api('GET', '/api/public/alerts', undefined, from(busy));
  assert.equal(limited.status, 429);
  const retry = Number(limited.headers['retry-after']);
  assert.ok(retry >= 1 && retry <= 60, `Retry-After ${limited.headers['retry-after']}`);
  const err = limited.json().error;
  assert.equal(err.code, 'rate_limited');
  assert.match(err.message.ja, /リクエストが多すぎます。\d+秒後に/);
  assert.match(err.message.ja, new RegExp(`${t.origin}/alerts`));
  assert.match(err.message.en, /Too many requests .* Try again in \d+ seconds/);
  assert.match(limited.headers['content-type'] ?? '', /application\/json/);
  // One message by id counts in the same budget.
  const one = await c.api('GET', `/api/public/alerts/${crypto.randomUUID()}`, undefined, from(busy));
  assert.equal(one.status, 429);

  // Nobody else is starved: another address, the pages and the banner, and the feeds (own budget).
  assert.equal((await c.api('GET', '/api/public/alerts', undefined, from('203.0.113.8'))).status, 200);
  const page = await c.get('/alerts', from(busy));
  assert.equal(page.status, 200);
  assert.match(page.text, /API制限の訓練/);
  assert.match((await c.get('/', from(busy))).text, /<aside class="site-banners"[\s\S]*API制限の訓練/);
  assert.equal((await c.get('/alerts/rss.xml', from(busy))).status, 200);

  const doc = (await c.api('GET', '/api/openapi.json')).json();
  assert.ok(doc.paths['/api/public/alerts'].get.responses['429'].headers['Retry-After']);
});

test('feeds: ETag, Last-Modified and a short max-age; conditional GETs get an empty 304 and are not counted', async () => {
  await sendExercise('フィードの訓練');
  await freshWindow();
  const ip = '198.51.100.20';
  for (const path of ['/alerts/rss.xml', '/alerts/atom.xml', '/alerts/atom.xml?lang=en', '/alerts/cap.xml']) {
    const full = await c.get(path, from(ip));
    assert.equal(full.status, 200, path);
    assert.match(full.headers['cache-control'] ?? '', /^public, max-age=15$/);
    const etag = full.headers['etag']!;
    assert.match(etag, /^W\/"alerts-\d+-[a-z-]+-[A-Za-z0-9_-]{10}"$/, path);
    const lastModified = full.headers['last-modified']!;
    assert.ok(!Number.isNaN(Date.parse(lastModified)), `${path}: Last-Modified ${lastModified}`);
    const same = await c.get(path, from(ip, { 'if-none-match': etag }));
    assert.equal(same.status, 304, path);
    assert.equal(same.text, '');
    assert.equal(same.headers['etag'], etag);
    assert.equal((await c.get(path, from(ip, { 'if-none-match': `"other", ${etag.replace(/^W\//, '')}` }))).status, 304, 'weak comparison, lists');
    assert.equal((await c.get(path, from(ip, { 'if-modified-since': lastModified }))).status, 304, path);
  }
  const etags = await Promise.all(['/alerts/rss.xml', '/alerts/rss.xml?lang=en', '/alerts/atom.xml'].map(async (x) => (await c.get(x, from(ip))).headers['etag']));
  assert.equal(new Set(etags).size, 3, 'each format and language has its own ETag');

  // Far more conditional GETs than the budget: all 304, and full answers are still available.
  const { headers } = await c.get('/alerts/rss.xml', from(ip));
  for (let i = 0; i < PUBLIC_READS_PER_MINUTE + 10; i++) assert.equal((await c.get('/alerts/rss.xml', from(ip, { 'if-none-match': headers['etag']! }))).status, 304);
  assert.equal((await c.get('/alerts/rss.xml', from(ip))).status, 200);

  // Ugly validators are ignored, never a 500.
  for (const h of <Record<string, string>[]>[{ 'if-modified-since': 'yesterday-ish' }, { 'if-modified-since': '9'.repeat(300) }, { 'if-none-match': '"' }, { 'if-none-match': 'W/'.repeat(2000) }])
    assert.equal((await c.get('/alerts/rss.xml', from(ip, h))).status, 200, JSON.stringify(h).slice(0, 60));
});

test('a new message changes the ETag and Last-Modified; two sends within one second still get distinct Last-Modified dates', async () => {
  const ip = '198.51.100.30';
  const before = await c.get('/alerts/atom.xml', from(ip));
  const earlier = await withTenant(p.deps.db, t.code, (tx) => alertVersion(tx, t.code));
  await sendExercise('続けて送る訓練1');
  await sendExercise('続けて送る訓練2');
  const version = await withTenant(p.deps.db, t.code, (tx) => alertVersion(tx, t.code));
  assert.ok(earlier && version);
  assert.equal(version.version, earlier.version + 2);
  assert.ok(version.changedAt.getTime() - earlier.changedAt.getTime() >= 2000, 'each version moves the date by at least a second');
  // changed_at may be up to a second ahead after a burst; Last-Modified is only given once it is past.
  while (Date.now() < version.changedAt.getTime() + 50) await sleep(100);
  const after = await c.get('/alerts/atom.xml', from(ip, { 'if-none-match': before.headers['etag']! }));
  assert.equal(after.status, 200);
  assert.match(after.text, /続けて送る訓練2/);
  assert.notEqual(after.headers['etag'], before.headers['etag']);
  assert.equal(after.headers['last-modified'], version.changedAt.toUTCString());
  assert.ok(Date.parse(after.headers['last-modified']!) > Date.parse(before.headers['last-modified']!));
  assert.equal((await c.get('/alerts/atom.xml', from(ip, { 'if-modified-since': before.headers['last-modified']! }))).status, 200, 'an older copy is refreshed');
  assert.equal((await c.get('/alerts/atom.xml', from(ip, { 'if-modified-since': after.headers['last-modified']! }))).status, 304);
});

test('feeds over the limit: 429 in plain text, Japanese and English, with Retry-After and no-store; a current copy still gets 304', async () => {
  await freshWindow();
  const ip = '192.0.2.44';
  const first = await c.get('/alerts/cap.xml', from(ip));
  for (let i = 1; i < PUBLIC_READS_PER_MINUTE; i++) assert.equal((await c.get(i % 2 ? '/alerts/rss.xml' : '/alerts/cap.xml', from(ip))).status, 200, `request ${i + 1}`);
  const limited = await c.get('/alerts/atom.xml', from(ip));
  assert.equal(limited.status, 429);
  assert.match(limited.headers['content-type'] ?? '', /^text\/plain/);
  assert.equal(limited.headers['cache-control'], 'no-store');
  assert.ok(Number(limited.headers['retry-after']) >= 1);
  assert.equal(limited.headers['etag'], undefined, 'a refusal carries no validators');
  assert.match(limited.text, /緊急情報のAPI・フィードへのリクエストが多すぎます/);
  assert.match(limited.text, /Too many requests for the alert API and feeds/);
  assert.equal((await c.get('/alerts/cap.xml', from(ip, { 'if-none-match': first.headers['etag']! }))).status, 304);
  assert.equal((await c.get('/alerts/cap.xml', from('192.0.2.45'))).status, 200);
  // A forged, huge X-Forwarded-For is one (truncated) address, not a server error.
  assert.equal((await c.get('/alerts/rss.xml', from('f'.repeat(8000)))).status, 200);
});

test('a CAP document: ETag and an hour of caching; 304 for a reader that has it, without reading the message; bad ids are 404', async () => {
  const id = await sendExercise('CAP文書の訓練');
  const ip = '192.0.2.60';
  const doc = await c.get(`/alerts/${id}/cap.xml`, from(ip));
  assert.equal(doc.status, 200);
  assert.match(doc.text, /<status>Exercise<\/status>/);
  assert.equal(doc.headers['etag'], `W/"cap-${id}"`);
  assert.equal(doc.headers['cache-control'], 'public, max-age=3600');
  const again = await c.get(`/alerts/${id.toUpperCase()}/cap.xml`, from(ip, { 'if-none-match': doc.headers['etag']! }));
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
  for (const bad of ['not-a-uuid', '%0A%0D', '%E3%81%82', '"', 'x'.repeat(3000)])
    assert.equal((await c.get(`/alerts/${bad}/cap.xml`, from(ip, { 'if-none-match': `W/"cap-${bad}"` }))).status, 404, bad.slice(0, 20));
  assert.equal((await c.get(`/alerts/${crypto.randomUUID()}/cap.xml`, from(ip))).status, 404);
});

test('the JSON API carries an ETag of its content: a current copy gets an empty 304, not counted; a new message changes it', async () => {
  const id = await sendExercise('ETagの訓練');
  await freshWindow();
  const ip = '203.0.113.40';
  for (const path of ['/api/public/alerts', '/api/public/alerts?current=true', `/api/public/alerts/${id}`]) {
    const full = await c.api('GET', path, undefined, from(ip));
    assert.equal(full.status, 200, path);
    const etag = full.headers['etag']!;
    assert.match(etag, /^W\/"api-[A-Za-z0-9_-]{22}"$/, path);
    assert.match(full.headers['content-type'] ?? '', /^application\/json/);
    assert.ok(full.json(), 'a JSON body');
    const same = await c.api('GET', path, undefined, from(ip, { 'if-none-match': etag }));
    assert.equal(same.status, 304, path);
    assert.equal(same.text, '');
    assert.equal(same.headers['etag'], etag);
    const stale = await c.api('GET', path, undefined, from(ip, { 'if-none-match': 'W/"api-old"' }));
    assert.equal(stale.status, 200, 'another tag: the full answer');
    assert.equal(stale.headers['etag'], etag);
  }
  // Far more conditional reads than the limit: all 304, none counted.
  const { headers } = await c.api('GET', '/api/public/alerts', undefined, from(ip));
  for (let i = 0; i < PUBLIC_READS_PER_MINUTE + 10; i++) assert.equal((await c.api('GET', '/api/public/alerts', undefined, from(ip, { 'if-none-match': headers['etag']! }))).status, 304);
  assert.equal((await c.api('GET', '/api/public/alerts', undefined, from(ip))).status, 200, 'the budget is untouched');
  await sendExercise('ETagの訓練・続報');
  const changed = await c.api('GET', '/api/public/alerts', undefined, from(ip, { 'if-none-match': headers['etag']! }));
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers['etag'], headers['etag']);
  // An unknown id is still a 404, with or without a tag.
  assert.equal((await c.api('GET', `/api/public/alerts/${crypto.randomUUID()}`, undefined, from(ip, { 'if-none-match': '*' }))).status, 404);
  const doc = (await c.api('GET', '/api/openapi.json')).json();
  assert.ok(doc.paths['/api/public/alerts'].get.responses['304']);
});
