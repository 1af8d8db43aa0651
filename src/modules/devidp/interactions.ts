/**
 * The provider's interaction pages: "choose a demo person" (stands in for reading the card) and
 * cancel (returns access_denied to the municipality). Consent is implicit for these demo clients,
 * so choosing a person also records the Grant for the requested 基本4情報.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import type { Text } from '../../platform/i18n/index.ts';
import type { Deps } from '../../platform/http/index.ts';
import { demoPeople, findDemoPerson } from './demo-people.ts';
import { devIdpMessages as m } from './devidp.messages.ts';
import { BASIC_FOUR_SCOPES, pageSecurityHeaders } from './provider.ts';
import { ChoosePersonPage, IdpErrorPage, renderPage } from './views/pages.tsx';

const MAX_FORM_BYTES = 16 * 1024;
const GRANTABLE_SCOPES = new Set<string>(['openid', ...BASIC_FOUR_SCOPES]);

class FormTooLarge extends Error {}

function send(res: ServerResponse, status: number, html: string, headers: Record<string, string>) {
  res.statusCode = status;
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.end(html);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new FormTooLarge();
    chunks.push(chunk);
  }
  const type = req.headers['content-type'] ?? '';
  return type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(Buffer.concat(chunks).toString('utf8')) : new URLSearchParams();
}

/** A cross-site form post carries an Origin of another host; refuse it (the cookies are SameSite=Lax too). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function interactionHandler(deps: Deps, provider: Provider, mountPath: string) {
  const route = new RegExp(`^${mountPath}/interaction/([A-Za-z0-9_-]{1,64})(?:/(choose|abort))?$`);
  const errorPage = async (res: ServerResponse, status: number, message: Text, params?: Record<string, string>) =>
    send(res, status, await renderPage(IdpErrorPage({ message, params, assetVersion: deps.assetVersion })), pageSecurityHeaders());

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const path = (req.url ?? '/').split('?')[0]!;
      const match = route.exec(path);
      if (!match) return await errorPage(res, 404, m.notFound);
      const [, uid, action] = match;
      const isRead = req.method === 'GET' || req.method === 'HEAD';
      if ((action && req.method !== 'POST') || (!action && !isRead)) {
        res.setHeader('Allow', action ? 'POST' : 'GET, HEAD');
        return await errorPage(res, 405, m.notFound);
      }

      let details;
      try {
        details = await provider.interactionDetails(req, res);
      } catch (err) {
        if (err instanceof errors.SessionNotFound) return await errorPage(res, 400, m.interactionExpired);
        throw err;
      }
      const client = details.uid === uid ? await provider.Client.find(String(details.params.client_id)) : undefined;
      if (!client) return await errorPage(res, 400, m.interactionExpired);
      const redirectOrigin = new URL(String(details.params.redirect_uri)).origin;
      const headers = pageSecurityHeaders([redirectOrigin]);
      const page = async (status: number, error = false) =>
        send(
          res,
          status,
          await renderPage(ChoosePersonPage({ uid: uid!, clientName: client.clientName ?? client.clientId, people: demoPeople, assetVersion: deps.assetVersion, mountPath, error })),
          headers,
        );

      if (!action) return await page(200);
      if (!sameOrigin(req)) return await errorPage(res, 403, m.interactionExpired);
      const form = await readForm(req);

      if (action === 'abort') {
        return await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'End-User cancelled the sign-in' }, { mergeWithLastSubmission: false });
      }

      const person = findDemoPerson(form.get('person') ?? '');
      if (!person) return await page(400, true);
      const grant = new provider.Grant({ accountId: person.id, clientId: client.clientId });
      const requested = String(details.params.scope ?? '').split(' ').filter((s) => GRANTABLE_SCOPES.has(s));
      grant.addOIDCScope(requested.join(' '));
      const grantId = await grant.save();
      // amr: hardware key (the card) and PIN, as RFC 8176 names them.
      await provider.interactionFinished(req, res, { login: { accountId: person.id, amr: ['hwk', 'pin'], remember: false }, consent: { grantId } }, { mergeWithLastSubmission: false });
    } catch (err) {
      if (err instanceof FormTooLarge) return errorPage(res, 413, m.requestRejected, { error: 'request_too_large' });
      deps.log.error({ err }, 'dev identity provider interaction failed');
      if (!res.headersSent) await errorPage(res, 500, m.serverError);
      else res.end();
    }
  };
}
