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
  // Two round trips: lock (or create) the chain head, then the entry and the new head together.
  await recordAuditBatch(tx, tenant, [entry]);
}

/**
 * Appends several entries under one acquisition of the chain lock, with one multi-row INSERT: the
 * same chain as `recordAudit` called once per entry, in the given order. The chain lock is held
 * until the caller's transaction commits, so a path that writes many records per second (durable
 * submissions grouped into one commit) takes the lock once per group instead of once per record.
 */
export async function recordAuditBatch(tx: Queryable, tenant: string, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  // Creates the head if needed and locks it in one round trip (the update changes nothing but takes the row lock).
  const [head] = await tx.query<{ seq: string | bigint; hash: string }>(
    'INSERT INTO audit_heads (tenant_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq RETURNING seq, hash',
    [tenant, GENESIS],
    { prepare: 'audit.lock-head' },
  );
  await appendAuditBatch(tx, tenant, head!, entries);
}

/**
 * The second half of `recordAuditBatch`, for a caller that has already locked the chain head in
 * one of its own statements (`INSERT INTO audit_heads … VALUES (tenant, 0, GENESIS) ON CONFLICT
 * (tenant_id) DO UPDATE SET seq = audit_heads.seq RETURNING seq, hash`), saving a round trip while
 * the lock is held. `head` must be that row, read under the lock in this transaction.
 */
export async function appendAuditBatch(tx: Queryable, tenant: string, head: { seq: string | number | bigint; hash: string }, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  let seq = BigInt(head.seq);
  let prev = head.hash;
  const at = new Date();
  const cols = { seq: [] as string[], actorKind: [] as string[], actorId: [] as (string | null)[], action: [] as string[], recordType: [] as (string | null)[], recordId: [] as (string | null)[], reason: [] as (string | null)[], ip: [] as (string | null)[], details: [] as string[], prev: [] as string[], hash: [] as string[] };
  for (const entry of entries) {
    seq += 1n;
    const stored = {
      tenant_id: tenant, seq: seq.toString(), at, actor_kind: entry.actorKind, actor_id: entry.actorId ?? null, action: entry.action,
      record_type: entry.recordType ?? null, record_id: entry.recordId ?? null, reason: entry.reason ?? null, ip: entry.ip ?? null, details: entry.details ?? {},
    };
    const hash = entryHash(prev, stored);
    cols.seq.push(stored.seq); cols.actorKind.push(stored.actor_kind); cols.actorId.push(stored.actor_id); cols.action.push(stored.action);
    cols.recordType.push(stored.record_type); cols.recordId.push(stored.record_id); cols.reason.push(stored.reason); cols.ip.push(stored.ip);
    cols.details.push(JSON.stringify(stored.details)); cols.prev.push(prev); cols.hash.push(hash);
    prev = hash;
  }
  await tx.query(
    `WITH l AS (
       INSERT INTO audit_log (tenant_id, seq, at, actor_kind, actor_id, action, record_type, record_id, reason, ip, details, prev_hash, hash)
       SELECT $1, u.seq, $2, u.actor_kind, u.actor_id, u.action, u.record_type, u.record_id, u.reason, u.ip, u.details::jsonb, u.prev_hash, u.hash
       FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
         AS u(seq, actor_kind, actor_id, action, record_type, record_id, reason, ip, details, prev_hash, hash)
     )
     UPDATE audit_heads SET seq = $14, hash = $15 WHERE tenant_id = $1`,
    [tenant, at, cols.seq, cols.actorKind, cols.actorId, cols.action, cols.recordType, cols.recordId, cols.reason, cols.ip, cols.details, cols.prev, cols.hash, seq.toString(), prev],
    { prepare: 'audit.append' },
  );
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
