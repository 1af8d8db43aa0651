/**
 * Machine reads of alerts — the public JSON API, RSS/Atom, the CAP index and each CAP document —
 * under a per-address limit that a disaster cannot turn against residents:
 * - generous (PUBLIC_READS_PER_MINUTE full answers per client address and minute, counted in the
 *   shared rate_limits table, so every app server counts together);
 * - conditional GETs are answered before anything is counted: a feed's ETag and Last-Modified come
 *   from the municipality's alert version (the banner reads it for every request anyway), and a
 *   CAP document never changes once sent, so a polling reader gets 304 without further reads;
 * - the pages (/alerts, /alerts/:id and the banner) are never limited, and the 429 message says so.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../../platform/db/index.ts';
import { AppError, isAppError } from '../../platform/errors/index.ts';
import { clientIp, hitRateLimit, type Ctx } from '../../platform/http/index.ts';
import { bilingual } from '../../platform/i18n/index.ts';
import { alertText as m } from './alerts.messages.ts';
import type { AlertVersion } from './alerts.service.ts';

/** Full answers per client address and minute, for the JSON API and for the feeds (separately). */
export const PUBLIC_READS_PER_MINUTE = 120;
/** Feeds change when a message is sent: caches may keep them this briefly. */
export const FEED_MAX_AGE_SECONDS = 15;
/** A sent CAP document never changes. */
export const CAP_DOCUMENT_MAX_AGE_SECONDS = 3600;
/** Bumped when the feeds' markup changes, so cached copies made by older code are not kept. */
const FEED_FORMAT = 1;

export type PublicRead = 'api' | 'feed';

/**
 * Counts one full read by the client's address inside tx. Over the budget it throws rate_limited
 * (429 with Retry-After) with a message in Japanese and English pointing at the /alerts page.
 * Thrown inside the transaction, the extra count is rolled back: the counter stays at the limit
 * and every further request of the window is refused the same way.
 */
export async function countPublicRead(c: Ctx, tx: Queryable, kind: PublicRead): Promise<void> {
  try {
    // An address is at most 45 characters; a forged X-Forwarded-For must not make an oversized key.
    await hitRateLimit(tx, c.var.tenant.code, { bucket: `alerts-${kind}:ip:${clientIp(c).slice(0, 64)}`, max: PUBLIC_READS_PER_MINUTE, windowSeconds: 60 });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'rate_limited') throw e;
    const seconds = Math.max(1, e.options.retryAfterSeconds ?? 60);
    throw new AppError('rate_limited', { retryAfterSeconds: seconds, message: bilingual(m.publicReadLimited, { seconds, url: `${c.var.tenant.origin}/alerts` }) });
  }
}

/** A 429 for feed readers: plain text in both languages (they read no HTML page), never cached. */
export function feedTooManyRequests(c: Ctx, e: AppError) {
  c.header('Retry-After', String(Math.max(1, e.options.retryAfterSeconds ?? 60)));
  c.header('Cache-Control', 'no-store');
  return c.text(`${e.text.ja}\n${e.text.en}\n`, 429);
}

export interface Validators {
  etag: string;
  /** Omitted when null (no message sent yet) or later than now (RFC 9110: never after Date). */
  lastModified: Date | null;
}

/**
 * A feed's validators: the alert version, the variant (format and language) and the site's name
 * and origin (they are in the feed too).
 */
export function feedValidators(c: Ctx, version: AlertVersion | null, variant: string): Validators {
  const t = c.var.tenant;
  const site = crypto.createHash('sha256').update(`${FEED_FORMAT}\u0000${t.origin}\u0000${t.nameJa}\u0000${t.nameEn}`).digest('base64url').slice(0, 10);
  return { etag: `W/"alerts-${version?.version ?? 0}-${variant}-${site}"`, lastModified: version?.changedAt ?? null };
}

export const capDocumentValidators = (alertId: string): Validators => ({ etag: `W/"cap-${alertId}"`, lastModified: null });

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/**
 * Whether the client's copy is current (RFC 9110 §13.1): If-None-Match by weak comparison when
 * sent, else If-Modified-Since against Last-Modified. Malformed dates are ignored.
 */
export function notModified(c: Ctx, v: Validators): boolean {
  const inm = c.req.header('if-none-match');
  if (inm !== undefined) return inm.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(v.etag));
  const ims = c.req.header('if-modified-since');
  if (!ims || !v.lastModified) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && v.lastModified.getTime() <= since;
}

/** Sets ETag, Last-Modified and Cache-Control on a 200 or 304 answer. */
export function setValidators(c: Ctx, v: Validators, maxAgeSeconds: number): void {
  c.header('ETag', v.etag);
  if (v.lastModified && v.lastModified.getTime() <= Date.now()) c.header('Last-Modified', v.lastModified.toUTCString());
  c.header('Cache-Control', `public, max-age=${maxAgeSeconds}`);
}
