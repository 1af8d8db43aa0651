/**
 * The delivery engine (ADR 40). Two kinds of durable job:
 * - fan-out (one chunk of subscriptions per job): turns a broadcast into delivery rows, unique on
 *   (tenant, broadcast, channel, subscription), and enqueues the next chunk and the senders in the
 *   same transaction — a crash repeats at most the uncommitted chunk, and the unique key makes the
 *   repeat a no-op;
 * - sender (per municipality and channel): claims ready deliveries (urgent first) under a lease,
 *   sends them, and records each outcome as soon as it is known.
 * Guarantee: at-least-once hand-over to the receiving server, never twice for a delivery whose
 * outcome was recorded; a delivery in flight when its sender died is sent again after the lease
 * with the same message id (Message-ID, webhook-id, X-Line-Retry-Key), so receivers can drop it.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/http/index.ts';
import { enqueue, type JobHandler } from '../../platform/jobs/index.ts';
import { findTenant } from '../../platform/tenancy/index.ts';
import { FANOUT_QUEUE, SEND_QUEUE, jobRunAt } from './broadcast.service.ts';
import { ensureVapidKeys, loadChannelSecrets } from './channel-settings.ts';
import type { OutgoingDelivery, Outcome, SendBatch } from './channels/channel.ts';
import { emailChannel } from './channels/email.ts';
import { lineChannel } from './channels/line.ts';
import { webhookChannel } from './channels/webhook.ts';
import { webpushChannel } from './channels/webpush.ts';
import { compose, type BroadcastContent } from './compose.ts';
import type { Channel, Language } from './model.ts';
import { ADDRESS_FIELD } from './subscriptions.service.ts';
import { signToken } from './tokens.ts';

/** Subscriptions turned into deliveries per fan-out transaction (one set-based INSERT … SELECT). */
export const FANOUT_CHUNK = 10_000;
/** A small first chunk lets the first messages leave sooner. */
const FIRST_CHUNK = 1000;
/** A fan-out job hands over to a fresh job after this long (well inside the job lease). */
const FANOUT_BUDGET_MS = 20_000;
/** A sender job hands over to a fresh job after this long, so other queued work (an alert) gets a turn. */
const SLICE_MS = 4000;

interface FanoutPayload {
  broadcastId: string;
  chunk?: number;
}

/**
 * Turns the next chunk of matching subscriptions into delivery rows in one statement, moves the
 * cursor and enqueues the senders, all in one transaction. Returns whether more may follow. The
 * sender jobs' dedupe keys carry the chunk's starting cursor, so a repeated chunk (after a crash)
 * enqueues nothing twice, and every chunk that inserted rows has its own senders.
 */
async function fanoutChunk(tx: Queryable, tenant: string, broadcastId: string, first: boolean): Promise<boolean> {
  const [b] = await tx.query<{ topic: string; areas: string[] | null; urgent: boolean; status: string; fanout_cursor: string | null; fanned_out_at: Date | null }>(
    'SELECT topic, areas, urgent, status, fanout_cursor, fanned_out_at FROM notify_broadcasts WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
    [tenant, broadcastId],
  );
  if (!b || b.fanned_out_at) return false;
  const chunkSize = first ? FIRST_CHUNK : FANOUT_CHUNK;
  const [r] = await tx.query<{ n: number; last: string | null; channels: Channel[] | null }>(
    `WITH s AS (
       SELECT id, channel FROM notify_subscriptions
       WHERE tenant_id = $1 AND state = 'active' AND $2 = ANY(topics)
         AND ($3::text[] IS NULL OR areas = '{}' OR areas && $3::text[])
         AND ($4 <> 'test' OR include_tests)
         AND ($5::uuid IS NULL OR id > $5::uuid)
       ORDER BY id LIMIT $6),
     ins AS (
       INSERT INTO notify_deliveries (tenant_id, broadcast_id, channel, subscription_id, urgent)
       SELECT $1, $7, channel, id, $8 FROM s
       ON CONFLICT DO NOTHING)
     SELECT (SELECT count(*)::int FROM s) AS n,
            (SELECT id::text FROM s ORDER BY id DESC LIMIT 1) AS last,
            (SELECT array_agg(DISTINCT channel::text) FROM s) AS channels`,
    [tenant, b.topic, b.areas, b.status, b.fanout_cursor, chunkSize, broadcastId, b.urgent],
  );
  const n = Number(r?.n ?? 0);
  const more = n === chunkSize;
  await tx.query('UPDATE notify_broadcasts SET fanout_cursor = $3, fanned_out_at = CASE WHEN $4 THEN NULL ELSE now() END WHERE tenant_id = $1 AND id = $2', [
    tenant,
    broadcastId,
    r?.last ?? b.fanout_cursor,
    more,
  ]);
  const runAt = jobRunAt(b.urgent);
  const from = b.fanout_cursor ?? 'start';
  // Two senders per channel and chunk, so each channel's deliveries go out in parallel.
  for (const channel of r?.channels ?? [])
    for (const lane of [0, 1]) await enqueue(tx, tenant, SEND_QUEUE, { channel }, { dedupeKey: `send:${broadcastId}:${channel}:${from}:${lane}`, runAt, maxAttempts: 1000 });
  return more;
}

interface Claimed {
  deliveries: OutgoingDelivery[];
  /** In-flight deliveries of other (possibly dead) senders: when their lease ends. */
  nextLeaseEnd: Date | null;
}

async function claim(tx: Queryable, deps: Deps, tenant: string, channel: Channel): Promise<Claimed> {
  const rows = await tx.query<{ broadcast_id: string; subscription_id: string; urgent: boolean }>(
    `WITH c AS (
       SELECT broadcast_id, subscription_id FROM notify_deliveries
       WHERE tenant_id = $1 AND channel = $2
         AND ((state IN ('queued', 'retrying') AND next_attempt_at <= now()) OR (state = 'sending' AND locked_until < now()))
       ORDER BY urgent DESC, next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     UPDATE notify_deliveries d SET state = 'sending', attempts = d.attempts + 1, locked_until = now() + make_interval(secs => $4)
     FROM c WHERE d.tenant_id = $1 AND d.channel = $2 AND d.broadcast_id = c.broadcast_id AND d.subscription_id = c.subscription_id
     RETURNING d.broadcast_id, d.subscription_id, d.urgent`,
    [tenant, channel, deps.config.NOTIFY_BATCH_SIZE, deps.config.NOTIFY_LEASE_SECONDS],
  );
  if (!rows.length) {
    const [lease] = await tx.query<{ t: Date | null }>("SELECT min(locked_until) AS t FROM notify_deliveries WHERE tenant_id = $1 AND channel = $2 AND state = 'sending'", [tenant, channel]);
    return { deliveries: [], nextLeaseEnd: lease?.t ?? null };
  }
  // If this sender dies, a job must exist to take these deliveries up again once their lease ends
  // (the dead worker's own job would only come back after the job lease).
  await enqueueSender(tx, tenant, channel, new Date(Date.now() + (deps.config.NOTIFY_LEASE_SECONDS + 1) * 1000), 'sweep');
  const subIds = [...new Set(rows.map((r) => r.subscription_id))];
  const subs = new Map(
    (
      await tx.query<{ id: string; state: string; language: Language; address_enc: string }>(
        'SELECT id, state, language, address_enc FROM notify_subscriptions WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
        [tenant, subIds],
      )
    ).map((s) => [s.id, s]),
  );
  const bIds = [...new Set(rows.map((r) => r.broadcast_id))];
  const broadcasts = new Map(
    (
      await tx.query<BroadcastContent & { id: string; topic: string; areas: string[] | null; source_kind: string; source_id: string; source_revision: number }>(
        'SELECT id, status, title, body, url, topic, areas, source_kind, source_id, source_revision FROM notify_broadcasts WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
        [tenant, bIds],
      )
    ).map((b) => [b.id, b]),
  );
  const cipher = await deps.keyring.forTenant(tx, tenant);
  const origin = (await findTenant(tx, tenant))?.origin ?? deps.config.PUBLIC_URL;
  const suppressed: { b: string; s: string }[] = [];
  const deliveries: OutgoingDelivery[] = [];
  for (const r of rows) {
    const sub = subs.get(r.subscription_id);
    const b = broadcasts.get(r.broadcast_id)!;
    // Unsubscribed, suspended or removed after the fan-out: nothing goes out.
    if (!sub || sub.state !== 'active') {
      suppressed.push({ b: r.broadcast_id, s: r.subscription_id });
      continue;
    }
    const text = compose(b, sub.language);
    const token = signToken(cipher, 'manage', sub.id);
    deliveries.push({
      tenant,
      broadcastId: r.broadcast_id,
      subscriptionId: sub.id,
      messageId: `${r.broadcast_id}.${sub.id}`,
      address: cipher.decrypt(ADDRESS_FIELD, sub.address_enc)!,
      language: sub.language,
      urgent: r.urgent,
      title: text.title,
      body: text.body,
      url: text.url,
      manageUrl: `${origin}/subscribe/manage?token=${token}`,
      unsubscribeUrl: `${origin}/unsubscribe?token=${token}`,
      meta: { topic: b.topic, status: b.status, areas: b.areas, sourceKind: b.source_kind, sourceId: b.source_id, sourceRevision: b.source_revision },
    });
  }
  if (suppressed.length)
    await tx.query(
      `UPDATE notify_deliveries SET state = 'suppressed', locked_until = NULL FROM unnest($3::uuid[], $4::uuid[]) AS u(b, s)
       WHERE tenant_id = $1 AND channel = $2 AND broadcast_id = u.b AND subscription_id = u.s`,
      [tenant, channel, suppressed.map((x) => x.b), suppressed.map((x) => x.s)],
    );
  return { deliveries, nextLeaseEnd: null };
}

/** Records outcomes in one transaction: sent, retry with back-off (or dead after the retry window), permanent failure and its effect on the subscription. */
async function record(tx: Queryable, deps: Deps, tenant: string, channel: Channel, results: [OutgoingDelivery, Outcome][]): Promise<void> {
  const sent = results.filter(([, o]) => o.kind === 'sent').map(([d]) => d);
  if (sent.length)
    await tx.query(
      `UPDATE notify_deliveries SET state = 'sent', sent_at = now(), locked_until = NULL, last_error = NULL FROM unnest($3::uuid[], $4::uuid[]) AS u(b, s)
       WHERE tenant_id = $1 AND channel = $2 AND broadcast_id = u.b AND subscription_id = u.s AND state = 'sending'`,
      [tenant, channel, sent.map((d) => d.broadcastId), sent.map((d) => d.subscriptionId)],
    );
  const transient = results.filter(([, o]) => o.kind === 'transient') as [OutgoingDelivery, Extract<Outcome, { kind: 'transient' }>][];
  if (transient.length) {
    // Exponential back-off from 10 s, capped at 6 h, ±20 % jitter; past the retry window: dead letter.
    const retried = await tx.query<{ state: string }>(
      `UPDATE notify_deliveries d SET
         state = CASE WHEN d.created_at < now() - make_interval(hours => $6) THEN 'dead' ELSE 'retrying' END,
         next_attempt_at = now() + make_interval(secs => (LEAST(21600, 10 * power(2, GREATEST(d.attempts - 1, 0))) * (0.8 + random() * 0.4))::int),
         locked_until = NULL, last_error = u.err
       FROM unnest($3::uuid[], $4::uuid[], $5::text[]) AS u(b, s, err)
       WHERE d.tenant_id = $1 AND d.channel = $2 AND d.broadcast_id = u.b AND d.subscription_id = u.s AND d.state = 'sending'
       RETURNING d.state`,
      [tenant, channel, transient.map(([d]) => d.broadcastId), transient.map(([d]) => d.subscriptionId), transient.map(([, o]) => o.error), deps.config.NOTIFY_RETRY_HOURS],
    );
    if (retried.some((r) => r.state === 'retrying')) {
      const [next] = await tx.query<{ t: Date }>(
        "SELECT min(next_attempt_at) AS t FROM notify_deliveries WHERE tenant_id = $1 AND channel = $2 AND state = 'retrying'",
        [tenant, channel],
      );
      if (next?.t) await enqueueSender(tx, tenant, channel, next.t, 'retry');
    }
  }
  const permanent = results.filter(([, o]) => o.kind === 'permanent') as [OutgoingDelivery, Extract<Outcome, { kind: 'permanent' }>][];
  if (permanent.length) {
    await tx.query(
      `UPDATE notify_deliveries SET state = 'failed', locked_until = NULL, last_error = u.err FROM unnest($3::uuid[], $4::uuid[], $5::text[]) AS u(b, s, err)
       WHERE tenant_id = $1 AND channel = $2 AND broadcast_id = u.b AND subscription_id = u.s AND state = 'sending'`,
      [tenant, channel, permanent.map(([d]) => d.broadcastId), permanent.map(([d]) => d.subscriptionId), permanent.map(([, o]) => o.error)],
    );
    const ids = (effect: string) => permanent.filter(([, o]) => o.effect === effect).map(([d]) => d.subscriptionId);
    if (ids('bounce').length)
      await tx.query(
        `UPDATE notify_subscriptions SET hard_bounces = hard_bounces + 1, last_error = 'hard bounce',
           state = CASE WHEN hard_bounces + 1 >= $3 AND state = 'active' THEN 'suspended' ELSE state END, updated_at = now()
         WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
        [tenant, ids('bounce'), deps.config.NOTIFY_BOUNCE_LIMIT],
      );
    if (ids('remove').length) await tx.query('DELETE FROM notify_subscriptions WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [tenant, ids('remove')]);
    if (ids('end').length)
      await tx.query("UPDATE notify_subscriptions SET state = 'ended', ended_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = ANY($2::uuid[])", [tenant, ids('end')]);
  }
}

/**
 * A sender job for a channel at `at` (bucketed to 10 s so retries of one moment share one job).
 * A job keeps its dedupe key while and after it runs, so a bucket whose job has already started (a
 * time in the past, or a job run early) must not swallow this wake-up: then a job of its own is added.
 * A sender job only claims what is due, so an extra one costs a query, never a second send.
 */
export async function enqueueSender(tx: Queryable, tenant: string, channel: Channel, at: Date, reason: string, urgent = false): Promise<void> {
  const bucket = Math.ceil(Math.max(at.getTime(), Date.now() + 1000) / 10_000) * 10_000;
  const key = `${reason}:${channel}:${bucket}`;
  const runAt = urgent ? jobRunAt(true) : new Date(bucket);
  if (await enqueue(tx, tenant, SEND_QUEUE, { channel }, { dedupeKey: key, runAt, maxAttempts: 1000 })) return;
  // Waiting means pending and not held by a worker (a running job has already claimed its batch).
  const [existing] = await tx.query<{ waiting: boolean }>(
    "SELECT status = 'pending' AND (locked_until IS NULL OR locked_until < now()) AS waiting FROM jobs WHERE tenant_id = $1 AND queue = $2 AND dedupe_key = $3",
    [tenant, SEND_QUEUE, key],
  );
  if (existing && !existing.waiting) await enqueue(tx, tenant, SEND_QUEUE, { channel }, { dedupeKey: `${key}:${crypto.randomUUID()}`, runAt, maxAttempts: 1000 });
}

function sender(deps: Deps, channel: Channel, secrets: Awaited<ReturnType<typeof loadChannelSecrets>>): { send: SendBatch; close?: () => void } {
  const c = deps.config;
  const timeoutMs = c.NOTIFY_SMTP_TIMEOUT_MS;
  switch (channel) {
    case 'email':
      return emailChannel({ smtpUrl: c.SMTP_URL, from: c.MAIL_FROM, pool: c.NOTIFY_SMTP_POOL, timeoutMs, unsubscribeMailbox: c.MAIL_FROM, fallback: deps.mailer });
    case 'webpush':
      return webpushChannel({
        concurrency: c.NOTIFY_PUSH_CONCURRENCY,
        timeoutMs,
        vapid: () => (secrets.vapid ? { ...secrets.vapid, subject: `mailto:${c.MAIL_FROM}` } : undefined),
        production: c.YAKUBA_ENV === 'production',
      });
    case 'line':
      return lineChannel({ baseUrl: c.LINE_API_BASE_URL, timeoutMs, token: () => secrets.line?.token });
    case 'webhook':
      return webhookChannel({ concurrency: c.NOTIFY_PUSH_CONCURRENCY, timeoutMs, production: c.YAKUBA_ENV === 'production' });
  }
}

/** The module's job handlers; registered through ModuleRoutes.jobs. */
export function notifyJobs(deps: Deps): Record<string, JobHandler> {
  // One job fans out chunk after chunk (each its own transaction, so senders start after the
  // first), and hands over to a fresh job after FANOUT_BUDGET_MS.
  const fanout: JobHandler<FanoutPayload> = async (job, ctx) => {
    const { broadcastId } = job.payload;
    const deadline = Date.now() + FANOUT_BUDGET_MS;
    let first = (job.payload.chunk ?? 0) === 0;
    for (;;) {
      const more = await ctx.tx((tx) => fanoutChunk(tx, job.tenantId, broadcastId, first));
      deps.worker.nudge();
      if (!more) return;
      first = false;
      if (Date.now() > deadline) {
        await ctx.tx(async (tx) => {
          const [b] = await tx.query<{ urgent: boolean; fanout_cursor: string | null }>('SELECT urgent, fanout_cursor FROM notify_broadcasts WHERE tenant_id = $1 AND id = $2', [job.tenantId, broadcastId]);
          await enqueue(tx, job.tenantId, FANOUT_QUEUE, { broadcastId, chunk: 1 }, { dedupeKey: `fanout:${broadcastId}:${b?.fanout_cursor ?? 'start'}`, runAt: jobRunAt(b?.urgent ?? false), maxAttempts: 1000 });
        });
        deps.worker.nudge();
        return;
      }
    }
  };
  const send: JobHandler<{ channel: Channel }> = async (job, ctx) => {
    const tenant = job.tenantId;
    const { channel } = job.payload;
    const deadline = Date.now() + SLICE_MS;
    const secrets = await ctx.tx(async (tx) => {
      const cipher = await deps.keyring.forTenant(tx, tenant);
      // VAPID keys are made on first use: normally by the subscribe page, else by the first push.
      if (channel === 'webpush') await ensureVapidKeys(tx, cipher, tenant);
      return loadChannelSecrets(tx, cipher, tenant);
    });
    const s = sender(deps, channel, secrets);
    try {
      let claimed = await ctx.tx((tx) => claim(tx, deps, tenant, channel));
      for (;;) {
        if (!claimed.deliveries.length) {
          if (claimed.nextLeaseEnd) {
            const at = claimed.nextLeaseEnd;
            await ctx.tx((tx) => enqueueSender(tx, tenant, channel, new Date(at.getTime() + 1000), 'sweep'));
          }
          // The batch may have been all suppressed while more wait: look again.
          if (claimed.nextLeaseEnd === null && (await ctx.tx((tx) => hasReady(tx, tenant, channel)))) {
            claimed = await ctx.tx((tx) => claim(tx, deps, tenant, channel));
            continue;
          }
          return;
        }
        // The next batch is claimed while this one is being sent, so the connections never wait
        // for the database (claimed deliveries are under a lease: a crash only delays them).
        const last = Date.now() > deadline || ctx.signal.aborted;
        const next = last ? null : ctx.tx((tx) => claim(tx, deps, tenant, channel));
        next?.catch(() => undefined);
        // Group commit: each outcome is recorded as soon as the previous recording transaction has
        // finished, so a crash leaves as few deliveries as possible handed over but unrecorded
        // (those are the only ones sent again, with the same message id).
        let pending: [OutgoingDelivery, Outcome][] = [];
        let running: Promise<void> | null = null;
        let failure: unknown = null;
        const pump = () => {
          if (running || !pending.length || failure) return;
          const group = pending;
          pending = [];
          running = ctx
            .tx((tx) => record(tx, deps, tenant, channel, group))
            .catch((err: unknown) => {
              failure = err;
            })
            .finally(() => {
              running = null;
              pump();
            });
        };
        await s.send(claimed.deliveries, (d, o) => {
          pending.push([d, o]);
          pump();
        });
        while (running || (pending.length && !failure)) {
          pump();
          await running;
        }
        if (failure) throw failure;
        if (next && ctx.signal.aborted) {
          // Stopping (SIGTERM): the batch claimed ahead was never started; give it back at once
          // rather than leave it to its lease, so another worker (or this one restarted) sends it.
          const unsent = (await next).deliveries;
          await ctx.tx((tx) => release(tx, tenant, channel, unsent));
          return;
        }
        if (!next) {
          await ctx.tx((tx) => enqueue(tx, tenant, SEND_QUEUE, { channel }, { runAt: jobRunAt(claimed.deliveries.some((d) => d.urgent)), maxAttempts: 1000 }));
          deps.worker.nudge();
          return;
        }
        claimed = await next;
      }
    } finally {
      s.close?.();
    }
  };
  return { [FANOUT_QUEUE]: fanout, [SEND_QUEUE]: send };
}

/**
 * Gives claimed but unsent deliveries back: the attempt that never started is not counted, and a
 * sender job is queued for them. Only rows still 'sending' are touched.
 */
async function release(tx: Queryable, tenant: string, channel: Channel, unsent: OutgoingDelivery[]): Promise<void> {
  if (!unsent.length) return;
  const rows = await tx.query<{ urgent: boolean }>(
    `UPDATE notify_deliveries SET state = CASE WHEN attempts > 1 THEN 'retrying' ELSE 'queued' END,
       attempts = greatest(attempts - 1, 0), locked_until = NULL, next_attempt_at = now()
     FROM unnest($3::uuid[], $4::uuid[]) AS u(b, s)
     WHERE tenant_id = $1 AND channel = $2 AND broadcast_id = u.b AND subscription_id = u.s AND state = 'sending'
     RETURNING urgent`,
    [tenant, channel, unsent.map((d) => d.broadcastId), unsent.map((d) => d.subscriptionId)],
  );
  if (rows.length) await enqueue(tx, tenant, SEND_QUEUE, { channel }, { runAt: jobRunAt(rows.some((r) => r.urgent)), maxAttempts: 1000 });
}

async function hasReady(tx: Queryable, tenant: string, channel: Channel): Promise<boolean> {
  const [r] = await tx.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM (SELECT 1 FROM notify_deliveries WHERE tenant_id = $1 AND channel = $2 AND state IN ('queued', 'retrying') AND next_attempt_at <= now() LIMIT 1) x",
    [tenant, channel],
  );
  return Number(r?.n ?? 0) > 0;
}

