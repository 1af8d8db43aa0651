/** Who may use the form builder. One line per rule. */
import { hasRole, type StaffPrincipal } from '../../../platform/auth/index.ts';

/** Editing a procedure and its form: a manager of its department, or a municipality-wide administrator. */
export const canManageProcedure = (s: StaffPrincipal, departmentId: string) => hasRole(s, 'admin') || hasRole(s, 'manager', departmentId);

/** The departments whose procedures the person manages; null means every department (administrators and municipality-wide managers). */
export function builderDepartments(s: StaffPrincipal): string[] | null {
  if (hasRole(s, 'admin') || hasRole(s, 'manager')) return null;
  return [...new Set(s.roles.filter((r) => r.role === 'manager' && r.departmentId).map((r) => r.departmentId!))];
}

/** Opening the builder at all: administrators and managers. Clerks and auditors are refused. */
export const canUseBuilder = (s: StaffPrincipal) => s.roles.some((r) => r.role === 'admin' || r.role === 'manager');
