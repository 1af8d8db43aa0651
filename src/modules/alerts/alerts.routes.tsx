/**
 * Public alert routes: the list, one message, RSS/Atom feeds, the CAP index and each message's
 * CAP document. Only sent messages are ever public. Static paths are registered before
 * /alerts/:alertId so that rss.xml and friends are never taken for an id. The pages are never
 * rate limited; the feeds and CAP documents are, per address, after conditional GETs (public-reads.ts).
 */
import { Hono } from 'hono';
import { AppError, isAppError } from '../../platform/errors/index.ts';
import { pageContext, tenantTx, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import type { Alert } from './alert.ts';
import { alertFeed, capIndexFeed, type FeedSite } from './feeds.ts';
import { chainMessages, currentAlerts, getSentAlert, listSentAlerts } from './alerts.service.ts';
import { requestAlertVersion } from './banner.ts';
import { CAP_DOCUMENT_MAX_AGE_SECONDS, FEED_MAX_AGE_SECONDS, capDocumentValidators, countPublicRead, feedTooManyRequests, feedValidators, notModified, setValidators } from './public-reads.ts';
import { AlertListPage, AlertPage } from './views/public.tsx';

export const publicAlertRoutes = new Hono<AppEnv>();

const FEED_SIZE = 50;
const site = (c: Ctx): FeedSite => ({ origin: c.var.tenant.origin, name: { ja: c.var.tenant.nameJa, en: c.var.tenant.nameEn }, code: c.var.tenant.code });

function xml(c: Ctx, body: string, type: string) {
  c.header('Content-Type', `${type}; charset=utf-8`);
  return c.body(body);
}

/**
 * A feed of the latest sent messages: 304 when the reader's copy is current (checked against the
 * version the banner already read for this request: no further database work, nothing counted),
 * else counted against the address's budget and written out. A send between the version read and
 * the list only makes the next conditional GET a full one.
 */
async function feed(c: Ctx, variant: string, type: string, render: (alerts: Alert[]) => string) {
  const validators = feedValidators(c, await requestAlertVersion(c), variant);
  if (notModified(c, validators)) {
    setValidators(c, validators, FEED_MAX_AGE_SECONDS);
    return c.body(null, 304);
  }
  try {
    const alerts = await tenantTx(c, async (tx) => {
      await countPublicRead(c, tx, 'feed');
      return listSentAlerts(tx, c.var.tenant.code, { limit: FEED_SIZE });
    });
    setValidators(c, validators, FEED_MAX_AGE_SECONDS);
    return xml(c, render(alerts), type);
  } catch (e) {
    if (isAppError(e) && e.code === 'rate_limited') return feedTooManyRequests(c, e);
    throw e;
  }
}

publicAlertRoutes.get('/alerts', async (c) => {
  const { current, sent } = await tenantTx(c, async (tx) => ({ current: await currentAlerts(tx, c.var.tenant.code), sent: await listSentAlerts(tx, c.var.tenant.code, { limit: FEED_SIZE }) }));
  const currentIds = new Set(current.map((a) => a.id));
  return c.html(<AlertListPage ctx={pageContext(c)} current={current} past={sent.filter((a) => !currentIds.has(a.id))} />);
});

const feedLocale = (c: Ctx) => (c.req.query('lang') === 'en' ? 'en' : 'ja');

publicAlertRoutes.get('/alerts/rss.xml', (c) => feed(c, `rss-${feedLocale(c)}`, 'application/rss+xml', (alerts) => alertFeed(site(c), alerts, feedLocale(c), 'rss')));
publicAlertRoutes.get('/alerts/atom.xml', (c) => feed(c, `atom-${feedLocale(c)}`, 'application/atom+xml', (alerts) => alertFeed(site(c), alerts, feedLocale(c), 'atom')));
publicAlertRoutes.get('/alerts/cap.xml', (c) => feed(c, 'cap', 'application/atom+xml', (alerts) => capIndexFeed(site(c), alerts)));

publicAlertRoutes.get('/alerts/:alertId', async (c) => {
  const r = await tenantTx(c, async (tx) => {
    const alert = await getSentAlert(tx, c.var.tenant.code, c.req.param('alertId'));
    return alert ? { alert, chain: await chainMessages(tx, c.var.tenant.code, alert.chainId) } : null;
  });
  if (!r) throw new AppError('not_found');
  return c.html(<AlertPage ctx={pageContext(c)} alert={r.alert} chain={r.chain} />);
});

// A sent CAP document never changes: a reader that has it gets 304 without reading the message.
publicAlertRoutes.get('/alerts/:alertId/cap.xml', async (c) => {
  const id = c.req.param('alertId').toLowerCase();
  const validators = capDocumentValidators(id);
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) && notModified(c, validators)) {
    setValidators(c, validators, CAP_DOCUMENT_MAX_AGE_SECONDS);
    return c.body(null, 304);
  }
  try {
    const alert = await tenantTx(c, async (tx) => {
      await countPublicRead(c, tx, 'feed');
      return getSentAlert(tx, c.var.tenant.code, id);
    });
    if (!alert?.capXml) throw new AppError('not_found');
    setValidators(c, validators, CAP_DOCUMENT_MAX_AGE_SECONDS);
    return xml(c, alert.capXml, 'application/cap+xml');
  } catch (e) {
    if (isAppError(e) && e.code === 'rate_limited') return feedTooManyRequests(c, e);
    throw e;
  }
});
