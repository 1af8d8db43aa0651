/**
 * Moving a case along its approval route (電子決裁): approve the current step (the last one decides),
 * return it one step back (差し戻し), or reject it at any step. Each step is done by someone holding
 * the step's role in the procedure's department, or by the delegate of such a person while they
 * are away (代決, recorded as "X on behalf of Y"); nobody approves two steps of one case
 * (separation of duties). Callers lock the application row (getApplication with lock) first.
 */
import { loadStaffPrincipal, type StaffPrincipal } from '../../../platform/auth/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { decideApplication, recordEvent, type Application } from '../applications.service.ts';
import { parseRoute, type ApprovalStep } from './approval-route.ts';
import { caseWorkText as m } from './cases.messages.ts';
import { holdsStepRole } from './cases.policy.ts';

/** The route a case follows: its own copy once started, else the procedure's current route. */
export function routeOf(app: Application, procedureRoute: ApprovalStep[]): ApprovalStep[] {
  return app.approvalRoute ? parseRoute(app.approvalRoute) : procedureRoute;
}

export interface StandingApproval {
  step: number;
  staffId: string;
  staffName: string;
  onBehalfOfId: string | null;
  onBehalfOfName: string | null;
  at: Date;
}

/** The approvals currently standing on a case, by step. */
export async function caseApprovals(tx: Queryable, tenant: string, applicationId: string): Promise<StandingApproval[]> {
  const rows = await tx.query<{ step: number; staff_id: string; staff_name: string; on_behalf_of: string | null; behalf_name: string | null; at: Date | string }>(
    `SELECT a.step, a.staff_id, s.display_name AS staff_name, a.on_behalf_of, b.display_name AS behalf_name, a.at
     FROM case_approvals a JOIN staff_users s ON s.tenant_id = a.tenant_id AND s.id = a.staff_id
     LEFT JOIN staff_users b ON b.tenant_id = a.tenant_id AND b.id = a.on_behalf_of
     WHERE a.tenant_id = $1 AND a.application_id = $2 ORDER BY a.step`,
    [tenant, applicationId],
  );
  return rows.map((r) => ({ step: r.step, staffId: r.staff_id, staffName: r.staff_name, onBehalfOfId: r.on_behalf_of, onBehalfOfName: r.behalf_name, at: new Date(r.at) }));
}

export type StepAuthority = { ok: true; onBehalfOf: { id: string; name: string } | null } | { ok: false; reason: Text };

/**
 * Whether `staff` may act on the case's current step now: holding the step's role, or as the
 * delegate of someone who holds it and is away today (Japan time). Refused when the person (or the
 * absent person they act for) already approved another step of this case.
 */
export async function stepAuthority(tx: Queryable, tenant: string, staff: StaffPrincipal, input: { app: Application; route: ApprovalStep[]; departmentId: string }): Promise<StepAuthority> {
  const { app, route, departmentId } = input;
  if (app.status !== 'submitted') return { ok: false, reason: m.notWaitingForStep };
  const index = Math.min(app.currentStep, route.length - 1);
  const step = route[index]!;
  const others = (await caseApprovals(tx, tenant, app.id)).filter((a) => a.step !== index);
  const involved = new Set(others.flatMap((a) => [a.staffId, ...(a.onBehalfOfId ? [a.onBehalfOfId] : [])]));
  if (involved.has(staff.id)) return { ok: false, reason: m.separationOfDuties };
  if (holdsStepRole(staff, step.role, departmentId)) return { ok: true, onBehalfOf: null };
  const absences = await tx.query<{ staff_id: string }>(
    `SELECT staff_id FROM staff_absences WHERE tenant_id = $1 AND delegate_id = $2 AND department_id = $3
       AND (now() AT TIME ZONE 'Asia/Tokyo')::date BETWEEN starts_on AND ends_on ORDER BY starts_on, created_at`,
    [tenant, staff.id, departmentId],
  );
  let separated = false;
  for (const a of absences) {
    const absent = await loadStaffPrincipal(tx, tenant, a.staff_id);
    if (!absent || absent.status !== 'active' || !holdsStepRole(absent, step.role, departmentId)) continue;
    if (involved.has(absent.id)) {
      separated = true;
      continue;
    }
    return { ok: true, onBehalfOf: { id: absent.id, name: absent.displayName } };
  }
  return { ok: false, reason: separated ? m.separationOfDuties : step.role === 'manager' ? m.managerStep : m.clerkStep };
}

export type StepAction = 'approve' | 'return' | 'reject';
export type StepOutcome = 'advanced' | 'accepted' | 'returned' | 'rejected';

/**
 * Acts on the case's current step. Throws forbidden (with the reason) when `staff` may not,
 * conflict when the case is not waiting for a step, validation_failed when a return or rejection
 * has no reason or the first step is returned.
 */
export async function actOnStep(
  tx: Queryable,
  tenant: string,
  app: Application,
  input: { action: StepAction; staff: StaffPrincipal; departmentId: string; procedureRoute: ApprovalStep[]; note: string; mail: { procedureName: Text; tenantName: string; link: string } },
): Promise<StepOutcome> {
  if (app.status !== 'submitted') throw new AppError('conflict');
  const route = routeOf(app, input.procedureRoute);
  const authority = await stepAuthority(tx, tenant, input.staff, { app, route, departmentId: input.departmentId });
  if (!authority.ok) throw new AppError('forbidden', { message: authority.reason });
  const index = Math.min(app.currentStep, route.length - 1);
  const onBehalfOf = authority.onBehalfOf?.id ?? null;
  const by = { actorKind: 'staff' as const, actorId: input.staff.id, step: index, onBehalfOf };
  if ((input.action === 'return' || input.action === 'reject') && !input.note) throw new AppError('validation_failed', { fields: [{ field: 'note', message: m.reasonRequired }] });
  if (input.action === 'return' && index === 0) throw new AppError('validation_failed', { fields: [{ field: 'action', message: m.cannotReturnFirst }] });

  // Fix the route on the case at its first step, so later edits of the procedure's route do not move it.
  const moved = await tx.query(
    "UPDATE applications SET approval_route = coalesce(approval_route, $4::jsonb), updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'submitted' AND current_step = $3 RETURNING id",
    [tenant, app.id, app.currentStep, JSON.stringify(route)],
  );
  if (!moved.length) throw new AppError('conflict');

  if (input.action === 'reject') {
    await decideApplication(tx, tenant, app, { decision: 'rejected', staffId: input.staff.id, note: input.note, step: index, onBehalfOf, mail: input.mail });
    return 'rejected';
  }
  if (input.action === 'return') {
    await tx.query('DELETE FROM case_approvals WHERE tenant_id = $1 AND application_id = $2 AND step >= $3', [tenant, app.id, index - 1]);
    await tx.query('UPDATE applications SET current_step = $3 WHERE tenant_id = $1 AND id = $2', [tenant, app.id, index - 1]);
    await recordEvent(tx, tenant, app.id, { status: 'submitted', kind: 'returned', note: input.note, ...by });
    return 'returned';
  }
  await tx.query(
    `INSERT INTO case_approvals (tenant_id, application_id, step, staff_id, on_behalf_of) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, application_id, step) DO UPDATE SET staff_id = EXCLUDED.staff_id, on_behalf_of = EXCLUDED.on_behalf_of, at = now()`,
    [tenant, app.id, index, input.staff.id, onBehalfOf],
  );
  if (index === route.length - 1) {
    await decideApplication(tx, tenant, app, { decision: 'accepted', staffId: input.staff.id, note: input.note, step: index, onBehalfOf, mail: input.mail });
    return 'accepted';
  }
  await tx.query('UPDATE applications SET current_step = $3 WHERE tenant_id = $1 AND id = $2', [tenant, app.id, index + 1]);
  await recordEvent(tx, tenant, app.id, { status: 'submitted', kind: 'step_approved', note: input.note, ...by });
  return 'advanced';
}

export interface Absence {
  id: string;
  staffId: string;
  staffName: string;
  delegateId: string;
  delegateName: string;
  departmentId: string;
  departmentName: Text;
  startsOn: string;
  endsOn: string;
}

const isoDate = (v: Date | string) => (typeof v === 'string' ? v.slice(0, 10) : new Date(v.getTime() - v.getTimezoneOffset() * 60_000).toISOString().slice(0, 10));

/** Absences not yet over (Japan time) in the given departments (null: all), soonest first. */
export async function listAbsences(tx: Queryable, tenant: string, departmentIds: string[] | null): Promise<Absence[]> {
  const rows = await tx.query<{ id: string; staff_id: string; staff_name: string; delegate_id: string; delegate_name: string; department_id: string; dept_ja: string; dept_en: string; starts_on: Date | string; ends_on: Date | string }>(
    `SELECT a.id, a.staff_id, s.display_name AS staff_name, a.delegate_id, d.display_name AS delegate_name, a.department_id, dp.name_ja AS dept_ja, dp.name_en AS dept_en, a.starts_on::text AS starts_on, a.ends_on::text AS ends_on
     FROM staff_absences a
     JOIN staff_users s ON s.tenant_id = a.tenant_id AND s.id = a.staff_id
     JOIN staff_users d ON d.tenant_id = a.tenant_id AND d.id = a.delegate_id
     JOIN departments dp ON dp.tenant_id = a.tenant_id AND dp.id = a.department_id
     WHERE a.tenant_id = $1 AND a.ends_on >= (now() AT TIME ZONE 'Asia/Tokyo')::date ${departmentIds ? 'AND a.department_id = ANY ($2)' : ''}
     ORDER BY a.starts_on, a.created_at LIMIT 200`,
    departmentIds ? [tenant, departmentIds] : [tenant],
  );
  return rows.map((r) => ({ id: r.id, staffId: r.staff_id, staffName: r.staff_name, delegateId: r.delegate_id, delegateName: r.delegate_name, departmentId: r.department_id, departmentName: { ja: r.dept_ja, en: r.dept_en }, startsOn: isoDate(r.starts_on), endsOn: isoDate(r.ends_on) }));
}

/** Records an absence with its delegate. Both must hold a handling role (clerk or manager) in the department. */
export async function recordAbsence(tx: Queryable, tenant: string, input: { staffId: string; delegateId: string; departmentId: string; startsOn: string; endsOn: string; createdBy: string }): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO staff_absences (tenant_id, staff_id, delegate_id, department_id, starts_on, ends_on, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
    [tenant, input.staffId, input.delegateId, input.departmentId, input.startsOn, input.endsOn, input.createdBy],
  );
  return row!.id;
}

/** One absence by id (another municipality's id finds nothing). */
export async function getAbsence(tx: Queryable, tenant: string, id: string): Promise<{ id: string; staffId: string; departmentId: string } | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await tx.query<{ id: string; staff_id: string; department_id: string }>('SELECT id, staff_id, department_id FROM staff_absences WHERE tenant_id = $1 AND id = $2', [tenant, id]);
  return row ? { id: row.id, staffId: row.staff_id, departmentId: row.department_id } : null;
}

/** Ends an absence early (it stays in no list once over). */
export async function cancelAbsence(tx: Queryable, tenant: string, id: string): Promise<void> {
  await tx.query('DELETE FROM staff_absences WHERE tenant_id = $1 AND id = $2', [tenant, id]);
}
