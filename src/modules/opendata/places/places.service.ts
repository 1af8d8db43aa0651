/**
 * Use cases on the registries: list, read, create, update, delete places, and apply an import plan
 * all or nothing. Every change marks the registry's catalog entry as modified, which is what makes
 * the registry "be" its open data set.
 */
import type { Queryable } from '../../../platform/db/index.ts';
import { ensureRegistryDataset, touchRegistryDataset } from '../catalog/datasets.service.ts';
import { isDisasterType, type DisasterType, type PlaceKind } from '../registries.ts';
import { containsPattern, searchTerms } from '../../../platform/i18n/index.ts';
import type { ImportPlan } from './import-plan.ts';
import { mergeColumns, placeSearchText, samePlace, type Place, type PlaceInput } from './place.ts';

interface PlaceRow {
  id: string;
  kind: PlaceKind;
  local_id: string;
  name: string;
  name_kana: string;
  name_en: string;
  address_code: string;
  town_id: string;
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
  disaster_types: string[];
  capacity: number | null;
  attributes: Record<string, string>;
  updated_at: Date;
}

export const PLACE_COLUMNS =
  'id, kind, local_id, name, name_kana, name_en, address_code, town_id, address, prefecture, city, town, block, building, lat, lon, phone, url, description, accessibility, note, disaster_types, capacity, attributes, updated_at';

export function toPlace(r: PlaceRow): Place {
  return {
    id: r.id, kind: r.kind, localId: r.local_id, name: r.name, nameKana: r.name_kana, nameEn: r.name_en, addressCode: r.address_code, townId: r.town_id,
    address: r.address, prefecture: r.prefecture, city: r.city, town: r.town, block: r.block, building: r.building,
    lat: r.lat === null ? null : Number(r.lat), lon: r.lon === null ? null : Number(r.lon), phone: r.phone, url: r.url, description: r.description,
    accessibility: r.accessibility, note: r.note, disasterTypes: r.disaster_types.filter(isDisasterType), capacity: r.capacity, attributes: r.attributes ?? {},
    updatedAt: new Date(r.updated_at),
  };
}

/** Row shape for jsonb_to_recordset: one INSERT … ON CONFLICT writes any number of places. */
function toRecord(p: PlaceInput) {
  return {
    local_id: p.localId, name: p.name, name_kana: p.nameKana, name_en: p.nameEn, address_code: p.addressCode, town_id: p.townId, address: p.address,
    prefecture: p.prefecture, city: p.city, town: p.town, block: p.block, building: p.building, lat: p.lat, lon: p.lon, phone: p.phone, url: p.url,
    description: p.description, accessibility: p.accessibility, note: p.note, disaster_types: p.disasterTypes, capacity: p.capacity, attributes: p.attributes,
    search_text: placeSearchText(p),
  };
}

const RECORD_TYPES = `local_id text, name text, name_kana text, name_en text, address_code text, town_id text, address text, prefecture text, city text, town text,
  block text, building text, lat double precision, lon double precision, phone text, url text, description text, accessibility text, note text,
  disaster_types text[], capacity integer, attributes jsonb, search_text text`;
const WRITABLE = ['name', 'name_kana', 'name_en', 'address_code', 'town_id', 'address', 'prefecture', 'city', 'town', 'block', 'building', 'lat', 'lon', 'phone', 'url', 'description', 'accessibility', 'note', 'disaster_types', 'capacity', 'attributes', 'search_text'];

async function writePlaces(tx: Queryable, tenant: string, kind: PlaceKind, places: PlaceInput[], by: string): Promise<{ id: string; local_id: string }[]> {
  if (!places.length) return [];
  return tx.query<{ id: string; local_id: string }>(
    `INSERT INTO places (tenant_id, kind, local_id, ${WRITABLE.join(', ')}, updated_by, updated_at)
     SELECT $1, $2, r.local_id, ${WRITABLE.map((c) => `r.${c}`).join(', ')}, $4, now()
     FROM jsonb_to_recordset($3::jsonb) AS r(${RECORD_TYPES})
     ON CONFLICT (tenant_id, kind, local_id) DO UPDATE SET ${WRITABLE.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING id, local_id`,
    [tenant, kind, JSON.stringify(places.map(toRecord)), by],
  );
}

export interface PlaceListQuery {
  kind?: PlaceKind | undefined;
  kinds?: readonly PlaceKind[] | undefined;
  q?: string | undefined;
  disaster?: DisasterType | undefined;
  limit: number;
  offset: number;
}

/** Places matching the query (name, kana in either script, address), by kind then ID; with the total. */
export async function listPlaces(tx: Queryable, tenant: string, query: PlaceListQuery): Promise<{ total: number; places: Place[] }> {
  const params: unknown[] = [tenant];
  const where = ['tenant_id = $1'];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (query.kind) where.push(`kind = ${p(query.kind)}`);
  if (query.kinds) where.push(`kind = ANY(${p(query.kinds)}::text[])`);
  if (query.disaster) where.push(`${p(query.disaster)} = ANY(disaster_types)`);
  for (const term of searchTerms(query.q)) where.push(`search_text LIKE ${p(containsPattern(term))} ESCAPE '\\'`);
  const rows = await tx.query<PlaceRow & { total: number }>(
    `SELECT ${PLACE_COLUMNS}, count(*) OVER ()::int AS total FROM places WHERE ${where.join(' AND ')}
     ORDER BY kind, length(local_id), local_id LIMIT ${p(query.limit)} OFFSET ${p(query.offset)}`,
    params,
  );
  return { total: rows[0]?.total ?? 0, places: rows.map(toPlace) };
}

/** Every place of a registry in standard order (by ID), for exports. */
export async function allPlacesOfKind(tx: Queryable, tenant: string, kind: PlaceKind): Promise<Place[]> {
  const rows = await tx.query<PlaceRow>(`SELECT ${PLACE_COLUMNS} FROM places WHERE tenant_id = $1 AND kind = $2 ORDER BY length(local_id), local_id`, [tenant, kind]);
  return rows.map(toPlace);
}

export async function countPlacesByKind(tx: Queryable, tenant: string): Promise<Map<PlaceKind, number>> {
  const rows = await tx.query<{ kind: PlaceKind; n: number }>('SELECT kind, count(*)::int AS n FROM places WHERE tenant_id = $1 GROUP BY kind', [tenant]);
  return new Map(rows.map((r) => [r.kind, r.n]));
}

export async function getPlace(tx: Queryable, tenant: string, id: string): Promise<Place | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await tx.query<PlaceRow>(`SELECT ${PLACE_COLUMNS} FROM places WHERE tenant_id = $1 AND id = $2`, [tenant, id]);
  return row ? toPlace(row) : null;
}

export async function getPlaceByLocalId(tx: Queryable, tenant: string, kind: PlaceKind, localId: string): Promise<Place | null> {
  const [row] = await tx.query<PlaceRow>(`SELECT ${PLACE_COLUMNS} FROM places WHERE tenant_id = $1 AND kind = $2 AND local_id = $3`, [tenant, kind, localId]);
  return row ? toPlace(row) : null;
}

export type SaveResult = { ok: true; id: string } | { ok: false; reason: 'duplicate_id' | 'not_found' };

/** Creates a place; refuses an ID the registry already has. */
export async function createPlace(tx: Queryable, tenant: string, kind: PlaceKind, input: PlaceInput, by: string): Promise<SaveResult> {
  if (await getPlaceByLocalId(tx, tenant, kind, input.localId)) return { ok: false, reason: 'duplicate_id' };
  await ensureRegistryDataset(tx, tenant, kind);
  const [row] = await writePlaces(tx, tenant, kind, [input], by);
  await touchRegistryDataset(tx, tenant, kind);
  return { ok: true, id: row!.id };
}

/** Updates a place in place (its ID may change if the new one is free). */
export async function updatePlace(tx: Queryable, tenant: string, id: string, input: PlaceInput, by: string): Promise<SaveResult> {
  const current = await getPlace(tx, tenant, id);
  if (!current) return { ok: false, reason: 'not_found' };
  if (input.localId !== current.localId && (await getPlaceByLocalId(tx, tenant, current.kind, input.localId))) return { ok: false, reason: 'duplicate_id' };
  const r = toRecord(input);
  await tx.query(
    `UPDATE places SET local_id = $3, ${WRITABLE.map((c, i) => `${c} = $${i + 4}${c === 'attributes' ? '::jsonb' : ''}`).join(', ')}, updated_by = $${WRITABLE.length + 4}, updated_at = now()
     WHERE tenant_id = $1 AND id = $2`,
    [tenant, id, r.local_id, ...WRITABLE.map((c) => (c === 'attributes' ? JSON.stringify(r.attributes) : r[c as keyof typeof r])), by],
  );
  await touchRegistryDataset(tx, tenant, current.kind);
  return { ok: true, id };
}

export async function deletePlace(tx: Queryable, tenant: string, id: string): Promise<Place | null> {
  const place = await getPlace(tx, tenant, id);
  if (!place) return null;
  await tx.query('DELETE FROM places WHERE tenant_id = $1 AND id = $2', [tenant, id]);
  await touchRegistryDataset(tx, tenant, place.kind);
  return place;
}

export interface ImportOutcome {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
}

/**
 * Applies a plan that has no problems, in the caller's transaction: new IDs are added, known IDs
 * updated (columns the file lacks keep their values), and with `replace` places whose ID is not in
 * the file are removed. The caller checks `plan.problems` and `plan.fileProblem` first.
 */
export async function applyImport(tx: Queryable, tenant: string, plan: ImportPlan, opts: { replace: boolean; by: string }): Promise<ImportOutcome> {
  if (plan.fileProblem || plan.problems.length) throw new Error('applyImport called with a plan that has problems');
  const existing = new Map((await allPlacesOfKind(tx, tenant, plan.kind)).map((p) => [p.localId, p]));
  const writes: PlaceInput[] = [];
  const outcome: ImportOutcome = { added: 0, updated: 0, unchanged: 0, removed: 0 };
  for (const { input } of plan.records) {
    const current = existing.get(input.localId);
    if (!current) {
      writes.push(input);
      outcome.added++;
      continue;
    }
    const merged = mergeColumns(plan.kind, current, input, plan.presentColumns);
    if (samePlace(merged, current)) outcome.unchanged++;
    else {
      writes.push(merged);
      outcome.updated++;
    }
  }
  await ensureRegistryDataset(tx, tenant, plan.kind);
  await writePlaces(tx, tenant, plan.kind, writes, opts.by);
  if (opts.replace) {
    const keep = plan.records.map((r) => r.input.localId);
    const removed = await tx.query('DELETE FROM places WHERE tenant_id = $1 AND kind = $2 AND NOT (local_id = ANY($3::text[])) RETURNING id', [tenant, plan.kind, keep]);
    outcome.removed = removed.length;
  }
  if (writes.length || outcome.removed) await touchRegistryDataset(tx, tenant, plan.kind);
  return outcome;
}
