/**
 * Use cases on residents: record a card sign-in, find or create an e-mail resident, read a
 * resident's profile, start and end a resident session. No HTTP here; every function runs in the
 * caller's tenant transaction.
 */
import type { Queryable } from '../../platform/db/index.ts';
import type { TenantCipher } from '../../platform/crypto/index.ts';
import { createSession, endSession, type Assurance } from '../../platform/auth/index.ts';
import type { CardIdentity } from './card-sign-in.ts';
import { fields, type ResidentRow } from './residents.schema.ts';

export type SignInMethod = 'card' | 'email';

export interface ResidentProfile {
  id: string;
  /** 基本4情報: null for a resident who has only ever signed in by e-mail. */
  name: string | null;
  address: string | null;
  /** YYYY-MM-DD. */
  birthdate: string | null;
  gender: string | null;
  email: string | null;
  /** The highest level this resident has been verified at (2: the card). */
  assurance: Assurance;
  signInMethod: SignInMethod;
}

/** The keyed hash an e-mail address is looked up by; the address itself is stored only encrypted. */
export function emailBlindIndex(cipher: TenantCipher, normalizedEmail: string): string {
  return cipher.blindIndex(fields.email, normalizedEmail);
}

/**
 * Creates or updates the resident identified by (issuer, subject) with the 基本4情報 just received,
 * so a move or change of name reaches us at the next sign-in. Returns the resident id.
 */
export async function recordCardResident(tx: Queryable, cipher: TenantCipher, identity: CardIdentity): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO residents (tenant_id, oidc_issuer, oidc_subject, name_enc, address_enc, birthdate_enc, gender_enc, assurance, last_sign_in_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 2, now())
     ON CONFLICT (tenant_id, oidc_issuer, oidc_subject) DO UPDATE SET
       name_enc = EXCLUDED.name_enc, address_enc = EXCLUDED.address_enc, birthdate_enc = EXCLUDED.birthdate_enc,
       gender_enc = EXCLUDED.gender_enc, assurance = 2, last_sign_in_at = now()
     RETURNING id`,
    [
      cipher.tenant,
      identity.issuer,
      identity.subject,
      cipher.encrypt(fields.name, identity.name),
      cipher.encrypt(fields.address, identity.address),
      cipher.encrypt(fields.birthdate, identity.birthdate),
      cipher.encrypt(fields.gender, identity.gender),
    ],
  );
  return row!.id;
}

/** Finds the resident with this (normalised) e-mail address, creating one at level 1 if there is none. */
export async function recordEmailResident(tx: Queryable, cipher: TenantCipher, normalizedEmail: string): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO residents (tenant_id, email_bidx, email_enc, assurance, last_sign_in_at) VALUES ($1, $2, $3, 1, now())
     ON CONFLICT (tenant_id, email_bidx) DO UPDATE SET last_sign_in_at = now()
     RETURNING id`,
    [cipher.tenant, emailBlindIndex(cipher, normalizedEmail), cipher.encrypt(fields.email, normalizedEmail)],
  );
  return row!.id;
}

/**
 * The resident's decrypted personal data, or null if there is no such resident in this
 * municipality. Reading personal data must be audited by the caller (action 'resident.read').
 */
export async function readResidentProfile(tx: Queryable, cipher: TenantCipher, tenant: string, residentId: string): Promise<ResidentProfile | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(residentId)) return null;
  const [r] = await tx.query<ResidentRow>(
    `SELECT id, oidc_issuer, oidc_subject, name_enc, address_enc, birthdate_enc, gender_enc, email_enc, assurance
     FROM residents WHERE tenant_id = $1 AND id = $2`,
    [tenant, residentId],
  );
  if (!r) return null;
  return {
    id: r.id,
    name: cipher.decrypt(fields.name, r.name_enc),
    address: cipher.decrypt(fields.address, r.address_enc),
    birthdate: cipher.decrypt(fields.birthdate, r.birthdate_enc),
    gender: cipher.decrypt(fields.gender, r.gender_enc),
    email: cipher.decrypt(fields.email, r.email_enc),
    assurance: r.assurance >= 2 ? 2 : 1,
    signInMethod: r.oidc_subject ? 'card' : 'email',
  };
}

export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
}

/**
 * Starts a resident session at the given level, ending the browser's previous one first so a
 * session id fixed before sign-in never becomes a signed-in session. Returns the cookie value.
 */
export async function startResidentSession(
  tx: Queryable,
  tenant: string,
  s: { residentId: string; assurance: Assurance; previousSessionIdHash: string | null },
  policy: SessionSettings,
): Promise<string> {
  if (s.previousSessionIdHash) await endSession(tx, tenant, s.previousSessionIdHash);
  return createSession(tx, tenant, { kind: 'resident', subjectId: s.residentId, assurance: s.assurance, mfaPassed: false }, policy);
}
