/**
 * The staff tables (migrations/0001_foundation.sql, 0002_staff.sql) as the module sees them:
 * staff_users, staff_roles, departments, staff_invitations, webauthn_credentials.
 */
import type { StaffRole } from '../../platform/auth/index.ts';
import { registerEncryptedColumns } from '../../platform/crypto/index.ts';

export type { StaffRole };
export type StaffStatus = 'invited' | 'active' | 'disabled';

export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'manager', 'clerk', 'auditor'];

/** A role held in one department, or (departmentId null) across the whole municipality. */
export interface RoleGrant {
  role: StaffRole;
  departmentId: string | null;
}

export interface Department {
  id: string;
  code: string;
  nameJa: string;
  nameEn: string;
  staffCount: number;
}

export interface StaffSummary {
  id: string;
  email: string;
  displayName: string;
  status: StaffStatus;
  roles: RoleGrant[];
  lastSignInAt: Date | null;
}

export interface Passkey {
  id: string;
  label: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface StaffDetail extends StaffSummary {
  hasTotp: boolean;
  passkeys: Passkey[];
  /** The newest unaccepted invitation of an invited account. */
  invitationExpiresAt: Date | null;
}

/** Field name bound into the TOTP secret's ciphertext. */
export const TOTP_SECRET_FIELD = 'staff_users.totp_secret';

registerEncryptedColumns({ table: 'staff_users', key: ['id'], column: 'totp_secret', field: TOTP_SECRET_FIELD });

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
