/**
 * A registry as open data: the standard CSV (current-generation columns in standard order, CRLF,
 * UTF-8 with an optional BOM, every cell safe from CSV injection), JSON keyed by the standard
 * column names, and GeoJSON points. All under CC BY 4.0 unless the dataset says otherwise.
 */
import { registries, type PlaceKind, type StandardColumn } from '../registries.ts';
import { crowdingInfo, type ShelterStatus } from '../shelters/crowding.ts';
import { csvLine, UTF8_BOM } from '../tabular/csv.ts';
import type { Place } from './place.ts';
import { placeValues } from './place.ts';

export interface ExportContext {
  tenantCode: string;
  tenantName: string;
  /** Current shelter status by place id (shelters only). */
  status?: Map<string, ShelterStatus>;
}

/** Asia/Tokyo wall-clock time with its offset: 2026-04-01T09:30:00+09:00. */
export function tokyoTimestamp(d: Date): string {
  return `${new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`;
}

function cellValue(column: StandardColumn, values: Record<string, string>, place: Place, ctx: ExportContext): string {
  const t = column.target;
  switch (t.to) {
    case 'tenantCode':
      return ctx.tenantCode;
    case 'tenantName':
      return ctx.tenantName;
    case 'status': {
      const s = ctx.status?.get(place.id);
      if (t.part === 'open') return s?.isOpen ? '開設' : '未開設';
      if (t.part === 'crowding') return s?.isOpen && s.crowding ? crowdingInfo[s.crowding].label.ja : '';
      return s?.updatedAt ? tokyoTimestamp(s.updatedAt) : '';
    }
    default:
      return values[column.name] ?? '';
  }
}

export function recordValues(kind: PlaceKind, place: Place, ctx: ExportContext): string[] {
  const values = placeValues(place, registries[kind].columns);
  return registries[kind].columns.map((c) => cellValue(c, values, place, ctx));
}

export function standardHeader(kind: PlaceKind): string[] {
  return registries[kind].columns.map((c) => c.name);
}

/** The standard CSV text; prefix with a BOM for Excel users. */
export function standardCsv(kind: PlaceKind, places: Place[], ctx: ExportContext, opts: { bom: boolean }): string {
  const parts: string[] = [opts.bom ? UTF8_BOM : '', csvLine(standardHeader(kind))];
  for (const p of places) parts.push(csvLine(recordValues(kind, p, ctx)));
  return parts.join('');
}

export function standardJson(kind: PlaceKind, places: Place[], ctx: ExportContext, meta: { title: string; modified: Date; license: string; licenseUrl: string }): string {
  const names = standardHeader(kind);
  const records = places.map((p) => Object.fromEntries(recordValues(kind, p, ctx).map((v, i) => [names[i]!, v])));
  return JSON.stringify({ title: meta.title, municipalityCode: ctx.tenantCode, modified: tokyoTimestamp(meta.modified), license: meta.license, licenseUrl: meta.licenseUrl, columns: names, records });
}

export function standardGeoJson(kind: PlaceKind, places: Place[], ctx: ExportContext, meta: { title: string; modified: Date; license: string; licenseUrl: string }): string {
  const names = standardHeader(kind);
  const features = places
    .filter((p) => p.lat !== null && p.lon !== null)
    .map((p) => ({
      type: 'Feature',
      id: p.localId,
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: Object.fromEntries(recordValues(kind, p, ctx).map((v, i) => [names[i]!, v])),
    }));
  return JSON.stringify({ type: 'FeatureCollection', name: meta.title, license: meta.license, licenseUrl: meta.licenseUrl, modified: tokyoTimestamp(meta.modified), features });
}
