/**
 * Idempotency keys (IETF draft "The Idempotency-Key HTTP Header Field"): the client names each
 * logical request with a unique key; the server stores the key with a fingerprint of the request
 * and the response it sent, in the same transaction as the effect. Same key and same request → the
 * stored response again; same key and another request → 422; keys are per resident.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors/index.ts';

/** Printable ASCII, 8–255 characters: UUIDs, ULIDs and random strings all fit. */
const KEY = /^[\x21-\x7e]{8,255}$/;

export const idempotencyKeyMissing = () =>
  new AppError('validation_failed', {
    fields: [{ field: 'Idempotency-Key', message: { ja: '「Idempotency-Key」ヘッダーに、送信ごとに異なる8〜255文字のキー（例: UUID）を付けてください。', en: 'Send an Idempotency-Key header: a key of 8 to 255 characters, different for each submission (a UUID, say).' } }],
  });

/** The Idempotency-Key header, checked; throws a validation error naming the header. */
export function idempotencyKeyOf(header: string | undefined): string {
  // Structured field syntax sends it as a quoted string; a bare token is accepted too.
  const raw = header?.trim().replace(/^"(.*)"$/, '$1');
  if (!raw || !KEY.test(raw)) throw idempotencyKeyMissing();
  return raw;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj).sort().filter((k) => obj[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
}

/** SHA-256 of the method, path and body (keys sorted, so the same JSON in another key order matches). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return crypto.createHash('sha256').update(`${method} ${path}\n`).update(canonical(body)).digest('hex');
}

export interface StoredResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface KeyRecord extends StoredResponse {
  fingerprint: string;
}

/** The stored outcome of a key, or null. */
export async function findIdempotencyKey(tx: Queryable, tenant: string, residentId: string, key: string): Promise<KeyRecord | null> {
  const [row] = await tx.query<{ fingerprint: string; status: number; response: Record<string, unknown> }>(
    'SELECT fingerprint, status, response FROM idempotency_keys WHERE tenant_id = $1 AND resident_id = $2 AND key = $3',
    [tenant, residentId, key],
  );
  return row ? { fingerprint: row.fingerprint, status: row.status, body: row.response } : null;
}

/**
 * Records the key with the response, or returns false when another transaction recorded it first
 * (the unique key makes a concurrent duplicate wait for that transaction, then see its row).
 */
export async function storeIdempotencyKey(tx: Queryable, tenant: string, residentId: string, key: string, fingerprint: string, response: StoredResponse, applicationId: string | null): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO idempotency_keys (tenant_id, resident_id, key, fingerprint, status, response, application_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING RETURNING key`,
    [tenant, residentId, key, fingerprint, response.status, JSON.stringify(response.body), applicationId],
  );
  return rows.length > 0;
}

/** The stored response for a repeated key, or 422 when the key was used for another request. */
export function replay(record: KeyRecord, fingerprint: string): StoredResponse {
  if (record.fingerprint !== fingerprint) throw new AppError('idempotency_key_reused');
  return { status: record.status, body: record.body };
}

/** How long a key is remembered at least. */
export const KEY_RETENTION_HOURS = 24;

export async function purgeIdempotencyKeys(tx: Queryable, tenant: string): Promise<void> {
  await tx.query(`DELETE FROM idempotency_keys WHERE tenant_id = $1 AND created_at < now() - make_interval(hours => $2)`, [tenant, KEY_RETENTION_HOURS]);
}
