/** Who may do what with news on the staff side. One line per rule. */
import { hasRole, type StaffPrincipal } from '../../platform/auth/index.ts';

/** Writing and sending for publication: a clerk or manager of the department, or an administrator. */
export const canWriteNews = (s: StaffPrincipal, departmentId: string) => hasRole(s, 'clerk', departmentId) || hasRole(s, 'manager', departmentId) || hasRole(s, 'admin');

/** Approving, returning and withdrawing: a manager of the department, or an administrator (never one's own article; the service checks that). */
export const canApproveNews = (s: StaffPrincipal, departmentId: string) => hasRole(s, 'manager', departmentId) || hasRole(s, 'admin');

/** Choosing which categories need approval: administrators. */
export const canConfigureNews = (s: StaffPrincipal) => hasRole(s, 'admin');

/** The departments whose news the person handles; null means every department (administrators). */
export function newsDepartments(s: StaffPrincipal): string[] | null {
  if (hasRole(s, 'admin') || s.roles.some((r) => (r.role === 'clerk' || r.role === 'manager') && r.departmentId === null)) return null;
  return [...new Set(s.roles.filter((r) => (r.role === 'clerk' || r.role === 'manager') && r.departmentId).map((r) => r.departmentId!))];
}

