/**
 * Hazard layers: areas such as 浸水想定区域 uploaded as GeoJSON, checked (polygons, inside Japan,
 * bounded size), classed by one property into a legend, and served to the public map.
 */
import type { Queryable } from '../../../platform/db/index.ts';
import { bilingual, type Text } from '../../../platform/i18n/index.ts';
import { hazardText as m } from '../opendata.messages.ts';
import { JAPAN } from '../places/place.ts';

export const hazardKinds = {
  flood: { ja: '洪水', en: 'Flood' },
  inland_flood: { ja: '内水氾濫', en: 'Inland flooding' },
  storm_surge: { ja: '高潮', en: 'Storm surge' },
  tsunami: { ja: '津波', en: 'Tsunami' },
  landslide: { ja: '土砂災害', en: 'Landslide' },
  other: { ja: 'その他', en: 'Other' },
} satisfies Record<string, Text>;
export type HazardKind = keyof typeof hazardKinds;
export const isHazardKind = (s: string): s is HazardKind => Object.hasOwn(hazardKinds, s);

/** Fill colours per class, light to dark (flood depth colours of the national hazard map guidance). */
const PALETTE = ['#f7f5a9', '#ffd8c0', '#ffb7b7', '#ff9191', '#f285c9', '#dc7adc', '#b0a0e0', '#8fb8e8'];

export interface LegendEntry {
  value: string;
  color: string;
}

export interface HazardLayer {
  id: string;
  nameJa: string;
  nameEn: string;
  hazard: HazardKind;
  sourceJa: string;
  classProperty: string | null;
  legend: LegendEntry[];
  featureCount: number;
  updatedAt: Date;
}

export const HAZARD_MAX_BYTES = 10 * 1024 * 1024;
const MAX_FEATURES = 5000;

type Geo = { type?: unknown; features?: unknown; geometry?: unknown; coordinates?: unknown; properties?: unknown };

function ringsInJapan(coords: unknown, depth: number): boolean {
  if (!Array.isArray(coords)) return false;
  if (depth === 0) {
    const [lon, lat] = coords as unknown[];
    return typeof lon === 'number' && typeof lat === 'number' && lat >= JAPAN.minLat && lat <= JAPAN.maxLat && lon >= JAPAN.minLon && lon <= JAPAN.maxLon;
  }
  return coords.length > 0 && coords.every((c) => ringsInJapan(c, depth - 1));
}

/** Checks uploaded GeoJSON text; returns the collection or the first problem, in both languages. */
export function checkHazardGeoJson(text: string): { ok: true; geojson: { type: 'FeatureCollection'; features: Geo[] } } | { ok: false; message: Text } {
  let parsed: Geo;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, '')) as Geo;
  } catch {
    return { ok: false, message: m.invalidJson };
  }
  if (!parsed || parsed.type !== 'FeatureCollection' || !Array.isArray(parsed.features)) return { ok: false, message: m.notCollection };
  const features = parsed.features as Geo[];
  if (!features.length) return { ok: false, message: m.noFeatures };
  if (features.length > MAX_FEATURES) return { ok: false, message: bilingual(m.tooManyFeatures, { max: MAX_FEATURES }) };
  for (const [i, f] of features.entries()) {
    const g = (f?.geometry ?? null) as Geo | null;
    const depth = g?.type === 'Polygon' ? 2 : g?.type === 'MultiPolygon' ? 3 : -1;
    if (depth < 0) return { ok: false, message: bilingual(m.badGeometry, { index: i + 1 }) };
    if (!ringsInJapan(g!.coordinates, depth)) return { ok: false, message: bilingual(m.outsideJapan, { index: i + 1 }) };
  }
  return { ok: true, geojson: { type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', properties: typeof f.properties === 'object' && f.properties ? f.properties : {}, geometry: f.geometry })) } };
}

function legendFor(features: Geo[], classProperty: string | null): LegendEntry[] {
  if (!classProperty) return [];
  const values = [...new Set(features.map((f) => String((f.properties as Record<string, unknown> | undefined)?.[classProperty] ?? '')).filter(Boolean))].slice(0, PALETTE.length);
  // Classes keep the order of their first appearance in the file: the uploader's order (shallow → deep).
  return values.map((value, i) => ({ value, color: PALETTE[i]! }));
}

interface LayerRow {
  id: string;
  name_ja: string;
  name_en: string;
  hazard: HazardKind;
  source_ja: string;
  class_property: string | null;
  legend: LegendEntry[];
  feature_count: number;
  updated_at: Date;
}

const toLayer = (r: LayerRow): HazardLayer => ({
  id: r.id, nameJa: r.name_ja, nameEn: r.name_en, hazard: r.hazard, sourceJa: r.source_ja, classProperty: r.class_property, legend: r.legend, featureCount: r.feature_count, updatedAt: new Date(r.updated_at),
});

export async function addHazardLayer(
  tx: Queryable,
  tenant: string,
  input: { nameJa: string; nameEn: string; hazard: HazardKind; sourceJa: string; classProperty: string | null; geojson: { features: Geo[] } },
): Promise<string> {
  const legend = legendFor(input.geojson.features, input.classProperty);
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO hazard_layers (tenant_id, name_ja, name_en, hazard, source_ja, class_property, legend, geojson, feature_count)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [tenant, input.nameJa, input.nameEn, input.hazard, input.sourceJa, input.classProperty, JSON.stringify(legend), JSON.stringify(input.geojson), input.geojson.features.length],
  );
  return row!.id;
}

export async function listHazardLayers(tx: Queryable, tenant: string): Promise<HazardLayer[]> {
  const rows = await tx.query<LayerRow>(
    'SELECT id, name_ja, name_en, hazard, source_ja, class_property, legend, feature_count, updated_at FROM hazard_layers WHERE tenant_id = $1 AND published ORDER BY created_at',
    [tenant],
  );
  return rows.map(toLayer);
}

/** The layer's GeoJSON as stored (already checked), or null. */
export async function hazardGeoJson(tx: Queryable, tenant: string, id: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await tx.query<{ geojson: unknown }>('SELECT geojson FROM hazard_layers WHERE tenant_id = $1 AND id = $2 AND published', [tenant, id]);
  return row ? JSON.stringify(row.geojson) : null;
}

export async function deleteHazardLayer(tx: Queryable, tenant: string, id: string): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  return (await tx.query('DELETE FROM hazard_layers WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenant, id])).length > 0;
}
