/**
 * broadcast(): the one input every sender (news, alerts) calls. It records the broadcast and
 * enqueues its fan-out job in the caller's transaction, so the message goes out exactly when the
 * caller's change commits, and a rollback sends nothing.
 */
import { z } from 'zod';
import type { Queryable } from '../../platform/db/index.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { CHANNELS, TOPICS, emptyCounts, type BroadcastInput, type BroadcastProgress, type Channel, type DeliveryCounts } from './model.ts';
import { withinChars } from '../../platform/i18n/index.ts';
import { excerptText } from './compose.ts';
import { broadcastLabels, broadcastTooLong, excerptNote } from './notify.messages.ts';

export const FANOUT_QUEUE = 'notify.fanout';
export const SEND_QUEUE = 'notify.send';

/**
 * Largest title and body a channel will carry, in characters (code points, as the senders' forms
 * count them: 𠮷 is one). LINE allows 5,000 UTF-16 units per text message and cuts what is over.
 */
export const TITLE_MAX = 200;
export const BODY_MAX = 4000;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    // Characters as people count them (𠮷 and 葛󠄀 are one each), as the senders' forms count them.
    .refine((s) => withinChars(s, max), {
      params: { text: { ja: broadcastTooLong.ja.replace('{max}', String(max)), en: broadcastTooLong.en.replace('{max}', String(max)) } },
    });
const broadcastSchema = z.object({
  tenant: z.string().regex(/^\d{6}$/),
  source: z.object({ kind: z.enum(['news', 'alert']), id: z.string().min(1).max(100), revision: z.number().int().min(0) }),
  topic: z.enum(TOPICS),
  areas: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).max(100).nullable(),
  urgent: z.boolean(),
  status: z.enum(['actual', 'exercise', 'test']),
  title: z.object({ ja: text(TITLE_MAX), easy: text(TITLE_MAX).optional(), en: text(TITLE_MAX) }),
  body: z.object({ ja: text(BODY_MAX), easy: text(BODY_MAX).optional(), en: text(BODY_MAX) }),
  url: z.url({ protocol: /^https?$/ }),
});

/** A sender's title and body, per language (やさしい日本語 optional). */
export interface BroadcastText {
  title: { ja: string; easy?: string; en: string };
  body: { ja: string; easy?: string; en: string };
}

/**
 * Fits a sender's text into broadcast()'s limits, for text that may be longer (a news article's
 * body): each title or body over its limit becomes an excerpt (cut at a paragraph or sentence end
 * when one is near, never inside a character) ending in "…"; a body's excerpt is followed by a
 * line saying the full text is at the link, which every channel shows with the message. Text
 * within the limits is returned as it is.
 */
export function fitBroadcastText(t: BroadcastText): BroadcastText {
  const title = (s: string) => excerptText(s.trim(), TITLE_MAX);
  const body = (s: string, note: string) => excerptText(s.trim(), BODY_MAX, note);
  return {
    title: { ja: title(t.title.ja), ...(t.title.easy !== undefined ? { easy: title(t.title.easy) } : {}), en: title(t.title.en) },
    body: { ja: body(t.body.ja, excerptNote.ja), ...(t.body.easy !== undefined ? { easy: body(t.body.easy, excerptNote.easy) } : {}), en: body(t.body.en, excerptNote.en) },
  };
}

/**
 * Urgent work is enqueued with run_at a day in the past: the worker claims jobs in run_at order, so
 * an alert's jobs overtake every queued non-urgent job without a separate priority queue.
 */
export function jobRunAt(urgent: boolean, at = new Date()): Date {
  return urgent ? new Date(at.getTime() - 24 * 3600 * 1000) : at;
}

/**
 * Records the broadcast and enqueues its fan-out, inside the caller's municipality transaction.
 * Broadcasting the same (kind, id, revision) again returns the first broadcast with created=false.
 * Throws AppError('validation_failed') naming the field for an empty or oversized title/body
 * (over TITLE_MAX / BODY_MAX characters); fitBroadcastText() makes longer text fit.
 */
export async function broadcast(tx: Queryable, input: BroadcastInput): Promise<{ broadcastId: string; created: boolean }> {
  const b = parseInput(broadcastSchema, input, broadcastLabels);
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO notify_broadcasts (tenant_id, source_kind, source_id, source_revision, topic, areas, urgent, status, title, body, url)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (tenant_id, source_kind, source_id, source_revision) DO NOTHING RETURNING id`,
    [b.tenant, b.source.kind, b.source.id, b.source.revision, b.topic, b.areas, b.urgent, b.status, JSON.stringify(b.title), JSON.stringify(b.body), b.url],
  );
  if (!row) {
    const [existing] = await tx.query<{ id: string }>(
      'SELECT id FROM notify_broadcasts WHERE tenant_id = $1 AND source_kind = $2 AND source_id = $3 AND source_revision = $4',
      [b.tenant, b.source.kind, b.source.id, b.source.revision],
    );
    return { broadcastId: existing!.id, created: false };
  }
  await enqueue(tx, b.tenant, FANOUT_QUEUE, { broadcastId: row.id }, { dedupeKey: `fanout:${row.id}`, runAt: jobRunAt(b.urgent), maxAttempts: 1000 });
  return { broadcastId: row.id, created: true };
}

const stateKey: Record<string, keyof DeliveryCounts> = {
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  retrying: 'retrying',
  failed: 'failed',
  dead: 'deadLetter',
  suppressed: 'suppressed',
};

/** Delivery counts per channel of every broadcast of a source (newest revision first). */
export async function broadcastProgress(tx: Queryable, tenant: string, source: { kind: 'news' | 'alert'; id: string; revision?: number }): Promise<BroadcastProgress[]> {
  const broadcasts = await tx.query<{ id: string; fanned_out_at: Date | null }>(
    `SELECT id, fanned_out_at FROM notify_broadcasts WHERE tenant_id = $1 AND source_kind = $2 AND source_id = $3 AND ($4::int IS NULL OR source_revision = $4)
     ORDER BY source_revision DESC`,
    [tenant, source.kind, source.id, source.revision ?? null],
  );
  return Promise.all(broadcasts.map((b) => progressOf(tx, tenant, b.id, b.fanned_out_at !== null)));
}

export async function progressOf(tx: Queryable, tenant: string, broadcastId: string, fannedOut: boolean): Promise<BroadcastProgress> {
  const rows = await tx.query<{ channel: Channel; state: string; n: number; retried: number }>(
    `SELECT channel, state, count(*)::int AS n, (count(*) FILTER (WHERE attempts > 1))::int AS retried
     FROM notify_deliveries WHERE tenant_id = $1 AND broadcast_id = $2 GROUP BY channel, state`,
    [tenant, broadcastId],
  );
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, emptyCounts()])) as Record<Channel, DeliveryCounts>;
  let total = 0;
  let open = 0;
  for (const r of rows) {
    const n = Number(r.n);
    byChannel[r.channel][stateKey[r.state]!] += n;
    byChannel[r.channel].retried += Number(r.retried);
    total += n;
    if (r.state === 'queued' || r.state === 'sending' || r.state === 'retrying') open += n;
  }
  return { broadcastId, total, done: fannedOut && open === 0, byChannel };
}
