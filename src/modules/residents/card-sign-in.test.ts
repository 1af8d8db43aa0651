import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rotateTenantDataKey } from '../../platform/crypto/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { finishAtProvider, signInResidentByCard, signedInResidentId, startCardSignIn } from '../../../test/support/residents.ts';
import { registerResidentIdpClient } from './index.ts';

let p: TestPlatform;
let tenant: TestTenant;

before(async () => {
  p = await startTestPlatform();
  tenant = await buildTenant(p);
  await registerResidentIdpClient(p.deps, tenant.code, `${p.url}/dev-idp`);
});
after(() => p.stop());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

test('the sign-in chooser offers the card first, as a plain link', async () => {
  const res = await tenant.client().get('/login?next=%2Fmypage');
  assert.equal(res.status, 200);
  assert.match(res.text, /<a class="btn btn-primary" href="\/auth\/card\/start\?next=%2Fmypage">マイナンバーカードでサインイン<\/a>/);
  assert.match(res.text, /デジタル認証アプリ/);
  assert.match(res.text, /<form method="post" action="\/auth\/email"/);
});

test('card sign-in: authorization request uses code flow, PKCE S256, state, nonce and the 4 basic items', async () => {
  const client = tenant.client();
  const res = await client.get('/auth/card/start');
  assert.equal(res.status, 303);
  const url = new URL(res.location!);
  assert.equal(url.origin + url.pathname, `${p.url}/dev-idp/auth`);
  const q = url.searchParams;
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('client_id'), `yakuba-${tenant.code}`);
  assert.equal(q.get('redirect_uri'), `${tenant.origin}/auth/card/callback`);
  assert.equal(q.get('scope'), 'openid name address birthdate gender');
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.match(q.get('code_challenge')!, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(q.get('state') && q.get('nonce'));
  const flowCookie = [...client.cookies.keys()].find((k) => k.endsWith('yakuba-card-flow'));
  assert.ok(flowCookie, 'the flow handle is kept in a cookie');
});

test('card sign-in end to end: claims stored encrypted, shown on マイページ, sign-in and read audited', async () => {
  const client = tenant.client();
  const { residentId } = await signInResidentByCard(p, tenant, client, 'demo-takahashi-kenta');

  const [row] = await withTenant(p.deps.db, tenant.code, (tx) =>
    tx.query<Record<string, string | number>>('SELECT * FROM residents WHERE tenant_id = $1 AND id = $2', [tenant.code, residentId]),
  );
  assert.ok(row);
  assert.equal(row.assurance, 2);
  assert.equal(row.oidc_subject, 'demo-takahashi-kenta');
  for (const column of ['name_enc', 'address_enc', 'birthdate_enc', 'gender_enc']) {
    assert.match(String(row[column]), /^v1\.\d+\./, `${column} is encrypted`);
  }
  const raw = JSON.stringify(row);
  for (const plain of ['髙橋', '港町', '1958-11-23', 'male']) assert.ok(!raw.includes(plain), `${plain} must not be stored in clear`);

  const page = await client.get('/mypage');
  assert.equal(page.status, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  const shown = text(page.text);
  assert.match(shown, /髙橋 健太/);
  assert.match(shown, /架空県みなと野市港町三丁目4番5号/);
  assert.match(shown, /昭和33年11月23日（1958年11月23日）/);
  assert.match(shown, /男性/);
  assert.match(shown, /カードで本人確認済み/);

  const entries = await withTenant(p.deps.db, tenant.code, (tx) =>
    tx.query<{ action: string; actor_kind: string; actor_id: string; record_type: string; record_id: string }>(
      'SELECT action, actor_kind, actor_id, record_type, record_id FROM audit_log WHERE tenant_id = $1 AND record_id = $2 ORDER BY seq',
      [tenant.code, residentId],
    ),
  );
  assert.deepEqual(
    entries.map((e) => [e.action, e.actor_kind, e.actor_id, e.record_type]),
    [
      ['resident.sign_in', 'resident', residentId, 'resident'],
      ['resident.read', 'resident', residentId, 'resident'],
    ],
  );
});

test('a kanji outside the BMP survives the round trip, and a second sign-in finds the same resident', async () => {
  const first = await signInResidentByCard(p, tenant, tenant.client(), 'demo-yoshida-hanako');
  const client = tenant.client();
  const second = await signInResidentByCard(p, tenant, client, 'demo-yoshida-hanako');
  assert.equal(second.residentId, first.residentId);
  const page = await client.get('/mypage');
  assert.match(page.text, /𠮷田 花子/);
});

test('a child under 15 born in 令和元年 is shown with the era year 元年', async () => {
  const client = tenant.client();
  await signInResidentByCard(p, tenant, client, 'demo-watanabe-sakura');
  assert.match(text((await client.get('/mypage')).text), /令和元年5月1日（2019年5月1日）/);
});

test('after sign-in the resident returns to the page they asked for, never to another site', async () => {
  const client = tenant.client();
  const { idp, interactionPath } = await startCardSignIn(p, client, '/mypage?tab=1');
  const callback = await finishAtProvider(idp, interactionPath, 'choose');
  const done = await client.get(pathOf(callback));
  assert.equal(done.location, '/mypage?tab=1');

  const other = tenant.client();
  const flow = await startCardSignIn(p, other, 'https://evil.example');
  const back = await other.get(pathOf(await finishAtProvider(flow.idp, flow.interactionPath, 'choose')));
  assert.equal(back.location, '/mypage');
});

test('cancelling at the provider (access_denied) shows a clear page, not an error', async () => {
  const client = tenant.client();
  const { idp, interactionPath } = await startCardSignIn(p, client);
  const callback = await finishAtProvider(idp, interactionPath, 'abort');
  assert.equal(new URL(callback).searchParams.get('error'), 'access_denied');
  const res = await client.get(pathOf(callback));
  assert.equal(res.status, 200);
  assert.match(res.text, /サインインを取りやめました/);
  assert.match(res.text, /href="\/login"/);
  assert.ok(![...client.cookies.keys()].some((k) => k.endsWith('yakuba-r')), 'not signed in');
});

test('a callback whose state does not match the flow is rejected', async () => {
  const client = tenant.client();
  const { idp, interactionPath } = await startCardSignIn(p, client);
  const callback = new URL(await finishAtProvider(idp, interactionPath, 'choose'));
  callback.searchParams.set('state', 'forged-state-value');
  const res = await client.get(pathOf(callback.href));
  assert.equal(res.status, 400);
  assert.match(res.text, /マイナンバーカードでのサインインを完了できませんでした/);
  assert.ok(![...client.cookies.keys()].some((k) => k.endsWith('yakuba-r')));
});

test('a callback cannot be replayed, nor its code redeemed in another flow', async () => {
  const client = tenant.client();
  const { idp, interactionPath } = await startCardSignIn(p, client);
  const callback = await finishAtProvider(idp, interactionPath, 'choose');
  const flowCookie = [...client.cookies].find(([k]) => k.endsWith('yakuba-card-flow'))!;
  assert.equal((await client.get(pathOf(callback))).status, 303);

  // Same browser state replayed: the flow is used up.
  client.cookies.set(flowCookie[0], flowCookie[1]);
  const replay = await client.get(pathOf(callback));
  assert.equal(replay.status, 400);
  assert.match(replay.text, /サインインの有効期限が切れました/);

  // The code grafted onto a fresh flow (with its own valid state): the provider refuses the used code.
  const attacker = tenant.client();
  const fresh = new URL((await attacker.get('/auth/card/start')).location!);
  const grafted = new URL(callback);
  grafted.searchParams.set('state', fresh.searchParams.get('state')!);
  const res = await attacker.get(pathOf(grafted.href));
  assert.equal(res.status, 400);
  assert.match(res.text, /完了できませんでした/);
  assert.ok(![...attacker.cookies.keys()].some((k) => k.endsWith('yakuba-r')));
});

test('garbage at the callback never causes a server error', async () => {
  const client = tenant.client();
  for (const q of ['', '?code=x', '?state=%3Cscript%3E&code=%00', `?error=access_denied&state=${'x'.repeat(5000)}`, '?code=a&code=b&state=c']) {
    const res = await client.get(`/auth/card/callback${q}`);
    assert.equal(res.status, 400, q);
    assert.ok(!res.text.includes('<script>'));
  }
  // With a live flow: duplicated parameters and a missing code.
  for (const q of ['?code=a&code=b', '?iss=https%3A%2F%2Fevil.example']) {
    const live = tenant.client();
    const state = new URL((await live.get('/auth/card/start')).location!).searchParams.get('state')!;
    const res = await live.get(`/auth/card/callback${q}&state=${state}`);
    assert.equal(res.status, 400, q);
    assert.match(res.text, /完了できませんでした/);
  }
});

test('a municipality not registered with an identity provider explains that card sign-in is unavailable', async () => {
  const other = await buildTenant(p);
  const res = await other.client().get('/auth/card/start');
  assert.equal(res.status, 503);
  assert.match(res.text, /マイナンバーカードでのサインインをまだ利用できません/);
});

test('rotating the data key re-encrypts residents and the relying-party key; sign-in and マイページ keep working', async () => {
  const t = await buildTenant(p);
  const client = t.client();
  await signInResidentByCard(p, t, client, 'demo-sato-sho');
  const { version, rewritten } = await withTenant(p.deps.db, t.code, (tx) => rotateTenantDataKey(p.deps.keyring, tx, t.code));
  assert.equal(version, 2);
  assert.ok(rewritten >= 5, `rewrote ${rewritten}`);
  assert.match((await client.get('/mypage')).text, /佐藤 翔/);
  const again = t.client();
  await signInResidentByCard(p, t, again, 'demo-sato-sho');
  assert.equal(await signedInResidentId(p, t, again), await signedInResidentId(p, t, client));
});
