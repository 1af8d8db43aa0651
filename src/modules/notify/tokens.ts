/**
 * Signed, expiring links in mail (confirm, manage, unsubscribe). The signature is the
 * municipality's blind-index HMAC over purpose, subscription and expiry, so a link works only on
 * its own municipality's site and cannot be forged or extended; nothing is stored per link.
 */
import type { TenantCipher } from '../../platform/crypto/index.ts';
import { safeEqual } from '../../platform/crypto/index.ts';

export type TokenPurpose = 'confirm' | 'manage';

const LIFETIME_SECONDS: Record<TokenPurpose, number> = {
  /** A confirmation link is good for two days; after that the person subscribes again. */
  confirm: 48 * 3600,
  /** Manage/unsubscribe links in messages must keep working long after the message arrived. */
  manage: 2 * 365 * 24 * 3600,
};

const prefix: Record<TokenPurpose, string> = { confirm: 'c', manage: 'm' };

export function signToken(cipher: TenantCipher, purpose: TokenPurpose, subscriptionId: string, now = Date.now()): string {
  const exp = Math.floor(now / 1000) + LIFETIME_SECONDS[purpose];
  const body = `${prefix[purpose]}.${subscriptionId}.${exp}`;
  return `${body}.${cipher.blindIndex('notify.token', body)}`;
}

/** The subscription id a token names, or null if it is forged, for another purpose, or expired. */
export function verifyToken(cipher: TenantCipher, purpose: TokenPurpose, token: string | undefined, now = Date.now()): string | null {
  if (!token || token.length > 200) return null;
  const m = /^([cm])\.([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m || m[1] !== prefix[purpose]) return null;
  const body = `${m[1]}.${m[2]}.${m[3]}`;
  if (!safeEqual(cipher.blindIndex('notify.token', body), m[4]!)) return null;
  if (Number(m[3]) * 1000 < now) return null;
  return m[2]!;
}
