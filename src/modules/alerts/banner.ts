/**
 * The site-wide emergency banner: the alerts in force, as SiteBanners for every page of the
 * municipality. The list is cached per municipality for a few seconds (every page asks for it)
 * and dropped at once when this server sends a message; expiry is checked on every request, so a
 * banner goes away at its expiry time exactly, not up to a cache period later.
 */
import type { Db } from '../../platform/db/index.ts';
import { tenantTx, type Ctx } from '../../platform/http/index.ts';
import { format, type Text } from '../../platform/i18n/index.ts';
import type { SiteBanner } from '../../platform/ui/index.ts';
import { isLive, type Alert } from './alert.ts';
import { alertText as m, statusTag } from './alerts.messages.ts';
import { currentAlerts } from './alerts.service.ts';

const CACHE_MS = 5000;
const cache = new WeakMap<Db, Map<string, { alerts: Alert[]; until: number }>>();

/** Drops the cached banner of a municipality (after a send on this server). */
export function forgetBanners(db: Db, tenant: string): void {
  cache.get(db)?.delete(tenant);
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
  const db = c.var.deps.db;
  const tenant = c.var.tenant.code;
  let perDb = cache.get(db);
  if (!perDb) cache.set(db, (perDb = new Map()));
  let hit = perDb.get(tenant);
  if (!hit || hit.until < Date.now()) {
    hit = { alerts: await tenantTx(c, (tx) => currentAlerts(tx, tenant)), until: Date.now() + CACHE_MS };
    if (perDb.size > 1000) perDb.clear();
    perDb.set(tenant, hit);
  }
  const now = new Date();
  return hit.alerts.filter((a) => isLive(a, now)).map(toBanner);
}
