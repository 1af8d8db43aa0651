/**
 * How the resident API knows the resident (ADR 0037): the same server-side session as the web
 * pages (the HttpOnly session cookie, idle and absolute expiry, the assurance level of the
 * sign-in), so a same-origin app needs no second credential. Because a cookie is sent by the
 * browser on its own, every unsafe request must also carry the CSRF token in `X-CSRF-Token`
 * (double submit: it must equal the CSRF cookie) and, when the browser sends one, an Origin of
 * this host. GET /api/resident/v1/session hands the token to the app.
 */
import crypto from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { loadSession } from '../../../platform/auth/index.ts';
import { safeEqual } from '../../../platform/crypto/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import { cookieNames, isSecure, tenantTx, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import { findIdempotencyKey, type KeyRecord } from './idempotency.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The durable submission checks the session inside its own (grouped) transaction, so loading it
 * here first would only add a transaction per request to the hottest path.
 */
export const checksSessionItself = (method: string, path: string) => method === 'POST' && /^\/api\/resident\/v1\/procedures\/[^/]+\/applications$/.test(path);

/** The CSRF token of this browser, issuing the cookie when it has none. */
export function csrfTokenOf(c: Ctx): string {
  const secure = isSecure(c.var.tenant.origin);
  const name = cookieNames(secure).csrf;
  const token = getCookie(c, name);
  if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) return token;
  const fresh = crypto.randomBytes(32).toString('base64url');
  setCookie(c, name, fresh, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
  return fresh;
}

/** The raw value of the resident session cookie, if any. */
export const residentCookieOf = (c: Ctx) => getCookie(c, cookieNames(isSecure(c.get('tenant').origin)).resident);

/** CSRF defence for every unsafe resident API call, then the resident session (unless the route checks it itself). */
export const residentApiAuthentication: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (UNSAFE.has(c.req.method)) {
    const origin = c.req.header('origin');
    if (origin && origin !== 'null' && (!URL.canParse(origin) || new URL(origin).host !== c.req.header('host'))) throw new AppError('csrf_failed');
    const cookie = getCookie(c, cookieNames(isSecure(c.get('tenant').origin)).csrf);
    const sent = c.req.header('x-csrf-token');
    if (!cookie || !sent || !safeEqual(sent, cookie)) throw new AppError('csrf_failed');
  }
  const value = residentCookieOf(c);
  if (value && !checksSessionItself(c.req.method, c.req.path)) {
    const { config } = c.var.deps;
    const loaded = await tenantTx(c, (tx) => loadSession(tx, c.var.tenant.code, 'resident', value, { idleMinutes: config.RESIDENT_IDLE_MINUTES, maxHours: config.SESSION_MAX_HOURS }));
    if (loaded.status === 'active') c.set('residentSession', loaded.session);
    else if (loaded.status === 'expired') c.set('sessionEnded', 'expired');
  }
  await next();
};

/**
 * The resident and sign-in level of a session cookie, for a route that checks the session itself
 * but needs the resident earlier (attachments named in a one-request submission). Throws
 * unauthenticated or session_expired.
 */
export async function residentOfSession(c: Ctx, sessionCookie: string): Promise<{ residentId: string; assurance: number }> {
  const { config } = c.var.deps;
  const s = await tenantTx(c, (tx) => loadSession(tx, c.var.tenant.code, 'resident', sessionCookie, { idleMinutes: config.RESIDENT_IDLE_MINUTES, maxHours: config.SESSION_MAX_HOURS }));
  if (s.status === 'expired') throw new AppError('session_expired');
  if (s.status !== 'active') throw new AppError('unauthenticated');
  return { residentId: s.session.subjectId, assurance: s.session.assurance };
}

/** The stored outcome of `key` for the resident named by a session cookie (the slow path of a retry that no longer validates). */
export async function findKeyOfSession(c: Ctx, sessionCookie: string, key: string): Promise<KeyRecord | null> {
  const { config } = c.var.deps;
  return tenantTx(c, async (tx) => {
    const s = await loadSession(tx, c.var.tenant.code, 'resident', sessionCookie, { idleMinutes: config.RESIDENT_IDLE_MINUTES, maxHours: config.SESSION_MAX_HOURS });
    return s.status === 'active' ? findIdempotencyKey(tx, c.var.tenant.code, s.session.subjectId, key) : null;
  });
}
