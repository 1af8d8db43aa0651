/**
 * Short-lived state of a sign-in in progress (OIDC state, nonce and PKCE verifier; e-mail code;
 * WebAuthn challenge), kept server-side and encrypted; the browser holds only a random handle.
 * A flow can be used once; wrong guesses are counted so codes cannot be brute-forced.
 */
import type { Queryable } from '../db/index.ts';
import { hashToken, randomToken, registerEncryptedColumns, type TenantCipher } from '../crypto/index.ts';

registerEncryptedColumns({ table: 'auth_flows', key: ['id_hash'], column: 'data_enc', field: 'auth_flows.data' });

export interface Flow<T> {
  idHash: string;
  data: T;
  attempts: number;
}

export async function createFlow<T>(tx: Queryable, cipher: TenantCipher, kind: string, data: T, ttlMinutes: number): Promise<string> {
  const handle = randomToken(24);
  await tx.query(
    `INSERT INTO auth_flows (tenant_id, id_hash, kind, data_enc, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
    [cipher.tenant, hashToken(handle), kind, cipher.encrypt('auth_flows.data', JSON.stringify(data)), ttlMinutes],
  );
  return handle;
}

/** The flow if it exists, is of this kind, has not expired and was not used; else null. */
export async function readFlow<T>(tx: Queryable, cipher: TenantCipher, kind: string, handle: string | undefined): Promise<Flow<T> | null> {
  if (!handle || !/^[A-Za-z0-9_-]{20,64}$/.test(handle)) return null;
  const [row] = await tx.query<{ id_hash: string; data_enc: string; attempts: number }>(
    `SELECT id_hash, data_enc, attempts FROM auth_flows
     WHERE tenant_id = $1 AND id_hash = $2 AND kind = $3 AND consumed_at IS NULL AND expires_at > now() FOR UPDATE`,
    [cipher.tenant, hashToken(handle), kind],
  );
  if (!row) return null;
  return { idHash: row.id_hash, attempts: row.attempts, data: JSON.parse(cipher.decrypt('auth_flows.data', row.data_enc)!) as T };
}

export async function consumeFlow(tx: Queryable, tenant: string, idHash: string): Promise<void> {
  await tx.query('UPDATE auth_flows SET consumed_at = now() WHERE tenant_id = $1 AND id_hash = $2', [tenant, idHash]);
}

export async function countFailedAttempt(tx: Queryable, tenant: string, idHash: string): Promise<number> {
  const [r] = await tx.query<{ attempts: number }>(
    'UPDATE auth_flows SET attempts = attempts + 1 WHERE tenant_id = $1 AND id_hash = $2 RETURNING attempts',
    [tenant, idHash],
  );
  return r?.attempts ?? 0;
}

/** Deletes flows that ended more than a day ago (housekeeping). */
export async function purgeFlows(tx: Queryable, tenant: string): Promise<void> {
  await tx.query("DELETE FROM auth_flows WHERE tenant_id = $1 AND expires_at < now() - interval '1 day'", [tenant]);
}
