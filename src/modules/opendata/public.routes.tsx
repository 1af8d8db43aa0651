/**
 * Public pages, no sign-in, per municipality (by Host): the shelter list with live status, the map
 * page (list first; the map loads on demand), one place's page, and their JSON feeds.
 */
import zlib from 'node:zlib';
import { Hono } from 'hono';
import { AppError } from '../../platform/errors/index.ts';
import { pageContext, tenantTx, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { tx as text } from '../../platform/ui/index.ts';
import { format } from '../../platform/i18n/index.ts';
import { hazardGeoJson, listHazardLayers } from './hazards/hazards.service.ts';
import { tileOrigin, tileSettings } from './map-settings.ts';
import { mapText, shelterText } from './opendata.messages.ts';
import { JAPAN, type Place } from './places/place.ts';
import { getPhoto, listPhotos } from './places/photos.service.ts';
import { getPlace, listPlaces } from './places/places.service.ts';
import { isDisasterType, isPlaceKind, mapKinds, type PlaceKind } from './registries.ts';
import type { ShelterStatus } from './shelters/crowding.ts';
import { cachedShelters, SHELTER_CACHE_MS, shelterCacheTime } from './shelters/shelter-cache.ts';
import { getShelterStatus, statusByPlace } from './shelters/shelters.service.ts';
import { formatDateTime } from './views/common.tsx';
import { MapPage, PlacePage, placeName, type MapFilters, type MapItem } from './views/map.tsx';
import { PublicShelterListPage, statusText } from './views/shelters.tsx';

export const publicRoutes = new Hono<AppEnv>();

/** Great-circle distance in km (haversine; good to metres at town scale). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
}

function position(c: Ctx): { lat: number | null; lon: number | null } {
  const lat = Number(c.req.query('lat'));
  const lon = Number(c.req.query('lon'));
  if (!c.req.query('lat') || !c.req.query('lon') || !Number.isFinite(lat) || !Number.isFinite(lon)) return { lat: null, lon: null };
  if (lat < JAPAN.minLat || lat > JAPAN.maxLat || lon < JAPAN.minLon || lon > JAPAN.maxLon) return { lat: null, lon: null };
  return { lat, lon };
}

const STATUS_CLASS = (s: ShelterStatus) => (!s.isOpen ? 'status status-closed' : `status status-${s.crowding ?? 'vacant'}`);

/**
 * Rendered shelter-list pages for visitors without a session, kept as long as the data they show
 * (see shelter-cache.ts): during a disaster everyone reloads the same few URLs.
 */
const pageCache = new Map<string, { at: number; html: string; gzip: Buffer }>();

/** The cached page, already gzipped when the browser accepts it (compressing once, not per reader). */
function sendPage(c: Ctx, page: { html: string; gzip: Buffer }) {
  if (!/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) return c.html(page.html);
  c.header('Content-Encoding', 'gzip');
  c.header('Vary', 'Accept-Encoding');
  c.header('Content-Type', 'text/html; charset=UTF-8');
  return c.body(new Uint8Array(page.gzip));
}

publicRoutes.get('/shelters', async (c) => {
  const anonymous = !c.var.residentSession && !c.var.staffSession;
  const key = `${c.var.tenant.code}|${c.var.locale}|${c.req.url}`;
  const hit = anonymous ? pageCache.get(key) : undefined;
  c.header('Cache-Control', 'no-cache');
  if (hit && Date.now() - hit.at < SHELTER_CACHE_MS && shelterCacheTime(c.var.deps.db, c.var.tenant.code) === hit.at) return sendPage(c, hit);
  const disasterQ = c.req.query('disaster') ?? '';
  const disaster = isDisasterType(disasterQ) ? disasterQ : undefined;
  const openOnly = c.req.query('open') === '1';
  const { lat, lon } = position(c);
  const all = await cachedShelters(c.var.deps.db, c.var.tenant.code);
  const dataAt = shelterCacheTime(c.var.deps.db, c.var.tenant.code);
  const shelters = all.filter((s) => (!openOnly || s.status.isOpen) && (!disaster || s.place.disasterTypes.includes(disaster)));
  const items = shelters.map((s) => ({ ...s, distanceKm: lat !== null && lon !== null && s.place.lat !== null && s.place.lon !== null ? distanceKm(lat, lon, s.place.lat, s.place.lon) : null }));
  if (lat !== null) items.sort((a, b) => Number(b.status.isOpen) - Number(a.status.isOpen) || (a.distanceKm ?? 1e9) - (b.distanceKm ?? 1e9));
  const html = (<PublicShelterListPage ctx={pageContext(c)} shelters={items} openOnly={openOnly} disaster={disaster} asOf={new Date(dataAt ?? Date.now())} />).toString();
  if (anonymous && dataAt !== null) {
    if (pageCache.size > 500) pageCache.clear();
    const page = { at: dataAt, html, gzip: zlib.gzipSync(html) };
    pageCache.set(key, page);
    return sendPage(c, page);
  }
  return c.html(html);
});

publicRoutes.get('/shelters/status.json', async (c) => {
  const l = c.var.locale;
  const shelters = await cachedShelters(c.var.deps.db, c.var.tenant.code);
  c.header('Cache-Control', 'no-cache');
  c.header('Access-Control-Allow-Origin', '*');
  return c.json({
    asOf: new Date().toISOString(),
    asOfText: format(text(shelterText.lastChecked, l), { time: formatDateTime(new Date(), l) }),
    shelters: shelters.map((s) => ({
      id: s.place.id,
      localId: s.place.localId,
      name: s.place.name,
      isOpen: s.status.isOpen,
      crowding: s.status.crowding,
      headcount: s.status.headcount,
      capacity: s.place.capacity,
      updatedAt: s.status.updatedAt?.toISOString() ?? null,
      text: statusText(s.status, l),
      className: STATUS_CLASS(s.status),
    })),
  });
});

function mapFilters(c: Ctx): MapFilters {
  const kinds = c.req.queries('kind')?.flatMap((k) => k.split(',')).filter((k): k is PlaceKind => isPlaceKind(k) && (mapKinds as readonly string[]).includes(k)) ?? [];
  const d = c.req.query('disaster') ?? '';
  return {
    kinds: kinds.length ? [...new Set(kinds)] : [...mapKinds],
    disaster: isDisasterType(d) ? d : undefined,
    openOnly: c.req.query('open') === '1',
    q: (c.req.query('q') ?? '').slice(0, 100),
    ...position(c),
    offset: Math.max(0, Math.min(100_000, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0)),
  };
}

const MAP_LIMIT = 50;
const MAX_MAP_PLACES = 5000;

/** Places matching the map filters, with shelter status and distance, sorted for the list. */
async function mapItems(c: Ctx, f: MapFilters): Promise<MapItem[]> {
  const { places, status } = await tenantTx(c, async (tx) => {
    const found = await listPlaces(tx, c.var.tenant.code, { kinds: f.kinds, q: f.q, limit: MAX_MAP_PLACES, offset: 0 });
    return { places: found.places, status: f.kinds.includes('shelter') ? await statusByPlace(tx, c.var.tenant.code) : new Map<string, ShelterStatus>() };
  });
  const closed: ShelterStatus = { isOpen: false, crowding: null, headcount: null, updatedAt: null };
  const keep = (p: Place, s: ShelterStatus | null) => {
    if (p.kind !== 'shelter') return !f.disaster && !f.openOnly;
    return (!f.disaster || p.disasterTypes.includes(f.disaster)) && (!f.openOnly || s?.isOpen === true);
  };
  const items: MapItem[] = [];
  for (const p of places) {
    const s = p.kind === 'shelter' ? (status.get(p.id) ?? closed) : null;
    if (!keep(p, s)) continue;
    const distance = f.lat !== null && f.lon !== null && p.lat !== null && p.lon !== null ? distanceKm(f.lat, f.lon, p.lat, p.lon) : null;
    items.push({ place: p, status: s, distanceKm: distance });
  }
  if (f.lat !== null) items.sort((a, b) => (a.distanceKm ?? 1e9) - (b.distanceKm ?? 1e9));
  return items;
}

publicRoutes.get('/map', async (c) => {
  const f = mapFilters(c);
  const [items, hazards, tiles] = await Promise.all([
    mapItems(c, f),
    tenantTx(c, (tx) => listHazardLayers(tx, c.var.tenant.code)),
    tenantTx(c, (tx) => tileSettings(tx, c.var.tenant.code, c.var.deps.config.YAKUBA_ENV)),
  ]);
  const origin = tileOrigin(tiles);
  if (origin) c.set('cspImgSrc', origin);
  const l = c.var.locale;
  return c.html(
    <MapPage
      ctx={pageContext(c)}
      items={items.slice(f.offset, f.offset + MAP_LIMIT)}
      total={items.length}
      limit={MAP_LIMIT}
      filters={f}
      hazards={hazards}
      tilesNote={tiles ? tiles.attribution : text(mapText.tilesAttributionNone, l)}
    />,
  );
});

const MARKER: Record<string, string> = {
  facility: '#0031d8',
  aed: '#d40059',
  toilet: '#6f3cc4',
  closed: '#767676',
  vacant: '#1d8b3a',
  moderate: '#c9a600',
  crowded: '#e06a00',
  full: '#c01f1f',
};

publicRoutes.get('/map/data.json', async (c) => {
  const f = mapFilters(c);
  const l = c.var.locale;
  const [items, hazards, tiles] = await Promise.all([
    mapItems(c, f),
    tenantTx(c, (tx) => listHazardLayers(tx, c.var.tenant.code)),
    tenantTx(c, (tx) => tileSettings(tx, c.var.tenant.code, c.var.deps.config.YAKUBA_ENV)),
  ]);
  const located = items.filter((i) => i.place.lat !== null && i.place.lon !== null);
  const center: [number, number] = f.lat !== null && f.lon !== null ? [f.lat, f.lon] : located.length ? [located[0]!.place.lat!, located[0]!.place.lon!] : [35.68, 139.76];
  c.header('Cache-Control', 'no-cache');
  return c.json({
    center,
    tiles,
    places: located.map((i) => ({
      id: i.place.id,
      kind: i.place.kind,
      name: placeName(i.place, l),
      lat: i.place.lat,
      lon: i.place.lon,
      status: i.status ? statusText(i.status, l) : null,
      color: i.status ? MARKER[i.status.isOpen ? (i.status.crowding ?? 'vacant') : 'closed'] : MARKER[i.place.kind] ?? '#0031d8',
    })),
    hazards: hazards.map((h) => ({ id: h.id, name: l === 'en' && h.nameEn ? h.nameEn : h.nameJa, classProperty: h.classProperty, legend: h.legend })),
    labels: { details: text(mapText.details, l), hazards: text(mapText.hazardsTitle, l) },
  });
});

publicRoutes.get('/map/hazards/:file', async (c) => {
  const m = /^([0-9a-f-]{36})\.geojson$/.exec(c.req.param('file'));
  const body = m ? await tenantTx(c, (tx) => hazardGeoJson(tx, c.var.tenant.code, m[1]!)) : null;
  if (!body) throw new AppError('not_found');
  c.header('Content-Type', 'application/geo+json; charset=utf-8');
  c.header('Access-Control-Allow-Origin', '*');
  return c.body(body);
});

publicRoutes.get('/places/:id', async (c) => {
  const found = await tenantTx(c, async (tx) => {
    const place = await getPlace(tx, c.var.tenant.code, c.req.param('id'));
    if (!place) return null;
    const status = place.kind === 'shelter' ? await getShelterStatus(tx, c.var.tenant.code, place.id) : null;
    return { place, status, photos: await listPhotos(tx, c.var.tenant.code, place.id) };
  });
  if (!found) throw new AppError('not_found');
  return c.html(<PlacePage ctx={pageContext(c)} place={found.place} status={found.status} photos={found.photos} />);
});

publicRoutes.get('/places/:id/photos/:photoId', async (c) => {
  const photo = await tenantTx(c, (tx) => getPhoto(tx, c.var.tenant.code, c.req.param('id'), c.req.param('photoId')));
  if (!photo) throw new AppError('not_found');
  c.header('Content-Type', photo.contentType);
  c.header('Cache-Control', 'public, max-age=3600');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(new Uint8Array(photo.content));
});
