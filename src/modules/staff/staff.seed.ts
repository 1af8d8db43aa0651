/**
 * Demo staff of the fictional municipality: departments, an administrator, a clerk and a manager,
 * each with a fixed password and a fixed TOTP secret printed at start-up and documented, so the
 * demo can be used at once (`npm run demo:otp` prints the administrator's current code).
 * Idempotent: every start brings these accounts back to the documented state.
 */
import type { Deps } from '../../platform/http/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { hashPassword, verifyPassword } from './staff.passwords.ts';
import { TOTP_SECRET_FIELD, type StaffRole } from './staff.schema.ts';
import { addRole, createStaffUser } from './staff.service.ts';

export const DEMO_DEPARTMENTS = [
  { code: 'shimin', nameJa: '市民課', nameEn: 'Citizen Services Division' },
  { code: 'kosodate', nameJa: '子育て支援課', nameEn: 'Child and Family Support Division' },
  { code: 'fukushi', nameJa: '福祉課', nameEn: 'Welfare Division' },
  { code: 'zeimu', nameJa: '税務課', nameEn: 'Taxation Division' },
  { code: 'bosai', nameJa: '防災危機管理課', nameEn: 'Disaster Management Division' },
  { code: 'dx', nameJa: 'DX推進課', nameEn: 'Digital Transformation Division' },
] as const;

/** The demo accounts. Fictional and public: never use them outside a demo. */
export const DEMO_STAFF = {
  admin: { email: 'admin@minatono.example.jp', displayName: '管理者 太郎', password: 'minatono-admin-demo', totpSecret: 'MINATONODEMOADMINTOTPSECRETAAAAA', role: 'admin', department: null },
  clerk: { email: 'clerk@minatono.example.jp', displayName: '窓口 花子', password: 'minatono-clerk-demo', totpSecret: 'MINATONODEMOCLERKTOTPSECRETBBBBB', role: 'clerk', department: 'shimin' },
  manager: { email: 'manager@minatono.example.jp', displayName: '子育 一郎', password: 'minatono-manager-demo', totpSecret: 'MINATONODEMOMANAGERTOTPSECRETCCC', role: 'manager', department: 'kosodate' },
  // A second manager and a clerk of 子育て支援課: the 児童手当 approval route (起案 → 審査 → 決裁) needs three different people.
  manager2: { email: 'manager2@minatono.example.jp', displayName: '子育 二郎', password: 'minatono-manager2-demo', totpSecret: 'MINATONODEMOMANAGERTWOTOTPSECRET', role: 'manager', department: 'kosodate' },
  kosodateClerk: { email: 'kosodate@minatono.example.jp', displayName: '子育 三子', password: 'minatono-kosodate-demo', totpSecret: 'MINATONODEMOKOSODATETOTPSECRETEE', role: 'clerk', department: 'kosodate' },
} as const satisfies Record<string, { email: string; displayName: string; password: string; totpSecret: string; role: StaffRole; department: string | null }>;

export async function seedDemoStaff(deps: Deps, tenantCode: string): Promise<{ adminEmail: string; adminPassword: string; adminTotpSecret: string }> {
  await withTenant(deps.db, tenantCode, async (tx) => {
    const cipher = await deps.keyring.forTenant(tx, tenantCode);
    const departmentIds = new Map<string, string>();
    for (const d of DEMO_DEPARTMENTS) {
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, code) DO UPDATE SET name_ja = EXCLUDED.name_ja, name_en = EXCLUDED.name_en RETURNING id`,
        [tenantCode, d.code, d.nameJa, d.nameEn],
      );
      departmentIds.set(d.code, row!.id);
    }
    for (const s of Object.values(DEMO_STAFF)) {
      const grant = { role: s.role, departmentId: s.department ? departmentIds.get(s.department)! : null };
      const [existing] = await tx.query<{ id: string; password_hash: string | null; totp_secret: string | null }>(
        'SELECT id, password_hash, totp_secret FROM staff_users WHERE tenant_id = $1 AND email = $2',
        [tenantCode, s.email],
      );
      if (!existing) {
        await createStaffUser(tx, tenantCode, { email: s.email, displayName: s.displayName, password: s.password, totpSecret: s.totpSecret, status: 'active', roles: [grant] }, cipher);
        continue;
      }
      // Put back what a demo visitor may have changed, touching only what differs (scrypt is slow).
      if (!(await verifyPassword(s.password, existing.password_hash)).ok)
        await tx.query('UPDATE staff_users SET password_hash = $3 WHERE tenant_id = $1 AND id = $2', [tenantCode, existing.id, await hashPassword(s.password)]);
      if (!existing.totp_secret || cipher.decrypt(TOTP_SECRET_FIELD, existing.totp_secret) !== s.totpSecret)
        await tx.query('UPDATE staff_users SET totp_secret = $3, totp_last_step = NULL WHERE tenant_id = $1 AND id = $2', [tenantCode, existing.id, cipher.encrypt(TOTP_SECRET_FIELD, s.totpSecret)]);
      await tx.query("UPDATE staff_users SET display_name = $3, status = 'active', failed_logins = 0, locked_until = NULL WHERE tenant_id = $1 AND id = $2", [
        tenantCode,
        existing.id,
        s.displayName,
      ]);
      await addRole(tx, tenantCode, existing.id, grant);
    }
  });
  return { adminEmail: DEMO_STAFF.admin.email, adminPassword: DEMO_STAFF.admin.password, adminTotpSecret: DEMO_STAFF.admin.totpSecret };
}
