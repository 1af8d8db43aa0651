/**
 * Catalog records in the shapes CKAN's Action API returns (CKAN 2.10 dictionaries), so existing
 * harvesters and CKAN clients read this catalog unchanged, and the DCAT JSON-LD catalog.
 */
import crypto from 'node:crypto';
import type { Tenant } from '../../../platform/tenancy/index.ts';
import { registries } from '../registries.ts';
import type { Dataset, Organization, Resource } from './datasets.service.ts';
import { resourcePath } from './files.ts';
import { catalogGroups, frequencyById, licenseById } from './vocabulary.ts';

/** CKAN writes timestamps as naive UTC with microseconds: 2026-04-01T00:30:00.000000. */
export function ckanTime(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000`;
}

/** A stable UUID for names that have no row of their own (groups, tags). */
function nameUuid(kind: string, tenant: string, name: string): string {
  const h = crypto.createHash('sha256').update(`yakuba:${kind}:${tenant}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function organizationDict(o: Organization, created: Date, packageCount?: number) {
  return {
    id: o.id,
    name: o.name,
    title: o.titleJa,
    display_name: o.titleJa,
    type: 'organization',
    description: o.titleEn,
    image_url: '',
    image_display_url: '',
    created: ckanTime(created),
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
  };
}

export function groupDict(tenant: string, name: string, packageCount?: number) {
  const g = catalogGroups.find((x) => x.name === name);
  return {
    id: nameUuid('group', tenant, name),
    name,
    title: g?.title.ja ?? name,
    display_name: g?.title.ja ?? name,
    description: g?.description.ja ?? '',
    image_url: '',
    image_display_url: '',
    type: 'group',
    is_organization: false,
    approval_status: 'approved',
    state: 'active',
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
  };
}

export function tagDict(tenant: string, name: string) {
  return { id: nameUuid('tag', tenant, name), name, display_name: name, state: 'active', vocabulary_id: null };
}

export function resourceDict(tenant: Tenant, d: Pick<Dataset, 'name' | 'registryKind'>, r: Resource) {
  return {
    id: r.id,
    package_id: r.datasetId,
    url: `${tenant.origin}${resourcePath(tenant.code, d.name, r, d.registryKind)}`,
    name: r.nameJa,
    description: r.descriptionJa,
    format: r.format,
    mimetype: r.mediaType,
    mimetype_inner: null,
    position: r.position,
    created: ckanTime(r.createdAt),
    last_modified: ckanTime(r.modifiedAt),
    metadata_modified: ckanTime(r.modifiedAt),
    size: r.byteSize,
    hash: r.sha256 ?? '',
    state: 'active',
    resource_type: null,
    url_type: r.generated ? null : 'upload',
    datastore_active: false,
    cache_url: null,
    cache_last_updated: null,
  };
}

export function packageDict(tenant: Tenant, d: Dataset) {
  const license = licenseById(d.licenseId);
  const extras = [
    { key: 'title_en', value: d.titleEn },
    { key: 'notes_en', value: d.notesEn },
    { key: 'update_frequency', value: frequencyById(d.updateFrequency).title.en },
    { key: 'accrual_periodicity', value: frequencyById(d.updateFrequency).dcat },
    ...(d.registryKind ? [{ key: 'standard_dataset', value: `${registries[d.registryKind].number} ${registries[d.registryKind].title.ja}` }] : []),
  ].filter((e) => e.value);
  return {
    id: d.id,
    name: d.name,
    title: d.titleJa,
    notes: d.notesJa,
    type: 'dataset',
    state: 'active',
    private: false,
    author: tenant.nameJa,
    author_email: null,
    maintainer: d.organization.titleJa,
    maintainer_email: null,
    license_id: license.id,
    license_title: license.title.en,
    license_url: license.url,
    isopen: license.isOpen,
    url: `${tenant.origin}/opendata/datasets/${encodeURIComponent(d.name)}`,
    version: null,
    creator_user_id: null,
    metadata_created: ckanTime(d.createdAt),
    metadata_modified: ckanTime(d.modifiedAt),
    owner_org: d.organization.id,
    organization: organizationDict(d.organization, d.createdAt),
    num_resources: d.resources.length,
    num_tags: d.tags.length,
    tags: d.tags.map((tag) => tagDict(tenant.code, tag)),
    groups: d.groups.map((g) => groupDict(tenant.code, g)),
    resources: d.resources.map((r) => resourceDict(tenant, d, r)),
    extras,
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}

const MEDIA_TYPES: Record<string, string> = { CSV: 'text/csv', JSON: 'application/json', GeoJSON: 'application/geo+json', XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', PDF: 'application/pdf' };

/** The catalog as DCAT (v3 vocabulary) in JSON-LD. */
export function dcatCatalog(tenant: Tenant, datasets: Dataset[]) {
  const base = tenant.origin;
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      'dct:modified': { '@type': 'xsd:dateTime' },
      'dct:issued': { '@type': 'xsd:dateTime' },
      'dcat:accessURL': { '@type': '@id' },
      'dcat:downloadURL': { '@type': '@id' },
      'dct:license': { '@type': '@id' },
      'dcat:landingPage': { '@type': '@id' },
      'dct:accrualPeriodicity': { '@type': '@id' },
    },
    '@id': `${base}/opendata/catalog.jsonld`,
    '@type': 'dcat:Catalog',
    'dct:title': [{ '@value': `${tenant.nameJa} オープンデータカタログ`, '@language': 'ja' }, { '@value': `${tenant.nameEn} open data catalog`, '@language': 'en' }],
    'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': tenant.nameJa, 'dct:identifier': tenant.code },
    'dcat:landingPage': `${base}/opendata`,
    'dct:language': 'ja',
    'dcat:dataset': datasets.map((d) => {
      const license = licenseById(d.licenseId);
      return {
        '@id': `${base}/opendata/datasets/${encodeURIComponent(d.name)}`,
        '@type': 'dcat:Dataset',
        'dct:identifier': d.id,
        'dct:title': [{ '@value': d.titleJa, '@language': 'ja' }, ...(d.titleEn ? [{ '@value': d.titleEn, '@language': 'en' }] : [])],
        'dct:description': [{ '@value': d.notesJa, '@language': 'ja' }, ...(d.notesEn ? [{ '@value': d.notesEn, '@language': 'en' }] : [])],
        'dcat:keyword': d.tags,
        'dcat:theme': d.groups.map((g) => `${base}/opendata?groups=${encodeURIComponent(g)}`),
        'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': d.organization.titleJa },
        'dct:license': license.url,
        'dct:issued': d.createdAt.toISOString(),
        'dct:modified': d.modifiedAt.toISOString(),
        'dct:accrualPeriodicity': frequencyById(d.updateFrequency).dcat,
        'dcat:landingPage': `${base}/opendata/datasets/${encodeURIComponent(d.name)}`,
        'dcat:distribution': d.resources.map((r) => ({
          '@id': `${base}/opendata/datasets/${encodeURIComponent(d.name)}#resource-${r.id}`,
          '@type': 'dcat:Distribution',
          'dct:title': r.nameJa,
          'dct:format': r.format,
          'dcat:mediaType': MEDIA_TYPES[r.format] ?? r.mediaType,
          'dcat:accessURL': `${base}${resourcePath(tenant.code, d.name, r, d.registryKind)}`,
          'dcat:downloadURL': `${base}${resourcePath(tenant.code, d.name, r, d.registryKind)}`,
          'dct:license': license.url,
          'dct:modified': r.modifiedAt.toISOString(),
          ...(r.byteSize !== null ? { 'dcat:byteSize': r.byteSize } : {}),
        })),
      };
    }),
  };
}
