/**
 * Staff sign-in: the password step (with lockout), the second factors an account has, and TOTP
 * verification and enrolment. Runs in the caller's tenant transaction; no HTTP here.
 */
import type { Queryable } from '../../platform/db/index.ts';
import { hashToken, type TenantCipher } from '../../platform/crypto/index.ts';
import { hashPassword, verifyPassword } from './staff.passwords.ts';
import { TOTP_SECRET_FIELD, type StaffStatus } from './staff.schema.ts';
import { matchTotpStep } from './staff.totp.ts';

/** Failed passwords in a row that lock an account, and for how long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

export type PasswordCheck =
  | { ok: true; staffId: string }
  /** staffId is set when the address belongs to an account (for the audit trail), never shown. */
  | { ok: false; reason: 'invalid'; staffId: string | null; lockedNow: boolean }
  | { ok: false; reason: 'locked'; staffId: string; minutesLeft: number };

/** Runs fn in one tenant transaction (the HTTP layer passes tenantTx bound to the request). */
export type InTransaction = <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T>;

/**
 * Checks e-mail and password. Unknown addresses, wrong passwords and accounts that may not sign in
 * (invited, disabled) all give 'invalid', after the same scrypt work, so neither the answer nor its
 * timing tells them apart. LOCKOUT_THRESHOLD failures in a row lock the account for LOCKOUT_MINUTES;
 * a success resets the count and upgrades an outdated password hash.
 * The slow hash runs between two short transactions, so no connection or row lock is held during it.
 */
export async function checkPassword(inTx: InTransaction, tenant: string, email: string, password: string): Promise<PasswordCheck> {
  const [u] = await inTx((tx) =>
    tx.query<{ id: string; password_hash: string | null; status: StaffStatus }>('SELECT id, password_hash, status FROM staff_users WHERE tenant_id = $1 AND email = $2', [tenant, email]),
  );
  const usable = u?.status === 'active' ? u.password_hash : null;
  const verdict = await verifyPassword(password, usable);
  if (!u || !usable) return { ok: false, reason: 'invalid', staffId: u?.id ?? null, lockedNow: false };
  const result = await inTx(async (tx): Promise<PasswordCheck> => {
    const [row] = await tx.query<{ locked_until: Date | null; status: StaffStatus }>(
      'SELECT locked_until, status FROM staff_users WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [tenant, u.id],
    );
    if (!row || row.status !== 'active') return { ok: false, reason: 'invalid', staffId: u.id, lockedNow: false };
    const lockedMs = row.locked_until ? new Date(row.locked_until).getTime() - Date.now() : 0;
    if (lockedMs > 0) return { ok: false, reason: 'locked', staffId: u.id, minutesLeft: Math.max(1, Math.ceil(lockedMs / 60_000)) };
    if (verdict.ok) {
      await tx.query('UPDATE staff_users SET failed_logins = 0, locked_until = NULL WHERE tenant_id = $1 AND id = $2', [tenant, u.id]);
      return { ok: true, staffId: u.id };
    }
    const [after] = await tx.query<{ locked: boolean }>(
      `UPDATE staff_users
       SET failed_logins = CASE WHEN failed_logins + 1 >= $3 THEN 0 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN failed_logins + 1 >= $3 THEN now() + make_interval(mins => $4) ELSE NULL END
       WHERE tenant_id = $1 AND id = $2 RETURNING locked_until IS NOT NULL AS locked`,
      [tenant, u.id, LOCKOUT_THRESHOLD, LOCKOUT_MINUTES],
    );
    return { ok: false, reason: 'invalid', staffId: u.id, lockedNow: after?.locked ?? false };
  });
  if (result.ok && verdict.needsRehash) {
    const upgraded = await hashPassword(password);
    await inTx((tx) => tx.query('UPDATE staff_users SET password_hash = $3 WHERE tenant_id = $1 AND id = $2 AND password_hash = $4', [tenant, u.id, upgraded, usable]));
  }
  return result;
}

export interface SecondFactors {
  email: string;
  displayName: string;
  status: StaffStatus;
  totp: boolean;
  passkeys: number;
}

/** The account's state and which second factors it has; null if it is not in this municipality. */
export async function secondFactorsOf(tx: Queryable, tenant: string, staffId: string): Promise<SecondFactors | null> {
  const [row] = await tx.query<{ email: string; display_name: string; status: StaffStatus; totp: boolean; passkeys: number }>(
    `SELECT email, display_name, status, totp_secret IS NOT NULL AS totp,
            (SELECT count(*)::int FROM webauthn_credentials w WHERE w.tenant_id = u.tenant_id AND w.staff_id = u.id) AS passkeys
     FROM staff_users u WHERE tenant_id = $1 AND id = $2`,
    [tenant, staffId],
  );
  return row ? { email: row.email, displayName: row.display_name, status: row.status, totp: row.totp, passkeys: Number(row.passkeys) } : null;
}

/**
 * Verifies a TOTP code of an active account. A code is accepted once: its time step must be later
 * than the last accepted one (stored), so a code read over someone's shoulder cannot be replayed.
 * The row lock serialises two sign-ins racing with the same code.
 */
export async function verifyTotpCode(tx: Queryable, cipher: TenantCipher, staffId: string, code: string): Promise<boolean> {
  const [u] = await tx.query<{ totp_secret: string | null; totp_last_step: string | number | bigint | null; status: StaffStatus }>(
    'SELECT totp_secret, totp_last_step, status FROM staff_users WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
    [cipher.tenant, staffId],
  );
  if (!u?.totp_secret || u.status !== 'active') return false;
  const step = matchTotpStep(cipher.decrypt(TOTP_SECRET_FIELD, u.totp_secret)!, code);
  if (step === null || (u.totp_last_step !== null && step <= Number(u.totp_last_step))) return false;
  await tx.query('UPDATE staff_users SET totp_last_step = $3 WHERE tenant_id = $1 AND id = $2', [cipher.tenant, staffId, step]);
  return true;
}

/** Stores a TOTP secret (replacing any earlier one) once the person proved their app shows the right code. */
export async function enrollTotp(tx: Queryable, cipher: TenantCipher, staffId: string, secret: string, code: string): Promise<boolean> {
  const step = matchTotpStep(secret, code);
  if (step === null) return false;
  await tx.query('UPDATE staff_users SET totp_secret = $3, totp_last_step = $4 WHERE tenant_id = $1 AND id = $2', [
    cipher.tenant,
    staffId,
    cipher.encrypt(TOTP_SECRET_FIELD, secret),
    step,
  ]);
  return true;
}

/** Notes a completed sign-in (both factors). */
export async function recordSignIn(tx: Queryable, tenant: string, staffId: string): Promise<void> {
  await tx.query('UPDATE staff_users SET last_sign_in_at = now(), failed_logins = 0, locked_until = NULL WHERE tenant_id = $1 AND id = $2', [tenant, staffId]);
}

/** True once the session has passed its second factor (for example by an earlier submit of the same form). */
export async function sessionPassedMfa(tx: Queryable, tenant: string, sessionHash: string): Promise<boolean> {
  const [row] = await tx.query<{ mfa_passed: boolean }>('SELECT mfa_passed FROM sessions WHERE tenant_id = $1 AND id_hash = $2', [tenant, sessionHash]);
  return row?.mfa_passed ?? false;
}

/**
 * True if the flow named by `handle` was completed in the last two minutes: a form submitted twice
 * (double click, reload) finds its work already done. The handle is a secret only the page that
 * started the flow had, so knowing it is enough.
 */
export async function flowRecentlyCompleted(tx: Queryable, tenant: string, kind: string, handle: string): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(handle)) return false;
  const rows = await tx.query(
    "SELECT 1 FROM auth_flows WHERE tenant_id = $1 AND id_hash = $2 AND kind = $3 AND consumed_at > now() - interval '2 minutes'",
    [tenant, hashToken(handle), kind],
  );
  return rows.length > 0;
}
