import { hasRole, type StaffPrincipal, type StaffRole } from '../../platform/auth/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { Ctx } from '../../platform/http/index.ts';

/**
 * The signed-in staff member (password and second factor passed, account active).
 * Throws AppError('unauthenticated') without one (a GET is redirected to the sign-in page and back),
 * or AppError('forbidden') when `role` is given and not held municipality-wide or in `departmentId`.
 */
export function requireStaff(c: Ctx, opts: { role?: StaffRole; departmentId?: string } = {}): StaffPrincipal {
  const principal = c.var.staffPrincipal;
  if (!principal) throw new AppError(c.var.sessionEnded === 'expired' ? 'session_expired' : 'unauthenticated');
  if (opts.role && !hasRole(principal, opts.role, opts.departmentId)) throw new AppError('forbidden');
  return principal;
}

/** Throws AppError('forbidden') unless a policy rule allowed the action. */
export function authorize(allowed: boolean): void {
  if (!allowed) throw new AppError('forbidden');
}
