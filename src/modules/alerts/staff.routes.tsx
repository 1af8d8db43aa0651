/**
 * Staff alert routes: list, new (template chooser, then the form), edit, and the actions on one
 * message — ask for approval, approve and send, send alone (exercise, test, cancel), send under
 * the emergency override, discard, and start an update or a cancel. Each action is audit-logged
 * in the transaction that does it; a send drops the banner cache so the banner changes at once.
 */
import { Hono } from 'hono';
import { AppError, isAppError, type FieldError } from '../../platform/errors/index.ts';
import { audit, pageContext, seeOther, tenantTx, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import type { Text } from '../../platform/i18n/index.ts';
import { fieldErrors, parseInput } from '../../platform/validation/index.ts';
import { z } from 'zod';
import { broadcastProgress } from '../notify/index.ts';
import { requireStaff } from '../staff/index.ts';
import type { Actor, Alert, AlertContent } from './alert.ts';
import { alertText as m } from './alerts.messages.ts';
import { canApproveAlert, canDraftAlert } from './alerts.policy.ts';
import { alertInputSchema, alertLabels, overrideReasonSchema, toLocalInput } from './alerts.schema.ts';
import { alertEvents, chainMessages, choices, contentFromInput, createDraft, createFollowUp, discardDraft, getAlert, listOpenDrafts, listSentAlerts, resolveSelection, sendAlert, shapedBy, submitForApproval, updateDraft, type SendMode } from './alerts.service.ts';
import { fillTemplate, isTemplateKey } from './templates.ts';
import { AlertFormPage, StaffAlertListPage, StaffAlertPage, TemplateChooserPage, type FormValues } from './views/staff.tsx';

export const staffAlertRoutes = new Hono<AppEnv>();

const overrideSchema = z.object({ reason: overrideReasonSchema });

const notices: Record<string, Text> = { saved: m.saved, submitted: m.submitted, sent: m.sent, discarded: m.discarded };

function requireAlertStaff(c: Ctx) {
  const staff = requireStaff(c);
  if (!canDraftAlert(staff)) throw new AppError('forbidden');
  return staff;
}

const actorOf = (staff: { id: string; displayName: string }): Actor => ({ kind: 'staff', id: staff.id, name: staff.displayName });
const municipalityOf = (c: Ctx) => ({ code: c.var.tenant.code, nameJa: c.var.tenant.nameJa, nameEn: c.var.tenant.nameEn, origin: c.var.tenant.origin });

/** The form values of saved or template-filled content. */
export function valuesOf(a: Omit<AlertContent, 'status'> & { status?: AlertContent['status'] }): FormValues {
  return {
    status: a.status ?? 'actual', template: a.template, hazard: a.hazard, level: a.level ? String(a.level) : '',
    category: a.category, responseType: a.responseType, urgency: a.urgency, severity: a.severity, certainty: a.certainty,
    eventJa: a.event.ja, eventEn: a.event.en,
    headlineJa: a.headline.ja, headlineEasy: a.headline.easy, headlineEn: a.headline.en,
    descriptionJa: a.description.ja, descriptionEasy: a.description.easy, descriptionEn: a.description.en,
    instructionJa: a.instruction.ja, instructionEasy: a.instruction.easy, instructionEn: a.instruction.en,
    areas: a.areas.map((x) => x.code), shelters: a.shelters.map((x) => x.id), expires: toLocalInput(a.expiresAt),
  };
}

/** The posted form as values (to show again) and as the schema's input. */
async function readForm(c: Ctx): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const out: FormValues = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    out[k] = k === 'areas' || k === 'shelters' ? list.slice(0, 200) : (list[0] ?? '');
  }
  return out;
}

const schemaInput = (v: FormValues) => ({ ...v, areas: Array.isArray(v.areas) ? v.areas : [], shelters: Array.isArray(v.shelters) ? v.shelters : [] });

async function renderForm(c: Ctx, p: { action: string; values: FormValues; errors: FieldError[]; statusFixed: boolean; title: Text; msgType: Alert['msgType'] }, status: 200 | 400 = 200) {
  const all = await tenantTx(c, (tx) => choices(tx, c.var.tenant.code));
  return c.html(<AlertFormPage ctx={pageContext(c)} {...p} areas={all.areas} shelters={all.shelters} />, status);
}

staffAlertRoutes.get('/staff/alerts', async (c) => {
  requireAlertStaff(c);
  const r = await tenantTx(c, async (tx) => ({ drafts: await listOpenDrafts(tx, c.var.tenant.code), sent: await listSentAlerts(tx, c.var.tenant.code, { limit: 100 }) }));
  return c.html(<StaffAlertListPage ctx={pageContext(c)} drafts={r.drafts} sent={r.sent} notice={notices[c.req.query('notice') ?? '']} />);
});

staffAlertRoutes.get('/staff/alerts/new', async (c) => {
  requireAlertStaff(c);
  const template = (c.req.query('template') ?? '').slice(0, 20);
  if (!template) {
    const all = await tenantTx(c, (tx) => choices(tx, c.var.tenant.code));
    return c.html(<TemplateChooserPage ctx={pageContext(c)} areas={all.areas} shelters={all.shelters} />);
  }
  const hazardQ = c.req.query('hazard') ?? '';
  const hazard = alertInputSchema.shape.hazard.safeParse(hazardQ).data ?? '';
  const areaCodes = (c.req.queries('areas') ?? []).slice(0, 200);
  const shelterIds = (c.req.queries('shelters') ?? []).slice(0, 200).filter((s) => /^[0-9a-f-]{36}$/i.test(s));
  const sel = await tenantTx(c, (tx) => resolveSelection(tx, c.var.tenant.code, areaCodes, shelterIds));
  const municipality = { ja: c.var.tenant.nameJa, en: c.var.tenant.nameEn };
  const now = new Date();
  const values: FormValues = isTemplateKey(template)
    ? valuesOf(fillTemplate(template, { hazard, areas: sel.areas, shelters: sel.shelters, municipality, now }))
    : {
        status: 'actual', template: '', hazard, level: '', category: 'other', responseType: 'monitor', urgency: 'expected', severity: 'moderate', certainty: 'likely',
        areas: sel.areas.map((a) => a.code), shelters: sel.shelters.map((s) => s.id), expires: toLocalInput(new Date(now.getTime() + 24 * 3600_000)),
      };
  return renderForm(c, { action: '/staff/alerts', values, errors: [], statusFixed: false, title: m.newAlert, msgType: 'alert' });
});

staffAlertRoutes.post('/staff/alerts', async (c) => {
  const staff = requireAlertStaff(c);
  const values = await readForm(c);
  try {
    const input = parseInput(alertInputSchema, schemaInput(values), alertLabels);
    const id = await tenantTx(c, async (tx) => {
      const content = await contentFromInput(tx, c.var.tenant.code, input);
      const id = await createDraft(tx, c.var.tenant.code, actorOf(staff), content);
      await audit(c, tx, { action: 'alert.draft', recordType: 'alert', recordId: id, details: { status: content.status, template: content.template } });
      return id;
    });
    return seeOther(c, `/staff/alerts/${id}?notice=saved`);
  } catch (err) {
    if (isAppError(err) && err.code === 'validation_failed') return renderForm(c, { action: '/staff/alerts', values, errors: err.fields, statusFixed: false, title: m.newAlert, msgType: 'alert' }, 400);
    throw err;
  }
});

async function loadView(c: Ctx, id: string) {
  const staff = requireAlertStaff(c);
  const view = await tenantTx(c, async (tx) => {
    const alert = await getAlert(tx, c.var.tenant.code, id);
    if (!alert || alert.state === 'discarded') throw new AppError('not_found');
    return {
      alert,
      chain: await chainMessages(tx, c.var.tenant.code, alert.chainId),
      events: await alertEvents(tx, c.var.tenant.code, alert.id),
      progress: alert.state === 'sent' && alert.sequence ? await broadcastProgress(tx, c.var.tenant.code, { kind: 'alert', id: alert.chainId, revision: alert.sequence }) : [],
    };
  });
  return { ...view, viewerId: staff.id, viewerMayApprove: canApproveAlert(staff), viewerShaped: shapedBy(view.alert, view.events, staff.id) };
}

staffAlertRoutes.get('/staff/alerts/:alertId', async (c) => {
  const view = await loadView(c, c.req.param('alertId'));
  return c.html(<StaffAlertPage ctx={pageContext(c)} view={view} errors={[]} notice={notices[c.req.query('notice') ?? '']} />);
});

staffAlertRoutes.get('/staff/alerts/:alertId/edit', async (c) => {
  requireAlertStaff(c);
  const a = await tenantTx(c, (tx) => getAlert(tx, c.var.tenant.code, c.req.param('alertId')));
  if (!a || a.state === 'discarded') throw new AppError('not_found');
  if (a.state === 'sent') throw new AppError('conflict', { message: m.notEditable });
  return renderForm(c, { action: `/staff/alerts/${a.id}/edit`, values: valuesOf(a), errors: [], statusFixed: a.msgType !== 'alert', title: m.editTitle, msgType: a.msgType });
});

staffAlertRoutes.post('/staff/alerts/:alertId/edit', async (c) => {
  const staff = requireAlertStaff(c);
  const id = c.req.param('alertId');
  const existing = await tenantTx(c, (tx) => getAlert(tx, c.var.tenant.code, id));
  if (!existing || existing.state === 'discarded') throw new AppError('not_found');
  const values = await readForm(c);
  const form = { action: `/staff/alerts/${id}/edit`, values, statusFixed: existing.msgType !== 'alert', title: m.editTitle, msgType: existing.msgType };
  try {
    const input = parseInput(alertInputSchema, schemaInput(values), alertLabels);
    await tenantTx(c, async (tx) => {
      await updateDraft(tx, c.var.tenant.code, id, actorOf(staff), await contentFromInput(tx, c.var.tenant.code, input));
      await audit(c, tx, { action: 'alert.edit', recordType: 'alert', recordId: id });
    });
    return seeOther(c, `/staff/alerts/${id}?notice=saved`);
  } catch (err) {
    if (isAppError(err) && err.code === 'validation_failed') return renderForm(c, { ...form, errors: err.fields }, 400);
    throw err;
  }
});

staffAlertRoutes.post('/staff/alerts/:alertId/submit', async (c) => {
  const staff = requireAlertStaff(c);
  const id = c.req.param('alertId');
  await tenantTx(c, async (tx) => {
    await submitForApproval(tx, c.var.tenant.code, id, actorOf(staff));
    await audit(c, tx, { action: 'alert.submit', recordType: 'alert', recordId: id });
  });
  return seeOther(c, `/staff/alerts/${id}?notice=submitted`);
});

staffAlertRoutes.post('/staff/alerts/:alertId/discard', async (c) => {
  const staff = requireAlertStaff(c);
  const id = c.req.param('alertId');
  await tenantTx(c, async (tx) => {
    await discardDraft(tx, c.var.tenant.code, id, actorOf(staff));
    await audit(c, tx, { action: 'alert.discard', recordType: 'alert', recordId: id });
  });
  return seeOther(c, '/staff/alerts?notice=discarded');
});

/** Sends in one transaction with its audit entries; afterwards the worker is woken (banners follow the alert version). */
async function send(c: Ctx, id: string, mode: SendMode): Promise<Alert> {
  const staff = requireAlertStaff(c);
  const sent = await tenantTx(c, async (tx) => {
    const a = await sendAlert(tx, c.var.tenant.code, id, actorOf(staff), mode, { municipality: municipalityOf(c), actorMayApprove: canApproveAlert(staff) });
    const details = { chainId: a.chainId, sequence: a.sequence, msgType: a.msgType, status: a.status };
    if (mode.kind === 'approve') await audit(c, tx, { action: 'alert.approve', recordType: 'alert', recordId: id, details: { author: a.author.id } });
    if (mode.kind === 'override') await audit(c, tx, { action: 'alert.override', recordType: 'alert', recordId: id, reason: mode.reason, details });
    await audit(c, tx, { action: 'alert.send', recordType: 'alert', recordId: id, details });
    return a;
  });
  c.var.deps.worker.nudge();
  return sent;
}

/** Shows the alert page again with the problem (a missing reason, a CAP document that did not validate). */
async function withProblems(c: Ctx, id: string, run: () => Promise<unknown>, reason?: string) {
  try {
    await run();
    return seeOther(c, `/staff/alerts/${id}?notice=sent`);
  } catch (err) {
    if (!isAppError(err) || err.code !== 'validation_failed') throw err;
    const view = await loadView(c, id);
    return c.html(<StaffAlertPage ctx={pageContext(c)} view={view} errors={err.fields} {...(reason !== undefined ? { reason } : {})} />, 400);
  }
}

staffAlertRoutes.post('/staff/alerts/:alertId/approve', async (c) => {
  const id = c.req.param('alertId');
  return withProblems(c, id, () => send(c, id, { kind: 'approve' }));
});

staffAlertRoutes.post('/staff/alerts/:alertId/send', async (c) => {
  const id = c.req.param('alertId');
  return withProblems(c, id, () => send(c, id, { kind: 'alone' }));
});

staffAlertRoutes.post('/staff/alerts/:alertId/override', async (c) => {
  requireAlertStaff(c);
  const id = c.req.param('alertId');
  const body = await c.req.parseBody();
  const reasonRaw = typeof body.reason === 'string' ? body.reason : '';
  return withProblems(
    c,
    id,
    async () => {
      const fields: FieldError[] = [];
      if (body.confirm !== '1') fields.push({ field: 'confirm', message: { ja: `「${m.overrideCheck.ja}」にチェックを入れてください。`, en: `Tick "${m.overrideCheck.en}".` } });
      const parsed = overrideSchema.safeParse({ reason: reasonRaw });
      if (!parsed.success) fields.push(...fieldErrors(parsed.error, alertLabels));
      if (fields.length || !parsed.success) throw new AppError('validation_failed', { fields });
      return send(c, id, { kind: 'override', reason: parsed.data.reason });
    },
    reasonRaw,
  );
});

staffAlertRoutes.post('/staff/alerts/:alertId/follow-up', async (c) => {
  const staff = requireAlertStaff(c);
  const body = await c.req.parseBody();
  const type = body.type === 'cancel' ? 'cancel' : body.type === 'update' ? 'update' : null;
  if (!type) throw new AppError('validation_failed', { fields: [{ field: 'type', message: { ja: '「続報」か「取消」を選んでください。', en: 'Choose update or cancel.' } }] });
  const newId = await tenantTx(c, async (tx) => {
    const id = await createFollowUp(tx, c.var.tenant.code, c.req.param('alertId'), type, actorOf(staff), { ja: c.var.tenant.nameJa, en: c.var.tenant.nameEn });
    await audit(c, tx, { action: `alert.draft_${type}`, recordType: 'alert', recordId: id, details: { follows: c.req.param('alertId') } });
    return id;
  });
  return seeOther(c, `/staff/alerts/${newId}/edit`);
});
