/**
 * Staff routes after receipt: the inbox (/staff/cases) with search and filters, and a case
 * (/staff/cases/:applicationId) with its approval route, correction requests, messages,
 * assignment and internal notes. Opening a case decrypts personal data, so every opening is
 * audit-logged with the case as the reason; so is every search by name. Each POST: authorise →
 * lock the application in the municipality's transaction → one use case → audit → redirect, or
 * the page again with the errors.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, type FieldError } from '../../../platform/errors/index.ts';
import type { TenantCipher } from '../../../platform/crypto/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { audit, pageContext, seeOther, tenantTx, tenantTxWithCipher, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { normalizeDigits, parseInput, textField } from '../../../platform/validation/index.ts';
import { requireStaff } from '../../staff/index.ts';
import { CASE_STATUSES } from '../applications.schema.ts';
import { applicationEvents, getApplication, type Application } from '../applications.service.ts';
import { formVersion } from '../forms/forms.service.ts';
import { parseJapaneseDate } from '../forms/wareki.ts';
import { caseText as m } from '../procedures.messages.ts';
import { getProcedureById, type Procedure } from '../procedures.service.ts';
import { CasePage, type CaseFormValues, type CaseView } from '../views/case-page.tsx';
import { InboxPage, OVERDUE_FILTER, type InboxQuery } from '../views/cases.tsx';
import { getApprovalRoute } from './approval-route.ts';
import { actOnStep, caseApprovals, routeOf, stepAuthority, type StepOutcome } from './approvals.service.ts';
import { addNote, assignCase, departmentStaff, listMessages, listNotes, sendMessage } from './case-work.service.ts';
import { caseWorkText as w } from './cases.messages.ts';
import { canAssignCase, canEditRoute, canHandleCase, canReadCase, inboxDepartments } from './cases.policy.ts';
import { inboxChoices, listCases } from './cases.service.ts';
import { listCorrections, requestCorrection } from './corrections.service.ts';
import { listReplacedAttachments } from '../attachments/attachments.service.ts';
import { nameSearchToken } from './search-tokens.ts';

export const caseRoutes = new Hono<AppEnv>();

const PAGE = 50;
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

caseRoutes.get('/staff/cases', async (c) => {
  const staff = requireStaff(c);
  const one = (k: string) => (c.req.query(k) ?? '').slice(0, 100).trim();
  const assignee = one('assignee');
  const query: InboxQuery = {
    q: one('q'),
    assignee: assignee === 'me' || assignee === 'none' || isUuid(assignee) ? assignee : '',
    status: (CASE_STATUSES as readonly string[]).includes(one('status')) || one('status') === OVERDUE_FILTER ? one('status') : '',
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
  // A receipt number (全角 digits and any hyphen accepted) is looked up as such; anything else is a name.
  const receipt = /^(\d{4})\D?(\d{6})$/.exec(normalizeDigits(query.q).replace(/\s/g, ''));
  const departmentIds = inboxDepartments(staff);
  const { result, choices } = await tenantTx(c, async (tx) => {
    const tenant = c.var.tenant.code;
    // The cipher (its index key) only for a name search: the common inbox request stays at three queries.
    const nameToken = query.q && !receipt ? nameSearchToken(await c.var.deps.keyring.forTenant(tx, tenant), query.q) : null;
    // A name search tells which cases a person has: recorded like a read of personal data.
    if (nameToken) await audit(c, tx, { action: 'application.search', recordType: 'application', reason: 'inbox search by applicant name' });
    return {
      result:
        departmentIds && !departmentIds.length
          ? { rows: [], more: false }
          : await listCases(tx, tenant, {
              departmentIds,
              departmentId: query.department || undefined,
              status: (query.status && query.status !== OVERDUE_FILTER ? query.status : undefined) as 'submitted' | undefined,
              correctionOverdue: query.status === OVERDUE_FILTER,
              procedureId: query.procedure || undefined,
              from,
              to,
              duplicatesOnly: query.duplicates,
              assignee: query.assignee === 'me' ? staff.id : query.assignee || undefined,
              receiptNumber: receipt ? `${receipt[1]}-${receipt[2]}` : undefined,
              nameToken: nameToken ?? undefined,
              offset: query.offset,
              limit: PAGE,
            }),
      choices: await inboxChoices(tx, tenant, departmentIds),
    };
  });
  return c.html(
    <InboxPage ctx={pageContext(c)} query={query} rows={result.rows} more={result.more} limit={PAGE} procedures={choices.procedures} departments={choices.departments} staff={choices.staff} errors={errors} />,
    errors.length ? 400 : 200,
  );
});

/** Loads a case the staff member may read, with everything the case page shows, and records the read in the audit log (same transaction). */
async function openCase(c: Ctx, id: string): Promise<CaseView> {
  const staff = requireStaff(c);
  return tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const app = await getApplication(tx, cipher, tenant, id);
    if (!app || app.status === 'draft') throw new AppError('not_found');
    const procedure = (await getProcedureById(tx, tenant, app.procedureId))!;
    const departmentId = procedure.department.id;
    if (!canReadCase(staff, departmentId)) throw new AppError('forbidden');
    await audit(c, tx, { action: 'application.read', recordType: 'application', recordId: app.id, reason: `case ${app.receiptNumber}` });
    const duplicate = app.duplicateOf ? await getApplication(tx, cipher, tenant, app.duplicateOf) : null;
    const route = routeOf(app, await getApprovalRoute(tx, tenant, app.procedureId));
    return {
      app,
      procedureId: procedure.id,
      procedureName: procedure.name,
      form: await formVersion(tx, tenant, app.procedureId, app.formVersion),
      events: await applicationEvents(tx, tenant, app.id),
      duplicateReceipt: duplicate?.receiptNumber ?? null,
      route,
      approvals: await caseApprovals(tx, tenant, app.id),
      authority: await stepAuthority(tx, tenant, staff, { app, route, departmentId }),
      staff: await departmentStaff(tx, tenant, departmentId),
      canHandle: canHandleCase(staff, departmentId),
      canAssign: canAssignCase(staff, departmentId),
      canEditRoute: canEditRoute(staff, departmentId),
      notes: await listNotes(tx, cipher, tenant, app.id),
      messages: await listMessages(tx, cipher, tenant, app.id),
      corrections: await listCorrections(tx, cipher, tenant, app.id),
      replacedFiles: await listReplacedAttachments(tx, tenant, app.id),
    };
  });
}

const notices: Record<string, Text> = {
  advanced: w.advanced,
  accepted: w.accepted,
  returned: w.returned,
  rejected: w.rejected,
  assigned: w.assigned,
  note: w.noteAdded,
  message: w.messageSent,
  correction: w.correctionRequested,
};

caseRoutes.get('/staff/cases/:applicationId', async (c) => {
  const v = await openCase(c, c.req.param('applicationId'));
  return c.html(<CasePage ctx={pageContext(c)} v={v} errors={[]} notice={notices[c.req.query('notice') ?? '']} />);
});

/** The case page again, with a failed form's errors and what was typed. */
async function renderWithErrors(c: Ctx, id: string, errors: FieldError[], values: CaseFormValues) {
  const v = await openCase(c, id);
  return c.html(<CasePage ctx={pageContext(c)} v={v} errors={errors} values={values} />, 400);
}

/**
 * Runs `work` on the locked case after checking the staff member may read it; validation errors
 * come back as the case page with the form's values, anything else as the error page.
 */
async function onCase(c: Ctx, values: CaseFormValues, work: (k: { tx: Queryable; cipher: TenantCipher; app: Application; procedure: Procedure }) => Promise<string>) {
  const staff = requireStaff(c);
  const id = c.req.param('applicationId') ?? '';
  try {
    const notice = await tenantTxWithCipher(c, async (tx, cipher) => {
      const app = await getApplication(tx, cipher, c.var.tenant.code, id, { lock: true });
      if (!app || app.status === 'draft') throw new AppError('not_found');
      const procedure = (await getProcedureById(tx, c.var.tenant.code, app.procedureId))!;
      if (!canReadCase(staff, procedure.department.id)) throw new AppError('forbidden');
      return work({ tx, cipher, app, procedure });
    });
    c.var.deps.worker.nudge();
    return seeOther(c, `/staff/cases/${id}?notice=${notice}`);
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed') return renderWithErrors(c, id, err.fields, values);
    throw err;
  }
}

const mailOf = (c: Ctx, app: Application, procedure: Procedure) => ({ procedureName: procedure.name, tenantName: c.var.tenant.nameJa, link: `${c.var.tenant.origin}/applications/${app.id}`, origin: c.var.tenant.origin });
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const optionalText = (max: number) => z.union([z.literal(''), textField({ max, multiline: true })]).default('');

const stepSchema = z.object({ action: z.enum(['approve', 'return', 'reject']), note: optionalText(1000) });

caseRoutes.post('/staff/cases/:applicationId/step', async (c) => {
  const staff = requireStaff(c);
  const body = await c.req.parseBody();
  const values = { action: str(body.action), note: str(body.note) };
  return onCase(c, values, async ({ tx, app, procedure }) => {
    const input = parseInput(stepSchema, { action: values.action, note: values.note.trim() ? values.note : '' }, { action: w.action, note: w.stepNote });
    const outcome: StepOutcome = await actOnStep(tx, c.var.tenant.code, app, {
      action: input.action,
      staff,
      departmentId: procedure.department.id,
      procedureRoute: await getApprovalRoute(tx, c.var.tenant.code, procedure.id),
      note: input.note,
      mail: mailOf(c, app, procedure),
    });
    const action = { advanced: 'application.step_approve', accepted: 'application.approve', returned: 'application.return', rejected: 'application.reject' }[outcome];
    await audit(c, tx, { action, recordType: 'application', recordId: app.id, reason: `case ${app.receiptNumber}`, details: { step: app.currentStep } });
    return outcome;
  });
});

caseRoutes.post('/staff/cases/:applicationId/assign', async (c) => {
  const staff = requireStaff(c);
  const body = await c.req.parseBody();
  const assignee = str(body.assignee);
  return onCase(c, {}, async ({ tx, app, procedure }) => {
    if (!canAssignCase(staff, procedure.department.id)) throw new AppError('forbidden');
    if (assignee && !isUuid(assignee)) throw new AppError('validation_failed', { fields: [{ field: 'assignee', message: { ja: '「担当者」は一覧から選んでください。', en: 'Choose the assignee from the list.' } }] });
    await assignCase(tx, c.var.tenant.code, app, { assigneeId: assignee || null, departmentId: procedure.department.id, staffId: staff.id });
    await audit(c, tx, { action: 'application.assign', recordType: 'application', recordId: app.id, details: { assignee: assignee || null } });
    return 'assigned';
  });
});

const noteSchema = z.object({ noteBody: textField({ max: 2000, multiline: true }) });

caseRoutes.post('/staff/cases/:applicationId/notes', async (c) => {
  const staff = requireStaff(c);
  const body = await c.req.parseBody();
  const values = { noteBody: str(body.noteBody) };
  return onCase(c, values, async ({ tx, cipher, app, procedure }) => {
    if (!canAssignCase(staff, procedure.department.id)) throw new AppError('forbidden');
    const input = parseInput(noteSchema, values, { noteBody: w.note });
    await addNote(tx, cipher, c.var.tenant.code, { applicationId: app.id, authorId: staff.id, body: input.noteBody });
    await audit(c, tx, { action: 'application.note', recordType: 'application', recordId: app.id });
    return 'note';
  });
});

const messageSchema = z.object({ messageBody: textField({ max: 1000, multiline: true }) });

caseRoutes.post('/staff/cases/:applicationId/messages', async (c) => {
  const staff = requireStaff(c);
  const body = await c.req.parseBody();
  const values = { messageBody: str(body.messageBody) };
  return onCase(c, values, async ({ tx, cipher, app, procedure }) => {
    if (!canHandleCase(staff, procedure.department.id)) throw new AppError('forbidden');
    if (app.status === 'withdrawn') throw new AppError('conflict');
    const input = parseInput(messageSchema, values, { messageBody: w.message });
    await sendMessage(tx, cipher, c.var.tenant.code, app, { from: 'staff', senderId: staff.id, body: input.messageBody, mail: mailOf(c, app, procedure) });
    await audit(c, tx, { action: 'application.message', recordType: 'application', recordId: app.id });
    return 'message';
  });
});

const correctionSchema = z.object({ message: textField({ max: 1000, multiline: true }) });

caseRoutes.post('/staff/cases/:applicationId/correction', async (c) => {
  const staff = requireStaff(c);
  const body = await c.req.parseBody({ all: true });
  const fields = (Array.isArray(body.fields) ? body.fields : [body.fields]).filter((f): f is string => typeof f === 'string').slice(0, 200);
  const values = { fields, message: str(body.message), dueOn: str(body.dueOn).trim() };
  return onCase(c, values, async ({ tx, cipher, app, procedure }) => {
    if (!canHandleCase(staff, procedure.department.id)) throw new AppError('forbidden');
    const errors: FieldError[] = [];
    let message = '';
    try {
      message = parseInput(correctionSchema, { message: values.message }, { message: w.correctionMessage }).message;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      errors.push(...err.fields);
    }
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const dueOn = values.dueOn ? parseJapaneseDate(values.dueOn) : null;
    if (values.dueOn && (!dueOn || dueOn < today)) errors.push({ field: 'dueOn', message: w.dueInvalid });
    if (!fields.length) errors.unshift({ field: 'fields', message: w.chooseFields });
    if (errors.length) throw new AppError('validation_failed', { fields: errors });
    const form = await formVersion(tx, c.var.tenant.code, app.procedureId, app.formVersion);
    const requestId = await requestCorrection(tx, cipher, c.var.tenant.code, app, { form, fields, message, dueOn, staffId: staff.id, mail: mailOf(c, app, procedure) });
    await audit(c, tx, { action: 'application.correction_request', recordType: 'application', recordId: app.id, details: { request: requestId, fields } });
    return 'correction';
  });
});
