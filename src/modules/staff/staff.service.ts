/**
 * Staff accounts, departments, roles and invitations. Every function runs in the caller's tenant
 * transaction (row-level security confines it to one municipality) and does no HTTP.
 */
import type { Queryable } from '../../platform/db/index.ts';
import { endAllSessions } from '../../platform/auth/index.ts';
import { hashToken, randomToken, type TenantCipher } from '../../platform/crypto/index.ts';
import { staffErrors } from './staff.errors.ts';
import { hashPassword } from './staff.passwords.ts';
import { TOTP_SECRET_FIELD, UUID_PATTERN, type Department, type Passkey, type RoleGrant, type StaffDetail, type StaffRole, type StaffStatus, type StaffSummary } from './staff.schema.ts';
import { isTotpSecret } from './staff.totp.ts';

export const INVITATION_DAYS = 7;

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  status: StaffStatus;
  last_sign_in_at: Date | null;
}

async function rolesOf(tx: Queryable, tenant: string, staffIds: string[]): Promise<Map<string, RoleGrant[]>> {
  const rows = staffIds.length
    ? await tx.query<{ staff_id: string; role: StaffRole; department_id: string | null }>(
        'SELECT staff_id, role, department_id FROM staff_roles WHERE tenant_id = $1 AND staff_id = ANY($2::uuid[]) ORDER BY role, department_id NULLS FIRST',
        [tenant, staffIds],
      )
    : [];
  const out = new Map<string, RoleGrant[]>();
  for (const r of rows) {
    const list = out.get(r.staff_id) ?? [];
    list.push({ role: r.role, departmentId: r.department_id });
    out.set(r.staff_id, list);
  }
  return out;
}

/** Adds a department. Throws a field error when the code is already used. */
export async function createDepartment(tx: Queryable, tenant: string, input: { code: string; nameJa: string; nameEn: string }): Promise<{ id: string }> {
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id',
    [tenant, input.code, input.nameJa, input.nameEn],
  );
  if (!row) throw staffErrors.departmentCodeTaken();
  return { id: row.id };
}

export async function listDepartments(tx: Queryable, tenant: string): Promise<Department[]> {
  const rows = await tx.query<{ id: string; code: string; name_ja: string; name_en: string; staff_count: number }>(
    `SELECT d.id, d.code, d.name_ja, d.name_en,
            (SELECT count(DISTINCT r.staff_id)::int FROM staff_roles r WHERE r.tenant_id = d.tenant_id AND r.department_id = d.id) AS staff_count
     FROM departments d WHERE d.tenant_id = $1 ORDER BY d.created_at, d.code`,
    [tenant],
  );
  return rows.map((r) => ({ id: r.id, code: r.code, nameJa: r.name_ja, nameEn: r.name_en, staffCount: Number(r.staff_count) }));
}

export async function departmentExists(tx: Queryable, tenant: string, id: string): Promise<boolean> {
  if (!UUID_PATTERN.test(id)) return false;
  const rows = await tx.query('SELECT 1 FROM departments WHERE tenant_id = $1 AND id = $2', [tenant, id]);
  return rows.length > 0;
}

/**
 * Creates a staff account with its roles. `email` must already be normalised (lower case, 半角).
 * A TOTP secret is stored encrypted, so passing `totpSecret` needs the municipality's `cipher`.
 * Throws a field error when the e-mail address is taken.
 */
export async function createStaffUser(
  tx: Queryable,
  tenant: string,
  input: { email: string; displayName: string; password?: string; totpSecret?: string; status: 'active' | 'invited'; roles: RoleGrant[] },
  cipher?: TenantCipher,
): Promise<{ id: string }> {
  if (input.totpSecret !== undefined) {
    if (!cipher) throw new Error('createStaffUser: a TOTP secret is stored encrypted; pass the municipality cipher');
    if (!isTotpSecret(input.totpSecret)) throw new Error('createStaffUser: totpSecret must be base32 (A–Z, 2–7), at least 16 characters');
  }
  const id = await insertStaffUser(tx, tenant, {
    ...input,
    passwordHash: input.password === undefined ? null : await hashPassword(input.password),
    totpSecretEnc: input.totpSecret === undefined ? null : cipher!.encrypt(TOTP_SECRET_FIELD, input.totpSecret),
  });
  if (!id) throw staffErrors.emailAlreadyExists();
  for (const grant of input.roles) await addRole(tx, tenant, id, grant);
  return { id };
}

/** Inserts the account row; null when the e-mail address is taken (also when another transaction just took it). */
async function insertStaffUser(
  tx: Queryable,
  tenant: string,
  u: { email: string; displayName: string; passwordHash: string | null; totpSecretEnc: string | null; status: StaffStatus },
): Promise<string | null> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO staff_users (tenant_id, email, display_name, password_hash, totp_secret, status) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, email) DO NOTHING RETURNING id`,
    [tenant, u.email, u.displayName, u.passwordHash, u.totpSecretEnc, u.status],
  );
  return row?.id ?? null;
}

/** The account's status, or null if there is no such account in this municipality. */
export async function staffStatus(tx: Queryable, tenant: string, staffId: string): Promise<StaffStatus | null> {
  if (!UUID_PATTERN.test(staffId)) return null;
  const [row] = await tx.query<{ status: StaffStatus }>('SELECT status FROM staff_users WHERE tenant_id = $1 AND id = $2', [tenant, staffId]);
  return row?.status ?? null;
}

export async function listStaff(tx: Queryable, tenant: string): Promise<StaffSummary[]> {
  const rows = await tx.query<UserRow>(
    'SELECT id, email, display_name, status, last_sign_in_at FROM staff_users WHERE tenant_id = $1 ORDER BY status, display_name, email',
    [tenant],
  );
  const roles = await rolesOf(tx, tenant, rows.map((r) => r.id));
  return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name, status: r.status, roles: roles.get(r.id) ?? [], lastSignInAt: r.last_sign_in_at }));
}

/** One account with its roles, second factors and pending invitation; null if not in this municipality. */
export async function getStaffDetail(tx: Queryable, tenant: string, staffId: string): Promise<StaffDetail | null> {
  if (!UUID_PATTERN.test(staffId)) return null;
  const [u] = await tx.query<UserRow & { has_totp: boolean }>(
    'SELECT id, email, display_name, status, last_sign_in_at, totp_secret IS NOT NULL AS has_totp FROM staff_users WHERE tenant_id = $1 AND id = $2',
    [tenant, staffId],
  );
  if (!u) return null;
  const roles = await rolesOf(tx, tenant, [u.id]);
  const [inv] = await tx.query<{ expires_at: Date }>(
    'SELECT expires_at FROM staff_invitations WHERE tenant_id = $1 AND staff_id = $2 AND accepted_at IS NULL ORDER BY created_at DESC LIMIT 1',
    [tenant, u.id],
  );
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    status: u.status,
    roles: roles.get(u.id) ?? [],
    lastSignInAt: u.last_sign_in_at,
    hasTotp: u.has_totp,
    passkeys: await listPasskeys(tx, tenant, u.id),
    invitationExpiresAt: u.status === 'invited' && inv ? new Date(inv.expires_at) : null,
  };
}

export async function listPasskeys(tx: Queryable, tenant: string, staffId: string): Promise<Passkey[]> {
  const rows = await tx.query<{ id: string; label: string; created_at: Date; last_used_at: Date | null }>(
    'SELECT id, label, created_at, last_used_at FROM webauthn_credentials WHERE tenant_id = $1 AND staff_id = $2 ORDER BY created_at',
    [tenant, staffId],
  );
  return rows.map((r) => ({ id: r.id, label: r.label, createdAt: new Date(r.created_at), lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null }));
}

/** Grants a role; returns false if the person already held it (so a repeated submit changes nothing). */
export async function addRole(tx: Queryable, tenant: string, staffId: string, grant: RoleGrant): Promise<boolean> {
  if (grant.departmentId !== null && !(await departmentExists(tx, tenant, grant.departmentId))) throw staffErrors.departmentUnknown();
  const rows = await tx.query(
    'INSERT INTO staff_roles (tenant_id, staff_id, role, department_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING staff_id',
    [tenant, staffId, grant.role, grant.departmentId],
  );
  return rows.length > 0;
}

/**
 * Locks every active municipality-wide administrator and returns how many there are besides
 * `staffId`. The row locks make two administrators who remove each other at the same moment
 * queue up, so the second one sees the first one's change and the last administrator stays.
 */
async function otherActiveAdmins(tx: Queryable, tenant: string, staffId: string): Promise<number> {
  const rows = await tx.query<{ id: string }>(
    `SELECT u.id FROM staff_users u JOIN staff_roles r ON r.tenant_id = u.tenant_id AND r.staff_id = u.id
     WHERE u.tenant_id = $1 AND r.role = 'admin' AND r.department_id IS NULL AND u.status = 'active'
     ORDER BY u.id FOR UPDATE OF u`,
    [tenant],
  );
  return rows.filter((r) => r.id !== staffId).length;
}

/** Removes a role; refuses to remove the municipality's last active administrator. Returns false if not held. */
export async function removeRole(tx: Queryable, tenant: string, staffId: string, grant: RoleGrant): Promise<boolean> {
  if (grant.role === 'admin' && grant.departmentId === null) {
    const [target] = await tx.query<{ status: StaffStatus }>('SELECT status FROM staff_users WHERE tenant_id = $1 AND id = $2', [tenant, staffId]);
    if (target?.status === 'active' && (await otherActiveAdmins(tx, tenant, staffId)) === 0) throw staffErrors.lastAdminRole();
  }
  const rows = await tx.query(
    `DELETE FROM staff_roles WHERE tenant_id = $1 AND staff_id = $2 AND role = $3 AND scope_key = coalesce($4::uuid::text, '*') RETURNING staff_id`,
    [tenant, staffId, grant.role, grant.departmentId],
  );
  return rows.length > 0;
}

/** Disables an account and ends all its sessions at once; refuses the last active administrator. */
export async function disableStaff(tx: Queryable, tenant: string, staffId: string): Promise<{ sessionsEnded: number }> {
  const isAdmin = await tx.query("SELECT 1 FROM staff_roles WHERE tenant_id = $1 AND staff_id = $2 AND role = 'admin' AND department_id IS NULL", [tenant, staffId]);
  if (isAdmin.length && (await otherActiveAdmins(tx, tenant, staffId)) === 0) throw staffErrors.lastAdminDisable();
  await tx.query("UPDATE staff_users SET status = 'disabled' WHERE tenant_id = $1 AND id = $2", [tenant, staffId]);
  return { sessionsEnded: await endAllSessions(tx, tenant, 'staff', staffId) };
}

/** Re-enables a disabled account: active if it has a password, otherwise back to invited. Clears any lockout. */
export async function enableStaff(tx: Queryable, tenant: string, staffId: string): Promise<StaffStatus> {
  const [row] = await tx.query<{ status: StaffStatus }>(
    `UPDATE staff_users SET status = CASE WHEN password_hash IS NULL THEN 'invited' ELSE 'active' END, failed_logins = 0, locked_until = NULL
     WHERE tenant_id = $1 AND id = $2 AND status = 'disabled' RETURNING status`,
    [tenant, staffId],
  );
  return row?.status ?? 'active';
}

/** Removes the authenticator app and every passkey and ends the sessions; the next sign-in enrols again. */
export async function resetSecondFactor(tx: Queryable, tenant: string, staffId: string): Promise<{ passkeysRemoved: number; sessionsEnded: number }> {
  await tx.query('UPDATE staff_users SET totp_secret = NULL, totp_last_step = NULL WHERE tenant_id = $1 AND id = $2', [tenant, staffId]);
  const removed = await tx.query('DELETE FROM webauthn_credentials WHERE tenant_id = $1 AND staff_id = $2 RETURNING id', [tenant, staffId]);
  return { passkeysRemoved: removed.length, sessionsEnded: await endAllSessions(tx, tenant, 'staff', staffId) };
}

/** A fresh invitation link token for an invited account; only its hash is stored. Earlier links stop working. */
async function issueInvitation(tx: Queryable, tenant: string, staffId: string, createdBy: string | null): Promise<{ token: string; expiresAt: Date }> {
  await tx.query('DELETE FROM staff_invitations WHERE tenant_id = $1 AND staff_id = $2 AND accepted_at IS NULL', [tenant, staffId]);
  const token = randomToken(32);
  const [row] = await tx.query<{ expires_at: Date }>(
    `INSERT INTO staff_invitations (tenant_id, staff_id, token_hash, expires_at, created_by)
     VALUES ($1, $2, $3, now() + make_interval(days => $4), $5) RETURNING expires_at`,
    [tenant, staffId, hashToken(token), INVITATION_DAYS, createdBy],
  );
  return { token, expiresAt: new Date(row!.expires_at) };
}

/**
 * Creates an invited account with one role and an invitation. Inviting an address that is already
 * invited or registered throws a field error, so a repeated submit creates nothing twice.
 */
export async function inviteStaff(
  tx: Queryable,
  tenant: string,
  input: { email: string; displayName: string; role: StaffRole; departmentId: string | null; invitedBy: string },
): Promise<{ staffId: string; token: string; expiresAt: Date }> {
  const [existing] = await tx.query<{ status: StaffStatus }>('SELECT status FROM staff_users WHERE tenant_id = $1 AND email = $2', [tenant, input.email]);
  if (existing) throw existing.status === 'invited' ? staffErrors.emailAlreadyInvited() : staffErrors.emailAlreadyExists();
  if (input.departmentId !== null && !(await departmentExists(tx, tenant, input.departmentId))) throw staffErrors.departmentUnknown();
  // Two submits racing past the check above: the second insert waits for the first and then finds the address taken.
  const staffId = await insertStaffUser(tx, tenant, { email: input.email, displayName: input.displayName, passwordHash: null, totpSecretEnc: null, status: 'invited' });
  if (!staffId) throw staffErrors.emailAlreadyInvited();
  await addRole(tx, tenant, staffId, { role: input.role, departmentId: input.departmentId });
  const { token, expiresAt } = await issueInvitation(tx, tenant, staffId, input.invitedBy);
  return { staffId, token, expiresAt };
}

/** A new link for an account still waiting to be activated; throws if it is already in use. */
export async function reissueInvitation(tx: Queryable, tenant: string, staffId: string, by: string): Promise<{ token: string; expiresAt: Date; email: string; displayName: string }> {
  const [u] = await tx.query<{ email: string; display_name: string; status: StaffStatus }>(
    'SELECT email, display_name, status FROM staff_users WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
    [tenant, staffId],
  );
  if (!u || u.status !== 'invited') throw staffErrors.notInvited();
  return { ...(await issueInvitation(tx, tenant, staffId, by)), email: u.email, displayName: u.display_name };
}

export interface OpenInvitation {
  invitationId: string;
  staffId: string;
  email: string;
  displayName: string;
}

/** The invitation a link token names, if it is unused, unexpired and its account still invited. */
export async function findOpenInvitation(tx: Queryable, tenant: string, token: string, forUpdate = false): Promise<OpenInvitation | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await tx.query<{ id: string; staff_id: string; email: string; display_name: string }>(
    `SELECT i.id, i.staff_id, u.email, u.display_name FROM staff_invitations i
     JOIN staff_users u ON u.tenant_id = i.tenant_id AND u.id = i.staff_id
     WHERE i.tenant_id = $1 AND i.token_hash = $2 AND i.accepted_at IS NULL AND i.expires_at > now() AND u.status = 'invited'
     ${forUpdate ? 'FOR UPDATE OF i' : ''}`,
    [tenant, hashToken(token)],
  );
  return row ? { invitationId: row.id, staffId: row.staff_id, email: row.email, displayName: row.display_name } : null;
}

/** The account whose invitation this token accepted in the last ten minutes (a repeated submit or click), if any. */
export async function recentlyAcceptedInvitation(tx: Queryable, tenant: string, token: string): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [row] = await tx.query<{ staff_id: string }>(
    "SELECT staff_id FROM staff_invitations WHERE tenant_id = $1 AND token_hash = $2 AND accepted_at > now() - interval '10 minutes'",
    [tenant, hashToken(token)],
  );
  return row?.staff_id ?? null;
}

/**
 * Sets the password of an invited account and activates it; the second factor is enrolled next.
 * Takes the finished hash (hashPassword) so the slow hashing happens outside the transaction.
 */
export async function acceptInvitation(tx: Queryable, tenant: string, token: string, passwordHash: string): Promise<OpenInvitation> {
  const inv = await findOpenInvitation(tx, tenant, token, true);
  if (!inv) throw staffErrors.invitationInvalid();
  await tx.query('UPDATE staff_invitations SET accepted_at = now() WHERE tenant_id = $1 AND id = $2', [tenant, inv.invitationId]);
  await tx.query("UPDATE staff_users SET password_hash = $3, status = 'active', failed_logins = 0, locked_until = NULL WHERE tenant_id = $1 AND id = $2", [
    tenant,
    inv.staffId,
    passwordHash,
  ]);
  return inv;
}

/** Display names of staff ids (for the audit log). */
export async function staffNames(tx: Queryable, tenant: string, ids: string[]): Promise<Map<string, string>> {
  const valid = [...new Set(ids.filter((id) => UUID_PATTERN.test(id)))];
  if (!valid.length) return new Map();
  const rows = await tx.query<{ id: string; display_name: string }>('SELECT id, display_name FROM staff_users WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [tenant, valid]);
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
