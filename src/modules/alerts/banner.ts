/**
 * The site-wide emergency banner: the alerts in force, as SiteBanners for every page of the
 * municipality. Each app server caches the list per municipality together with the alert version
 * it was read at; every request reads the version (one primary-key row, a prepared statement) and
 * reloads the list only when it moved, so a cancel sent through any server takes the banner off
 * every server's next page. Expiry is checked on every request, so a banner goes away at its
 * expiry time exactly. The cache belongs to the platform instance (its deps), like a server's memory.
 */
import { tenantTx, type Ctx, type Deps } from '../../platform/http/index.ts';
import { format, type Text } from '../../platform/i18n/index.ts';
import type { SiteBanner } from '../../platform/ui/index.ts';
import { isLive, type Alert } from './alert.ts';
import { alertText as m, statusTag } from './alerts.messages.ts';
import { alertVersion, currentAlerts, type AlertVersion } from './alerts.service.ts';

/** A safety net only: the list is also reloaded after this long even when the version did not move. */
const MAX_AGE_MS = 60_000;
const cache = new WeakMap<Deps, Map<string, { version: number; alerts: Alert[]; until: number }>>();
/** The version each request read, so the feeds answer a conditional GET without a second read. */
const versionOfRequest = new WeakMap<Request, AlertVersion | null>();

/** The alert version as this request saw it (read by the banner), or read now. */
export async function requestAlertVersion(c: Ctx): Promise<AlertVersion | null> {
  const seen = versionOfRequest.get(c.req.raw);
  return seen !== undefined ? seen : tenantTx(c, (tx) => alertVersion(tx, c.var.tenant.code));
}

/** Japan time as people read it: 2026年7月1日 18時05分 / 1 Jul 2026 18:05 JST. */
export function jstText(d: Date): Text {
  const j = new Date(d.getTime() + 9 * 3600_000);
  const [y, mo, da, h, mi] = [j.getUTCFullYear(), j.getUTCMonth() + 1, j.getUTCDate(), j.getUTCHours(), j.getUTCMinutes()];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return { ja: `${y}年${mo}月${da}日 ${h}時${pad(mi)}分`, en: `${da} ${months[mo - 1]} ${y} ${pad(h)}:${pad(mi)} JST` };
}

export function areaText(a: Pick<Alert, 'areas'>): Text {
  if (!a.areas.length) return m.wholeCity;
  return { ja: a.areas.map((x) => x.name.ja).join('、'), en: a.areas.map((x) => x.name.en || x.name.ja).join(', ') };
}

export function toBanner(a: Alert): SiteBanner {
  const areas = areaText(a);
  const time = jstText(a.sentAt ?? a.createdAt);
  const tag = statusTag[a.status];
  return {
    tone: a.status === 'actual' ? 'emergency' : 'drill',
    tag: tag ? { ja: tag.ja, en: tag.en.trim() } : undefined,
    heading: { ja: a.headline.ja, en: a.headline.en || a.headline.ja },
    lines: [
      { ja: format(m.bannerAreas.ja, { areas: areas.ja }), en: format(m.bannerAreas.en, { areas: areas.en }) },
      { ja: format(m.bannerTime.ja, { time: time.ja }), en: format(m.bannerTime.en, { time: time.en }) },
    ],
    href: `/alerts/${a.id}`,
    linkText: m.bannerMore,
  };
}

/** ModuleRoutes.banner of the alerts module. */
export async function alertBanners(c: Ctx): Promise<SiteBanner[]> {
  const deps = c.var.deps;
  const tenant = c.var.tenant.code;
  let perServer = cache.get(deps);
  if (!perServer) cache.set(deps, (perServer = new Map()));
  const cached = perServer.get(tenant);
  const hit = await tenantTx(c, async (tx) => {
    const read = await alertVersion(tx, tenant);
    versionOfRequest.set(c.req.raw, read);
    const version = read?.version ?? 0;
    if (cached && cached.version === version && cached.until > Date.now()) return cached;
    return { version, alerts: await currentAlerts(tx, tenant), until: Date.now() + MAX_AGE_MS };
  });
  if (hit !== cached) {
    if (perServer.size > 1000) perServer.clear();
    perServer.set(tenant, hit);
  }
  const now = new Date();
  return hit.alerts.filter((a) => isLive(a, now)).map(toBanner);
}
