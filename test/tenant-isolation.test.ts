/**
 * Tenant isolation through every route and API that exists. Municipality B has staff, residents,
 * departments, tokens and audit entries; an administrator, a resident and an all-scopes API token
 * of municipality A then call every route in the application's route table with B's identifiers
 * in the URL. Nothing of B may be shown, and nothing of B may change. A route this test does not
 * know how to fill in fails the test, so new routes are covered as they are added.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';
import { buildTenant, type TestTenant } from './support/factories.ts';
import { buildStaff, signInStaff } from './support/staff.ts';
import { signInResidentByCard } from './support/residents.ts';
import type { TestClient } from './support/client.ts';
import { withTenant } from '../src/platform/tenancy/index.ts';
import { createApiToken, apiScopes } from '../src/modules/api/index.ts';
import { registerResidentIdpClient } from '../src/modules/residents/index.ts';
import { seedDemoOpenData } from '../src/modules/opendata/index.ts';
import { seedDemoProcedures } from '../src/modules/procedures/index.ts';
import { broadcast } from '../src/modules/notify/index.ts';
import { approveRevision as approveNews, createArticle, staffActor as newsStaffActor, submitRevision as submitNews } from '../src/modules/news/news.service.ts';

let p: TestPlatform;
let A: TestTenant;
let B: TestTenant;
let adminA: TestClient;
let residentA: TestClient;
let tokenA: string;
const ids: Record<string, string> = {};
const markers: string[] = [];

const tenantTables = async () =>
  (await p.deps.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`,
  )).map((r) => r.table_name).filter((t) => !['sessions', 'rate_limits'].includes(t));

/** A hash of every tenant table's rows of the municipality, by table (so a failure names the tables that changed). */
async function snapshotOf(code: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await tenantTables()) {
    const rows = await p.deps.db.query(`SELECT * FROM ${table} WHERE tenant_id = $1`, [code]);
    const canon = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();
    out[table] = crypto.createHash('sha256').update(JSON.stringify(canon)).digest('hex');
  }
  return out;
}

before(async () => {
  p = await startTestPlatform();
  A = await buildTenant(p, { nameJa: '甲市', nameEn: 'Alpha City' });
  B = await buildTenant(p, { nameJa: '乙町秘密', nameEn: 'Beta Secret Town' });
  for (const t of [A, B]) await registerResidentIdpClient(p.deps, t.code, `${p.url}/dev-idp`);

  // Municipality B: people and records whose identifiers A will try.
  const adminB = await buildStaff(p, B, { roles: [{ role: 'admin', departmentId: null }], email: 'secret-admin@beta.example.jp', displayName: '乙の管理者' });
  const clerkB = await buildStaff(p, B, { email: 'secret-clerk@beta.example.jp', displayName: '乙の職員' });
  const bAdmin = B.client();
  await signInStaff(bAdmin, adminB);
  const bResident = B.client();
  await signInResidentByCard(p, B, bResident);
  await withTenant(p.deps.db, B.code, async (tx) => {
    const [dept] = await tx.query<{ id: string }>(`INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, 'secret', '乙町秘密課', 'Beta Secret Division') RETURNING id`, [B.code]);
    ids.departmentId = dept!.id;
    const token = await createApiToken(tx, B.code, { name: '乙町秘密トークン', scopes: Object.keys(apiScopes), expiresInDays: 30, createdBy: adminB.id });
    ids.tokenId = token.id;
    const [res] = await tx.query<{ id: string }>('SELECT id FROM residents WHERE tenant_id = $1 LIMIT 1', [B.code]);
    ids.residentId = res!.id;
    const [cred] = await tx.query<{ id: string }>('SELECT id FROM webauthn_credentials WHERE tenant_id = $1 LIMIT 1', [B.code]);
    ids.credentialId = cred?.id ?? 'AAAAAAAAAAAAAAAAAAAAAA';
  });
  ids.staffId = clerkB.id;
  // Places, open data and shelters (src/modules/opendata): B's records under a secret name.
  await seedDemoOpenData(p.deps, B.code);
  await withTenant(p.deps.db, B.code, async (tx) => {
    const [place] = await tx.query<{ id: string; local_id: string }>("UPDATE places SET name = '乙町秘密避難所' WHERE tenant_id = $1 AND kind = 'shelter' AND local_id = '001' RETURNING id, local_id", [B.code]);
    ids.id = place!.id;
    ids.localId = place!.local_id;
    const [photo] = await tx.query<{ id: string }>("INSERT INTO place_photos (tenant_id, place_id, content, content_type, alt_ja) VALUES ($1, $2, '\\xffd8ff00', 'image/jpeg', '乙町秘密の写真') RETURNING id", [B.code, place!.id]);
    ids.photoId = photo!.id;
    const [resource] = await tx.query<{ id: string }>("SELECT r.id FROM dataset_resources r JOIN datasets d ON d.tenant_id = r.tenant_id AND d.id = r.dataset_id WHERE r.tenant_id = $1 AND d.name = 'population-by-town'", [B.code]);
    ids.resourceId = resource!.id;
  });
  // Procedure catalog (src/modules/procedures): B's procedure under a secret name.
  await seedDemoProcedures(p.deps, B.code);
  await withTenant(p.deps.db, B.code, (tx) => tx.query("UPDATE procedures SET name_ja = '乙町秘密の手続' WHERE tenant_id = $1 AND slug = 'child-allowance-claim'", [B.code]));
  ids.procedureSlug = 'child-allowance-claim';
  const bApplication = await bResident.post('/procedures/child-allowance-claim/apply');
  ids.applicationId = /\/applications\/([0-9a-f-]{36})/.exec(bApplication.location ?? '')![1]!;
  ids.sectionId = 'applicant';
  // An attachment of B's draft (src/modules/procedures/attachments): a secret file name.
  await withTenant(p.deps.db, B.code, (tx) =>
    tx.query("INSERT INTO application_attachments (tenant_id, application_id, field, file_name, content_type, size, sha256, content_enc) VALUES ($1, $2, 'bankDocument', '乙町秘密.pdf', 'application/pdf', 1, $3, '\\x00') RETURNING id", [B.code, ids.applicationId, '0'.repeat(64)]),
  ).then(([row]) => (ids.attachmentId = (row as { id: string }).id));
  // Approval workflow (src/modules/procedures/cases): B's procedure (its approval route) and an absence with a delegate.
  await withTenant(p.deps.db, B.code, async (tx) => {
    const [procedure] = await tx.query<{ id: string }>("SELECT id FROM procedures WHERE tenant_id = $1 AND slug = 'child-allowance-claim'", [B.code]);
    ids.procedureId ??= procedure!.id;
    const [absence] = await tx.query<{ id: string }>("INSERT INTO staff_absences (tenant_id, staff_id, delegate_id, department_id, starts_on, ends_on, created_by) VALUES ($1, $2, $3, $4, current_date, current_date + 7, $3) RETURNING id", [B.code, clerkB.id, adminB.id, ids.departmentId]);
    ids.absenceId = absence!.id;
  });
  // CSV export batches (src/modules/procedures/export): a batch of B's under a secret file name.
  await withTenant(p.deps.db, B.code, async (tx) => {
    const [batch] = await tx.query<{ id: string }>(
      "INSERT INTO export_batches (tenant_id, procedure_id, actor_kind, actor_id, scope, encoding, case_count, sha256, filename, content_enc) VALUES ($1, $2, 'staff', $3, 'new', 'utf-8', 0, $4, '乙町秘密.csv', 'x') RETURNING id",
      [B.code, ids.procedureId, adminB.id, '0'.repeat(64)],
    );
    ids.batchId = batch!.id;
  });
  // News (src/modules/news): B's published article with an image, under a secret title.
  await withTenant(p.deps.db, B.code, async (tx) => {
    const content = { category: 'bousai' as const, areas: [], titleJa: '乙町秘密のお知らせ', titleEn: 'Beta Secret news', bodyJa: '乙町秘密の本文', bodyEn: '', summaryEasy: '', publishAt: null, renotify: false };
    const newsId = await createArticle(tx, B.code, { departmentId: ids.departmentId!, content }, newsStaffActor(clerkB.id));
    await submitNews(tx, B.code, newsId, newsStaffActor(clerkB.id), B.origin);
    await approveNews(tx, B.code, newsId, newsStaffActor(adminB.id), B.origin);
    ids.newsId = newsId;
    const [file] = await tx.query<{ id: string }>("INSERT INTO news_files (tenant_id, article_id, kind, content, content_type, filename, bytes, alt_ja, added_in) VALUES ($1, $2, 'image', '\\xffd8ff00', 'image/jpeg', 'beta-secret.jpg', 4, '乙町秘密の画像', 1) RETURNING id", [B.code, newsId]);
    ids.fileId = file!.id;
  });
  // Emergency alerts (src/modules/alerts): B's actual alert in force (its banner shows on B's pages only), sent by B's administrator under the override.
  {
    const expires = new Date(Date.now() + (9 + 24) * 3600_000).toISOString().slice(0, 16);
    const drafted = await bAdmin.post('/staff/alerts', { status: 'actual', hazard: 'flood', level: '4', category: 'met', responseType: 'evacuate', urgency: 'immediate', severity: 'severe', certainty: 'likely', eventJa: '乙町秘密の避難指示', headlineJa: '乙町秘密の避難指示', descriptionJa: '乙町秘密の本文', expires });
    ids.alertId = /\/staff\/alerts\/([0-9a-f-]{36})/.exec(drafted.location ?? '')![1]!;
    assert.equal((await bAdmin.post(`/staff/alerts/${ids.alertId}/override`, { confirm: '1', reason: '乙町秘密の理由' })).status, 303);
  }
  // Subscriptions and deliveries (src/modules/notify): a broadcast of B and a webhook subscription of B
  // (ended, so that no delivery to it is retried in the background while the routes are walked).
  await withTenant(p.deps.db, B.code, async (tx) => {
    const cipher = await p.deps.keyring.forTenant(tx, B.code);
    ids.broadcastId = (await broadcast(tx, { tenant: B.code, source: { kind: 'news', id: 'beta-secret', revision: 1 }, topic: 'bousai', areas: null, urgent: false, status: 'actual', title: { ja: '乙町秘密の配信', en: 'Beta Secret broadcast' }, body: { ja: '乙町秘密', en: 'Beta Secret' }, url: 'https://beta.example.jp/news/1' })).broadcastId;
    const [sub] = await tx.query<{ id: string }>(
      "INSERT INTO notify_subscriptions (tenant_id, channel, state, topics, address_enc, address_index, label) VALUES ($1, 'webhook', 'ended', '{bousai}', $2, 'beta-secret-hook', '乙町秘密の連携') RETURNING id",
      [B.code, cipher.encrypt('notify.address', JSON.stringify({ url: 'https://beta.example.jp/hook', secret: 'whsec_AAAA' }))],
    );
    ids.subscriptionId = sub!.id;
  });
  Object.assign(ids, { kind: 'shelter', action: 'package_show', name: 'population-by-town', file: `${B.code}_evacuation_space.csv` });
  markers.push('乙町秘密', 'Beta Secret', 'secret-admin@beta.example.jp', 'secret-clerk@beta.example.jp', '乙の管理者', '乙の職員', ids.residentId!, ids.tokenId!);

  // Municipality A: an administrator, a resident and an all-scopes token.
  const adminAStaff = await buildStaff(p, A, { roles: [{ role: 'admin', departmentId: null }] });
  adminA = A.client();
  await signInStaff(adminA, adminAStaff);
  residentA = A.client();
  await signInResidentByCard(p, A, residentA);
  tokenA = (await withTenant(p.deps.db, A.code, (tx) => createApiToken(tx, A.code, { name: 'all', scopes: Object.keys(apiScopes), expiresInDays: 1, createdBy: adminAStaff.id }))).token;
});
after(() => p.stop());

/** Fills a route's parameters with B's identifiers; unknown parameters fail loudly. */
function fill(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?\??/g, (_m, name: string, pattern?: string) => {
    if (pattern) return pattern.slice(1, -1).split('|')[0]!.replace(/[\\^$]/g, '');
    const value = ids[name] ?? { token: 'x'.repeat(43), locale: 'en' }[name];
    assert.ok(value, `the isolation test does not know route parameter :${name} (in ${path}); add B's value for it`);
    return value;
  });
}

/** An identifier the caller put in the URL may be echoed back (e.g. in the language-switch link); anything else of B may not appear. */
function assertNoLeak(label: string, body: string, requestPath = '') {
  for (const m of markers) if (!requestPath.includes(m)) assert.ok(!body.includes(m), `${label} shows municipality B's data: "${m}"`);
}

test('every page and form, with B\'s ids, shows and changes nothing of B', async () => {
  // Sign-out routes go last, so the rest run with live sessions.
  const last = (path: string) => (/logout|sign-?out/.test(path) ? 1 : 0);
  // Operational endpoints carry no municipality's data (and /readyz may say 503 while a migration is pending).
  const routes = p.app.routes.filter((r) => r.method !== 'ALL' && !r.path.endsWith('*') && !['/healthz', '/readyz', '/metrics'].includes(r.path)).sort((x, y) => last(x.path) - last(y.path));
  assert.ok(routes.length > 20, `only ${routes.length} routes`);
  // B's background work from the setup (broadcast fan-out of its alert and news) must finish first: the worker changing B's rows is not a leak.
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
    const [busy] = await p.deps.db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE tenant_id = $1 AND status = 'pending' AND run_at <= now()", [B.code]);
    if (Number(busy!.n) === 0) break;
  }
  const before = await snapshotOf(B.code);
  const visited = new Set<string>();
  for (const r of routes) {
    const path = fill(r.path);
    // :locale and :kind (a registry's name) choose a page, they identify no record.
    const hasId = /:(?!locale\b|kind\b)\w+/.test(r.path);
    for (const [who, client] of [['admin of A', adminA], ['resident of A', residentA]] as const) {
      const res = r.method === 'GET' ? await client.get(path) : await client.post(path, { name: 'x', email: 'a@b.jp' });
      assert.ok(res.status < 500, `${r.method} ${path} as ${who}: ${res.status}`);
      assertNoLeak(`${r.method} ${path} as ${who}`, res.text, path);
      if (hasId && r.method === 'GET' && !path.startsWith('/api/')) assert.notEqual(res.status, 200, `${r.method} ${path} as ${who} answered 200 for B's id`);
    }
    visited.add(`${r.method} ${r.path}`);
  }
  const afterwards = await snapshotOf(B.code);
  assert.deepEqual(Object.keys(afterwards).filter((table) => afterwards[table] !== before[table]), [], "a request from municipality A changed municipality B's data in these tables");
  assert.equal(visited.size, new Set(routes.map((r) => `${r.method} ${r.path}`)).size);
});

test('every API route, with A\'s all-scopes token and B\'s ids, returns nothing of B', async () => {
  const apiRoutes = p.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'));
  assert.ok(apiRoutes.length >= 4);
  for (const r of apiRoutes) {
    const path = fill(r.path);
    const res = await adminA.api(r.method, path, r.method === 'GET' ? undefined : {}, { authorization: `Bearer ${tokenA}` });
    assert.ok(res.status < 500, `${r.method} ${r.path}: ${res.status}`);
    assertNoLeak(`${r.method} ${r.path}`, res.text, path);
  }
});

test('cookies and tokens of A are worthless at B', async () => {
  const stolen = B.client();
  for (const [k, v] of adminA.cookies) stolen.cookies.set(k, v);
  for (const [k, v] of residentA.cookies) stolen.cookies.set(k, v);
  const staffHome = await stolen.get('/staff');
  assert.equal(staffHome.status, 303);
  assert.match(staffHome.location ?? '', /^\/staff\/login/);
  const mypage = await stolen.get('/mypage');
  assert.equal(mypage.status, 303);
  const api = await B.client().api('GET', '/api/v1/token', undefined, { authorization: `Bearer ${tokenA}` });
  assert.equal(api.status, 401);
});
