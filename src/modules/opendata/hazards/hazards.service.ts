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
  /** The class value in the features (what the colour is matched on; never edited). */
  value: string;
  color: string;
  /** What the legend says for this class, if staff wrote something other than the value (e.g. 「0.5m未満」 for 1). */
  label?: string;
}

/** The text the legend shows for an entry. */
export const legendLabel = (e: LegendEntry): string => e.label || e.value;

export const isLegendColor = (s: string): boolean => /^#[0-9a-f]{6}$/i.test(s);

export interface HazardLayer {
  id: string;
  nameJa: string;
  nameEn: string;
  hazard: HazardKind;
  sourceJa: string;
  classProperty: string | null;
  legend: LegendEntry[];
  featureCount: number;
  /** Hidden layers stay stored (and editable) but are not on the public map or downloadable. */
  published: boolean;
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
  published: boolean;
  updated_at: Date;
}

const toLayer = (r: LayerRow): HazardLayer => ({
  id: r.id, nameJa: r.name_ja, nameEn: r.name_en, hazard: r.hazard, sourceJa: r.source_ja, classProperty: r.class_property, legend: r.legend, featureCount: r.feature_count, published: r.published, updatedAt: new Date(r.updated_at),
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

const LAYER_COLUMNS = 'id, name_ja, name_en, hazard, source_ja, class_property, legend, feature_count, published, updated_at';

/** The layers shown on the public map, or with `includeHidden` every layer (for staff). */
export async function listHazardLayers(tx: Queryable, tenant: string, opts: { includeHidden?: boolean } = {}): Promise<HazardLayer[]> {
  const rows = await tx.query<LayerRow>(
    `SELECT ${LAYER_COLUMNS} FROM hazard_layers WHERE tenant_id = $1 ${opts.includeHidden ? '' : 'AND published'} ORDER BY created_at`,
    [tenant],
  );
  return rows.map(toLayer);
}

/** One layer, shown or hidden, or null. */
export async function getHazardLayer(tx: Queryable, tenant: string, id: string): Promise<HazardLayer | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await tx.query<LayerRow>(`SELECT ${LAYER_COLUMNS} FROM hazard_layers WHERE tenant_id = $1 AND id = $2`, [tenant, id]);
  return row ? toLayer(row) : null;
}

export interface HazardLayerEdit {
  nameJa: string;
  nameEn: string;
  hazard: HazardKind;
  sourceJa: string;
  /** Colour and label per class value; values not in the layer's legend are ignored. */
  legend: { value: string; color: string; label: string }[];
}

/**
 * Changes a layer's name, hazard, source and legend colours/labels (the areas and class values
 * stay as uploaded). Returns the layer before and after, or null if it does not exist.
 */
export async function updateHazardLayer(tx: Queryable, tenant: string, id: string, edit: HazardLayerEdit): Promise<{ before: HazardLayer; after: HazardLayer } | null> {
  const before = await getHazardLayer(tx, tenant, id);
  if (!before) return null;
  const legend: LegendEntry[] = before.legend.map((e) => {
    const changed = edit.legend.find((x) => x.value === e.value);
    const label = changed ? changed.label : (e.label ?? '');
    return { value: e.value, color: changed && isLegendColor(changed.color) ? changed.color.toLowerCase() : e.color, ...(label && label !== e.value ? { label } : {}) };
  });
  await tx.query(
    'UPDATE hazard_layers SET name_ja = $3, name_en = $4, hazard = $5, source_ja = $6, legend = $7, updated_at = now() WHERE tenant_id = $1 AND id = $2',
    [tenant, before.id, edit.nameJa, edit.nameEn, edit.hazard, edit.sourceJa, JSON.stringify(legend)],
  );
  return { before, after: (await getHazardLayer(tx, tenant, before.id))! };
}

/** Shows or hides a layer on the public map without deleting it. Returns false if it does not exist. */
export async function setHazardLayerPublished(tx: Queryable, tenant: string, id: string, published: boolean): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  const rows = await tx.query('UPDATE hazard_layers SET published = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenant, id, published]);
  return rows.length > 0;
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
