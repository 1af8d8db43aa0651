/**
 * Public alert routes: the list, one message, RSS/Atom feeds, the CAP index and each message's
 * CAP document. Only sent messages are ever public. Static paths are registered before
 * /alerts/:alertId so that rss.xml and friends are never taken for an id.
 */
import { Hono } from 'hono';
import { AppError } from '../../platform/errors/index.ts';
import { pageContext, tenantTx, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { alertFeed, capIndexFeed, type FeedSite } from './feeds.ts';
import { chainMessages, currentAlerts, getSentAlert, listSentAlerts } from './alerts.service.ts';
import { AlertListPage, AlertPage } from './views/public.tsx';

export const publicAlertRoutes = new Hono<AppEnv>();

const FEED_SIZE = 50;
const site = (c: Ctx): FeedSite => ({ origin: c.var.tenant.origin, name: { ja: c.var.tenant.nameJa, en: c.var.tenant.nameEn }, code: c.var.tenant.code });

function xml(c: Ctx, body: string, type: string) {
  c.header('Content-Type', `${type}; charset=utf-8`);
  // Alerts change in minutes: caches may keep a feed only briefly.
  c.header('Cache-Control', 'public, max-age=15');
  return c.body(body);
}

publicAlertRoutes.get('/alerts', async (c) => {
  const { current, sent } = await tenantTx(c, async (tx) => ({ current: await currentAlerts(tx, c.var.tenant.code), sent: await listSentAlerts(tx, c.var.tenant.code, { limit: FEED_SIZE }) }));
  const currentIds = new Set(current.map((a) => a.id));
  return c.html(<AlertListPage ctx={pageContext(c)} current={current} past={sent.filter((a) => !currentIds.has(a.id))} />);
});

const sentForFeed = (c: Ctx) => tenantTx(c, (tx) => listSentAlerts(tx, c.var.tenant.code, { limit: FEED_SIZE }));
const feedLocale = (c: Ctx) => (c.req.query('lang') === 'en' ? 'en' : 'ja');

publicAlertRoutes.get('/alerts/rss.xml', async (c) => xml(c, alertFeed(site(c), await sentForFeed(c), feedLocale(c), 'rss'), 'application/rss+xml'));
publicAlertRoutes.get('/alerts/atom.xml', async (c) => xml(c, alertFeed(site(c), await sentForFeed(c), feedLocale(c), 'atom'), 'application/atom+xml'));
publicAlertRoutes.get('/alerts/cap.xml', async (c) => xml(c, capIndexFeed(site(c), await sentForFeed(c)), 'application/atom+xml'));

publicAlertRoutes.get('/alerts/:alertId', async (c) => {
  const r = await tenantTx(c, async (tx) => {
    const alert = await getSentAlert(tx, c.var.tenant.code, c.req.param('alertId'));
    return alert ? { alert, chain: await chainMessages(tx, c.var.tenant.code, alert.chainId) } : null;
  });
  if (!r) throw new AppError('not_found');
  return c.html(<AlertPage ctx={pageContext(c)} alert={r.alert} chain={r.chain} />);
});

publicAlertRoutes.get('/alerts/:alertId/cap.xml', async (c) => {
  const alert = await tenantTx(c, (tx) => getSentAlert(tx, c.var.tenant.code, c.req.param('alertId')));
  if (!alert?.capXml) throw new AppError('not_found');
  return xml(c, alert.capXml, 'application/cap+xml');
});
