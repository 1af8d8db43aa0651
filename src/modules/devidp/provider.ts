/**
 * A development stand-in for the Digital Agency's デジタル認証アプリ, built with oidc-provider and
 * held to the same rules as the real service: authorization code flow only, PKCE (S256) required,
 * confidential clients authenticated with private_key_jwt, scopes name/address/birthdate/gender
 * releasing the 基本4情報, and the card read on every sign-in (no silent single sign-on).
 */
import crypto from 'node:crypto';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';
import type { Deps } from '../../platform/http/index.ts';
import { MunicipalityClientAdapter, SIGNING_ALG } from './clients.ts';
import { demoPersonClaims, findDemoPerson } from './demo-people.ts';
import { devIdpMessages as m } from './devidp.messages.ts';
import { MemoryAdapter, MemoryStore } from './memory-adapter.ts';
import { IdpErrorPage, renderPage } from './views/pages.tsx';

/** The 4 basic items, each a scope releasing the claim of the same name. */
export const BASIC_FOUR_SCOPES = ['name', 'address', 'birthdate', 'gender'] as const;

/** Security headers for the provider's own HTML pages; form-action also allows the RP's origin (redirect after POST). */
export function pageSecurityHeaders(formTargets: string[] = []): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'none'",
      "style-src 'self'",
      "img-src 'self' data:",
      `form-action 'self' ${formTargets.join(' ')}`.trim(),
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

function cardEveryTime() {
  const policy = interactionPolicy.base();
  // Like the real app, every sign-in reads the card: an earlier session at the provider is not reused.
  policy
    .get('login')!
    .checks.push(
      new interactionPolicy.Check('card_each_time', 'the card is read for every sign-in', 'login_required', (ctx) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}

export async function createDevProvider(deps: Deps, issuer: string, mountPath: string): Promise<Provider> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: crypto.randomUUID(), alg: SIGNING_ALG, use: 'sig' };
  const store = new MemoryStore();
  const clients = new MunicipalityClientAdapter(deps.db, issuer);

  const configuration: Configuration = {
    adapter: (name: string) => (name === 'Client' ? clients : new MemoryAdapter(name, store)),
    jwks: { keys: [signingKey] },
    cookies: {
      names: { session: 'devidp-session', interaction: 'devidp-interaction', resume: 'devidp-resume' },
      keys: [crypto.randomBytes(32).toString('base64url')],
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    clientAuthMethods: ['private_key_jwt'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      id_token_signed_response_alg: SIGNING_ALG,
    },
    enabledJWA: {
      clientAuthSigningAlgValues: [SIGNING_ALG],
      idTokenSigningAlgValues: [SIGNING_ALG],
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    scopes: ['openid', ...BASIC_FOUR_SCOPES],
    claims: {
      openid: ['sub'],
      name: ['name'],
      address: ['address'],
      birthdate: ['birthdate'],
      gender: ['gender'],
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
      dPoP: { enabled: false },
      userinfo: { enabled: true },
    },
    issueRefreshToken: async () => false,
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 10 * 60,
      IdToken: 10 * 60,
      Interaction: 10 * 60,
      Session: 10 * 60,
      Grant: 10 * 60,
    },
    interactions: {
      policy: cardEveryTime(),
      url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx, sub) {
      const person = findDemoPerson(sub);
      if (!person) return undefined;
      return { accountId: person.id, claims: () => demoPersonClaims(person) };
    },
    // Shown for requests the provider rejects without redirecting back; never includes internals.
    async renderError(ctx: KoaContextWithOIDC, out) {
      const server = out.error === 'server_error';
      ctx.type = 'html';
      ctx.set(pageSecurityHeaders());
      ctx.body = await renderPage(
        IdpErrorPage({ message: server ? m.serverError : m.requestRejected, params: { error: String(out.error ?? 'invalid_request') }, assetVersion: deps.assetVersion }),
      );
    },
  };

  const provider = new Provider(issuer, configuration);
  // Development runs behind whatever the developer uses (often a TLS-terminating proxy); honour X-Forwarded-*.
  provider.proxy = true;
  provider.on('server_error', (_ctx, err) => deps.log.error({ err }, 'dev identity provider error'));
  // oidc-provider turns every request error into a page or JSON and emits server_error (logged above);
  // Koa must not print stacks to stderr on top.
  provider.silent = true;
  return provider;
}
