/**
 * Staff settings of the approval workflow: the approval route of each procedure
 * (/staff/approval-routes, /staff/procedures/:procedureId/route; an administrator or the
 * department's manager) and absences with a delegate (/staff/absences; for oneself, or as a
 * manager of the department or an administrator).
 */
import { Hono } from 'hono';
import { hasRole, type StaffPrincipal } from '../../../platform/auth/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { AppError, type FieldError } from '../../../platform/errors/index.ts';
import { audit, pageContext, seeOther, tenantTx, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import { format, type Text } from '../../../platform/i18n/index.ts';
import { requireStaff } from '../../staff/index.ts';
import { parseJapaneseDate } from '../forms/wareki.ts';
import { getProcedureById } from '../procedures.service.ts';
import { AbsencesPage, RouteEditPage, RoutesPage, type AbsenceValues, type RouteRows } from '../views/approval-routes.tsx';
import { MAX_STEPS, parseRoute, saveApprovalRoute, type ApprovalStep } from './approval-route.ts';
import { cancelAbsence, getAbsence, listAbsences, recordAbsence } from './approvals.service.ts';
import { departmentStaff, type StaffChoice } from './case-work.service.ts';
import { caseWorkText as w } from './cases.messages.ts';
import { canEditRoute, canRecordAbsenceFor, inboxDepartments } from './cases.policy.ts';

export const settingsRoutes = new Hono<AppEnv>();

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const fill = (text: Text, params: Record<string, string | number>): Text => ({ ja: format(text.ja, params), en: format(text.en, params) });

/** The departments whose routes the person may edit: all for an administrator, else those they manage. */
function managedDepartments(s: StaffPrincipal): string[] | null {
  if (hasRole(s, 'admin')) return null;
  return s.roles.filter((r) => r.role === 'manager' && r.departmentId).map((r) => r.departmentId!);
}

settingsRoutes.get('/staff/approval-routes', async (c) => {
  const staff = requireStaff(c);
  const departments = managedDepartments(staff);
  if (departments && !departments.length) throw new AppError('forbidden');
  const procedures = await tenantTx(c, (tx) =>
    tx.query<{ id: string; name_ja: string; name_en: string; dept_ja: string; dept_en: string; approval_route: unknown }>(
      `SELECT p.id, p.name_ja, p.name_en, d.name_ja AS dept_ja, d.name_en AS dept_en, p.approval_route
       FROM procedures p JOIN departments d ON d.tenant_id = p.tenant_id AND d.id = p.department_id
       WHERE p.tenant_id = $1 ${departments ? 'AND p.department_id = ANY ($2)' : ''} ORDER BY p.sort_order, p.slug`,
      departments ? [c.var.tenant.code, departments] : [c.var.tenant.code],
    ),
  );
  return c.html(<RoutesPage ctx={pageContext(c)} procedures={procedures.map((p) => ({ id: p.id, name: { ja: p.name_ja, en: p.name_en }, department: { ja: p.dept_ja, en: p.dept_en }, route: parseRoute(p.approval_route) }))} />);
});

/** The procedure, if the person may edit its route (404 for another municipality's id, 403 for another department's). */
async function editableProcedure(c: Ctx, tx: Queryable) {
  const staff = requireStaff(c);
  const id = c.req.param('procedureId') ?? '';
  const procedure = isUuid(id) ? await getProcedureById(tx, c.var.tenant.code, id) : null;
  if (!procedure) throw new AppError('not_found');
  if (!canEditRoute(staff, procedure.department.id)) throw new AppError('forbidden');
  return procedure;
}

settingsRoutes.get('/staff/procedures/:procedureId/route', async (c) => {
  const { procedure, route } = await tenantTx(c, async (tx) => {
    const procedure = await editableProcedure(c, tx);
    const [row] = await tx.query<{ approval_route: unknown }>('SELECT approval_route FROM procedures WHERE tenant_id = $1 AND id = $2', [c.var.tenant.code, procedure.id]);
    return { procedure, route: parseRoute(row?.approval_route) };
  });
  const rows = route.map((s) => ({ ja: s.name.ja, en: s.name.en, role: s.role }));
  return c.html(<RouteEditPage ctx={pageContext(c)} procedureId={procedure.id} procedureName={procedure.name} rows={rows} errors={[]} notice={c.req.query('notice') === 'saved' ? w.routeSaved : undefined} />);
});

/** Reads the posted rows; rows without a Japanese name are not used. */
function checkRoute(rows: RouteRows): { steps: ApprovalStep[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const steps: ApprovalStep[] = [];
  rows.forEach((r, i) => {
    const ja = r.ja.normalize('NFC').trim();
    const en = r.en.normalize('NFC').trim();
    if (!ja) return;
    if (ja.length > 20 || en.length > 40 || /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(ja + en)) errors.push({ field: `steps.${i}.ja`, message: fill(w.stepNameInvalid, { n: i + 1 }) });
    steps.push({ name: { ja, en: en || ja }, role: r.role === 'clerk' ? 'clerk' : 'manager' });
  });
  if (!steps.length) errors.push({ field: 'steps.0.ja', message: w.oneStep });
  else if (steps[steps.length - 1]!.role !== 'manager') errors.push({ field: `steps.${rows.map((r) => r.ja.trim()).findLastIndex(Boolean)}.role`, message: w.lastStepManager });
  return { steps, errors };
}

settingsRoutes.post('/staff/procedures/:procedureId/route', async (c) => {
  const body = await c.req.parseBody();
  const rows: RouteRows = Array.from({ length: MAX_STEPS }, (_, i) => ({ ja: str(body[`steps.${i}.ja`]).slice(0, 100), en: str(body[`steps.${i}.en`]).slice(0, 100), role: str(body[`steps.${i}.role`]) }));
  const { steps, errors } = checkRoute(rows);
  const procedure = await tenantTx(c, async (tx) => {
    const procedure = await editableProcedure(c, tx);
    if (errors.length) return procedure;
    await saveApprovalRoute(tx, c.var.tenant.code, procedure.id, steps);
    await audit(c, tx, { action: 'procedure.route.update', recordType: 'procedure', recordId: procedure.id, details: { steps: steps.map((s) => `${s.name.ja}:${s.role}`) } });
    return procedure;
  });
  if (errors.length) return c.html(<RouteEditPage ctx={pageContext(c)} procedureId={procedure.id} procedureName={procedure.name} rows={rows} errors={errors} />, 400);
  return seeOther(c, `/staff/procedures/${procedure.id}/route?notice=saved`);
});

/** Departments the person handles cases of, and their staff, for the absence form. */
async function absenceChoices(tx: Queryable, c: Ctx, staff: StaffPrincipal) {
  const ids = inboxDepartments(staff);
  const departments = await tx.query<{ id: string; name_ja: string; name_en: string }>(
    `SELECT id, name_ja, name_en FROM departments WHERE tenant_id = $1 ${ids ? 'AND id = ANY ($2)' : ''} ORDER BY code`,
    ids ? [c.var.tenant.code, ids] : [c.var.tenant.code],
  );
  const people = new Map<string, StaffChoice>();
  const byDepartment = new Map<string, StaffChoice[]>();
  for (const d of departments) {
    const list = await departmentStaff(tx, c.var.tenant.code, d.id);
    byDepartment.set(d.id, list);
    for (const p of list) people.set(p.id, p);
  }
  return { ids, departments: departments.map((d) => ({ id: d.id, name: { ja: d.name_ja, en: d.name_en } })), staff: [...people.values()], byDepartment };
}

async function renderAbsences(c: Ctx, values: AbsenceValues | null, errors: FieldError[], notice?: Text) {
  const staff = requireStaff(c);
  const data = await tenantTx(c, async (tx) => {
    const choices = await absenceChoices(tx, c, staff);
    return { ...choices, absences: await listAbsences(tx, c.var.tenant.code, choices.ids) };
  });
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
  const v = values ?? { departmentId: data.departments[0]?.id ?? '', staffId: staff.id, delegateId: '', startsOn: today, endsOn: today };
  return c.html(<AbsencesPage ctx={pageContext(c)} absences={data.absences} departments={data.departments} staff={data.staff} values={v} errors={errors} notice={notice} />, errors.length ? 400 : 200);
}

settingsRoutes.get('/staff/absences', (c) => {
  const notice = { added: w.absenceAdded, cancelled: w.absenceCancelled }[c.req.query('notice') ?? ''];
  return renderAbsences(c, null, [], notice);
});

settingsRoutes.post('/staff/absences', async (c) => {
  const staff = requireStaff(c);
  const body = await c.req.parseBody();
  const values: AbsenceValues = { departmentId: str(body.departmentId), staffId: str(body.staffId), delegateId: str(body.delegateId), startsOn: str(body.startsOn).trim().slice(0, 20), endsOn: str(body.endsOn).trim().slice(0, 20) };
  const errors: FieldError[] = [];
  const saved = await tenantTx(c, async (tx) => {
    const choices = await absenceChoices(tx, c, staff);
    const people = choices.byDepartment.get(values.departmentId);
    if (!people) errors.push({ field: 'departmentId', message: { ja: '「担当課」は一覧から選んでください。', en: 'Choose the department from the list.' } });
    else {
      if (!people.some((p) => p.id === values.staffId)) errors.push({ field: 'staffId', message: fill(w.notInDepartment, { label: w.absent.ja }) });
      if (!people.some((p) => p.id === values.delegateId)) errors.push({ field: 'delegateId', message: fill(w.notInDepartment, { label: w.delegate.ja }) });
      else if (values.delegateId === values.staffId) errors.push({ field: 'delegateId', message: w.sameDelegate });
    }
    const startsOn = parseJapaneseDate(values.startsOn);
    const endsOn = parseJapaneseDate(values.endsOn);
    if (!startsOn) errors.push({ field: 'startsOn', message: fill(w.dateInvalid, { label: w.startsOn.ja }) });
    if (!endsOn) errors.push({ field: 'endsOn', message: fill(w.dateInvalid, { label: w.endsOn.ja }) });
    if (startsOn && endsOn && endsOn < startsOn) errors.push({ field: 'endsOn', message: w.endBeforeStart });
    if (errors.length || !startsOn || !endsOn) return false;
    if (!canRecordAbsenceFor(staff, values.staffId, values.departmentId)) throw new AppError('forbidden');
    const id = await recordAbsence(tx, c.var.tenant.code, { staffId: values.staffId, delegateId: values.delegateId, departmentId: values.departmentId, startsOn, endsOn, createdBy: staff.id });
    await audit(c, tx, { action: 'staff.absence.create', recordType: 'staff_absence', recordId: id, details: { staff: values.staffId, delegate: values.delegateId, startsOn, endsOn } });
    return true;
  });
  if (!saved) return renderAbsences(c, values, errors);
  return seeOther(c, '/staff/absences?notice=added');
});

settingsRoutes.post('/staff/absences/:absenceId/cancel', async (c) => {
  const staff = requireStaff(c);
  await tenantTx(c, async (tx) => {
    const absence = await getAbsence(tx, c.var.tenant.code, c.req.param('absenceId'));
    if (!absence) throw new AppError('not_found');
    if (!canRecordAbsenceFor(staff, absence.staffId, absence.departmentId)) throw new AppError('forbidden');
    await cancelAbsence(tx, c.var.tenant.code, absence.id);
    await audit(c, tx, { action: 'staff.absence.cancel', recordType: 'staff_absence', recordId: absence.id });
  });
  return seeOther(c, '/staff/absences?notice=cancelled');
});
