/**
 * Shelter status during a disaster: open or not, how crowded, set by staff (or an API client) and
 * recorded with time and person. Changing status marks the shelter data set as modified, so the
 * open data reflects it. Nothing here sends an alert: opening a shelter notifies no one by itself.
 */
import type { Queryable } from '../../../platform/db/index.ts';
import { touchRegistryDataset } from '../catalog/datasets.service.ts';
import type { Place } from '../places/place.ts';
import { PLACE_COLUMNS, toPlace } from '../places/places.service.ts';
import type { DisasterType } from '../registries.ts';
import { CLOSED, crowdingFor, isCrowding, type Crowding, type ShelterStatus } from './crowding.ts';

interface StatusRow {
  place_id: string;
  is_open: boolean;
  crowding: string | null;
  headcount: number | null;
  updated_at: Date | null;
}

const toStatus = (r: StatusRow): ShelterStatus => ({
  isOpen: r.is_open,
  crowding: r.crowding && isCrowding(r.crowding) ? r.crowding : null,
  headcount: r.headcount,
  updatedAt: r.updated_at ? new Date(r.updated_at) : null,
});

export async function statusByPlace(tx: Queryable, tenant: string): Promise<Map<string, ShelterStatus>> {
  const rows = await tx.query<StatusRow>('SELECT place_id, is_open, crowding, headcount, updated_at FROM shelter_status WHERE tenant_id = $1', [tenant]);
  return new Map(rows.map((r) => [r.place_id, toStatus(r)]));
}

export interface ShelterWithStatus {
  place: Place;
  status: ShelterStatus;
}

/** Shelters with their status: open ones first, then by ID. */
export async function listShelters(tx: Queryable, tenant: string, opts: { openOnly?: boolean; disaster?: DisasterType | undefined } = {}): Promise<ShelterWithStatus[]> {
  const params: unknown[] = [tenant];
  const where = [`p.tenant_id = $1`, `p.kind = 'shelter'`];
  if (opts.openOnly) where.push('s.is_open');
  if (opts.disaster) {
    params.push(opts.disaster);
    where.push(`$${params.length} = ANY(p.disaster_types)`);
  }
  const rows = await tx.query<Record<string, unknown> & StatusRow>(
    `SELECT ${PLACE_COLUMNS.split(', ').map((c) => `p.${c}`).join(', ')}, s.place_id, coalesce(s.is_open, false) AS is_open, s.crowding, s.headcount, s.updated_at AS status_updated_at
     FROM places p LEFT JOIN shelter_status s ON s.tenant_id = p.tenant_id AND s.place_id = p.id
     WHERE ${where.join(' AND ')}
     ORDER BY coalesce(s.is_open, false) DESC, length(p.local_id), p.local_id`,
    params,
  );
  return rows.map((r) => ({
    place: toPlace(r as never),
    status: r.place_id ? toStatus({ ...r, updated_at: r['status_updated_at'] as Date | null }) : CLOSED,
  }));
}

export async function getShelterStatus(tx: Queryable, tenant: string, placeId: string): Promise<ShelterStatus> {
  const [row] = await tx.query<StatusRow>('SELECT place_id, is_open, crowding, headcount, updated_at FROM shelter_status WHERE tenant_id = $1 AND place_id = $2', [tenant, placeId]);
  return row ? toStatus(row) : CLOSED;
}

export type StatusChange = { action: 'open' } | { action: 'close' } | { action: 'crowding'; crowding: Crowding } | { action: 'headcount'; headcount: number };

export interface Actor {
  kind: 'staff' | 'api' | 'system';
  id: string | null;
  name: string;
}

export type StatusChangeResult =
  | { ok: true; before: ShelterStatus; after: ShelterStatus; place: Place }
  | { ok: false; reason: 'not_found' | 'not_open' | 'no_capacity' };

/**
 * Applies one change: open (starts as 空いています), close (clears crowding), a crowding level,
 * or a head count from which the level follows (needs capacity). Recorded in the history.
 */
export async function changeShelterStatus(tx: Queryable, tenant: string, placeId: string, change: StatusChange, actor: Actor): Promise<StatusChangeResult> {
  if (!/^[0-9a-f-]{36}$/i.test(placeId)) return { ok: false, reason: 'not_found' };
  const [row] = await tx.query<Record<string, unknown>>(`SELECT ${PLACE_COLUMNS} FROM places WHERE tenant_id = $1 AND id = $2 AND kind = 'shelter' FOR UPDATE`, [tenant, placeId]);
  if (!row) return { ok: false, reason: 'not_found' };
  const place = toPlace(row as never);
  const before = await getShelterStatus(tx, tenant, placeId);
  let after: ShelterStatus;
  switch (change.action) {
    case 'open':
      after = { isOpen: true, crowding: before.isOpen ? before.crowding : 'vacant', headcount: before.isOpen ? before.headcount : null, updatedAt: null };
      break;
    case 'close':
      after = { isOpen: false, crowding: null, headcount: null, updatedAt: null };
      break;
    case 'crowding':
      if (!before.isOpen) return { ok: false, reason: 'not_open' };
      after = { isOpen: true, crowding: change.crowding, headcount: null, updatedAt: null };
      break;
    case 'headcount':
      if (!before.isOpen) return { ok: false, reason: 'not_open' };
      if (!place.capacity) return { ok: false, reason: 'no_capacity' };
      after = { isOpen: true, crowding: crowdingFor(change.headcount, place.capacity), headcount: change.headcount, updatedAt: null };
      break;
  }
  const [saved] = await tx.query<{ updated_at: Date }>(
    `INSERT INTO shelter_status (tenant_id, place_id, is_open, crowding, headcount, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, clock_timestamp(), $6)
     ON CONFLICT (tenant_id, place_id) DO UPDATE SET is_open = EXCLUDED.is_open, crowding = EXCLUDED.crowding, headcount = EXCLUDED.headcount, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
     RETURNING updated_at`,
    [tenant, placeId, after.isOpen, after.crowding, after.headcount, actor.id],
  );
  after.updatedAt = new Date(saved!.updated_at);
  await tx.query(
    `INSERT INTO shelter_status_events (tenant_id, place_id, at, actor_kind, actor_id, actor_name, is_open, crowding, headcount, capacity)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [tenant, placeId, after.updatedAt, actor.kind, actor.id, actor.name, after.isOpen, after.crowding, after.headcount, place.capacity],
  );
  await touchRegistryDataset(tx, tenant, 'shelter');
  return { ok: true, before, after, place };
}

export interface StatusEvent {
  at: Date;
  actorKind: string;
  actorName: string;
  isOpen: boolean;
  crowding: Crowding | null;
  headcount: number | null;
}

export async function shelterHistory(tx: Queryable, tenant: string, placeId: string, limit = 50): Promise<StatusEvent[]> {
  const rows = await tx.query<{ at: Date; actor_kind: string; actor_name: string; is_open: boolean; crowding: string | null; headcount: number | null }>(
    'SELECT at, actor_kind, actor_name, is_open, crowding, headcount FROM shelter_status_events WHERE tenant_id = $1 AND place_id = $2 ORDER BY at DESC LIMIT $3',
    [tenant, placeId, limit],
  );
  return rows.map((r) => ({
    at: new Date(r.at), actorKind: r.actor_kind, actorName: r.actor_name, isOpen: r.is_open,
    crowding: r.crowding && isCrowding(r.crowding) ? r.crowding : null, headcount: r.headcount,
  }));
}

/** Who made the last change of each shelter, for the staff list. */
export async function lastChangeBy(tx: Queryable, tenant: string): Promise<Map<string, string>> {
  const rows = await tx.query<{ place_id: string; actor_name: string }>(
    `SELECT DISTINCT ON (place_id) place_id, actor_name FROM shelter_status_events WHERE tenant_id = $1 ORDER BY place_id, at DESC`,
    [tenant],
  );
  return new Map(rows.map((r) => [r.place_id, r.actor_name]));
}
