/** Who may hand cases over to core systems. One line per rule. */
import { hasRole, type StaffPrincipal } from '../../../platform/auth/index.ts';

/** Exporting a procedure's accepted cases (a bulk read of personal data): a manager of its department, or a municipality-wide administrator. */
export const canExportCases = (s: StaffPrincipal, departmentId: string) => hasRole(s, 'manager', departmentId) || hasRole(s, 'admin');

/** The departments whose procedures the person may export; null means every department. */
export function exportDepartments(s: StaffPrincipal): string[] {
  return [...new Set(s.roles.filter((r) => r.role === 'manager' && r.departmentId !== null).map((r) => r.departmentId!))];
}

/** Whether the person may export every department's procedures. */
export const exportsEverything = (s: StaffPrincipal) => hasRole(s, 'admin') || hasRole(s, 'manager');
