/**
 * Fixed-window rate limits kept in the database, so every app server shares the same counters.
 * Used on sign-in, one-time codes and other guessable or costly endpoints.
 */
import type { Queryable } from '../db/index.ts';
import { AppError } from '../errors/index.ts';

export interface Limit {
  /** What is limited, e.g. 'staff-login:ip:203.0.113.5'. */
  bucket: string;
  max: number;
  windowSeconds: number;
}

/** Windows older than a day are deleted by the first hit of a municipality every 10 minutes (per app server). */
const PURGE_EVERY_MS = 10 * 60_000;
const lastPurge = new Map<string, number>();

/** Counts one hit; throws AppError('rate_limited') once the window's budget is spent. */
export async function hitRateLimit(tx: Queryable, tenant: string, limit: Limit): Promise<void> {
  if (Date.now() - (lastPurge.get(tenant) ?? 0) > PURGE_EVERY_MS) {
    lastPurge.set(tenant, Date.now());
    await purgeRateLimits(tx, tenant);
  }
  const windowStart = new Date(Math.floor(Date.now() / (limit.windowSeconds * 1000)) * limit.windowSeconds * 1000);
  const [row] = await tx.query<{ hits: number }>(
    `INSERT INTO rate_limits (tenant_id, bucket, window_start, hits) VALUES ($1, $2, $3, 1)
     ON CONFLICT (tenant_id, bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`,
    [tenant, limit.bucket, windowStart],
  );
  if ((row?.hits ?? 0) > limit.max) {
    const retryAfterSeconds = Math.ceil((windowStart.getTime() + limit.windowSeconds * 1000 - Date.now()) / 1000);
    throw new AppError('rate_limited', { retryAfterSeconds });
  }
}

export async function purgeRateLimits(tx: Queryable, tenant: string): Promise<void> {
  await tx.query("DELETE FROM rate_limits WHERE tenant_id = $1 AND window_start < now() - interval '1 day'", [tenant]);
}
