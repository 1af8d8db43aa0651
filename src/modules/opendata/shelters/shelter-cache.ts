/**
 * A two-second cache of each municipality's shelter list for the public pages, which everyone
 * reloads during a disaster. It only absorbs bursts: a change made through this server clears it at
 * once, and other app servers show the change within the two seconds (stateless across servers).
 */
import type { Db } from '../../../platform/db/index.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { listShelters, type ShelterWithStatus } from './shelters.service.ts';

export const SHELTER_CACHE_MS = 2000;
const cache = new WeakMap<Db, Map<string, { at: number; data: Promise<ShelterWithStatus[]> }>>();

export function cachedShelters(db: Db, tenant: string): Promise<ShelterWithStatus[]> {
  let byTenant = cache.get(db);
  if (!byTenant) cache.set(db, (byTenant = new Map()));
  const hit = byTenant.get(tenant);
  if (hit && Date.now() - hit.at < SHELTER_CACHE_MS) return hit.data;
  const data = withTenant(db, tenant, (tx) => listShelters(tx, tenant));
  byTenant.set(tenant, { at: Date.now(), data });
  data.catch(() => byTenant!.delete(tenant));
  if (byTenant.size > 1000) byTenant.clear();
  return data;
}

/** When the cached list was read from the database (null: nothing cached). */
export function shelterCacheTime(db: Db, tenant: string): number | null {
  return cache.get(db)?.get(tenant)?.at ?? null;
}

export function forgetShelters(db: Db, tenant: string): void {
  cache.get(db)?.delete(tenant);
}
