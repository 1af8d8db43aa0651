import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Hono } from 'hono';
import { hashToken } from '../../platform/crypto/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { createApp, loadAssets, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import type { OutgoingMail } from '../../platform/mail/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import type { TestClient } from '../../../test/support/client.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { signInResidentByCard, signInResidentByEmail, signedInResidentId } from '../../../test/support/residents.ts';
import { requireResident, residentsModule } from './index.ts';

const sent: OutgoingMail[] = [];
let p: TestPlatform;
let tenant: TestTenant;

before(async () => {
  p = await startTestPlatform({ env: { RESIDENT_IDLE_MINUTES: '1' }, mailer: { send: async (m) => void sent.push(m), close() {} } });
  tenant = await buildTenant(p);
});
after(() => p.stop());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const sessionCookie = (client: TestClient) => [...client.cookies].find(([k]) => k.endsWith('yakuba-r'));

test('マイページ needs a signed-in resident: the browser is sent to sign in and brought back', async () => {
  const res = await tenant.client().get('/mypage');
  assert.equal(res.status, 303);
  assert.equal(res.location, '/login?next=%2Fmypage');
  const login = await tenant.client().get(res.location);
  assert.match(login.text, /href="\/auth\/card\/start\?next=%2Fmypage"/);
  assert.match(login.text, /name="next" value="\/mypage"/);
});

test('sign-out ends the session, clears the cookie and is audited', async () => {
  const client = tenant.client();
  const { residentId } = await signInResidentByCard(p, tenant, client);
  const [, cookie] = sessionCookie(client)!;
  const res = await client.post('/logout');
  assert.equal(res.status, 303);
  assert.equal(res.location, '/login?signedout=1');
  assert.equal(sessionCookie(client), undefined, 'cookie cleared');
  assert.match((await client.get(res.location)).text, /サインアウトしました/);

  // The old cookie value is worthless now.
  client.cookies.set('yakuba-r', cookie);
  assert.equal((await client.get('/mypage')).status, 303);
  const [audit] = await withTenant(p.deps.db, tenant.code, (tx) =>
    tx.query<{ actor_id: string }>("SELECT actor_id FROM audit_log WHERE tenant_id = $1 AND action = 'resident.sign_out' ORDER BY seq DESC LIMIT 1", [tenant.code]),
  );
  assert.equal(audit!.actor_id, residentId);
});

test('sign-out is a form post protected against cross-site requests', async () => {
  const client = tenant.client();
  await signInResidentByCard(p, tenant, client);
  const forged = await client.post('/logout', { _csrf: 'forged' });
  assert.equal(forged.status, 403);
  assert.equal((await client.get('/mypage')).status, 200);
  const page = await client.get('/mypage');
  assert.match(page.text, /<form method="post" action="\/logout" class="inline-form"><input type="hidden" name="_csrf"/);
});

test('an idle session ends after RESIDENT_IDLE_MINUTES and /login says why', async () => {
  const client = tenant.client();
  await signInResidentByCard(p, tenant, client, 'demo-saito-michiko');
  assert.equal((await client.get('/mypage')).status, 200);
  const idHash = hashToken(sessionCookie(client)![1]);
  await p.deps.db.query("UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE tenant_id = $1 AND id_hash = $2", [tenant.code, idHash]);
  const res = await client.get('/mypage');
  assert.equal(res.status, 303);
  assert.equal(res.location, '/login?next=%2Fmypage&expired=1');
  const login = await client.get(res.location);
  assert.match(text(login.text), /一定時間操作がなかったため、安全のためサインアウトしました/);
  const [left] = await withTenant(p.deps.db, tenant.code, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE tenant_id = $1 AND id_hash = $2', [tenant.code, idHash]));
  assert.equal(left!.n, 0);
});

test('an e-mail (level 1) resident is told what the card adds, and signing in with the card replaces the session', async () => {
  const client = tenant.client();
  await signInResidentByEmail(p, tenant, client, 'upgrade@example.jp', sent);
  const [, emailSession] = sessionCookie(client)!;
  const before = text((await client.get('/mypage')).text);
  assert.match(before, /メールアドレスと確認コード/);
  assert.match(before, /住民票の写し/);
  assert.match((await client.get('/mypage')).text, /href="\/auth\/card\/start\?next=%2Fmypage"/);

  await signInResidentByCard(p, tenant, client, 'demo-sato-sho');
  const [, cardSession] = sessionCookie(client)!;
  assert.notEqual(cardSession, emailSession, 'a new session id after sign-in');
  const after = text((await client.get('/mypage')).text);
  assert.match(after, /カードで本人確認済み/);
  const stale = tenant.client();
  stale.cookies.set('yakuba-r', emailSession);
  assert.equal((await stale.get('/mypage')).status, 303, 'the earlier session was ended');
});

test('マイページ in English', async () => {
  const client = tenant.client();
  await signInResidentByCard(p, tenant, client, 'demo-yoshida-hanako');
  client.cookies.set('yakuba-lang', 'en');
  const page = text((await client.get('/mypage')).text);
  assert.match(page, /My page/);
  assert.match(page, /1 April 1985 \(Shōwa 60\)/);
  assert.match(page, /Female/);
  assert.match(page, /Identity confirmed with the card/);
});

test('requireResident: no session is unauthenticated, a level-1 session cannot do level-2 things', () => {
  const ctx = (session: { assurance: 1 | 2 } | null) =>
    ({ var: { residentSession: session && { ...session, subjectId: 'r-1', idHash: 'h', kind: 'resident' } } }) as unknown as Ctx;
  assert.throws(() => requireResident(ctx(null)), (e: unknown) => e instanceof AppError && e.code === 'unauthenticated');
  assert.throws(() => requireResident(ctx({ assurance: 1 }), 2), (e: unknown) => e instanceof AppError && e.code === 'assurance_required');
  assert.deepEqual(requireResident(ctx({ assurance: 1 })), { residentId: 'r-1', assurance: 1 });
  assert.deepEqual(requireResident(ctx({ assurance: 2 }), 2), { residentId: 'r-1', assurance: 2 });
});

test('through the real pipeline, a route needing the card refuses an e-mail session with 403 and accepts a card session', async () => {
  const needsCard = new Hono<AppEnv>();
  needsCard.get('/test/needs-card', (c) => c.text(requireResident(c, 2).residentId));
  const app = createApp(p.deps, loadAssets().files, [residentsModule, { routes: needsCard }]);
  const call = (client: TestClient) =>
    app.request('/test/needs-card', { headers: { host: tenant.hosts[0]!, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });

  const byEmail = tenant.client();
  await signInResidentByEmail(p, tenant, byEmail, 'level1@example.jp', sent);
  const refused = await call(byEmail);
  assert.equal(refused.status, 403);
  assert.match(await refused.text(), /マイナンバーカードでのサインインが必要です/);

  const byCard = tenant.client();
  await signInResidentByCard(p, tenant, byCard);
  const allowed = await call(byCard);
  assert.equal(allowed.status, 200);
  assert.equal(await allowed.text(), await signedInResidentId(p, tenant, byCard));
});
