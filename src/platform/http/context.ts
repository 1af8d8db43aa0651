/**
 * Helpers every route uses: run a tenant transaction, build the page shell context, read the
 * client address, render a page, and the request-pipeline guards (rate limit, sign-in required).
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Queryable } from '../db/index.ts';
import { AppError } from '../errors/index.ts';
import { withTenant } from '../tenancy/index.ts';
import type { PageContext } from '../ui/index.ts';
import { recordAudit, type AuditEntry } from '../audit/index.ts';
import type { TenantCipher } from '../crypto/index.ts';
import { hitRateLimit, type Limit } from './rate-limit.ts';
import type { AppEnv } from './env.ts';

export type Ctx = Context<AppEnv>;

/** Runs fn in a transaction confined to the request's municipality. */
export function tenantTx<T>(c: Ctx, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return withTenant(c.var.deps.db, c.var.tenant.code, fn);
}

/** The same, with the municipality's field cipher ready. */
export function tenantTxWithCipher<T>(c: Ctx, fn: (tx: Queryable, cipher: TenantCipher) => Promise<T>): Promise<T> {
  return withTenant(c.var.deps.db, c.var.tenant.code, async (tx) => fn(tx, await c.var.deps.keyring.forTenant(tx, c.var.tenant.code)));
}

export function clientIp(c: Ctx): string {
  if (c.get('deps').config.TRUST_PROXY) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Counts a hit in its own transaction (so it sticks even when the action then fails). */
export async function rateLimit(c: Ctx, limit: Limit): Promise<void> {
  await tenantTx(c, (tx) => hitRateLimit(tx, c.var.tenant.code, limit));
}

/** Appends to the audit trail with the request's actor and address filled in. */
export function audit(c: Ctx, tx: Queryable, entry: Omit<AuditEntry, 'ip' | 'actorKind' | 'actorId'> & Partial<Pick<AuditEntry, 'actorKind' | 'actorId'>>): Promise<void> {
  const staff = c.var.staffSession;
  const resident = c.var.residentSession;
  return recordAudit(tx, c.var.tenant.code, {
    actorKind: entry.actorKind ?? (c.req.path.startsWith('/staff') && staff ? 'staff' : resident ? 'resident' : staff ? 'staff' : 'system'),
    actorId: entry.actorId ?? (c.req.path.startsWith('/staff') && staff ? staff.subjectId : resident?.subjectId ?? staff?.subjectId ?? null),
    ...entry,
    ip: clientIp(c),
  });
}

export function pageContext(c: Ctx): PageContext {
  const staff = c.var.staffPrincipal;
  const tenant = c.var.tenant;
  return {
    locale: c.var.locale ?? 'ja',
    path: c.req.path,
    csrfToken: c.var.csrfToken ?? '',
    tenantName: tenant ? { ja: tenant.nameJa, en: tenant.nameEn } : { ja: 'yakuba', en: 'yakuba' },
    resident: c.var.residentSession ? { displayName: '' } : undefined,
    staff: staff ? { displayName: staff.displayName, isAdmin: staff.roles.some((r) => r.role === 'admin') } : undefined,
    devNotice: c.var.deps.config.YAKUBA_ENV !== 'production',
    assetVersion: c.var.deps.assetVersion,
    services: c.var.deps.navigation,
    banners: c.var.banners ?? [],
  };
}

/** Redirects with 303 so a POST is followed by a GET (no resubmission on reload). */
export function seeOther(c: Ctx, location: string) {
  return c.redirect(location, 303);
}

/** Only same-site relative paths are allowed as a post-sign-in destination (no open redirect). */
export function safeNext(next: string | undefined | null, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\r\n]/.test(next)) return fallback;
  return next;
}

export function requireSameTenant(found: unknown): asserts found {
  if (!found) throw new AppError('not_found');
}
