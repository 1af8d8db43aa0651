/**
 * Maps every error to a response: JSON for /api and JSON clients, otherwise a page in the
 * person's language. Unknown errors are logged with the request id and shown as a plain 500 page;
 * no stack trace or internal message ever reaches the client.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, errorCodes } from '../errors/index.ts';
import { ResidentLayout, StaffLayout, tx, uiMessages } from '../ui/index.ts';
import type { AppEnv } from './env.ts';
import { pageContext } from './context.ts';

function wantsJson(c: Context<AppEnv>): boolean {
  if (c.req.path.startsWith('/api/')) return true;
  const accept = c.req.header('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 413) return new AppError('payload_too_large');
    if (err.status === 400) return new AppError('malformed_request');
    // An API route's body validator refuses a body that is not the declared media type (JSON).
    if (err.status === 415) return new AppError('malformed_request', { message: { ja: '本文はJSON（Content-Type: application/json）で送ってください。', en: 'Send the body as JSON (Content-Type: application/json).' } });
    if (err.status === 404) return new AppError('not_found');
    if (err.status === 401) return new AppError('unauthenticated');
    if (err.status === 403) return new AppError('forbidden');
  }
  if (err instanceof SyntaxError || (err instanceof TypeError && /body|form|json/i.test(err.message))) return new AppError('malformed_request');
  return null;
}

export function renderError(c: Context<AppEnv>, err: AppError) {
  c.status(err.status as 400);
  if (err.options.retryAfterSeconds) c.header('Retry-After', String(Math.max(1, err.options.retryAfterSeconds)));
  if (wantsJson(c)) {
    return c.json({
      error: {
        code: err.code,
        message: err.text,
        fields: err.fields.map((f) => ({ field: f.field, message: f.message })),
        requestId: c.var.requestId,
      },
    });
  }
  if (err.code === 'unauthenticated' || err.code === 'session_expired') {
    const staff = c.req.path.startsWith('/staff');
    const login = staff ? '/staff/login' : '/login';
    if (c.req.method === 'GET') {
      const reason = err.code === 'session_expired' || c.var.sessionEnded ? '&expired=1' : '';
      return c.redirect(`${login}?next=${encodeURIComponent(c.req.path)}${reason}`, 303);
    }
  }
  const ctx = pageContext(c);
  const locale = ctx.locale;
  const Layout = c.req.path.startsWith('/staff') ? StaffLayout : ResidentLayout;
  const title = tx(errorCodes[err.code].message, locale);
  return c.html(
    <Layout ctx={ctx} title={title}>
      <h1>{err.status === 404 ? (locale === 'ja' ? 'ページが見つかりません' : 'Page not found') : err.status === 403 ? (locale === 'ja' ? 'この操作はできません' : 'You cannot do this') : err.status >= 500 ? (locale === 'ja' ? 'ただいま表示できません' : 'Something went wrong') : (locale === 'ja' ? '操作を完了できませんでした' : 'We could not complete this')}</h1>
      <p>{tx(err.text, locale)}</p>
      {err.fields.length ? (
        <ul>
          {err.fields.map((f) => (
            <li>{tx(f.message, locale)}</li>
          ))}
        </ul>
      ) : null}
      <p class="muted">
        {tx(uiMessages.requestId, locale)}: <code>{c.var.requestId}</code>
      </p>
      <p>
        <a href="/">{tx(uiMessages.backHome, locale)}</a>
      </p>
    </Layout>,
  );
}

export function handleError(err: Error, c: Context<AppEnv>) {
  const known = toAppError(err);
  if (known) return renderError(c, known);
  c.var.log?.error({ err }, 'unhandled error');
  return renderError(c, new AppError('internal'));
}
