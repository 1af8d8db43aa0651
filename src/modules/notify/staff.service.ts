/** Staff views of the delivery engine: recent broadcasts, the dead-letter list, retrying by hand. */
import type { Queryable } from '../../platform/db/index.ts';
import { progressOf, SEND_QUEUE, jobRunAt } from './broadcast.service.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import type { BroadcastProgress, Channel } from './model.ts';

export interface BroadcastSummary {
  id: string;
  sourceKind: 'news' | 'alert';
  sourceId: string;
  revision: number;
  title: string;
  titleEn: string;
  urgent: boolean;
  status: string;
  createdAt: Date;
  progress: BroadcastProgress;
}

type SummaryRow = { id: string; source_kind: 'news' | 'alert'; source_id: string; source_revision: number; title: { ja: string; en: string }; urgent: boolean; status: string; created_at: Date; fanned_out_at: Date | null };
const SUMMARY = 'SELECT id, source_kind, source_id, source_revision, title, urgent, status, created_at, fanned_out_at FROM notify_broadcasts';

async function summarise(tx: Queryable, tenant: string, rows: SummaryRow[]): Promise<BroadcastSummary[]> {
  const out: BroadcastSummary[] = [];
  for (const r of rows)
    out.push({
      id: r.id,
      sourceKind: r.source_kind,
      sourceId: r.source_id,
      revision: r.source_revision,
      title: r.title.ja,
      titleEn: r.title.en,
      urgent: r.urgent,
      status: r.status,
      createdAt: r.created_at,
      progress: await progressOf(tx, tenant, r.id, r.fanned_out_at !== null),
    });
  return out;
}

export async function recentBroadcasts(tx: Queryable, tenant: string, limit = 20): Promise<BroadcastSummary[]> {
  return summarise(tx, tenant, await tx.query<SummaryRow>(`${SUMMARY} WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT $2`, [tenant, limit]));
}

export async function getBroadcast(tx: Queryable, tenant: string, id: string): Promise<BroadcastSummary | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return null;
  const [b] = await summarise(tx, tenant, await tx.query<SummaryRow>(`${SUMMARY} WHERE tenant_id = $1 AND id = $2`, [tenant, id]));
  return b ?? null;
}

export interface DeadLetter {
  broadcastId: string;
  channel: Channel;
  subscriptionId: string;
  title: string;
  state: 'dead' | 'failed';
  attempts: number;
  error: string;
  createdAt: Date;
}

export async function listDeadLetters(tx: Queryable, tenant: string, limit = 200): Promise<DeadLetter[]> {
  const rows = await tx.query<{ broadcast_id: string; channel: Channel; subscription_id: string; title: { ja: string }; state: 'dead' | 'failed'; attempts: number; last_error: string | null; created_at: Date }>(
    `SELECT d.broadcast_id, d.channel, d.subscription_id, b.title, d.state, d.attempts, d.last_error, d.created_at
     FROM notify_deliveries d JOIN notify_broadcasts b ON b.tenant_id = d.tenant_id AND b.id = d.broadcast_id
     WHERE d.tenant_id = $1 AND d.state IN ('dead', 'failed') ORDER BY d.created_at DESC LIMIT $2`,
    [tenant, limit],
  );
  return rows.map((r) => ({ broadcastId: r.broadcast_id, channel: r.channel, subscriptionId: r.subscription_id, title: r.title.ja, state: r.state, attempts: r.attempts, error: r.last_error ?? '', createdAt: r.created_at }));
}

/** Puts a dead or failed delivery back in the queue now (a fresh retry window starts) and wakes a sender. Returns false if there is none. */
export async function retryDelivery(tx: Queryable, tenant: string, key: { broadcastId: string; channel: Channel; subscriptionId: string }): Promise<boolean> {
  const rows = await tx.query<{ urgent: boolean }>(
    `UPDATE notify_deliveries SET state = 'queued', next_attempt_at = now(), created_at = now(), last_error = NULL, locked_until = NULL
     WHERE tenant_id = $1 AND broadcast_id = $2 AND channel = $3 AND subscription_id = $4 AND state IN ('dead', 'failed') RETURNING urgent`,
    [tenant, key.broadcastId, key.channel, key.subscriptionId],
  );
  if (!rows.length) return false;
  await enqueue(tx, tenant, SEND_QUEUE, { channel: key.channel }, { runAt: jobRunAt(rows[0]!.urgent), maxAttempts: 1000 });
  return true;
}
