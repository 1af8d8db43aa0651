import type { Assurance } from '../../platform/auth/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { Ctx } from '../../platform/http/index.ts';

/**
 * The signed-in resident, at least at `minAssurance` (1: e-mail code, 2: My Number Card).
 * Throws AppError('unauthenticated') without a session (GET requests are sent to /login?next=…)
 * and AppError('assurance_required') when the session's level is too low.
 */
export function requireResident(c: Ctx, minAssurance: Assurance = 1): { residentId: string; assurance: Assurance } {
  const session = c.var.residentSession;
  if (!session) throw new AppError('unauthenticated');
  if (session.assurance < minAssurance) throw new AppError('assurance_required');
  return { residentId: session.subjectId, assurance: session.assurance };
}
