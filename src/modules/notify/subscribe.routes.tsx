/**
 * Public subscription pages and endpoints:
 *   GET  /subscribe                 form: topics, areas, language; e-mail; push button; LINE
 *   POST /subscribe                 e-mail double opt-in (rate limited)      → /subscribe/sent
 *   GET  /subscribe/confirm?token=  page with the confirm button; POST confirms
 *   GET  /subscribe/manage?token=   change topics/areas/language; POST saves
 *   GET  /unsubscribe?token=        page with the unsubscribe button; POST ends the subscription
 *   POST /api/notify/unsubscribe?token=  RFC 8058 one-click (mail clients; no cookies, no CSRF)
 *   POST /notify/push               JSON from client/subscribe.ts: the browser's push subscription
 *   GET  /notify-sw.js              the service worker, scope "/"
 *   POST /api/notify/line/webhook   LINE follow/unfollow events, X-Line-Signature verified
 *   GET  /mypage/subscriptions      the signed-in resident's subscriptions
 */
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, isAppError, type FieldError } from '../../platform/errors/index.ts';
import { buildDir, clientIp, pageContext, rateLimit, seeOther, tenantTxWithCipher, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { safeEqual } from '../../platform/crypto/index.ts';
import { parseInput } from '../../platform/validation/index.ts';
import { requireResident } from '../residents/index.ts';
import { listAreas } from './areas.ts';
import { ensureVapidKeys, loadChannelSecrets } from './channel-settings.ts';
import { lineSignature } from './channels/line.ts';
import { internalTargetReason } from './channels/outbound-guard.ts';
import { pageText as m, prefsLabels } from './notify.messages.ts';
import {
  confirmSubscription,
  findSubscription,
  followLine,
  listResidentSubscriptions,
  parsePreferences,
  subscribeEmail,
  subscribePush,
  subscriberEmail,
  unfollowLine,
  unsubscribe,
  updatePreferences,
  type Preferences,
} from './subscriptions.service.ts';
import { signToken, verifyToken } from './tokens.ts';
import { ActionPage, ManagePage, MessagePage, MySubscriptionsPage, SubscribePage } from './views/public.tsx';

export const subscribeRoutes = new Hono<AppEnv>();

type Body = Record<string, string | string[] | File | (string | File)[]>;
const formPrefs = (body: Body) => ({ topics: body['topics'], areas: body['areas'], language: body['language'] });
const str = (v: unknown) => (typeof v === 'string' ? v : '');

async function subscribePage(c: Ctx, prefs: Partial<Preferences>, email: string, errors: FieldError[], status: 200 | 400) {
  const data = await tenantTxWithCipher(c, async (tx, cipher) => ({
    areas: await listAreas(tx, c.var.tenant.code),
    vapid: await ensureVapidKeys(tx, cipher, c.var.tenant.code),
    line: (await loadChannelSecrets(tx, cipher, c.var.tenant.code)).line !== undefined,
  }));
  return c.html(<SubscribePage ctx={pageContext(c)} areas={data.areas} prefs={prefs} email={email} errors={errors} vapidPublicKey={data.vapid} lineConfigured={data.line} />, status);
}

subscribeRoutes.get('/subscribe', (c) => subscribePage(c, { topics: ['bousai'], areas: [], language: c.var.locale === 'en' ? 'en' : 'ja' }, '', [], 200));

subscribeRoutes.post('/subscribe', async (c) => {
  await rateLimit(c, { bucket: `notify-subscribe:ip:${clientIp(c)}`, max: 20, windowSeconds: 3600 });
  const body = (await c.req.parseBody({ all: true })) as Body;
  const raw = formPrefs(body);
  const email = str(body['email']);
  try {
    await tenantTxWithCipher(c, async (tx, cipher) => {
      const errors: FieldError[] = [];
      let prefs: Preferences | null = null;
      let address = '';
      try {
        prefs = await parsePreferences(tx, c.var.tenant.code, raw);
      } catch (e) {
        if (!isAppError(e)) throw e;
        errors.push(...e.fields);
      }
      try {
        address = parseInput(z.object({ email: subscriberEmail }), { email }, prefsLabels).email;
      } catch (e) {
        if (!isAppError(e)) throw e;
        errors.push(...e.fields);
      }
      if (errors.length || !prefs) throw new AppError('validation_failed', { fields: errors });
      await subscribeEmail(tx, cipher, c.var.tenant, { email: address, prefs });
    });
  } catch (e) {
    if (isAppError(e) && e.code === 'validation_failed') {
      const arr = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
      return subscribePage(c, { topics: arr(raw.topics) as Preferences['topics'], areas: arr(raw.areas), language: str(raw.language) as Preferences['language'] }, email, e.fields, 400);
    }
    throw e;
  }
  c.var.deps.worker.nudge();
  return seeOther(c, '/subscribe/sent');
});

subscribeRoutes.get('/subscribe/sent', (c) => c.html(<MessagePage ctx={pageContext(c)} title={m.sentTitle} lead={m.sentLead} />));

function invalidLink(c: Ctx) {
  return c.html(
    <MessagePage ctx={pageContext(c)} title={m.linkInvalidTitle} lead={m.linkInvalidLead} kind="error">
      <p><a href="/subscribe">{m.resubscribe[c.var.locale]}</a></p>
    </MessagePage>,
    400,
  );
}

subscribeRoutes.get('/subscribe/confirm', async (c) => {
  const token = c.req.query('token');
  const id = await tenantTxWithCipher(c, async (_tx, cipher) => verifyToken(cipher, 'confirm', token));
  if (!id) return invalidLink(c);
  return c.html(
    <ActionPage ctx={pageContext(c)} title={m.confirmTitle} lead={m.confirmLead} action="/subscribe/confirm" token={token!} button={m.confirmButton} note={c.var.residentSession ? null : m.confirmSignInNote} />,
  );
});

subscribeRoutes.post('/subscribe/confirm', async (c) => {
  const token = str((await c.req.parseBody())['token']);
  const result = await tenantTxWithCipher(c, async (tx, cipher) => {
    const id = verifyToken(cipher, 'confirm', token);
    if (!id) return null;
    const sub = await confirmSubscription(tx, cipher, c.var.tenant.code, id, c.var.residentSession?.subjectId ?? null);
    return sub && sub.state === 'active' ? signToken(cipher, 'manage', sub.id) : null;
  });
  if (!result) return invalidLink(c);
  return c.html(
    <MessagePage ctx={pageContext(c)} title={m.confirmedTitle} lead={m.confirmedLead}>
      <p><a href={`/subscribe/manage?token=${result}`}>{m.manageTitle[c.var.locale]}</a></p>
    </MessagePage>,
  );
});

async function managePage(c: Ctx, token: string | undefined, errors: FieldError[], saved: boolean) {
  const data = await tenantTxWithCipher(c, async (tx, cipher) => {
    const id = verifyToken(cipher, 'manage', token);
    const sub = id ? await findSubscription(tx, cipher, c.var.tenant.code, id) : null;
    return sub && sub.state !== 'ended' ? { sub, areas: await listAreas(tx, c.var.tenant.code) } : null;
  });
  if (!data) return invalidLink(c);
  return c.html(<ManagePage ctx={pageContext(c)} sub={data.sub} token={token!} areas={data.areas} errors={errors} saved={saved} />, errors.length ? 400 : 200);
}

subscribeRoutes.get('/subscribe/manage', (c) => managePage(c, c.req.query('token'), [], c.req.query('saved') === '1'));

subscribeRoutes.post('/subscribe/manage', async (c) => {
  const body = (await c.req.parseBody({ all: true })) as Body;
  const token = str(body['token']);
  try {
    const ok = await tenantTxWithCipher(c, async (tx, cipher) => {
      const id = verifyToken(cipher, 'manage', token);
      if (!id) return false;
      await updatePreferences(tx, c.var.tenant.code, id, await parsePreferences(tx, c.var.tenant.code, formPrefs(body)));
      return true;
    });
    if (!ok) return invalidLink(c);
  } catch (e) {
    if (isAppError(e) && e.code === 'validation_failed') return managePage(c, token, e.fields, false);
    throw e;
  }
  return seeOther(c, `/subscribe/manage?token=${encodeURIComponent(token)}&saved=1`);
});

subscribeRoutes.get('/unsubscribe', async (c) => {
  const token = c.req.query('token');
  const id = await tenantTxWithCipher(c, async (_tx, cipher) => verifyToken(cipher, 'manage', token));
  if (!id) return invalidLink(c);
  return c.html(<ActionPage ctx={pageContext(c)} title={m.unsubscribeTitle} lead={m.unsubscribeLead} action="/unsubscribe" token={token!} button={m.unsubscribeButton} />);
});

subscribeRoutes.post('/unsubscribe', async (c) => {
  const token = str((await c.req.parseBody())['token']);
  const ok = await tenantTxWithCipher(c, async (tx, cipher) => {
    const id = verifyToken(cipher, 'manage', token);
    return id ? unsubscribe(tx, c.var.tenant.code, id) : false;
  });
  if (!ok) return invalidLink(c);
  return c.html(
    <MessagePage ctx={pageContext(c)} title={m.unsubscribedTitle} lead={m.unsubscribedLead}>
      <p><a href="/subscribe">{m.resubscribe[c.var.locale]}</a></p>
    </MessagePage>,
  );
});

/** RFC 8058 one-click: the mail client POSTs "List-Unsubscribe=One-Click" to the URL from the header. */
subscribeRoutes.post('/api/notify/unsubscribe', async (c) => {
  const ok = await tenantTxWithCipher(c, async (tx, cipher) => {
    const id = verifyToken(cipher, 'manage', c.req.query('token'));
    return id ? unsubscribe(tx, c.var.tenant.code, id) : false;
  });
  if (!ok) throw new AppError('not_found', { message: { ja: '配信停止のリンクが正しくないか、期限が切れています。', en: 'The unsubscribe link is not valid or has expired.' } });
  return c.json({ unsubscribed: true });
});
/** A person (not a mail client) who opens the header's URL gets the page with the button. */
subscribeRoutes.get('/api/notify/unsubscribe', (c) => seeOther(c, `/unsubscribe?token=${encodeURIComponent(c.req.query('token') ?? '')}`));

subscribeRoutes.post('/notify/push', async (c) => {
  await rateLimit(c, { bucket: `notify-push:ip:${clientIp(c)}`, max: 20, windowSeconds: 3600 });
  const body = (await c.req.json().catch(() => {
    throw new AppError('malformed_request');
  })) as { subscription?: unknown; topics?: unknown; areas?: unknown; language?: unknown };
  const production = c.var.deps.config.YAKUBA_ENV === 'production';
  // Checked before the transaction (a DNS lookup must not hold the database): an endpoint inside
  // the server's own network is refused, so nobody can make every alert POST to it.
  const endpoint = (body.subscription as { endpoint?: unknown } | undefined)?.endpoint;
  if (production && typeof endpoint === 'string' && (await internalTargetReason(endpoint, true)))
    throw new AppError('validation_failed', { fields: [{ field: 'endpoint', message: m.pushEndpointRefused }] });
  const result = await tenantTxWithCipher(c, async (tx, cipher) => {
    const prefs = await parsePreferences(tx, c.var.tenant.code, { topics: body.topics, areas: body.areas, language: body.language });
    const id = await subscribePush(tx, cipher, c.var.tenant.code, {
      subscription: body.subscription,
      prefs,
      residentId: c.var.residentSession?.subjectId ?? null,
      production,
    });
    return { id, manageUrl: `/subscribe/manage?token=${signToken(cipher, 'manage', id)}` };
  });
  return c.json(result, 201);
});

let serviceWorker: Buffer | null = null;
/** Served from the root so its scope covers the whole site (a worker's scope is its own folder). */
subscribeRoutes.get('/notify-sw.js', (c) => {
  serviceWorker ??= fs.readFileSync(path.join(buildDir, 'js/notify/sw.js'));
  c.header('Content-Type', 'text/javascript; charset=utf-8');
  c.header('Service-Worker-Allowed', '/');
  c.header('Cache-Control', 'no-cache');
  return c.body(new Uint8Array(serviceWorker));
});

const lineEvents = z.object({
  events: z
    .array(z.object({ type: z.string(), source: z.object({ type: z.string(), userId: z.string().regex(/^U[0-9a-f]{32}$/).optional() }).optional() }).passthrough())
    .max(100),
});

subscribeRoutes.post('/api/notify/line/webhook', async (c) => {
  const raw = await c.req.text();
  const signature = c.req.header('x-line-signature') ?? '';
  await tenantTxWithCipher(c, async (tx, cipher) => {
    const line = (await loadChannelSecrets(tx, cipher, c.var.tenant.code)).line;
    if (!line || !safeEqual(lineSignature(line.secret, raw), signature)) throw new AppError('unauthenticated', { message: { ja: 'X-Line-Signature が正しくありません。', en: 'X-Line-Signature does not match.' } });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new AppError('malformed_request');
    }
    const { events } = parseInput(lineEvents, json);
    for (const e of events) {
      const userId = e.source?.userId;
      if (!userId) continue;
      if (e.type === 'follow') await followLine(tx, cipher, c.var.tenant.code, userId);
      if (e.type === 'unfollow') await unfollowLine(tx, cipher, c.var.tenant.code, userId);
    }
  });
  return c.json({});
});

subscribeRoutes.get('/mypage/subscriptions', async (c) => {
  const { residentId } = requireResident(c, 1);
  const data = await tenantTxWithCipher(c, async (tx, cipher) => ({
    subs: (await listResidentSubscriptions(tx, cipher, c.var.tenant.code, residentId)).map((s) => ({ ...s, token: signToken(cipher, 'manage', s.id) })),
    areas: await listAreas(tx, c.var.tenant.code),
  }));
  return c.html(<MySubscriptionsPage ctx={pageContext(c)} subs={data.subs} areas={data.areas} />);
});
