/**
 * The audit trail: who did what to which record, when, from where and why. One hash chain per
 * municipality: each entry's hash covers its own content and the previous entry's hash, so any
 * edit, deletion or reordering breaks every later link. The table rejects UPDATE and DELETE
 * (trigger and grants); `npm run audit:verify` recomputes the chains.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../db/index.ts';

export type ActorKind = 'staff' | 'resident' | 'api' | 'system';

export interface AuditEntry {
  actorKind: ActorKind;
  actorId?: string | null;
  /** Verb-first, dotted: 'resident.read', 'staff.disable', 'api_token.create'. */
  action: string;
  recordType?: string | null;
  recordId?: string | null;
  /** Why personal data was read or changed (e.g. the case being handled). */
  reason?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export const GENESIS = '0'.repeat(64);

interface StoredEntry {
  tenant_id: string;
  seq: string | number | bigint;
  at: Date | string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  reason: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** Canonical JSON: keys sorted at every depth, so the hash does not depend on key order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

export function entryHash(prevHash: string, e: Omit<StoredEntry, 'hash' | 'prev_hash'>): string {
  const at = e.at instanceof Date ? e.at.toISOString() : new Date(e.at).toISOString();
  const body = canonical({
    tenant: e.tenant_id,
    seq: String(e.seq),
    at,
    actorKind: e.actor_kind,
    actorId: e.actor_id,
    action: e.action,
    recordType: e.record_type,
    recordId: e.record_id,
    reason: e.reason,
    ip: e.ip,
    details: e.details ?? {},
  });
  return crypto.createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Appends an entry in the caller's transaction; it commits or rolls back with the action it records. */
export async function recordAudit(tx: Queryable, tenant: string, entry: AuditEntry): Promise<void> {
  await tx.query('INSERT INTO audit_heads (tenant_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING', [tenant, GENESIS]);
  const [head] = await tx.query<{ seq: string | bigint; hash: string }>(
    'SELECT seq, hash FROM audit_heads WHERE tenant_id = $1 FOR UPDATE',
    [tenant],
  );
  const seq = BigInt(head!.seq) + 1n;
  const stored = {
    tenant_id: tenant,
    seq: seq.toString(),
    at: new Date(),
    actor_kind: entry.actorKind,
    actor_id: entry.actorId ?? null,
    action: entry.action,
    record_type: entry.recordType ?? null,
    record_id: entry.recordId ?? null,
    reason: entry.reason ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  };
  const hash = entryHash(head!.hash, stored);
  await tx.query(
    `INSERT INTO audit_log (tenant_id, seq, at, actor_kind, actor_id, action, record_type, record_id, reason, ip, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [tenant, stored.seq, stored.at, stored.actor_kind, stored.actor_id, stored.action, stored.record_type, stored.record_id, stored.reason, stored.ip, JSON.stringify(stored.details), head!.hash, hash],
  );
  await tx.query('UPDATE audit_heads SET seq = $2, hash = $3 WHERE tenant_id = $1', [tenant, stored.seq, hash]);
}

export interface ChainReport {
  tenant: string;
  entries: number;
  ok: boolean;
  /** The first entry whose link does not hold, and why. */
  firstBroken?: { seq: string; problem: string };
}

/** Recomputes one municipality's chain from the start, in pages, and reports the first broken link. */
export async function verifyChain(db: Queryable, tenant: string, pageSize = 5000): Promise<ChainReport> {
  let prev = GENESIS;
  let expectedSeq = 1n;
  let count = 0;
  for (;;) {
    const rows = await db.query<StoredEntry>(
      `SELECT tenant_id, seq, at, actor_kind, actor_id, action, record_type, record_id, reason, ip, details, prev_hash, hash
       FROM audit_log WHERE tenant_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`,
      [tenant, expectedSeq.toString(), pageSize],
    );
    for (const r of rows) {
      const seq = BigInt(r.seq);
      const fail = (problem: string): ChainReport => ({ tenant, entries: count, ok: false, firstBroken: { seq: seq.toString(), problem } });
      if (seq !== expectedSeq) return { tenant, entries: count, ok: false, firstBroken: { seq: expectedSeq.toString(), problem: `entry ${expectedSeq} is missing` } };
      if (r.prev_hash !== prev) return fail('prev_hash does not match the previous entry');
      if (entryHash(prev, r) !== r.hash) return fail('content does not match its hash (entry was altered)');
      prev = r.hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < pageSize) break;
  }
  const [head] = await db.query<{ seq: string | bigint; hash: string }>('SELECT seq, hash FROM audit_heads WHERE tenant_id = $1', [tenant]);
  if (head && (BigInt(head.seq) !== expectedSeq - 1n || head.hash !== prev))
    return { tenant, entries: count, ok: false, firstBroken: { seq: expectedSeq.toString(), problem: `entries after ${expectedSeq - 1n} were removed (head is at ${head.seq})` } };
  return { tenant, entries: count, ok: true };
}

export interface AuditRow {
  seq: string;
  at: Date;
  actorKind: string;
  actorId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  reason: string | null;
  ip: string | null;
}

export async function listAudit(tx: Queryable, tenant: string, opts: { beforeSeq?: bigint; limit: number; recordId?: string }): Promise<AuditRow[]> {
  const rows = await tx.query<StoredEntry>(
    `SELECT seq, at, actor_kind, actor_id, action, record_type, record_id, reason, ip FROM audit_log
     WHERE tenant_id = $1 AND ($2::bigint IS NULL OR seq < $2::bigint) AND ($4::text IS NULL OR record_id = $4)
     ORDER BY seq DESC LIMIT $3`,
    [tenant, opts.beforeSeq?.toString() ?? null, opts.limit, opts.recordId ?? null],
  );
  return rows.map((r) => ({
    seq: String(r.seq),
    at: new Date(r.at),
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    action: r.action,
    recordType: r.record_type,
    recordId: r.record_id,
    reason: r.reason,
    ip: r.ip,
  }));
}
