/**
 * A place as the registries hold it, and the one function that turns standard-column values (from
 * a file row or the staff form) into a checked place, or field-level problems.
 */
import { bilingual, defineMessages, normalizeForSearch, type Text } from '../../../platform/i18n/index.ts';
import { disasterTypes, registries, type CoreField, type DisasterType, type PlaceKind, type StandardColumn } from '../registries.ts';
import { parseCell } from './cells.ts';

export interface PlaceInput {
  localId: string;
  name: string;
  nameKana: string;
  nameEn: string;
  addressCode: string;
  townId: string;
  address: string;
  prefecture: string;
  city: string;
  town: string;
  block: string;
  building: string;
  lat: number | null;
  lon: number | null;
  phone: string;
  url: string;
  description: string;
  accessibility: string;
  note: string;
  disasterTypes: DisasterType[];
  capacity: number | null;
  /** Other standard columns of the kind, by standard column name. */
  attributes: Record<string, string>;
}

export interface Place extends PlaceInput {
  id: string;
  kind: PlaceKind;
  updatedAt: Date;
}

export interface ValueProblem {
  /** Standard column name the problem is about (null: the record as a whole). */
  column: string | null;
  message: Text;
}

export const placeMessages = defineMessages({
  swapped: {
    ja: '緯度と経度が入れ替わっているようです（緯度 {lat}、経度 {lon}）。日本では緯度は20〜46、経度は122〜154です。',
    en: 'Latitude and longitude seem to be swapped (latitude {lat}, longitude {lon}). In Japan latitude is 20–46 and longitude 122–154.',
  },
  outsideJapan: {
    ja: '位置（緯度 {lat}、経度 {lon}）が日本の範囲外です。緯度は20〜46、経度は122〜154の10進数（世界測地系）で入力してください。',
    en: 'The position (latitude {lat}, longitude {lon}) is outside Japan. Enter latitude 20–46 and longitude 122–154 in decimal degrees (WGS84/JGD2011).',
  },
  halfPosition: { ja: '緯度と経度は両方とも入力するか、両方とも空欄にしてください。', en: 'Enter both latitude and longitude, or neither.' },
  otherMunicipality: {
    ja: '全国地方公共団体コード「{value}」はこの自治体（{code}）のものではありません。ほかの自治体のファイルではないか確認してください。',
    en: 'Municipality code "{value}" is not this municipality\'s ({code}). Check that the file is not another municipality\'s.',
  },
  endBeforeStart: { ja: '終了日が開始日より前です。', en: 'The end date is before the start date.' },
});

export const JAPAN = { minLat: 20, maxLat: 46, minLon: 122, maxLon: 154 };
const inJapan = (lat: number, lon: number) => lat >= JAPAN.minLat && lat <= JAPAN.maxLat && lon >= JAPAN.minLon && lon <= JAPAN.maxLon;

/** A municipality code cell matches if empty, this municipality (with or without check digit) or its prefecture. */
function codeMatches(value: string, tenantCode: string): boolean {
  if (value === '' || value === tenantCode || value === tenantCode.slice(0, 5)) return true;
  return value.slice(0, 2) === tenantCode.slice(0, 2) && /^\d{2}000\d?$/.test(value);
}

const emptyInput = (): PlaceInput => ({
  localId: '', name: '', nameKana: '', nameEn: '', addressCode: '', townId: '', address: '', prefecture: '', city: '', town: '', block: '', building: '',
  lat: null, lon: null, phone: '', url: '', description: '', accessibility: '', note: '', disasterTypes: [], capacity: null, attributes: {},
});

/**
 * Checks a record given as standard-column values and builds the place. Only `columns` are read
 * (all of the kind's by default; an import passes those its file has); a missing value is empty.
 */
export function validatePlaceValues(
  kind: PlaceKind,
  values: Record<string, string | undefined>,
  tenantCode: string,
  columns: StandardColumn[] = registries[kind].columns,
): { input: PlaceInput; problems: ValueProblem[] } {
  const input = emptyInput();
  const problems: ValueProblem[] = [];
  const parsed = new Map<string, string>();
  for (const column of columns) {
    if (column.target.to === 'status' || column.target.to === 'tenantName') continue;
    const raw = values[column.name];
    const r = parseCell(column, raw ?? '');
    if (!r.ok) {
      problems.push({ column: column.name, message: r.message });
      continue;
    }
    parsed.set(column.name, r.value);
    const t = column.target;
    if (t.to === 'attr') {
      if (r.value !== '') input.attributes[column.name] = r.value;
    } else if (t.to === 'disaster') {
      if (r.value === '1') input.disasterTypes.push(t.type);
    } else if (t.to === 'tenantCode') {
      if (!codeMatches(r.value, tenantCode)) problems.push({ column: column.name, message: bilingual(placeMessages.otherMunicipality, { value: r.value, code: tenantCode }) });
    } else if (t.to === 'field') {
      setField(input, t.field, r.value);
    }
  }
  input.disasterTypes = disasterTypes.filter((d) => input.disasterTypes.includes(d));
  checkPosition(input, parsed, problems);
  if (kind === 'event') {
    const start = input.attributes['開始日'];
    const end = input.attributes['終了日'];
    if (start && end && end < start) problems.push({ column: '終了日', message: placeMessages.endBeforeStart });
  }
  return { input, problems };
}

function setField(input: PlaceInput, field: CoreField, value: string): void {
  if (field === 'lat' || field === 'lon') input[field] = value === '' ? null : Number(value);
  else if (field === 'capacity') input.capacity = value === '' ? null : Number(value);
  else input[field] = value;
}

function checkPosition(input: PlaceInput, parsed: Map<string, string>, problems: ValueProblem[]): void {
  if (!parsed.has('緯度') || !parsed.has('経度')) return;
  const { lat, lon } = input;
  if (lat === null && lon === null) return;
  if (lat === null || lon === null) {
    problems.push({ column: lat === null ? '緯度' : '経度', message: placeMessages.halfPosition });
    return;
  }
  if (inJapan(lat, lon)) return;
  const params = { lat: String(lat), lon: String(lon) };
  if (inJapan(lon, lat)) problems.push({ column: '緯度', message: bilingual(placeMessages.swapped, params) });
  else problems.push({ column: '緯度', message: bilingual(placeMessages.outsideJapan, params) });
  input.lat = null;
  input.lon = null;
}

/** The standard-column values of a stored place (for the edit form and for exports). */
export function placeValues(place: PlaceInput, columns: readonly StandardColumn[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const column of columns) {
    const t = column.target;
    if (t.to === 'field') {
      const v = place[t.field];
      out[column.name] = v === null || v === undefined ? '' : String(v);
    } else if (t.to === 'attr') out[column.name] = place.attributes[column.name] ?? '';
    else if (t.to === 'disaster') out[column.name] = place.disasterTypes.includes(t.type) ? '1' : '';
  }
  return out;
}

/** Text the catalog and map search match against: names, kana (folded to hiragana), address. */
export function placeSearchText(p: PlaceInput): string {
  return normalizeForSearch([p.name, p.nameKana, p.nameEn, p.address, p.prefecture, p.city, p.town, p.block, p.building, p.localId].join(' '));
}

/**
 * The stored place with the values of `presentColumns` taken from `incoming`: an import file that
 * lacks a column leaves that column's stored values alone.
 */
export function mergeColumns(kind: PlaceKind, existing: PlaceInput, incoming: PlaceInput, presentColumns: readonly string[]): PlaceInput {
  const merged: PlaceInput = { ...existing, attributes: { ...existing.attributes }, disasterTypes: [...existing.disasterTypes] };
  const present = new Set(presentColumns);
  for (const column of registries[kind].columns) {
    if (!present.has(column.name)) continue;
    const t = column.target;
    if (t.to === 'field') (merged as unknown as Record<string, unknown>)[t.field] = incoming[t.field];
    else if (t.to === 'attr') {
      if (incoming.attributes[column.name] !== undefined) merged.attributes[column.name] = incoming.attributes[column.name]!;
      else delete merged.attributes[column.name];
    } else if (t.to === 'disaster') {
      const on = incoming.disasterTypes.includes(t.type);
      merged.disasterTypes = disasterTypes.filter((d) => (d === t.type ? on : merged.disasterTypes.includes(d)));
    }
  }
  return merged;
}

/** True when two places would be stored identically. */
export function samePlace(a: PlaceInput, b: PlaceInput): boolean {
  const sorted = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : 1)));
  const canon = (p: PlaceInput) => {
    const { localId, name, nameKana, nameEn, addressCode, townId, address, prefecture, city, town, block, building, lat, lon, phone, url, description, accessibility, note, disasterTypes: d, capacity, attributes } = p;
    return JSON.stringify([localId, name, nameKana, nameEn, addressCode, townId, address, prefecture, city, town, block, building, lat, lon, phone, url, description, accessibility, note, d, capacity, sorted(attributes)]);
  };
  return canon(a) === canon(b);
}
