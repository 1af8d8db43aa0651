/**
 * JSON API of emergency alerts, in the OpenAPI document. Reading sent messages is public (no
 * token), like the pages and feeds: GET /api/public/alerts and /api/public/alerts/{alertId}.
 * Writing needs a token: alerts:write drafts, edits drafts, starts updates and cancels of sent
 * alerts, asks for approval, sends exercise/test messages and cancels; alerts:approve approves (never a message the same token wrote, edited or asked
 * approval for: events in alert_events, ADR 0045 amended) and may use the
 * emergency override. The rules are the staff pages' rules, in the same service functions.
 */
import crypto from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { apiRouter, audit, requireScope, tenantTx, type AppEnv, type ApiPrincipal, type Ctx } from '../../platform/http/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { alertStatuses, categories, certainties, hazards, responseTypes, severities, urgencies, type Actor, type Alert } from './alert.ts';
import { alertText as m } from './alerts.messages.ts';
import { alertInputSchema, alertLabels, inputOf, overrideReasonSchema } from './alerts.schema.ts';
import { contentFromInput, createDraft, createFollowUp, currentAlerts, getAlert, getSentAlert, listSentAlerts, sendAlert, submitForApproval, updateDraft, type SendMode } from './alerts.service.ts';
import { countPublicRead, FEED_MAX_AGE_SECONDS, notModified, PUBLIC_READS_PER_MINUTE, setValidators } from './public-reads.ts';

const tags = ['Emergency alerts'];
const security = [{ bearerToken: [] }];
const errorRef = { $ref: '#/components/schemas/Error' } as const;
const errors = {
  400: { description: 'Invalid request; `fields` names each problem', content: { 'application/json': { schema: errorRef } } },
  401: { description: 'Missing, unknown, expired or revoked token', content: { 'application/json': { schema: errorRef } } },
  403: { description: 'The token lacks the scope, or the rule forbids it (approving a message the token wrote, edited or submitted; sending an actual alert without approval)', content: { 'application/json': { schema: errorRef } } },
  404: { description: 'No such message in this municipality', content: { 'application/json': { schema: errorRef } } },
  409: { description: 'Already sent, discarded, or the chain was cancelled', content: { 'application/json': { schema: errorRef } } },
} as const;
const tooManyReads = {
  429: {
    description: `More than ${PUBLIC_READS_PER_MINUTE} requests from this client address in a minute; \`Retry-After\` says when to retry. The pages at /alerts are never limited.`,
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
    content: { 'application/json': { schema: errorRef } },
  },
} as const;

const versions = z.object({ ja: z.string(), easy: z.string(), en: z.string() });
const AlertSchema = z
  .object({
    id: z.string().uuid(),
    chainId: z.string().uuid().openapi({ description: 'Id of the first message of the chain (alert → updates → cancel)' }),
    sequence: z.number().int().nullable().openapi({ description: 'Place in the chain, from 1; null until sent' }),
    referencesId: z.string().uuid().nullable(),
    msgType: z.enum(['alert', 'update', 'cancel']),
    status: z.enum(alertStatuses).openapi({ description: 'exercise (訓練) and test (テスト) are not real alerts' }),
    state: z.enum(['draft', 'pending', 'sent', 'discarded']),
    level: z.number().int().nullable().openapi({ description: '警戒レベル 1–5' }),
    hazard: z.string(),
    category: z.enum(categories),
    responseType: z.enum(responseTypes),
    urgency: z.enum(urgencies),
    severity: z.enum(severities),
    certainty: z.enum(certainties),
    event: z.object({ ja: z.string(), en: z.string() }),
    headline: versions,
    description: versions,
    instruction: versions,
    areas: z.array(z.object({ code: z.string(), name: z.object({ ja: z.string(), en: z.string() }) })),
    shelters: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string(), address: z.string() })),
    expiresAt: z.string(),
    sentAt: z.string().nullable(),
    url: z.string().openapi({ description: 'The public page' }),
    capUrl: z.string().nullable().openapi({ description: 'The CAP 1.2 document (sent messages)' }),
  })
  .openapi('Alert');

const inputShape = {
  status: z.enum(alertStatuses),
  template: z.string().optional(),
  hazard: z.enum(['', ...hazards]).optional(),
  level: z.number().int().min(1).max(5).nullable().optional(),
  category: z.enum(categories),
  responseType: z.enum(responseTypes),
  urgency: z.enum(urgencies),
  severity: z.enum(severities),
  certainty: z.enum(certainties),
  eventJa: z.string(),
  eventEn: z.string().optional(),
  headlineJa: z.string(),
  headlineEasy: z.string().optional(),
  headlineEn: z.string().optional(),
  descriptionJa: z.string(),
  descriptionEasy: z.string().optional(),
  descriptionEn: z.string().optional(),
  instructionJa: z.string().optional(),
  instructionEasy: z.string().optional(),
  instructionEn: z.string().optional(),
  areas: z.array(z.string()).optional().openapi({ description: '地区 codes (GET notify areas); none: the whole municipality' }),
  shelters: z.array(z.string()).optional().openapi({ description: 'Shelter place ids (GET /api/v1/shelters/status)' }),
  expires: z.string().openapi({ description: 'ISO 8601 with offset, or YYYY-MM-DDTHH:MM in Japan time', example: '2026-07-01T18:00:00+09:00' }),
};
const InputSchema = z.object(inputShape).openapi('AlertInput');

const FollowUpSchema = z
  .object({ msgType: z.enum(['update', 'cancel']).openapi({ description: 'update: a new text for the chain (needs approval when actual); cancel: lifts it (one person may send it)' }) })
  .extend(z.object(inputShape).partial().shape)
  .openapi('AlertFollowUpInput', {
    description:
      'The draft starts like the staff page\'s: an update from the chain\'s latest message, a cancel from the lifting (解除) template for the same hazard and areas; the status is the chain\'s. Fields given here replace those of the started draft, and the result is checked as a whole (errors name the field).',
  });

const present = (origin: string, a: Alert) => ({
  id: a.id, chainId: a.chainId, sequence: a.sequence, referencesId: a.referencesId, msgType: a.msgType, status: a.status, state: a.state,
  level: a.level, hazard: a.hazard, category: a.category, responseType: a.responseType, urgency: a.urgency, severity: a.severity, certainty: a.certainty,
  event: a.event, headline: a.headline, description: a.description, instruction: a.instruction, areas: a.areas, shelters: a.shelters,
  expiresAt: a.expiresAt.toISOString(), sentAt: a.sentAt?.toISOString() ?? null,
  url: `${origin}/alerts/${a.id}`, capUrl: a.state === 'sent' ? `${origin}/alerts/${a.id}/cap.xml` : null,
});

const notModifiedResponse = {
  304: { description: 'Not modified: the copy named in If-None-Match is current (not counted against the limit)', headers: { ETag: { schema: { type: 'string' } } } },
} as const;

/**
 * A public JSON read with an ETag of its content. The list changes when a message is sent and when
 * one expires, so the tag is a hash of the answer, not the alert version. A reader sending
 * If-None-Match has its copy compared first and gets 304 without being counted (like the feeds);
 * any other read is counted before the database is read.
 */
async function publicJson(c: Ctx, read: (tx: Queryable) => Promise<unknown>) {
  const conditional = c.req.header('if-none-match') !== undefined;
  const body = await tenantTx(c, async (tx) => {
    if (!conditional) await countPublicRead(c, tx, 'api');
    return read(tx);
  });
  const json = JSON.stringify(body);
  const validators = { etag: `W/"api-${crypto.createHash('sha256').update(json).digest('base64url').slice(0, 22)}"`, lastModified: null };
  if (conditional && notModified(c, validators)) {
    setValidators(c, validators, FEED_MAX_AGE_SECONDS);
    return c.body(null, 304);
  }
  if (conditional) await tenantTx(c, (tx) => countPublicRead(c, tx, 'api'));
  setValidators(c, validators, FEED_MAX_AGE_SECONDS);
  c.header('Content-Type', 'application/json; charset=UTF-8');
  return c.body(json, 200);
}

const idParam = z.object({ alertId: z.string().openapi({ param: { name: 'alertId', in: 'path' } }) });
const tokenActor = (p: ApiPrincipal): Actor => ({ kind: 'api', id: `token:${p.tokenId}`, name: p.name });
const municipalityOf = (c: Ctx) => ({ code: c.var.tenant.code, nameJa: c.var.tenant.nameJa, nameEn: c.var.tenant.nameEn, origin: c.var.tenant.origin });

async function sendInTx(c: Ctx, tx: Queryable, p: ApiPrincipal, id: string, mode: SendMode): Promise<Alert> {
  const sent = await sendAlert(tx, c.var.tenant.code, id, tokenActor(p), mode, { municipality: municipalityOf(c), actorMayApprove: p.scopes.includes('alerts:approve') });
  const details = { chainId: sent.chainId, sequence: sent.sequence, msgType: sent.msgType, status: sent.status };
  if (mode.kind === 'approve') await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'alert.approve', recordType: 'alert', recordId: id, details });
  if (mode.kind === 'override') await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'alert.override', recordType: 'alert', recordId: id, reason: mode.reason, details });
  await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'alert.send', recordType: 'alert', recordId: id, details });
  return sent;
}

/** Runs a send in its own transaction; afterwards the worker is woken (banners follow the alert version). */
async function afterSend<T>(c: Ctx, run: Promise<T>): Promise<T> {
  const r = await run;
  c.var.deps.worker.nudge();
  return r;
}

const sendFromApi = (c: Ctx, p: ApiPrincipal, id: string, mode: SendMode) => afterSend(c, tenantTx(c, (tx) => sendInTx(c, tx, p, id, mode)));

export function alertsApi(): OpenAPIHono<AppEnv> {
  const api = apiRouter();

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/alerts',
      tags,
      summary: 'Sent alert messages, newest first (public, no token)',
      request: {
        query: z.object({
          current: z.enum(['true', 'false']).optional().openapi({ param: { name: 'current', in: 'query' }, description: 'true: only the latest message of each chain still in force' }),
          limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ param: { name: 'limit', in: 'query' } }),
          offset: z.coerce.number().int().min(0).max(100_000).default(0).openapi({ param: { name: 'offset', in: 'query' } }),
        }),
      },
      responses: { 200: { description: 'Alert messages, with an ETag', content: { 'application/json': { schema: z.object({ alerts: z.array(AlertSchema) }) } } }, ...notModifiedResponse, 400: errors[400], ...tooManyReads },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return publicJson(c, async (tx) => {
        const list = q.current === 'true' ? await currentAlerts(tx, c.var.tenant.code) : await listSentAlerts(tx, c.var.tenant.code, { limit: q.limit, offset: q.offset });
        return { alerts: list.map((a) => present(c.var.tenant.origin, a)) };
      });
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/public/alerts/{alertId}', tags, summary: 'One sent alert message (public, no token)', request: { params: idParam }, responses: { 200: { description: 'The message, with an ETag', content: { 'application/json': { schema: AlertSchema } } }, ...notModifiedResponse, 404: errors[404], ...tooManyReads } }),
    async (c) => {
      const id = c.req.valid('param').alertId;
      return publicJson(c, async (tx) => {
        const a = await getSentAlert(tx, c.var.tenant.code, id);
        if (!a) throw new AppError('not_found');
        return present(c.var.tenant.origin, a);
      });
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/alerts',
      tags,
      summary: 'Draft an alert (scope alerts:write). Texts: ja required, easy and en strongly suggested.',
      security,
      request: { body: { content: { 'application/json': { schema: InputSchema } } } },
      responses: { 201: { description: 'The draft', content: { 'application/json': { schema: AlertSchema } } }, ...errors },
    }),
    async (c) => {
      const p = requireScope(c, 'alerts:write');
      const raw = c.req.valid('json');
      const input = parseInput(alertInputSchema, { ...raw, level: raw.level ?? null }, alertLabels);
      const a = await tenantTx(c, async (tx) => {
        const id = await createDraft(tx, c.var.tenant.code, tokenActor(p), await contentFromInput(tx, c.var.tenant.code, input));
        await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'alert.draft', recordType: 'alert', recordId: id });
        return (await getAlert(tx, c.var.tenant.code, id))!;
      });
      return c.json(present(c.var.tenant.origin, a), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/alerts/{alertId}',
      tags,
      summary: 'Replace a draft\'s content (scope alerts:write). A message awaiting approval goes back to draft; whoever edits a message may not approve it.',
      security,
      request: { params: idParam, body: { required: true, content: { 'application/json': { schema: InputSchema } } } },
      responses: { 200: { description: 'The draft, edited', content: { 'application/json': { schema: AlertSchema } } }, ...errors },
    }),
    async (c) => {
      const p = requireScope(c, 'alerts:write');
      const id = c.req.valid('param').alertId;
      const raw = c.req.valid('json');
      const input = parseInput(alertInputSchema, { ...raw, level: raw.level ?? null }, alertLabels);
      const a = await tenantTx(c, async (tx) => {
        if (!(await getAlert(tx, c.var.tenant.code, id))) throw new AppError('not_found');
        await updateDraft(tx, c.var.tenant.code, id, tokenActor(p), await contentFromInput(tx, c.var.tenant.code, input));
        await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'alert.edit', recordType: 'alert', recordId: id });
        return (await getAlert(tx, c.var.tenant.code, id))!;
      });
      return c.json(present(c.var.tenant.origin, a), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/alerts/{alertId}/follow-up',
      tags,
      summary: 'Draft an update or a cancel of a sent alert\'s chain (scope alerts:write); send it with /submit (then /approve) or /send',
      security,
      request: { params: idParam, body: { required: true, content: { 'application/json': { schema: FollowUpSchema } } } },
      responses: { 201: { description: 'The follow-up draft', content: { 'application/json': { schema: AlertSchema } } }, ...errors },
    }),
    async (c) => {
      const p = requireScope(c, 'alerts:write');
      const of = c.req.valid('param').alertId;
      const { msgType, ...changes } = c.req.valid('json');
      if (msgType !== 'update' && msgType !== 'cancel') throw new AppError('validation_failed', { fields: [{ field: 'msgType', message: m.followUpType }] });
      const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      // Started, changed and checked in one transaction: a refused change leaves no stray draft behind.
      const a = await tenantTx(c, async (tx) => {
        const id = await createFollowUp(tx, c.var.tenant.code, of, msgType, tokenActor(p), { ja: c.var.tenant.nameJa, en: c.var.tenant.nameEn });
        await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: `alert.draft_${msgType}`, recordType: 'alert', recordId: id, details: { follows: of } });
        if (Object.keys(given).length) {
          const started = (await getAlert(tx, c.var.tenant.code, id))!;
          const input = parseInput(alertInputSchema, { ...inputOf(started), ...given }, alertLabels);
          await updateDraft(tx, c.var.tenant.code, id, tokenActor(p), await contentFromInput(tx, c.var.tenant.code, input));
          await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'alert.edit', recordType: 'alert', recordId: id, details: { fields: Object.keys(given) } });
        }
        return (await getAlert(tx, c.var.tenant.code, id))!;
      });
      return c.json(present(c.var.tenant.origin, a), 201);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/alerts/{alertId}/submit', tags, summary: 'Ask for a second person\'s approval (scope alerts:write)', security, request: { params: idParam }, responses: { 200: { description: 'Awaiting approval', content: { 'application/json': { schema: AlertSchema } } }, ...errors } }),
    async (c) => {
      const p = requireScope(c, 'alerts:write');
      const id = c.req.valid('param').alertId;
      const a = await tenantTx(c, async (tx) => {
        await submitForApproval(tx, c.var.tenant.code, id, tokenActor(p));
        await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'alert.submit', recordType: 'alert', recordId: id });
        return (await getAlert(tx, c.var.tenant.code, id))!;
      });
      return c.json(present(c.var.tenant.origin, a), 200);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/alerts/{alertId}/approve', tags, summary: 'Approve and send a message awaiting approval; never one this token wrote, edited or submitted (scope alerts:approve)', security, request: { params: idParam }, responses: { 200: { description: 'Sent', content: { 'application/json': { schema: AlertSchema } } }, ...errors } }),
    async (c) => {
      const p = requireScope(c, 'alerts:approve');
      return c.json(present(c.var.tenant.origin, await sendFromApi(c, p, c.req.valid('param').alertId, { kind: 'approve' })), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/alerts/{alertId}/send',
      tags,
      summary: 'Send alone: exercise, test and cancel messages (scope alerts:write); an actual alert only with `override` (scope alerts:approve), which is audit-logged',
      security,
      request: { params: idParam, body: { required: false, content: { 'application/json': { schema: z.object({ override: z.object({ reason: z.string() }).optional() }) } } } },
      responses: { 200: { description: 'Sent', content: { 'application/json': { schema: AlertSchema } } }, ...errors },
    }),
    async (c) => {
      const p = requireScope(c, 'alerts:write');
      const body = (await c.req.json().catch(() => ({}))) as { override?: { reason?: unknown } };
      let mode: SendMode = { kind: 'alone' };
      if (body.override !== undefined) {
        const reason = parseInput(z.object({ reason: overrideReasonSchema }), { reason: body.override?.reason }, { reason: alertLabels.reason! });
        mode = { kind: 'override', reason: reason.reason };
      }
      return c.json(present(c.var.tenant.origin, await sendFromApi(c, p, c.req.valid('param').alertId, mode)), 200);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/v1/alerts/{alertId}/cancel', tags, summary: 'Cancel a sent alert chain at once: writes the cancel message (lifting text) and sends it (scope alerts:write)', security, request: { params: idParam }, responses: { 200: { description: 'The cancel message, sent', content: { 'application/json': { schema: AlertSchema } } }, ...errors } }),
    async (c) => {
      const p = requireScope(c, 'alerts:write');
      const of = c.req.valid('param').alertId;
      // Written and sent in one transaction: a failed send leaves no stray cancel draft behind.
      const sent = await afterSend(
        c,
        tenantTx(c, async (tx) => {
          const id = await createFollowUp(tx, c.var.tenant.code, of, 'cancel', tokenActor(p), { ja: c.var.tenant.nameJa, en: c.var.tenant.nameEn });
          await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'alert.draft_cancel', recordType: 'alert', recordId: id, details: { follows: of } });
          return sendInTx(c, tx, p, id, { kind: 'alone' });
        }),
      );
      return c.json(present(c.var.tenant.origin, sent), 200);
    },
  );

  return api;
}
