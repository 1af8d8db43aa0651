/**
 * Producing the published files: a registry's standard CSV/JSON/GeoJSON generated from the current
 * records (and current shelter status), or an uploaded resource's stored bytes.
 */
import type { Queryable } from '../../../platform/db/index.ts';
import type { Tenant } from '../../../platform/tenancy/index.ts';
import { standardCsv, standardGeoJson, standardJson } from '../places/exports.ts';
import { allPlacesOfKind } from '../places/places.service.ts';
import { registries, standardFileName, type PlaceKind } from '../registries.ts';
import { statusByPlace } from '../shelters/shelters.service.ts';
import { ensureRegistryDataset, getDataset, type Resource } from './datasets.service.ts';
import { licenseById } from './vocabulary.ts';

export type RegistryFormat = 'csv' | 'csv_bom' | 'json' | 'geojson';

export interface PublishedFile {
  body: string | Buffer;
  contentType: string;
  fileName: string;
}

export async function registryFile(tx: Queryable, tenant: Tenant, kind: PlaceKind, format: RegistryFormat): Promise<PublishedFile> {
  const datasetId = await ensureRegistryDataset(tx, tenant.code, kind);
  const dataset = (await getDataset(tx, tenant.code, datasetId))!;
  const places = await allPlacesOfKind(tx, tenant.code, kind);
  const ctx = { tenantCode: tenant.code, tenantName: tenant.nameJa, ...(kind === 'shelter' ? { status: await statusByPlace(tx, tenant.code) } : {}) };
  const license = licenseById(dataset.licenseId);
  const meta = { title: registries[kind].title.ja, modified: dataset.modifiedAt, license: license.title.en, licenseUrl: license.url };
  switch (format) {
    case 'csv':
    case 'csv_bom':
      return { body: standardCsv(kind, places, ctx, { bom: format === 'csv_bom' }), contentType: 'text/csv; charset=utf-8', fileName: standardFileName(tenant.code, kind, 'csv') };
    case 'json':
      return { body: standardJson(kind, places, ctx, meta), contentType: 'application/json; charset=utf-8', fileName: standardFileName(tenant.code, kind, 'json') };
    case 'geojson':
      return { body: standardGeoJson(kind, places, ctx, meta), contentType: 'application/geo+json; charset=utf-8', fileName: standardFileName(tenant.code, kind, 'geojson') };
  }
}

/** Where a resource is downloaded from, relative to the municipality's origin. */
export function resourcePath(tenantCode: string, datasetName: string, r: Resource, registryKind: PlaceKind | null): string {
  if (r.generated && registryKind) {
    const ext = r.generated === 'csv' || r.generated === 'csv_bom' ? 'csv' : r.generated;
    return `/opendata/files/${standardFileName(tenantCode, registryKind, ext)}${r.generated === 'csv_bom' ? '?bom=1' : ''}`;
  }
  return `/opendata/datasets/${encodeURIComponent(datasetName)}/resources/${r.id}/${encodeURIComponent(r.fileName ?? 'download')}`;
}
