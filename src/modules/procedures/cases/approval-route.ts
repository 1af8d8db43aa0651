/**
 * Approval routes (電子決裁) as data: each procedure has an ordered list of steps, each done by a
 * person holding the step's role in the procedure's department; the last step decides. ADR 0033.
 */
import { z } from 'zod';
import type { Queryable } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';

/** Who does a step: a clerk (or a manager) of the department, or a manager only. */
export type StepRole = 'clerk' | 'manager';

export interface ApprovalStep {
  name: Text;
  role: StepRole;
}

export const MAX_STEPS = 5;

const stepName = z.string().trim().min(1).max(20);
export const routeSchema = z
  .array(z.object({ name: z.object({ ja: stepName, en: z.string().trim().max(40) }), role: z.enum(['clerk', 'manager']) }))
  .min(1)
  .max(MAX_STEPS);

/** 起案 → 決裁: what a procedure follows until someone sets its route. */
export const DEFAULT_ROUTE: ApprovalStep[] = [
  { name: { ja: '起案', en: 'Drafting' }, role: 'clerk' },
  { name: { ja: '決裁', en: 'Final approval' }, role: 'manager' },
];

/** 起案 → 審査 → 決裁: two approvals after drafting, by two different managers (separation of duties). */
export const THREE_STEP_ROUTE: ApprovalStep[] = [
  { name: { ja: '起案', en: 'Drafting' }, role: 'clerk' },
  { name: { ja: '審査', en: 'Review' }, role: 'manager' },
  { name: { ja: '決裁', en: 'Final approval' }, role: 'manager' },
];

/** A stored route; a malformed one (edited by hand in the database) falls back to the default rather than blocking every case. */
export function parseRoute(stored: unknown): ApprovalStep[] {
  const r = routeSchema.safeParse(stored);
  return r.success ? r.data.map((s) => ({ name: { ja: s.name.ja, en: s.name.en || s.name.ja }, role: s.role })) : DEFAULT_ROUTE;
}

/** The procedure's current route. */
export async function getApprovalRoute(tx: Queryable, tenant: string, procedureId: string): Promise<ApprovalStep[]> {
  const [row] = await tx.query<{ approval_route: unknown }>('SELECT approval_route FROM procedures WHERE tenant_id = $1 AND id = $2', [tenant, procedureId]);
  if (!row) throw new AppError('not_found');
  return parseRoute(row.approval_route);
}

/** Replaces the procedure's route. Cases already under way keep the route they started with. */
export async function saveApprovalRoute(tx: Queryable, tenant: string, procedureId: string, steps: ApprovalStep[]): Promise<void> {
  const route = routeSchema.parse(steps);
  const rows = await tx.query('UPDATE procedures SET approval_route = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenant, procedureId, JSON.stringify(route)]);
  if (!rows.length) throw new AppError('not_found');
}
