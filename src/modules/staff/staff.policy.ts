/** Who may do what in the staff area. One rule per line; routes ask these, never roles directly. */
import { hasRole, type StaffPrincipal } from '../../platform/auth/index.ts';

export const staffPolicy = {
  /** Administrators open the administration pages. */
  administer: (p: StaffPrincipal) => hasRole(p, 'admin'),
  /** Administrators invite staff and change their roles. */
  manageStaff: (p: StaffPrincipal) => hasRole(p, 'admin'),
  /** Administrators add departments. */
  manageDepartments: (p: StaffPrincipal) => hasRole(p, 'admin'),
  /** Administrators and auditors read and verify the audit log. */
  readAudit: (p: StaffPrincipal) => hasRole(p, 'admin') || hasRole(p, 'auditor'),
  /** An administrator may disable anyone but themself (no locking yourself out mid-task). */
  disableStaff: (p: StaffPrincipal, targetId: string) => hasRole(p, 'admin') && p.id !== targetId,
  /** An administrator may reset another person's second factor; one's own is changed on the account page. */
  resetSecondFactor: (p: StaffPrincipal, targetId: string) => hasRole(p, 'admin') && p.id !== targetId,
};
