/**
 * Resident routes for applying: start (or resume) a draft from a procedure page, fill it in section
 * by section, check the answers, submit, see the receipt and status, withdraw; and the list in
 * マイページ. Each route: authorise (requireResident) → load the resident's own application inside
 * the municipality's transaction → call the service → render, or redirect after a POST.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, type FieldError } from '../../platform/errors/index.ts';
import { audit, pageContext, rateLimit, seeOther, tenantTxWithCipher, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { fieldErrors, textField } from '../../platform/validation/index.ts';
import type { Text } from '../../platform/i18n/index.ts';
import { readResidentProfile, requireResident } from '../residents/index.ts';
import {
  applicationEvents,
  getOwnApplication,
  listResidentApplications,
  saveDraft,
  startApplication,
  submitApplication,
  withdrawApplication,
  type Application,
} from './applications.service.ts';
import type { FieldDef, FormDefinition } from './forms/form-definition.ts';
import { BANK_PARTS } from './forms/bank-account.ts';
import { fieldText } from './forms/field.messages.ts';
import { checkSection, completeSections, type RawAnswers } from './forms/form-validation.ts';
import { applySectionActions } from './forms/section-actions.ts';
import { currentForm, formVersion } from './forms/forms.service.ts';
import { applicationText as m } from './procedures.messages.ts';
import { getProcedure, getProcedureById, type Procedure } from './procedures.service.ts';
import { CheckPage, SectionPage } from './views/application-form.tsx';
import { getApprovalRoute } from './cases/approval-route.ts';
import { routeOf } from './cases/approvals.service.ts';
import { listMessages, sendMessage } from './cases/case-work.service.ts';
import { residentCaseText as rc } from './cases/cases.messages.ts';
import { answerCorrection, listCorrections, openCorrection, type CorrectionRequest } from './cases/corrections.service.ts';
import { CorrectionPage } from './views/resident-case.tsx';
import { replaceCorrectedFiles } from './attachments/file-answers.ts';
import { hasPostedFiles, limitUploads, stageReplacementFiles } from './attachments/store-uploads.ts';
import type { AttachmentRef } from './forms/form-definition.ts';
import { ApplicationPage, MyApplicationsPage } from './views/applications.tsx';

export const applicationRoutes = new Hono<AppEnv>();

const notices: Record<string, Text> = { 'address-filled': fieldText.addressFilled, 'file-removed': fieldText.fileRemoved, saved: m.draftSaved, resumed: m.resumed, withdrawn: m.withdrawn, discarded: m.draftDiscarded, resubmitted: rc.resubmitted, replied: rc.replySent };
const noticeOf = (c: Ctx) => notices[c.req.query('notice') ?? ''];

/** Loads the signed-in resident's own application with its procedure and form version; 404 otherwise. */
async function loadOwn(c: Ctx, id: string, opts: { lock?: boolean } = {}) {
  const { residentId } = requireResident(c, 1);
  return tenantTxWithCipher(c, async (tx, cipher) => {
    const app = await getOwnApplication(tx, cipher, c.var.tenant.code, id, residentId, opts);
    if (!app) throw new AppError('not_found');
    const procedure = await getProcedureById(tx, c.var.tenant.code, app.procedureId);
    const form = await formVersion(tx, c.var.tenant.code, app.procedureId, app.formVersion);
    return { app, procedure: procedure!, form };
  });
}

/** The form fields of one section as posted: strings, and each group as its list of items. */
function postedValues(fields: FieldDef[], body: Record<string, unknown>): RawAnswers {
  const one = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? (v[0] as string) : '');
  const out: RawAnswers = {};
  for (const f of fields) {
    // File answers come from the attachments table (applySectionActions), never from the request.
    if (f.type === 'file') continue;
    if (f.type === 'bankAccount') {
      out[f.name] = Object.fromEntries(BANK_PARTS.map((k) => [k, one(body[`${f.name}.${k}`])]));
      continue;
    }
    if (f.type !== 'group') {
      out[f.name] = one(body[f.name]);
      continue;
    }
    const count = Math.min(Number.parseInt(one(body[`${f.name}.count`]), 10) || 0, f.maxItems ?? 20);
    out[f.name] = Array.from({ length: count }, (_, i) => Object.fromEntries((f.fields ?? []).map((g) => [g.name, one(body[`${f.name}.${i}.${g.name}`])])));
  }
  return out;
}

/** Where a draft continues: the first section not yet complete, else the check page. */
function resumeHref(app: Application, form: FormDefinition): string {
  const done = completeSections(form, app.answers);
  const next = form.sections.find((s) => !done.has(s.id));
  return next ? `/applications/${app.id}/sections/${next.id}` : `/applications/${app.id}/check`;
}

applicationRoutes.post('/procedures/:procedureSlug/apply', async (c) => {
  const slug = c.req.param('procedureSlug');
  const session = requireResident(c, 1);
  const result = await tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const procedure = /^[a-z0-9-]{1,64}$/.test(slug) ? await getProcedure(tx, tenant, slug) : null;
    if (!procedure) throw new AppError('not_found');
    const form = await currentForm(tx, tenant, procedure.id);
    if (!form) throw new AppError('not_found');
    if (session.assurance < procedure.assurance) throw new AppError('assurance_required');
    const profile = await readResidentProfile(tx, cipher, tenant, session.residentId);
    const started = await startApplication(tx, cipher, tenant, {
      residentId: session.residentId,
      procedureId: procedure.id,
      formVersion: form.version,
      form: form.definition,
      profile: { name: profile?.name ?? null, address: profile?.address ?? null, birthdate: profile?.birthdate ?? null, email: profile?.email ?? null },
    });
    if (!started.resumed) await audit(c, tx, { action: 'application.start', recordType: 'application', recordId: started.id, details: { procedure: procedure.slug } });
    return started;
  });
  const app = await loadOwn(c, result.id);
  const href = result.resumed ? resumeHref(app.app, app.form) : `/applications/${result.id}/sections/${app.form.sections[0]!.id}`;
  return seeOther(c, result.resumed ? `${href}${href.includes('?') ? '&' : '?'}notice=resumed` : href);
});

function sectionIndex(form: FormDefinition, sectionId: string): number {
  const i = form.sections.findIndex((s) => s.id === sectionId);
  if (i < 0) throw new AppError('not_found');
  return i;
}

applicationRoutes.get('/applications/:applicationId/sections/:sectionId', async (c) => {
  const { app, procedure, form } = await loadOwn(c, c.req.param('applicationId'));
  if (app.status !== 'draft') return seeOther(c, `/applications/${app.id}`);
  const index = sectionIndex(form, c.req.param('sectionId'));
  return c.html(
    <SectionPage ctx={pageContext(c)} procedureName={procedure.name} applicationId={app.id} form={form} index={index} values={app.answers} errors={[]} notice={noticeOf(c)} returnTo={c.req.query('return') === 'check' ? 'check' : undefined} />,
  );
});

applicationRoutes.post('/applications/:applicationId/sections/:sectionId', async (c) => {
  const body = await c.req.parseBody({ all: true });
  const { residentId } = requireResident(c, 1);
  if (hasPostedFiles(body)) await limitUploads(c, residentId);
  const outcome = await tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const app = await getOwnApplication(tx, cipher, tenant, c.req.param('applicationId'), residentId, { lock: true });
    if (!app) throw new AppError('not_found');
    if (app.status !== 'draft') return { redirect: `/applications/${app.id}` };
    const form = await formVersion(tx, tenant, app.procedureId, app.formVersion);
    const index = sectionIndex(form, c.req.param('sectionId'));
    const section = form.sections[index]!;
    const posted = postedValues(section.fields, body);
    const action = typeof body._action === 'string' ? body._action : 'next';
    const here = `/applications/${app.id}/sections/${section.id}${body._return === 'check' ? '?return=check' : ''}`;
    // Files, removing a file, the postal code lookup: see forms/section-actions.ts.
    const extra = await applySectionActions(tx, cipher, tenant, { applicationId: app.id, fields: section.fields, body, posted, action, dataDir: c.var.deps.config.dataDir });
    if (extra.handled && !extra.errors.length) {
      await saveDraft(tx, cipher, tenant, app, { ...app.answers, ...posted });
      return { redirect: `${here}${here.includes('?') ? '&' : '?'}notice=${extra.notice}${extra.anchor ? `#${extra.anchor}` : ''}` };
    }
    if (extra.errors.length) {
      const merged = { ...app.answers, ...posted };
      await saveDraft(tx, cipher, tenant, app, merged);
      const checked = action === 'next' ? checkSection(section, posted, merged) : null;
      const others = checked && !checked.ok ? checked.errors.filter((e) => !extra.errors.some((x) => x.field === e.field)) : [];
      return { errors: [...extra.errors, ...others], values: merged, form, index, procedureId: app.procedureId, appId: app.id };
    }
    // Adding or removing a group item, or saving a draft, keeps what was typed as it is (nothing is lost).
    const group = /^(add|remove):([A-Za-z]\w*)(?::(\d+))?$/.exec(action);
    if (group) {
      const items = posted[group[2]!];
      if (Array.isArray(items)) {
        if (group[1] === 'add') items.push({});
        else items.splice(Number(group[3]), 1);
      }
      await saveDraft(tx, cipher, tenant, app, { ...app.answers, ...posted });
      return { redirect: `${here}#f-${group[2]}` };
    }
    const merged = { ...app.answers, ...posted };
    if (action === 'save') {
      await saveDraft(tx, cipher, tenant, app, merged);
      return { redirect: '/mypage/applications?notice=saved' };
    }
    const checked = checkSection(section, posted, merged);
    if (!checked.ok) {
      await saveDraft(tx, cipher, tenant, app, merged);
      return { errors: checked.errors, values: merged, form, index, procedureId: app.procedureId, appId: app.id };
    }
    const clean: RawAnswers = { ...app.answers };
    for (const f of section.fields) delete clean[f.name];
    Object.assign(clean, checked.answers);
    await saveDraft(tx, cipher, tenant, app, clean);
    const next = form.sections[index + 1];
    return { redirect: body._return === 'check' || !next ? `/applications/${app.id}/check` : `/applications/${app.id}/sections/${next.id}` };
  });
  if ('redirect' in outcome) return seeOther(c, outcome.redirect!);
  const procedure = await tenantTxWithCipher(c, (tx) => getProcedureById(tx, c.var.tenant.code, outcome.procedureId));
  return c.html(
    <SectionPage ctx={pageContext(c)} procedureName={procedure!.name} applicationId={outcome.appId} form={outcome.form} index={outcome.index} values={outcome.values} errors={outcome.errors as FieldError[]} returnTo={body._return === 'check' ? 'check' : undefined} />,
    400,
  );
});

applicationRoutes.get('/applications/:applicationId/check', async (c) => {
  const { app, procedure, form } = await loadOwn(c, c.req.param('applicationId'));
  if (app.status !== 'draft') return seeOther(c, `/applications/${app.id}`);
  const errors = form.sections.flatMap((s) => {
    const r = checkSection(s, app.answers, app.answers);
    return r.ok ? [] : r.errors;
  });
  return c.html(<CheckPage ctx={pageContext(c)} procedureName={procedure.name} applicationId={app.id} form={form} answers={app.answers} errors={errors} />);
});

applicationRoutes.post('/applications/:applicationId/submit', async (c) => {
  const { residentId } = requireResident(c, 1);
  const id = c.req.param('applicationId');
  const submitted = await tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const own = await getOwnApplication(tx, cipher, tenant, id, residentId);
    if (!own) throw new AppError('not_found');
    const procedure = (await getProcedureById(tx, tenant, own.procedureId))!;
    if (requireResident(c, 1).assurance < procedure.assurance) throw new AppError('assurance_required');
    const result = await submitApplication(tx, cipher, tenant, {
      id,
      residentId,
      mail: { procedureName: procedure.name, tenantName: c.var.tenant.nameJa, link: `${c.var.tenant.origin}/applications/${id}` },
    }).catch((err: unknown) => {
      // Answers no longer pass (e.g. a section left incomplete): the check page lists what to fix.
      if (err instanceof AppError && err.code === 'validation_failed') return null;
      throw err;
    });
    if (!result) return false;
    if (!result.alreadySubmitted) {
      await audit(c, tx, { action: 'application.submit', recordType: 'application', recordId: id, details: { receiptNumber: result.receiptNumber, duplicateOf: result.duplicateOf } });
    }
    return true;
  });
  if (!submitted) return seeOther(c, `/applications/${id}/check`);
  c.var.deps.worker.nudge();
  return seeOther(c, `/applications/${id}`);
});

/** Who the resident contacts about an application: the procedure's department. */
const contactOf = (procedure: Procedure) => ({ department: procedure.department.name, phone: procedure.contactPhone });

/** The application page: receipt, where the case stands, timeline with messages, reply form. */
async function renderApplication(c: Ctx, id: string, extra: { errors?: FieldError[]; reply?: string } = {}) {
  const { app, procedure, form } = await loadOwn(c, id);
  if (app.status === 'draft') return seeOther(c, resumeHref(app, form));
  const tenant = c.var.tenant.code;
  const data = await tenantTxWithCipher(c, async (tx, cipher) => ({
    events: await applicationEvents(tx, tenant, app.id),
    duplicateReceipt: app.duplicateOf ? ((await getOwnApplication(tx, cipher, tenant, app.duplicateOf, app.residentId))?.receiptNumber ?? null) : null,
    view: {
      route: routeOf(app, await getApprovalRoute(tx, tenant, app.procedureId)),
      messages: await listMessages(tx, cipher, tenant, app.id),
      corrections: await listCorrections(tx, cipher, tenant, app.id),
    },
  }));
  return c.html(<ApplicationPage ctx={pageContext(c)} procedureName={procedure.name} contact={contactOf(procedure)} app={app} form={form} {...data} notice={noticeOf(c)} {...extra} />, extra.errors?.length ? 400 : 200);
}

applicationRoutes.get('/applications/:applicationId', (c) => renderApplication(c, c.req.param('applicationId')));

const replySchema = z.object({ body: textField({ max: 1000, multiline: true }) });

applicationRoutes.post('/applications/:applicationId/messages', async (c) => {
  const { residentId } = requireResident(c, 1);
  const id = c.req.param('applicationId');
  const body = await c.req.parseBody();
  const parsed = replySchema.safeParse({ body: typeof body.body === 'string' ? body.body : '' });
  if (!parsed.success) return renderApplication(c, id, { errors: fieldErrors(parsed.error, { body: rc.reply }), reply: typeof body.body === 'string' ? body.body.slice(0, 1000) : '' });
  await rateLimit(c, { bucket: `application-message:${residentId}`, max: 30, windowSeconds: 3600 });
  await tenantTxWithCipher(c, async (tx, cipher) => {
    const app = await getOwnApplication(tx, cipher, c.var.tenant.code, id, residentId);
    if (!app || app.status === 'draft') throw new AppError('not_found');
    await sendMessage(tx, cipher, c.var.tenant.code, app, { from: 'resident', senderId: residentId, body: parsed.data.body });
    await audit(c, tx, { action: 'application.message', recordType: 'application', recordId: app.id });
  });
  return seeOther(c, `/applications/${id}?notice=replied#timeline`);
});

/** What the resident sent for the returned answers: each returned field, whole group or group item field, as posted. */
function postedCorrection(form: FormDefinition, request: CorrectionRequest, body: Record<string, unknown>): RawAnswers {
  const fields = form.sections.flatMap((s) => s.fields);
  const out: RawAnswers = {};
  for (const path of request.fields) {
    const f = fields.find((x) => x.name === path);
    if (f) Object.assign(out, postedValues([f], body));
    else {
      const v = body[path];
      out[path] = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
    }
  }
  return out;
}

applicationRoutes.get('/applications/:applicationId/correction', async (c) => {
  const { app, procedure, form } = await loadOwn(c, c.req.param('applicationId'));
  const request = app.status === 'correction_requested' ? await tenantTxWithCipher(c, (tx, cipher) => openCorrection(tx, cipher, c.var.tenant.code, app.id)) : null;
  if (!request) return seeOther(c, `/applications/${app.id}`);
  return c.html(<CorrectionPage ctx={pageContext(c)} procedureName={procedure.name} contact={contactOf(procedure)} applicationId={app.id} form={form} values={app.answers} request={request} errors={[]} />);
});

applicationRoutes.post('/applications/:applicationId/correction', async (c) => {
  const { residentId } = requireResident(c, 1);
  const id = c.req.param('applicationId');
  const body = await c.req.parseBody({ all: true });
  if (hasPostedFiles(body)) await limitUploads(c, residentId);
  const action = typeof body._action === 'string' ? body._action : 'resubmit';
  const outcome = await tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const app = await getOwnApplication(tx, cipher, tenant, id, residentId, { lock: true });
    if (!app || app.status === 'draft') throw new AppError('not_found');
    const form = await formVersion(tx, tenant, app.procedureId, app.formVersion);
    const request = await openCorrection(tx, cipher, tenant, app.id);
    // Nothing open any more: a double submit or a resent request gets the first one's outcome (or a conflict).
    if (!request || app.status !== 'correction_requested') {
      await answerCorrection(tx, cipher, tenant, { app, form, posted: {} });
      return { done: true as const };
    }
    const posted = postedCorrection(form, request, body);
    // Returned file fields: a chosen file replaces the attached one; none keeps it (attachments/store-uploads.ts).
    const fileFields = form.sections.flatMap((s) => s.fields).filter((f) => f.type === 'file' && request.fields.includes(f.name));
    const staged = await stageReplacementFiles(tx, cipher, tenant, { residentId, procedureId: app.procedureId, fields: fileFields, body });
    for (const f of fileFields) posted[f.name] = staged.replacements[f.name] ?? app.answers[f.name] ?? [];
    // What the page shows again: the typed answers, the attached files as they are (replacements beside them).
    const shown = (values: RawAnswers) => ({ ...values, ...Object.fromEntries(fileFields.map((f) => [f.name, app.answers[f.name]])) });
    const group = /^(add|remove):([A-Za-z]\w*)(?::(\d+))?$/.exec(action);
    if (group && request.fields.includes(group[2]!) && Array.isArray(posted[group[2]!])) {
      // Adding or removing an item of a returned group: show the page again with what was typed.
      const items = posted[group[2]!] as unknown[];
      if (group[1] === 'add') items.push({});
      else items.splice(Number(group[3]), 1);
      return { render: { form, request, values: shown({ ...app.answers, ...posted }), errors: staged.errors as FieldError[], replacements: staged.replacements, procedureId: app.procedureId } };
    }
    try {
      if (staged.errors.length) throw new AppError('validation_failed', { fields: staged.errors });
      await answerCorrection(tx, cipher, tenant, { app, form, posted });
      const replaced = Object.entries(staged.replacements).map(([field, refs]) => ({ field, ids: refs.map((r) => r.id) }));
      await replaceCorrectedFiles(tx, tenant, { form, applicationId: app.id, residentId, procedureId: app.procedureId, correctionId: request.id, replacements: replaced });
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'validation_failed')) throw err;
      const values: RawAnswers = { ...app.answers };
      for (const [k, v] of Object.entries(posted)) {
        const [g, i, sub] = k.split('.');
        if (i === undefined) values[g!] = v;
        else if (Array.isArray(values[g!])) values[g!] = (values[g!] as Record<string, unknown>[]).map((it, n) => (n === Number(i) ? { ...it, [sub!]: v } : it));
      }
      return { render: { form, request, values: shown(values), errors: err.fields, replacements: staged.replacements, procedureId: app.procedureId } };
    }
    await audit(c, tx, { action: 'application.resubmit', recordType: 'application', recordId: app.id, details: { correction: request.id, replacedFiles: Object.keys(staged.replacements) } });
    return { done: true as const };
  });
  if ('done' in outcome) {
    c.var.deps.worker.nudge();
    return seeOther(c, `/applications/${id}?notice=resubmitted`);
  }
  const r = outcome.render;
  const procedure = await tenantTxWithCipher(c, (tx) => getProcedureById(tx, c.var.tenant.code, r.procedureId));
  return c.html(<CorrectionPage ctx={pageContext(c)} procedureName={procedure!.name} contact={contactOf(procedure!)} applicationId={id} form={r.form} values={r.values} request={r.request} errors={r.errors} replacements={r.replacements as Record<string, AttachmentRef[]>} />, r.errors.length ? 400 : 200);
});

applicationRoutes.post('/applications/:applicationId/withdraw', async (c) => {
  const { residentId } = requireResident(c, 1);
  const wasDraft = await tenantTxWithCipher(c, async (tx, cipher) => {
    const app = await getOwnApplication(tx, cipher, c.var.tenant.code, c.req.param('applicationId'), residentId, { lock: true });
    if (!app) throw new AppError('not_found');
    await withdrawApplication(tx, c.var.tenant.code, app);
    await audit(c, tx, { action: app.status === 'draft' ? 'application.discard' : 'application.withdraw', recordType: 'application', recordId: app.id });
    return app.status === 'draft';
  });
  return seeOther(c, wasDraft ? '/mypage/applications?notice=discarded' : `/applications/${c.req.param('applicationId')}?notice=withdrawn`);
});

applicationRoutes.get('/mypage/applications', async (c) => {
  const { residentId } = requireResident(c, 1);
  const applications = await tenantTxWithCipher(c, (tx) => listResidentApplications(tx, c.var.tenant.code, residentId));
  return c.html(<MyApplicationsPage ctx={pageContext(c)} applications={applications} notice={noticeOf(c)} />);
});
