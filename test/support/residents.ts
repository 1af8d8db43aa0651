/**
 * Resident sign-in for tests, through the real flows: the card flow walks every redirect between
 * the municipality and the development identity provider; the e-mail flow reads the code from the
 * captured mail. Both leave `client` signed in and return the resident's id.
 */
import assert from 'node:assert/strict';
import { hashToken } from '../../src/platform/crypto/index.ts';
import type { OutgoingMail } from '../../src/platform/mail/index.ts';
import { withTenant, type Tenant } from '../../src/platform/tenancy/index.ts';
import { registerResidentIdpClient } from '../../src/modules/residents/index.ts';
import { TestClient, type TestResponse } from './client.ts';
import type { TestPlatform } from './platform.ts';

export const DEFAULT_DEMO_PERSON = 'demo-yoshida-hanako';

/** A browser talking to the development identity provider (its host is the server's own). */
export function identityProviderClient(p: TestPlatform): TestClient {
  return new TestClient(p.url, new URL(p.url).host);
}

function expectRedirect(res: TestResponse, step: string): string {
  assert.ok(res.status >= 300 && res.status < 400 && res.location, `${step}: expected a redirect, got ${res.status}: ${res.text.slice(0, 300)}`);
  return res.location;
}

const pathOf = (location: string) => {
  const u = new URL(location, 'http://placeholder');
  return `${u.pathname}${u.search}`;
};

/** The resident id of the session `client` holds for `tenant`. */
export async function signedInResidentId(p: TestPlatform, tenant: Tenant, client: TestClient): Promise<string> {
  const cookie = [...client.cookies].find(([k]) => k.endsWith('yakuba-r'))?.[1];
  assert.ok(cookie, 'no resident session cookie');
  const [row] = await withTenant(p.deps.db, tenant.code, (tx) =>
    tx.query<{ subject_id: string }>("SELECT subject_id FROM sessions WHERE tenant_id = $1 AND id_hash = $2 AND kind = 'resident'", [tenant.code, hashToken(cookie)]),
  );
  assert.ok(row, 'the resident session is not in the database');
  return row.subject_id;
}

/**
 * Walks the authorization code flow up to the provider's "choose a demo person" page. Returns the
 * provider's browser and the interaction page's path.
 */
export async function startCardSignIn(p: TestPlatform, client: TestClient, next?: string): Promise<{ idp: TestClient; interactionPath: string; authorizeUrl: string }> {
  const start = await client.get(next ? `/auth/card/start?next=${encodeURIComponent(next)}` : '/auth/card/start');
  const authorizeUrl = expectRedirect(start, 'card start');
  const idp = identityProviderClient(p);
  const interactionPath = pathOf(expectRedirect(await idp.get(authorizeUrl), 'authorization endpoint'));
  const page = await idp.get(interactionPath);
  assert.equal(page.status, 200, `interaction page: ${page.text.slice(0, 300)}`);
  return { idp, interactionPath, authorizeUrl };
}

/** Posts a choice on the provider's interaction page and follows the provider back to the municipality's callback URL. */
export async function finishAtProvider(idp: TestClient, interactionPath: string, action: 'choose' | 'abort', personId = DEFAULT_DEMO_PERSON): Promise<string> {
  const body = action === 'choose' ? new URLSearchParams({ person: personId }).toString() : '';
  const posted = await idp.raw('POST', `${interactionPath}/${action}`, body, { 'content-type': 'application/x-www-form-urlencoded' });
  const resume = expectRedirect(posted, `interaction ${action}`);
  return expectRedirect(await idp.get(resume), 'authorization resume');
}

/** Signs `client` in with the My Number Card as a demo person; registers the tenant with the dev IdP if needed. */
export async function signInResidentByCard(p: TestPlatform, tenant: Tenant, client: TestClient, personId = DEFAULT_DEMO_PERSON): Promise<{ residentId: string }> {
  await registerResidentIdpClient(p.deps, tenant.code, `${p.url}/dev-idp`);
  const { idp, interactionPath } = await startCardSignIn(p, client);
  const callback = await finishAtProvider(idp, interactionPath, 'choose', personId);
  const done = await client.get(pathOf(callback));
  expectRedirect(done, 'card callback');
  return { residentId: await signedInResidentId(p, tenant, client) };
}

/** The newest one-time code mailed to `email` for this municipality. */
export function latestCode(sentMails: OutgoingMail[], tenant: Tenant, email: string): string {
  const mail = sentMails.filter((m) => m.tenant === tenant.code && m.to === email).at(-1);
  assert.ok(mail, `no mail to ${email}`);
  const code = /確認コード: (\d{6})/.exec(mail.text)?.[1];
  assert.ok(code, 'no code in the mail');
  return code;
}

/** Signs `client` in with an e-mail one-time code, reading the code from the captured mail. */
export async function signInResidentByEmail(p: TestPlatform, tenant: Tenant, client: TestClient, email: string, sentMails: OutgoingMail[]): Promise<{ residentId: string }> {
  const sent = await client.post('/auth/email', { email });
  assert.equal(expectRedirect(sent, 'send code'), '/auth/email/verify');
  const verified = await client.post('/auth/email/verify', { code: latestCode(sentMails, tenant, email.normalize('NFKC').trim().toLowerCase()) });
  expectRedirect(verified, 'verify code');
  return { residentId: await signedInResidentId(p, tenant, client) };
}
