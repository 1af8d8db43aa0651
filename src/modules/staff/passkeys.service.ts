/**
 * Passkeys (WebAuthn) as a staff second factor, with @simplewebauthn/server. Each ceremony's
 * challenge lives server-side in auth_flows, bound to the account and to the session that asked
 * for it, and can be answered once. The relying party is the municipality's own origin.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { consumeFlow, createFlow, readFlow } from '../../platform/auth/index.ts';
import type { TenantCipher } from '../../platform/crypto/index.ts';
import type { Queryable } from '../../platform/db/index.ts';
import { staffErrors } from './staff.errors.ts';

const REGISTRATION_FLOW = 'staff_passkey_registration';
const AUTHENTICATION_FLOW = 'staff_passkey_authentication';
const FLOW_MINUTES = 5;

export interface RelyingParty {
  /** The host name of the municipality's origin. */
  id: string;
  name: string;
  origin: string;
}

/** Who is running the ceremony: the account and the session (its hash) the challenge is bound to. */
export interface Ceremony {
  staffId: string;
  sessionHash: string;
}

interface ChallengeData extends Ceremony {
  challenge: string;
}

const toBytes = (b64url: string) => new Uint8Array(Buffer.from(b64url, 'base64url'));

async function credentialsOf(tx: Queryable, tenant: string, staffId: string) {
  return tx.query<{ id: string; public_key: string; counter: string | number | bigint; transports: string[] }>(
    'SELECT id, public_key, counter, transports FROM webauthn_credentials WHERE tenant_id = $1 AND staff_id = $2',
    [tenant, staffId],
  );
}

/** Reads and uses up the ceremony's flow; throws passkeyFailed if it is missing, expired, used or someone else's. */
async function takeChallenge(tx: Queryable, cipher: TenantCipher, kind: string, handle: string, who: Ceremony): Promise<string> {
  const flow = await readFlow<ChallengeData>(tx, cipher, kind, handle);
  if (!flow || flow.data.staffId !== who.staffId || flow.data.sessionHash !== who.sessionHash) throw staffErrors.passkeyFailed();
  await consumeFlow(tx, cipher.tenant, flow.idHash);
  return flow.data.challenge;
}

export async function startPasskeyRegistration(
  tx: Queryable,
  cipher: TenantCipher,
  rp: RelyingParty,
  who: Ceremony & { email: string; displayName: string },
): Promise<{ flow: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const existing = await credentialsOf(tx, cipher.tenant, who.staffId);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: who.email,
    userDisplayName: who.displayName,
    userID: new Uint8Array(Buffer.from(who.staffId.replace(/-/g, ''), 'hex')),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  const flow = await createFlow<ChallengeData>(tx, cipher, REGISTRATION_FLOW, { challenge: options.challenge, staffId: who.staffId, sessionHash: who.sessionHash }, FLOW_MINUTES);
  return { flow, options };
}

/** Verifies the authenticator's answer and stores the new passkey under `label`. Throws passkeyFailed. */
export async function finishPasskeyRegistration(
  tx: Queryable,
  cipher: TenantCipher,
  rp: RelyingParty,
  who: Ceremony,
  input: { flow: string; response: RegistrationResponseJSON; label: string },
): Promise<{ credentialId: string }> {
  const challenge = await takeChallenge(tx, cipher, REGISTRATION_FLOW, input.flow, who);
  let verified;
  try {
    verified = await verifyRegistrationResponse({ response: input.response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: false });
  } catch (err) {
    throw staffErrors.passkeyFailed(err);
  }
  if (!verified.verified) throw staffErrors.passkeyFailed();
  const { credential } = verified.registrationInfo;
  const rows = await tx.query(
    `INSERT INTO webauthn_credentials (tenant_id, id, staff_id, public_key, counter, transports, label) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING RETURNING id`,
    [cipher.tenant, credential.id, who.staffId, Buffer.from(credential.publicKey).toString('base64url'), credential.counter, credential.transports ?? [], input.label],
  );
  if (!rows.length) throw staffErrors.passkeyAlreadyRegistered();
  return { credentialId: credential.id };
}

export async function startPasskeyAuthentication(
  tx: Queryable,
  cipher: TenantCipher,
  rp: RelyingParty,
  who: Ceremony,
): Promise<{ flow: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const creds = await credentialsOf(tx, cipher.tenant, who.staffId);
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: creds.map((c) => ({ id: c.id, transports: c.transports })),
    userVerification: 'preferred',
  });
  const flow = await createFlow<ChallengeData>(tx, cipher, AUTHENTICATION_FLOW, { challenge: options.challenge, staffId: who.staffId, sessionHash: who.sessionHash }, FLOW_MINUTES);
  return { flow, options };
}

/**
 * Verifies a passkey assertion against one of the account's own passkeys and records its new
 * signature counter. Throws passkeyFailed for anything else (unknown key, another person's key,
 * wrong challenge or origin, a counter that went backwards).
 */
export async function finishPasskeyAuthentication(
  tx: Queryable,
  cipher: TenantCipher,
  rp: RelyingParty,
  who: Ceremony,
  input: { flow: string; response: AuthenticationResponseJSON },
): Promise<{ credentialId: string }> {
  const challenge = await takeChallenge(tx, cipher, AUTHENTICATION_FLOW, input.flow, who);
  const stored = (await credentialsOf(tx, cipher.tenant, who.staffId)).find((c) => c.id === input.response.id);
  if (!stored) throw staffErrors.passkeyFailed();
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: stored.id, publicKey: toBytes(stored.public_key), counter: Number(stored.counter), transports: stored.transports },
      requireUserVerification: false,
    });
  } catch (err) {
    throw staffErrors.passkeyFailed(err);
  }
  if (!verified.verified) throw staffErrors.passkeyFailed();
  await tx.query('UPDATE webauthn_credentials SET counter = $3, last_used_at = now() WHERE tenant_id = $1 AND id = $2', [
    cipher.tenant,
    stored.id,
    verified.authenticationInfo.newCounter,
  ]);
  return { credentialId: stored.id };
}

/**
 * Removes one of the person's own passkeys. Refuses to remove the last second factor (no TOTP and
 * no other passkey), which would let the password alone enrol a new one. Returns the removed label,
 * or null if the passkey is not theirs.
 */
export async function removeOwnPasskey(tx: Queryable, tenant: string, staffId: string, credentialId: string): Promise<string | null> {
  const [u] = await tx.query<{ totp: boolean; passkeys: number }>(
    `SELECT totp_secret IS NOT NULL AS totp,
            (SELECT count(*)::int FROM webauthn_credentials w WHERE w.tenant_id = u.tenant_id AND w.staff_id = u.id) AS passkeys
     FROM staff_users u WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
    [tenant, staffId],
  );
  const [cred] = await tx.query<{ label: string }>('SELECT label FROM webauthn_credentials WHERE tenant_id = $1 AND id = $2 AND staff_id = $3', [tenant, credentialId, staffId]);
  if (!u || !cred) return null;
  if (!u.totp && Number(u.passkeys) <= 1) throw staffErrors.cannotRemoveLastFactor();
  await tx.query('DELETE FROM webauthn_credentials WHERE tenant_id = $1 AND id = $2 AND staff_id = $3', [tenant, credentialId, staffId]);
  return cred.label;
}
