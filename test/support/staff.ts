/**
 * Staff factories for tests: `buildStaff` creates an active account with a password and an
 * enrolled authenticator app (role clerk unless told otherwise); `signInStaff` signs it in through
 * the real pages (password, then a TOTP code), asserting each step.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Secret } from 'otpauth';
import { createStaffUser, currentTotpCode, type StaffRole } from '../../src/modules/staff/index.ts';
import { withTenant } from '../../src/platform/tenancy/index.ts';
import type { TestClient } from './client.ts';
import type { TestTenant } from './factories.ts';
import type { TestPlatform } from './platform.ts';

export interface TestStaff {
  id: string;
  email: string;
  password: string;
  /** Base32 secret of the enrolled authenticator app; '' when built with `totp: false`. */
  totpSecret: string;
}

export interface StaffOverrides {
  email?: string;
  displayName?: string;
  password?: string;
  roles?: { role: StaffRole; departmentId: string | null }[];
  /** false: no second factor yet (the next sign-in must enrol one). */
  totp?: boolean;
}

export const TEST_STAFF_PASSWORD = 'correct horse battery staple';

export async function buildStaff(p: TestPlatform, tenant: TestTenant, overrides: StaffOverrides = {}): Promise<TestStaff> {
  const email = overrides.email ?? `staff-${crypto.randomBytes(4).toString('hex')}@m${tenant.code}.example.jp`;
  const password = overrides.password ?? TEST_STAFF_PASSWORD;
  const totpSecret = overrides.totp === false ? '' : new Secret({ size: 20 }).base32;
  const { id } = await withTenant(p.deps.db, tenant.code, async (tx) =>
    createStaffUser(
      tx,
      tenant.code,
      {
        email,
        displayName: overrides.displayName ?? `職員 ${email.slice(6, 10)}`,
        password,
        ...(totpSecret ? { totpSecret } : {}),
        status: 'active',
        roles: overrides.roles ?? [{ role: 'clerk', departmentId: null }],
      },
      await p.deps.keyring.forTenant(tx, tenant.code),
    ),
  );
  return { id, email, password, totpSecret };
}

const STEP_MS = 30_000;
const lastStep = new Map<string, number>();

/**
 * A TOTP code the server has not accepted yet for this person. The server takes codes one step
 * early or late but each step only once, so a second sign-in within the same 30 seconds uses the
 * next step's code, and a third waits for the clock.
 */
export async function totpCodeFor(staff: Pick<TestStaff, 'id' | 'totpSecret'>): Promise<string> {
  assert.ok(staff.totpSecret, 'this staff member has no authenticator app');
  for (;;) {
    const now = Math.floor(Date.now() / STEP_MS);
    const step = Math.max(now, (lastStep.get(staff.id) ?? -1) + 1);
    if (step <= now + 1) {
      lastStep.set(staff.id, step);
      return currentTotpCode(staff.totpSecret, step * STEP_MS + STEP_MS / 2);
    }
    await new Promise((r) => setTimeout(r, (now + 1) * STEP_MS - Date.now() + 50));
  }
}

/** Records that a code of this step was used outside totpCodeFor (so the next one skips it). */
export function noteTotpStepUsed(staffId: string, at = Date.now()): void {
  lastStep.set(staffId, Math.max(lastStep.get(staffId) ?? -1, Math.floor(at / STEP_MS)));
}

/** Signs in through /staff/login and /staff/login/mfa; asserts both steps and ends at `next`. */
export async function signInStaff(client: TestClient, staff: TestStaff, next = '/staff'): Promise<void> {
  const login = await client.post('/staff/login', { email: staff.email, password: staff.password, next });
  assert.equal(login.status, 303, `password step: expected 303, got ${login.status}`);
  assert.equal(login.location, `/staff/login/mfa?next=${encodeURIComponent(next)}`);
  const mfa = await client.post('/staff/login/mfa', { code: await totpCodeFor(staff), next });
  assert.equal(mfa.status, 303, `second factor: expected 303, got ${mfa.status}`);
  assert.equal(mfa.location, next);
}

/** A client of the staff member's municipality, signed in as them. */
export async function signedInStaffClient(tenant: TestTenant, staff: TestStaff): Promise<TestClient> {
  const client = tenant.client();
  await signInStaff(client, staff);
  return client;
}
