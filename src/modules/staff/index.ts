/**
 * The staff module: staff sign-in with a mandatory second factor (TOTP or passkey), the staff home
 * and account page, and the administration pages (staff, departments, audit log).
 * Other modules use `requireStaff` to guard their back-office pages.
 */
import { staffRoutes } from './staff.routes.ts';

export const staffModule = { routes: staffRoutes };
export { requireStaff } from './staff.guard.ts';
export { createDepartment, createStaffUser } from './staff.service.ts';
export { seedDemoStaff, DEMO_STAFF } from './staff.seed.ts';
export { currentTotpCode, totpSecondsRemaining } from './staff.totp.ts';
export type { StaffPrincipal, StaffRole } from '../../platform/auth/index.ts';
