/** API tokens: issued by an administrator, shown once, stored only as a hash, revocable. */
import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db/index.ts';
import { hashToken } from '../../platform/crypto/index.ts';

export interface ApiTokenSummary {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Creates a token and returns its secret; the secret is never retrievable again. */
export async function createApiToken(
  tx: Queryable,
  tenant: string,
  input: { name: string; scopes: string[]; expiresInDays: number | null; createdBy: string },
): Promise<{ id: string; token: string }> {
  const prefix = Array.from(crypto.randomBytes(8), (b) => ALNUM[b % ALNUM.length]).join('');
  const token = `yk_${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO api_tokens (tenant_id, name, token_hash, prefix, scopes, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::int IS NULL THEN NULL ELSE now() + make_interval(days => $7::int) END) RETURNING id`,
    [tenant, input.name, hashToken(token), prefix, input.scopes, input.createdBy, input.expiresInDays],
  );
  return { id: row!.id, token };
}

export async function listApiTokens(tx: Queryable, tenant: string): Promise<ApiTokenSummary[]> {
  const rows = await tx.query<{ id: string; name: string; prefix: string; scopes: string[]; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null }>(
    'SELECT id, name, prefix, scopes, created_at, expires_at, last_used_at, revoked_at FROM api_tokens WHERE tenant_id = $1 ORDER BY created_at DESC',
    [tenant],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, prefix: r.prefix, scopes: r.scopes, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** Revokes a token; returns false when it does not exist (or belongs to another municipality). */
export async function revokeApiToken(tx: Queryable, tenant: string, id: string): Promise<boolean> {
  const rows = await tx.query('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenant, id]);
  return rows.length > 0;
}
