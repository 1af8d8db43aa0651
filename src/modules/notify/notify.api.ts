/**
 * JSON API of the module, in the OpenAPI document: manage subscriptions (create with double opt-in,
 * unsubscribe), read delivery status, and report bounces. Scopes: notify:subscriptions,
 * notify:read, notify:bounces.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../platform/errors/index.ts';
import { apiRouter, audit, requireScope, tenantTx, tenantTxWithCipher, type AppEnv } from '../../platform/http/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { broadcastProgress } from './broadcast.service.ts';
import { CHANNELS, LANGUAGES, TOPICS } from './model.ts';
import { prefsLabels } from './notify.messages.ts';
import { getBroadcast } from './staff.service.ts';
import { parsePreferences, recordBounce, subscribeEmail, subscriberEmail, unsubscribe } from './subscriptions.service.ts';

const errorRef = { $ref: '#/components/schemas/Error' } as const;
const errors = {
  400: { description: 'Invalid request; `fields` names each problem', content: { 'application/json': { schema: errorRef } } },
  401: { description: 'Missing, unknown, expired or revoked token', content: { 'application/json': { schema: errorRef } } },
  403: { description: 'The token lacks the scope', content: { 'application/json': { schema: errorRef } } },
  404: { description: 'No such record in this municipality', content: { 'application/json': { schema: errorRef } } },
} as const;
const security = [{ bearerToken: [] }];
const tags = ['Subscriptions and delivery'];

const Counts = z.object({ queued: z.number().int(), sent: z.number().int(), failed: z.number().int(), retrying: z.number().int(), deadLetter: z.number().int(), suppressed: z.number().int(), retried: z.number().int().openapi({ description: 'Deliveries attempted more than once, whatever their state now (also counted in their state)' }) });
const ProgressSchema = z
  .object({
    broadcastId: z.string().uuid(),
    total: z.number().int(),
    done: z.boolean(),
    byChannel: z.object(Object.fromEntries(CHANNELS.map((ch) => [ch, Counts])) as Record<(typeof CHANNELS)[number], typeof Counts>),
  })
  .openapi('BroadcastProgress');

export function notifyApi(): OpenAPIHono<AppEnv> {
  const api = apiRouter();

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/notify/subscriptions',
      tags,
      summary: 'Subscribe an e-mail address (double opt-in; scope notify:subscriptions)',
      description: 'The address receives a confirmation link and nothing else until it is opened. An address that is already subscribed receives a link to its manage page instead; the answer is the same either way.',
      security,
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({
                email: z.string().max(320).openapi({ example: 'hanako@example.jp' }),
                topics: z.array(z.enum(TOPICS)).min(1).openapi({ example: ['bousai'] }),
                areas: z.array(z.string()).max(100).default([]).openapi({ description: 'Area codes (GET /api/v1/notify/areas is not needed: see the subscribe page); empty: the whole municipality', example: ['honmachi'] }),
                language: z.enum(LANGUAGES).default('ja'),
              }),
            },
          },
        },
      },
      responses: { 202: { description: 'Confirmation mail queued', content: { 'application/json': { schema: z.object({ status: z.literal('confirmation_sent') }) } } }, ...errors },
    }),
    async (c) => {
      requireScope(c, 'notify:subscriptions');
      const body = c.req.valid('json');
      const { email } = parseInput(z.object({ email: subscriberEmail }), { email: body.email }, prefsLabels);
      await tenantTxWithCipher(c, async (tx, cipher) => {
        const prefs = await parsePreferences(tx, c.var.tenant.code, body);
        await subscribeEmail(tx, cipher, c.var.tenant, { email, prefs });
      });
      c.var.deps.worker.nudge();
      return c.json({ status: 'confirmation_sent' as const }, 202);
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/api/v1/notify/subscriptions/{subscriptionId}',
      tags,
      summary: 'Unsubscribe (scope notify:subscriptions)',
      security,
      request: { params: z.object({ subscriptionId: z.string().openapi({ param: { name: 'subscriptionId', in: 'path' } }) }) },
      responses: { 200: { description: 'Unsubscribed (also when it already was)', content: { 'application/json': { schema: z.object({ unsubscribed: z.literal(true) }) } } }, ...errors },
    }),
    async (c) => {
      requireScope(c, 'notify:subscriptions');
      const id = c.req.valid('param').subscriptionId.toLowerCase();
      if (!z.uuid().safeParse(id).success) throw new AppError('not_found');
      const ok = await tenantTx(c, async (tx) => {
        const done = await unsubscribe(tx, c.var.tenant.code, id);
        if (done) await audit(c, tx, { action: 'notify.subscription.end', recordType: 'notify_subscription', recordId: id, actorKind: 'api', actorId: c.var.apiPrincipal?.tokenId ?? null });
        return done;
      });
      if (!ok) throw new AppError('not_found');
      return c.json({ unsubscribed: true as const }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/notify/broadcasts/{broadcastId}',
      tags,
      summary: 'Delivery status of one broadcast per channel (scope notify:read)',
      security,
      request: { params: z.object({ broadcastId: z.string().openapi({ param: { name: 'broadcastId', in: 'path' } }) }) },
      responses: { 200: { description: 'Counts per channel', content: { 'application/json': { schema: ProgressSchema } } }, ...errors },
    }),
    async (c) => {
      requireScope(c, 'notify:read');
      // A UUID is case-insensitive (RFC 9562); the stored ids are lower case.
      const b = await tenantTx(c, (tx) => getBroadcast(tx, c.var.tenant.code, c.req.valid('param').broadcastId.toLowerCase()));
      if (!b) throw new AppError('not_found');
      return c.json(b.progress, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/notify/broadcasts',
      tags,
      summary: 'Delivery status of every broadcast of a news item or alert (scope notify:read)',
      security,
      request: {
        query: z.object({
          sourceKind: z.enum(['news', 'alert']).openapi({ param: { name: 'sourceKind', in: 'query' } }),
          sourceId: z.string().min(1).max(100).openapi({ param: { name: 'sourceId', in: 'query' } }),
        }),
      },
      responses: { 200: { description: 'Newest revision first', content: { 'application/json': { schema: z.object({ broadcasts: z.array(ProgressSchema) }) } } }, ...errors },
    }),
    async (c) => {
      requireScope(c, 'notify:read');
      const q = c.req.valid('query');
      const broadcasts = await tenantTx(c, (tx) => broadcastProgress(tx, c.var.tenant.code, { kind: q.sourceKind, id: q.sourceId }));
      return c.json({ broadcasts }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/notify/bounces',
      tags,
      summary: 'Report a hard bounce for an address (scope notify:bounces)',
      description:
        'For the mail relay or a bounce processor (e.g. after parsing a DSN): counts one hard bounce; the subscription is suspended after NOTIFY_BOUNCE_LIMIT. Bounces met while sending (5xx to RCPT TO) are counted without this call.',
      security,
      request: { body: { content: { 'application/json': { schema: z.object({ email: z.string().max(320) }) } } } },
      responses: { 200: { description: 'Whether the address is subscribed here', content: { 'application/json': { schema: z.object({ known: z.boolean() }) } } }, ...errors },
    }),
    async (c) => {
      requireScope(c, 'notify:bounces');
      const { email } = parseInput(z.object({ email: subscriberEmail }), c.req.valid('json'), prefsLabels);
      const known = await tenantTxWithCipher(c, (tx, cipher) => recordBounce(tx, cipher, c.var.tenant.code, email, c.var.deps.config.NOTIFY_BOUNCE_LIMIT));
      return c.json({ known }, 200);
    },
  );

  return api;
}
