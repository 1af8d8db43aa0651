/**
 * Sign-in with the My Number Card through the national sign-in (デジタル認証アプリ), as an OpenID
 * Connect relying party (openid-client): authorization code flow with PKCE S256, state and nonce,
 * private_key_jwt client authentication, scopes for the 基本4情報. The claims are read from the
 * ID token and the userinfo endpoint.
 */
import * as oidc from 'openid-client';
import type { Config } from '../../config.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { Logger } from '../../platform/observability/index.ts';
import { RP_SIGNING_ALG, type IdpClient } from './idp-client.ts';
import { residentMessages as m } from './residents.messages.ts';
import type { BasicFour } from './residents.schema.ts';

export const CARD_SCOPES = 'openid name address birthdate gender';

/** What the browser's sign-in flow keeps server-side between start and callback. */
export interface CardFlowState {
  issuer: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  next: string | null;
}

export interface CardIdentity extends BasicFour {
  issuer: string;
  subject: string;
}

export type CardSignInOutcome =
  | { ok: true; identity: CardIdentity }
  | { ok: false; problem: 'cancelled' | 'failed'; reason: string };

// Discovery documents change rarely; keep each for a few minutes so key or endpoint changes at the
// provider are picked up without a restart. Only a cache: any app server can rebuild it.
const DISCOVERY_TTL_MS = 5 * 60_000;
const discovered = new Map<string, { metadata: oidc.ServerMetadata; until: number }>();
const TIMEOUT_SECONDS = 10;

/** Plain-http issuers are accepted only for the local development provider, never in production. */
function allowsInsecure(issuer: string, config: Config): boolean {
  const url = new URL(issuer);
  return config.YAKUBA_ENV !== 'production' && url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
}

async function serverMetadata(issuer: string, config: Config, clientId: string): Promise<oidc.ServerMetadata> {
  const hit = discovered.get(issuer);
  if (hit && hit.until > Date.now()) return hit.metadata;
  const found = await oidc.discovery(new URL(issuer), clientId, undefined, undefined, {
    execute: allowsInsecure(issuer, config) ? [oidc.allowInsecureRequests] : [],
    timeout: TIMEOUT_SECONDS,
  });
  const metadata = { ...found.serverMetadata() };
  if (discovered.size > 100) discovered.clear();
  discovered.set(issuer, { metadata, until: Date.now() + DISCOVERY_TTL_MS });
  return metadata;
}

/**
 * The relying-party configuration for one municipality. Throws AppError('unavailable') when the
 * provider cannot be reached.
 */
export async function relyingParty(client: IdpClient, config: Config, log: Logger): Promise<oidc.Configuration> {
  let metadata: oidc.ServerMetadata;
  try {
    metadata = await serverMetadata(client.issuer, config, client.clientId);
  } catch (err) {
    log.warn({ err, issuer: client.issuer }, 'national sign-in discovery failed');
    throw new AppError('unavailable', { message: m.cardUnavailable, cause: err });
  }
  const rp = new oidc.Configuration(
    metadata,
    client.clientId,
    { id_token_signed_response_alg: RP_SIGNING_ALG, token_endpoint_auth_method: 'private_key_jwt' },
    oidc.PrivateKeyJwt({ key: client.privateKey, kid: client.kid }),
  );
  if (allowsInsecure(client.issuer, config)) oidc.allowInsecureRequests(rp);
  rp.timeout = TIMEOUT_SECONDS;
  return rp;
}

/** Fresh state, nonce and PKCE verifier, and the provider URL to send the browser to. */
export async function beginCardSignIn(rp: oidc.Configuration, redirectUri: string, next: string | null): Promise<{ flow: CardFlowState; url: URL }> {
  const flow: CardFlowState = {
    issuer: rp.serverMetadata().issuer,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
    next,
  };
  const url = oidc.buildAuthorizationUrl(rp, {
    redirect_uri: redirectUri,
    scope: CARD_SCOPES,
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
    code_challenge_method: 'S256',
  });
  return { flow, url };
}

/**
 * Validates the authorization response (issuer, state, error), redeems the code (PKCE verifier,
 * client assertion), checks the ID token (nonce, audience, expiry) and reads the 基本4情報.
 * Every failure is an outcome, not an exception: the browser gets a clear page either way.
 */
export async function completeCardSignIn(rp: oidc.Configuration, callbackUrl: URL, flow: CardFlowState): Promise<CardSignInOutcome> {
  if (rp.serverMetadata().issuer !== flow.issuer) return { ok: false, problem: 'failed', reason: 'issuer_changed' };
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(rp, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    if (err instanceof oidc.AuthorizationResponseError && err.error === 'access_denied') return { ok: false, problem: 'cancelled', reason: 'access_denied' };
    return { ok: false, problem: 'failed', reason: reasonOf(err) };
  }
  const idToken = tokens.claims();
  if (!idToken) return { ok: false, problem: 'failed', reason: 'id_token_missing' };
  let userinfo: oidc.UserInfoResponse;
  try {
    userinfo = await oidc.fetchUserInfo(rp, tokens.access_token, idToken.sub);
  } catch (err) {
    return { ok: false, problem: 'failed', reason: `userinfo: ${reasonOf(err)}` };
  }
  const basic = basicFourFrom({ ...idToken, ...userinfo });
  if (!basic) return { ok: false, problem: 'failed', reason: 'claims_missing' };
  return { ok: true, identity: { issuer: flow.issuer, subject: idToken.sub, ...basic } };
}

function reasonOf(err: unknown): string {
  if (err instanceof oidc.AuthorizationResponseError || err instanceof oidc.ResponseBodyError) return err.error;
  if (err instanceof oidc.ClientError) return err.code ?? err.message;
  return err instanceof Error ? err.name : 'unknown';
}

const clean = (v: unknown, max: number): string | null => {
  if (typeof v !== 'string') return null;
  const s = v.normalize('NFC').trim();
  return s && [...s].length <= max ? s : null;
};

/** The 4 basic items from the claims, or null if any is missing or malformed. */
export function basicFourFrom(claims: Record<string, unknown>): BasicFour | null {
  const name = clean(claims.name, 200);
  const a = claims.address;
  let address: string | null = null;
  if (a && typeof a === 'object') {
    const parts = a as Record<string, unknown>;
    address = clean(parts.formatted, 500) ?? clean([parts.region, parts.locality, parts.street_address].filter((p) => typeof p === 'string').join(''), 500);
  }
  const birthdate = typeof claims.birthdate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(claims.birthdate) && !Number.isNaN(Date.parse(`${claims.birthdate}T00:00:00Z`)) ? claims.birthdate : null;
  const gender = clean(claims.gender, 50);
  if (!name || !address || !birthdate || !gender) return null;
  return { name, address, birthdate, gender };
}
