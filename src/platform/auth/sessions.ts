/**
 * Server-side sessions. The cookie carries a random 256-bit id; the database keeps only its hash,
 * so a database leak does not leak live sessions. Sessions end when idle too long or too old; all
 * of a person's sessions can be ended at once (sign out everywhere, account disabled).
 */
import type { Queryable } from '../db/index.ts';
import { hashToken, randomToken } from '../crypto/index.ts';

export type SessionKind = 'resident' | 'staff';

/** Assurance levels: 1 = e-mail one-time code, 2 = My Number Card (デジタル認証アプリ). */
export type Assurance = 1 | 2;

export interface SessionRecord {
  idHash: string;
  kind: SessionKind;
  subjectId: string;
  assurance: Assurance;
  mfaPassed: boolean;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

interface Row {
  id_hash: string;
  kind: SessionKind;
  subject_id: string;
  assurance: number;
  mfa_passed: boolean;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export async function createSession(
  tx: Queryable,
  tenant: string,
  s: { kind: SessionKind; subjectId: string; assurance: Assurance; mfaPassed: boolean },
  policy: SessionPolicy,
): Promise<string> {
  const id = randomToken(32);
  await tx.query(
    `INSERT INTO sessions (tenant_id, id_hash, kind, subject_id, assurance, mfa_passed, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(hours => $7))`,
    [tenant, hashToken(id), s.kind, s.subjectId, s.assurance, s.mfaPassed, policy.maxHours],
  );
  return id;
}

export type LoadedSession = { status: 'active'; session: SessionRecord } | { status: 'expired' } | { status: 'none' };

/** Looks a session up by its cookie value; ends it if idle or too old; touches last_seen_at. */
export async function loadSession(tx: Queryable, tenant: string, kind: SessionKind, cookie: string, policy: SessionPolicy): Promise<LoadedSession> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(cookie)) return { status: 'none' };
  const idHash = hashToken(cookie);
  const [row] = await tx.query<Row>(
    'SELECT id_hash, kind, subject_id, assurance, mfa_passed, created_at, last_seen_at, expires_at FROM sessions WHERE tenant_id = $1 AND id_hash = $2 AND kind = $3',
    [tenant, idHash, kind],
  );
  if (!row) return { status: 'none' };
  const now = Date.now();
  const idleLimit = new Date(row.last_seen_at).getTime() + policy.idleMinutes * 60_000;
  if (now > new Date(row.expires_at).getTime() || now > idleLimit) {
    await tx.query('DELETE FROM sessions WHERE tenant_id = $1 AND id_hash = $2', [tenant, idHash]);
    return { status: 'expired' };
  }
  // Touch at most once a minute: keeps writes off the hot path while idle timeout stays accurate.
  if (now - new Date(row.last_seen_at).getTime() > 60_000)
    await tx.query('UPDATE sessions SET last_seen_at = now() WHERE tenant_id = $1 AND id_hash = $2', [tenant, idHash]);
  return {
    status: 'active',
    session: {
      idHash,
      kind: row.kind,
      subjectId: row.subject_id,
      assurance: row.assurance as Assurance,
      mfaPassed: row.mfa_passed,
      createdAt: new Date(row.created_at),
      lastSeenAt: new Date(row.last_seen_at),
    },
  };
}

export async function markMfaPassed(tx: Queryable, tenant: string, idHash: string): Promise<void> {
  await tx.query('UPDATE sessions SET mfa_passed = true, last_seen_at = now() WHERE tenant_id = $1 AND id_hash = $2', [tenant, idHash]);
}

export async function endSession(tx: Queryable, tenant: string, idHash: string): Promise<void> {
  await tx.query('DELETE FROM sessions WHERE tenant_id = $1 AND id_hash = $2', [tenant, idHash]);
}

/** Ends every session of one person (sign out everywhere, disabled account). Returns how many. */
export async function endAllSessions(tx: Queryable, tenant: string, kind: SessionKind, subjectId: string): Promise<number> {
  const rows = await tx.query('DELETE FROM sessions WHERE tenant_id = $1 AND kind = $2 AND subject_id = $3 RETURNING id_hash', [tenant, kind, subjectId]);
  return rows.length;
}

export async function countSessions(tx: Queryable, tenant: string, kind: SessionKind, subjectId: string): Promise<number> {
  const [r] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE tenant_id = $1 AND kind = $2 AND subject_id = $3 AND expires_at > now()', [tenant, kind, subjectId]);
  return Number(r?.n ?? 0);
}
