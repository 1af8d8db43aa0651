/** HTTP helpers shared by the staff routes: the session cookie, the relying party, form fields. */
import { deleteCookie, setCookie } from 'hono/cookie';
import { AppError, type FieldError } from '../../platform/errors/index.ts';
import { cookieNames, isSecure, type Ctx } from '../../platform/http/index.ts';
import type { RelyingParty } from './passkeys.service.ts';
import { UUID_PATTERN } from './staff.schema.ts';

export function setStaffCookie(c: Ctx, sessionId: string): void {
  const secure = isSecure(c.var.tenant.origin);
  // No Max-Age: the cookie ends with the browser; the server ends the session when idle or too old.
  setCookie(c, cookieNames(secure).staff, sessionId, { path: '/', httpOnly: true, secure, sameSite: 'Lax' });
}

export function clearStaffCookie(c: Ctx): void {
  const secure = isSecure(c.var.tenant.origin);
  deleteCookie(c, cookieNames(secure).staff, { path: '/', secure });
}

export function staffSessionPolicy(c: Ctx) {
  return { idleMinutes: c.var.deps.config.STAFF_IDLE_MINUTES, maxHours: c.var.deps.config.SESSION_MAX_HOURS };
}

/** Passkeys belong to the municipality's own origin: rpID is its host name. */
export function relyingParty(c: Ctx): RelyingParty {
  const origin = new URL(c.var.tenant.origin);
  return { id: origin.hostname, name: `${c.var.tenant.nameJa} yakuba`, origin: origin.origin };
}

/** A single text value of a parsed form body ('' when absent or repeated as a file). */
export function formText(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  return typeof v === 'string' ? v : '';
}

/** The field errors of a validation failure, to re-render a form with; any other error is rethrown. */
export function formErrors(err: unknown): FieldError[] {
  if (err instanceof AppError && err.code === 'validation_failed' && err.fields.length) return err.fields;
  throw err;
}

/** A route parameter that must be a UUID; anything else is a 404, as is an id of another municipality. */
export function uuidParam(c: Ctx, name: string): string {
  const v = c.req.param(name) ?? '';
  if (!UUID_PATTERN.test(v)) throw new AppError('not_found');
  return v.toLowerCase();
}

export function loginUrl(next: string, expired: boolean): string {
  return `/staff/login?next=${encodeURIComponent(next)}${expired ? '&expired=1' : ''}`;
}
