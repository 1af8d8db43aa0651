import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Deps } from '../../platform/http/index.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { finishAtProvider, identityProviderClient, startCardSignIn } from '../../../test/support/residents.ts';
import { registerResidentIdpClient } from '../residents/index.ts';
import { demoPeople, mountDevIdentityProvider } from './index.ts';

let p: TestPlatform;
let tenant: TestTenant;
let issuer: string;

before(async () => {
  p = await startTestPlatform();
  issuer = `${p.url}/dev-idp`;
  tenant = await buildTenant(p);
  await registerResidentIdpClient(p.deps, tenant.code, issuer);
});
after(() => p.stop());

function authorizeQuery(overrides: Record<string, string | null> = {}) {
  const q: Record<string, string | null> = {
    client_id: `yakuba-${tenant.code}`,
    response_type: 'code',
    redirect_uri: `${tenant.origin}/auth/card/callback`,
    scope: 'openid name address birthdate gender',
    state: 'state-1234567890',
    nonce: 'nonce-1234567890',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...overrides,
  };
  return new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== null)).toString();
}

const noInternals = (body: string) => {
  assert.ok(!/\bat .+:\d+:\d+/.test(body), 'no stack trace');
  assert.ok(!/node_modules|\/work\//.test(body), 'no file paths');
};

test('discovery advertises only the code flow, PKCE S256, private_key_jwt and the 4 basic items', async () => {
  const res = await identityProviderClient(p).get('/dev-idp/.well-known/openid-configuration');
  assert.equal(res.status, 200);
  const d = res.json();
  assert.equal(d.issuer, issuer);
  assert.deepEqual(d.response_types_supported, ['code']);
  assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(d.token_endpoint_auth_methods_supported, ['private_key_jwt']);
  assert.ok(d.grant_types_supported.includes('authorization_code'));
  assert.ok(!d.grant_types_supported.includes('implicit'));
  for (const s of ['openid', 'name', 'address', 'birthdate', 'gender']) assert.ok(d.scopes_supported.includes(s), s);
  for (const c of ['sub', 'name', 'address', 'birthdate', 'gender']) assert.ok(d.claims_supported.includes(c), c);
  assert.equal(d.authorization_endpoint, `${issuer}/auth`);
  assert.equal(d.token_endpoint, `${issuer}/token`);
});

test('an authorization request without PKCE is refused back to the municipality', async () => {
  const res = await identityProviderClient(p).get(`/dev-idp/auth?${authorizeQuery({ code_challenge: null, code_challenge_method: null })}`);
  assert.equal(res.status, 303);
  const back = new URL(res.location!);
  assert.equal(back.origin + back.pathname, `${tenant.origin}/auth/card/callback`);
  assert.equal(back.searchParams.get('error'), 'invalid_request');
});

test('the implicit flow is not offered', async () => {
  const res = await identityProviderClient(p).get(`/dev-idp/auth?${authorizeQuery({ response_type: 'id_token' })}`);
  assert.equal(res.status, 303);
  // Errors for a fragment response type come back in the fragment.
  const back = new URL(res.location!);
  assert.equal(new URLSearchParams(back.hash.slice(1)).get('error'), 'unsupported_response_type');
  assert.equal(back.searchParams.get('code'), null);
});

test('unknown clients, foreign redirect URIs and clients of another issuer get a plain bilingual error page', async () => {
  const elsewhere = await buildTenant(p);
  await registerResidentIdpClient(p.deps, elsewhere.code, 'https://idp.example.jp');
  for (const q of [
    authorizeQuery({ client_id: 'yakuba-000000' }),
    authorizeQuery({ client_id: '<script>alert(1)</script>' }),
    authorizeQuery({ redirect_uri: 'https://evil.example/callback' }),
    authorizeQuery({ client_id: `yakuba-${elsewhere.code}` }),
  ]) {
    const res = await identityProviderClient(p).get(`/dev-idp/auth?${q}`);
    assert.equal(res.status, 400, q);
    assert.equal(res.location, undefined);
    assert.match(res.text, /サインインを続けられません/);
    assert.match(res.text, /Sign-in cannot continue/);
    assert.ok(!res.text.includes('<script>'));
    assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
    noInternals(res.text);
  }
});

test('the token endpoint accepts only private_key_jwt client authentication', async () => {
  const res = await identityProviderClient(p).raw(
    'POST',
    '/dev-idp/token',
    new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: `yakuba-${tenant.code}`, client_secret: 'guess', redirect_uri: `${tenant.origin}/auth/card/callback` }).toString(),
    { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
  );
  assert.equal(res.status, 401);
  assert.equal(res.json().error, 'invalid_client');
  noInternals(res.text);
});

test('the interaction page lists the demo people, works without scripts and allows posting back to the municipality', async () => {
  const { idp, interactionPath } = await startCardSignIn(p, tenant.client());
  const page = await idp.get(interactionPath);
  assert.equal(page.status, 200);
  assert.ok(demoPeople.length >= 4 && demoPeople.length <= 6);
  for (const person of demoPeople) {
    assert.ok(page.text.includes(person.name), person.name);
    assert.ok(page.text.includes(`value="${person.id}"`));
  }
  assert.match(page.text, /𠮷田 花子/);
  assert.match(page.text, /髙橋 健太/);
  assert.match(page.text, /架空県みなと野市/);
  assert.match(page.text, /テスト市/, 'names the municipality asking');
  assert.match(page.text, /<html lang="ja">/);
  assert.match(page.text, /href="\/assets\/app\.css\?v=/);
  assert.ok(!/<script|style=/.test(page.text), 'no scripts or inline styles');
  assert.match(page.text, /action="\/dev-idp\/interaction\/[^"]+\/abort"/);
  const csp = String(page.headers['content-security-policy']);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`form-action 'self' ${tenant.origin.replace(/[.:/]/g, '\\$&')}`));
  assert.equal(page.headers['referrer-policy'], 'no-referrer');
});

test('choosing someone not on the list re-renders the page with an error', async () => {
  const { idp, interactionPath } = await startCardSignIn(p, tenant.client());
  const res = await idp.raw('POST', `${interactionPath}/choose`, 'person=%3Cscript%3E', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(res.status, 400);
  assert.match(res.text, /選んだ人が見つかりません/);
  assert.ok(!res.text.includes('<script>'));
});

test('cross-site posts and expired or unknown interactions are refused with a page', async () => {
  const { idp, interactionPath } = await startCardSignIn(p, tenant.client());
  const cross = await idp.raw('POST', `${interactionPath}/choose`, 'person=demo-sato-sho', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' });
  assert.equal(cross.status, 403);
  const stranger = identityProviderClient(p);
  const expired = await stranger.get(interactionPath);
  assert.equal(expired.status, 400);
  assert.match(expired.text, /期限が切れたか/);
  assert.equal((await stranger.get('/dev-idp/interaction/%3Cx%3E')).status, 404);
  assert.equal((await idp.get(`${interactionPath}/choose`)).status, 405);
});

test('the card is read for every sign-in: a second request asks again instead of signing in silently', async () => {
  const client = tenant.client();
  const { idp, interactionPath } = await startCardSignIn(p, client);
  const callback = await finishAtProvider(idp, interactionPath, 'choose', 'demo-saito-michiko');
  assert.ok(new URL(callback).searchParams.get('code'));
  const again = await idp.get((await client.get('/auth/card/start')).location!);
  assert.equal(again.status, 303);
  assert.match(again.location!, /^\/dev-idp\/interaction\//);
});

test('the provider refuses to start in production', async () => {
  const deps = { ...p.deps, config: { ...p.deps.config, YAKUBA_ENV: 'production' } } as Deps;
  await assert.rejects(() => mountDevIdentityProvider(deps), /production/);
});
