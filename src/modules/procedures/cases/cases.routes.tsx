/**
 * Staff routes after receipt: the inbox (/staff/cases) and a case (/staff/cases/:applicationId)
 * with the decision. Opening a case decrypts the answers, so every opening is audit-logged with
 * the case as the reason.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, type FieldError } from '../../../platform/errors/index.ts';
import { audit, pageContext, seeOther, tenantTx, tenantTxWithCipher, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import { parseInput, textField } from '../../../platform/validation/index.ts';
import { requireStaff } from '../../staff/index.ts';
import { applicationEvents, decideApplication, getApplication } from '../applications.service.ts';
import { formVersion } from '../forms/forms.service.ts';
import { parseJapaneseDate } from '../forms/wareki.ts';
import { caseText as m } from '../procedures.messages.ts';
import { getProcedureById } from '../procedures.service.ts';
import { CasePage, InboxPage, type InboxQuery } from '../views/cases.tsx';
import { canDecideCase, canReadCase, inboxDepartments } from './cases.policy.ts';
import { inboxChoices, listCases } from './cases.service.ts';

export const caseRoutes = new Hono<AppEnv>();

const PAGE = 50;
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

caseRoutes.get('/staff/cases', async (c) => {
  const staff = requireStaff(c);
  const one = (k: string) => (c.req.query(k) ?? '').slice(0, 100).trim();
  const query: InboxQuery = {
    status: ['submitted', 'accepted', 'rejected', 'withdrawn'].includes(one('status')) ? one('status') : '',
    procedure: isUuid(one('procedure')) ? one('procedure') : '',
    department: isUuid(one('department')) ? one('department') : '',
    from: one('from'),
    to: one('to'),
    duplicates: one('duplicates') === '1',
    offset: Math.max(0, Math.min(100_000, Number.parseInt(one('offset'), 10) || 0)),
  };
  const errors: FieldError[] = [];
  const date = (name: 'from' | 'to', label: { ja: string; en: string }) => {
    if (!query[name]) return undefined;
    const d = parseJapaneseDate(query[name]);
    if (!d) errors.push({ field: name, message: { ja: `「${label.ja}」は日付（例: 2026-04-01）で入力してください。`, en: `Enter ${label.en} as a date, like 2026-04-01.` } });
    return d ?? undefined;
  };
  const from = date('from', m.from);
  const to = date('to', m.to);
  const departmentIds = inboxDepartments(staff);
  const { result, choices } = await tenantTx(c, async (tx) => ({
    result:
      departmentIds && !departmentIds.length
        ? { rows: [], more: false }
        : await listCases(tx, c.var.tenant.code, {
            departmentIds,
            departmentId: query.department || undefined,
            status: (query.status || undefined) as 'submitted' | undefined,
            procedureId: query.procedure || undefined,
            from,
            to,
            duplicatesOnly: query.duplicates,
            offset: query.offset,
            limit: PAGE,
          }),
    choices: await inboxChoices(tx, c.var.tenant.code, departmentIds),
  }));
  return c.html(<InboxPage ctx={pageContext(c)} query={query} rows={result.rows} more={result.more} limit={PAGE} procedures={choices.procedures} departments={choices.departments} errors={errors} />, errors.length ? 400 : 200);
});

/** Loads a case the staff member may read and records the read in the audit log (same transaction). */
async function openCase(c: Ctx, id: string) {
  const staff = requireStaff(c);
  return tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const app = await getApplication(tx, cipher, tenant, id);
    if (!app || app.status === 'draft') throw new AppError('not_found');
    const procedure = (await getProcedureById(tx, tenant, app.procedureId))!;
    if (!canReadCase(staff, procedure.department.id)) throw new AppError('forbidden');
    await audit(c, tx, { action: 'application.read', recordType: 'application', recordId: app.id, reason: `case ${app.receiptNumber}` });
    const duplicate = app.duplicateOf ? await getApplication(tx, cipher, tenant, app.duplicateOf) : null;
    return {
      staff,
      app,
      procedure,
      form: await formVersion(tx, tenant, app.procedureId, app.formVersion),
      events: await applicationEvents(tx, tenant, app.id),
      duplicateReceipt: duplicate?.receiptNumber ?? null,
      canDecide: canDecideCase(staff, procedure.department.id),
    };
  });
}

caseRoutes.get('/staff/cases/:applicationId', async (c) => {
  const k = await openCase(c, c.req.param('applicationId'));
  return c.html(
    <CasePage ctx={pageContext(c)} app={k.app} procedureName={k.procedure.name} form={k.form} events={k.events} duplicateReceipt={k.duplicateReceipt} canDecide={k.canDecide} errors={[]} notice={c.req.query('notice') === 'decided' ? m.decided : undefined} />,
  );
});

const decisionSchema = z.object({
  decision: z.enum(['accepted', 'rejected']),
  note: z.union([z.literal(''), textField({ max: 1000, multiline: true })]).default(''),
});

caseRoutes.post('/staff/cases/:applicationId/decision', async (c) => {
  const staff = requireStaff(c);
  const body = await c.req.parseBody();
  const input = parseInput(decisionSchema, { decision: body.decision, note: typeof body.note === 'string' && body.note.trim() ? body.note : '' }, { decision: m.decision, note: m.note });
  const id = c.req.param('applicationId');
  const outcome = await tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const app = await getApplication(tx, cipher, tenant, id, { lock: true });
    if (!app || app.status === 'draft') throw new AppError('not_found');
    const procedure = (await getProcedureById(tx, tenant, app.procedureId))!;
    if (!canDecideCase(staff, procedure.department.id)) throw new AppError('forbidden');
    if (input.decision === 'rejected' && !input.note) return 'note_required' as const;
    await decideApplication(tx, tenant, app, {
      decision: input.decision,
      staffId: staff.id,
      note: input.note,
      mail: { procedureName: procedure.name, tenantName: c.var.tenant.nameJa, link: `${c.var.tenant.origin}/applications/${app.id}` },
    });
    await audit(c, tx, { action: `application.${input.decision === 'accepted' ? 'approve' : 'reject'}`, recordType: 'application', recordId: app.id, reason: `case ${app.receiptNumber}` });
    return 'decided' as const;
  });
  if (outcome === 'note_required') {
    const k = await openCase(c, id);
    return c.html(
      <CasePage ctx={pageContext(c)} app={k.app} procedureName={k.procedure.name} form={k.form} events={k.events} duplicateReceipt={k.duplicateReceipt} canDecide={k.canDecide} errors={[{ field: 'note', message: m.noteRequired }]} values={{ decision: input.decision, note: input.note }} />,
      400,
    );
  }
  c.var.deps.worker.nudge();
  return seeOther(c, `/staff/cases/${id}?notice=decided`);
});
