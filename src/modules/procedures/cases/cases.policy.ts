/** Who may do what with applications on the staff side. One line per rule. */
import { hasRole, type StaffPrincipal } from '../../../platform/auth/index.ts';
import type { StepRole } from './approval-route.ts';

/** Reading a case: a clerk or manager of the procedure's department, or a municipality-wide administrator. */
export const canReadCase = (s: StaffPrincipal, departmentId: string) => hasRole(s, 'clerk', departmentId) || hasRole(s, 'manager', departmentId) || hasRole(s, 'admin');

/** Working on a case (correction request, message to the resident): a clerk or manager of the department. */
export const canHandleCase = (s: StaffPrincipal, departmentId: string) => hasRole(s, 'clerk', departmentId) || hasRole(s, 'manager', departmentId);

/** Assigning a case and writing internal notes: anyone who may read it. */
export const canAssignCase = canReadCase;

/** A step of the approval route: a clerk step by a clerk or manager of the department, a manager step by a manager of it. */
export const holdsStepRole = (s: StaffPrincipal, role: StepRole, departmentId: string) => hasRole(s, 'manager', departmentId) || (role === 'clerk' && hasRole(s, 'clerk', departmentId));

/** Editing a procedure's approval route: a municipality-wide administrator or a manager of the procedure's department. */
export const canEditRoute = (s: StaffPrincipal, departmentId: string) => hasRole(s, 'admin') || hasRole(s, 'manager', departmentId);

/** Recording an absence: for oneself, or, as an administrator or manager of the department, for someone of it. */
export const canRecordAbsenceFor = (s: StaffPrincipal, absentId: string, departmentId: string) => s.id === absentId || hasRole(s, 'admin') || hasRole(s, 'manager', departmentId);

/** The departments whose inbox the person sees; null means every department (administrators). */
export function inboxDepartments(s: StaffPrincipal): string[] | null {
  const handling = s.roles.filter((r) => r.role === 'clerk' || r.role === 'manager' || r.role === 'admin');
  if (handling.some((r) => r.departmentId === null && (r.role !== 'admin' || hasRole(s, 'admin')))) return null;
  return [...new Set(handling.filter((r) => r.role !== 'admin').map((r) => r.departmentId!))];
}
