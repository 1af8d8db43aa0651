/**
 * The banner across app servers: two platform instances on one database, each with its own banner
 * cache (as two servers behind a load balancer). A cancel sent through one server takes the banner
 * off the other's very next page; while nothing is sent, each server reads the alerts in force
 * once and afterwards only the version row.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { startTestPlatform, testConfig, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { buildStaff } from '../../../test/support/staff.ts';
import { TestClient } from '../../../test/support/client.ts';
import type { Db, Queryable } from '../../platform/db/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { startPlatform, type Platform } from '../../server.ts';
import { createApiToken } from '../api/index.ts';
import type { Actor } from './alert.ts';
import { createDraft, sendAlert } from './alerts.service.ts';
import { fillTemplate } from './templates.ts';

let a: TestPlatform;
let b: Platform;
let t: TestTenant;
/** Statements server B ran that load the alerts in force (the banner's cache misses). */
let loadsOnB = 0;
/** Transactions server B ran. */
let transactionsOnB = 0;

/** The same database as seen by a second server: its own object, counting what it runs. */
function secondServerDb(db: Db): Db {
  const counting = (q: Queryable): Queryable => ({
    query(sql, params, options) {
      if (sql.includes('SELECT DISTINCT ON (chain_id)')) loadsOnB += 1;
      return q.query(sql, params, options);
    },
  });
  return { kind: db.kind, query: (sql, params, options) => counting(db).query(sql, params, options), transaction: (fn, options) => {
      transactionsOnB += 1;
      return db.transaction((tx) => fn(counting(tx)), options);
    }, close: () => Promise.resolve() };
}

before(async () => {
  const keys = `k1:${crypto.randomBytes(32).toString('base64')}`;
  a = await startTestPlatform({ env: { MASTER_KEYS: keys, WORKER: 'false' } });
  b = await startPlatform(testConfig({ MASTER_KEYS: keys, WORKER: 'false' }), { db: secondServerDb(a.deps.db) });
  t = await buildTenant(a, { nameJa: 'テスト市', nameEn: 'Test City' });
});
after(async () => {
  await b.close();
  await a.stop();
});

const bannerOf = (html: string) => /<aside class="site-banners"[\s\S]*?<\/aside>/.exec(html)?.[0] ?? '';

test('a cancel sent through one server: the other server\'s next page has no banner', async () => {
  const onA = t.client();
  const onB = new TestClient(b.url, t.hosts[0]!);
  const actor: Actor = { kind: 'staff', id: crypto.randomUUID(), name: '防災 担当' };
  const filled = fillTemplate('level4', { hazard: 'flood', areas: [], shelters: [], municipality: { ja: t.nameJa, en: t.nameEn }, now: new Date() });
  const id = await withTenant(a.deps.db, t.code, async (tx) => {
    const id = await createDraft(tx, t.code, actor, { ...filled, status: 'exercise', headline: { ...filled.headline, ja: '二台のサーバーの訓練' }, expiresAt: new Date(Date.now() + 3600_000) });
    await sendAlert(tx, t.code, id, actor, { kind: 'alone' }, { municipality: { code: t.code, nameJa: t.nameJa, nameEn: t.nameEn, origin: t.origin }, actorMayApprove: true });
    return id;
  });

  // Both servers show it; B loads the list once and then serves it from its cache.
  assert.match(bannerOf((await onA.get('/')).text), /二台のサーバーの訓練/);
  const loadsBefore = loadsOnB;
  for (let i = 0; i < 5; i++) assert.match(bannerOf((await onB.get('/')).text), /二台のサーバーの訓練/);
  assert.equal(loadsOnB - loadsBefore, 1, 'one load for five pages while the version stands');

  // Cancel through server A's API.
  const admin = await buildStaff(a, t, { roles: [{ role: 'admin', departmentId: null }] });
  const { token } = await withTenant(a.deps.db, t.code, (tx) => createApiToken(tx, t.code, { name: '防災システム', scopes: ['alerts:write'], expiresInDays: 1, createdBy: admin.id }));
  const cancel = await onA.api('POST', `/api/v1/alerts/${id}/cancel`, undefined, { authorization: `Bearer ${token}` });
  assert.equal(cancel.status, 200, cancel.text);

  // Server B's very next page (well inside the old 5-second cache) has no banner.
  assert.equal(bannerOf((await onB.get('/')).text), '');
  assert.equal(loadsOnB - loadsBefore, 2, 'the version moved, so B reloaded once');
  assert.equal(bannerOf((await onB.get('/news')).text), '');
  assert.equal(loadsOnB - loadsBefore, 2);
  assert.equal(bannerOf((await onA.get('/')).text), '');
});

test('a conditional GET of a feed costs one transaction: the version read the banner makes anyway', async () => {
  const onB = new TestClient(b.url, t.hosts[0]!);
  for (const path of ['/alerts/rss.xml', '/alerts/cap.xml']) {
    const full = await onB.get(path);
    assert.equal(full.status, 200);
    const before = transactionsOnB;
    const again = await onB.get(path, { 'if-none-match': full.headers['etag']! });
    assert.equal(again.status, 304);
    assert.equal(transactionsOnB - before, 1, path);
  }
});
