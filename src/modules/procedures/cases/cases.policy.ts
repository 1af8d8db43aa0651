/** Who may do what with applications on the staff side. One line per rule. */
import { hasRole, type StaffPrincipal } from '../../../platform/auth/index.ts';

/** Reading a case: a clerk or manager of the procedure's department, or a municipality-wide administrator. */
export const canReadCase = (s: StaffPrincipal, departmentId: string) => hasRole(s, 'clerk', departmentId) || hasRole(s, 'manager', departmentId) || hasRole(s, 'admin');

/** Deciding (approve / reject): a manager of the department, or a municipality-wide administrator. */
export const canDecideCase = (s: StaffPrincipal, departmentId: string) => hasRole(s, 'manager', departmentId) || hasRole(s, 'admin');

/** The departments whose inbox the person sees; null means every department (administrators). */
export function inboxDepartments(s: StaffPrincipal): string[] | null {
  const handling = s.roles.filter((r) => r.role === 'clerk' || r.role === 'manager' || r.role === 'admin');
  if (handling.some((r) => r.departmentId === null && (r.role !== 'admin' || hasRole(s, 'admin')))) return null;
  return [...new Set(handling.filter((r) => r.role !== 'admin').map((r) => r.departmentId!))];
}
