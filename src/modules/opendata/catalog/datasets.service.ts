/**
 * The open data catalog: datasets (CKAN packages), their resources, organisations (the
 * municipality and its departments), and the one search the catalog pages, the CKAN API and the
 * JSON API share. Registry datasets are created and kept current by places.service.ts.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../../../platform/db/index.ts';
import { registries, type PlaceKind } from '../registries.ts';
import { containsPattern, normalizeForSearch, searchTerms } from '../../../platform/i18n/index.ts';
import { DEFAULT_LICENSE } from './vocabulary.ts';

export interface Organization {
  id: string;
  name: string;
  titleJa: string;
  titleEn: string;
  /** null: the municipality itself (datasets without a department). */
  departmentId: string | null;
}

export interface Resource {
  id: string;
  datasetId: string;
  position: number;
  nameJa: string;
  nameEn: string;
  descriptionJa: string;
  format: string;
  mediaType: string;
  generated: 'csv' | 'csv_bom' | 'json' | 'geojson' | null;
  fileName: string | null;
  byteSize: number | null;
  sha256: string | null;
  createdAt: Date;
  modifiedAt: Date;
}

export interface Dataset {
  id: string;
  name: string;
  titleJa: string;
  titleEn: string;
  notesJa: string;
  notesEn: string;
  departmentId: string | null;
  tags: string[];
  groups: string[];
  licenseId: string;
  updateFrequency: string;
  registryKind: PlaceKind | null;
  formats: string[];
  createdAt: Date;
  modifiedAt: Date;
  organization: Organization;
  resources: Resource[];
}

interface DatasetRow {
  id: string;
  name: string;
  title_ja: string;
  title_en: string;
  notes_ja: string;
  notes_en: string;
  department_id: string | null;
  tags: string[];
  groups: string[];
  license_id: string;
  update_frequency: string;
  registry_kind: PlaceKind | null;
  formats: string[];
  created_at: Date;
  modified_at: Date;
}

interface ResourceRow {
  id: string;
  dataset_id: string;
  position: number;
  name_ja: string;
  name_en: string;
  description_ja: string;
  format: string;
  media_type: string;
  generated: Resource['generated'];
  file_name: string | null;
  byte_size: number | null;
  sha256: string | null;
  created_at: Date;
  modified_at: Date;
}

const DATASET_COLUMNS = 'id, name, title_ja, title_en, notes_ja, notes_en, department_id, tags, groups, license_id, update_frequency, registry_kind, formats, created_at, modified_at';
const RESOURCE_COLUMNS = 'id, dataset_id, position, name_ja, name_en, description_ja, format, media_type, generated, file_name, byte_size, sha256, created_at, modified_at';

const toResource = (r: ResourceRow): Resource => ({
  id: r.id, datasetId: r.dataset_id, position: r.position, nameJa: r.name_ja, nameEn: r.name_en, descriptionJa: r.description_ja, format: r.format,
  mediaType: r.media_type, generated: r.generated, fileName: r.file_name, byteSize: r.byte_size, sha256: r.sha256, createdAt: new Date(r.created_at), modifiedAt: new Date(r.modified_at),
});

/** A stable UUID for the municipality's own organisation (it has no row of its own). */
export function rootOrganizationId(tenant: string): string {
  const h = crypto.createHash('sha256').update(`yakuba:organization:${tenant}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The municipality and each of its departments, as catalog organisations. */
export async function listOrganizations(tx: Queryable, tenant: string): Promise<Organization[]> {
  const [t] = await tx.query<{ name_ja: string; name_en: string }>('SELECT name_ja, name_en FROM tenants WHERE code = $1', [tenant]);
  const departments = await tx.query<{ id: string; code: string; name_ja: string; name_en: string }>(
    'SELECT id, code, name_ja, name_en FROM departments WHERE tenant_id = $1 ORDER BY code',
    [tenant],
  );
  const slug = (code: string, id: string) => (/^[a-z0-9][a-z0-9_-]{1,99}$/.test(code.toLowerCase()) ? `${tenant}-${code.toLowerCase()}` : id);
  return [
    { id: rootOrganizationId(tenant), name: tenant, titleJa: t?.name_ja ?? tenant, titleEn: t?.name_en ?? tenant, departmentId: null },
    ...departments.map((d) => ({ id: d.id, name: slug(d.code, d.id), titleJa: d.name_ja, titleEn: d.name_en, departmentId: d.id })),
  ];
}

async function attach(tx: Queryable, tenant: string, rows: DatasetRow[], orgs?: Organization[]): Promise<Dataset[]> {
  if (!rows.length) return [];
  const organizations = orgs ?? (await listOrganizations(tx, tenant));
  const resources = await tx.query<ResourceRow>(
    `SELECT ${RESOURCE_COLUMNS} FROM dataset_resources WHERE tenant_id = $1 AND dataset_id = ANY($2::uuid[]) ORDER BY dataset_id, position, created_at`,
    [tenant, rows.map((r) => r.id)],
  );
  const byDataset = new Map<string, Resource[]>();
  for (const r of resources) {
    const list = byDataset.get(r.dataset_id) ?? [];
    list.push(toResource(r));
    byDataset.set(r.dataset_id, list);
  }
  const root = organizations[0]!;
  return rows.map((r) => ({
    id: r.id, name: r.name, titleJa: r.title_ja, titleEn: r.title_en, notesJa: r.notes_ja, notesEn: r.notes_en, departmentId: r.department_id,
    tags: r.tags, groups: r.groups, licenseId: r.license_id, updateFrequency: r.update_frequency, registryKind: r.registry_kind, formats: r.formats,
    createdAt: new Date(r.created_at), modifiedAt: new Date(r.modified_at),
    organization: organizations.find((o) => o.departmentId !== null && o.departmentId === r.department_id) ?? root,
    resources: byDataset.get(r.id) ?? [],
  }));
}

/** A dataset by its name or id, with resources and organisation; null if none (or another municipality's). */
export async function getDataset(tx: Queryable, tenant: string, nameOrId: string): Promise<Dataset | null> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(nameOrId);
  const rows = await tx.query<DatasetRow>(
    `SELECT ${DATASET_COLUMNS} FROM datasets WHERE tenant_id = $1 AND ${isUuid ? 'id = $2::uuid' : 'name = $2'}`,
    [tenant, nameOrId],
  );
  return (await attach(tx, tenant, rows))[0] ?? null;
}

export async function getDatasetsByIds(tx: Queryable, tenant: string, ids: string[], orgs?: Organization[]): Promise<Dataset[]> {
  const rows = await tx.query<DatasetRow>(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [tenant, ids]);
  const found = await attach(tx, tenant, rows, orgs);
  const order = new Map(ids.map((id, i) => [id, i]));
  return found.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

export async function getResource(tx: Queryable, tenant: string, id: string): Promise<Resource | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await tx.query<ResourceRow>(`SELECT ${RESOURCE_COLUMNS} FROM dataset_resources WHERE tenant_id = $1 AND id = $2::uuid`, [tenant, id]);
  return row ? toResource(row) : null;
}

export async function resourceContent(tx: Queryable, tenant: string, id: string): Promise<Buffer | null> {
  const [row] = await tx.query<{ content: Uint8Array | null }>('SELECT content FROM dataset_resources WHERE tenant_id = $1 AND id = $2::uuid', [tenant, id]);
  return row?.content ? Buffer.from(row.content) : null;
}

export async function listDatasetNames(tx: Queryable, tenant: string, opts: { limit: number; offset: number }): Promise<string[]> {
  const rows = await tx.query<{ name: string }>('SELECT name FROM datasets WHERE tenant_id = $1 ORDER BY name LIMIT $2 OFFSET $3', [tenant, opts.limit, opts.offset]);
  return rows.map((r) => r.name);
}

/** Tags in use with how many datasets carry each. */
export async function listTags(tx: Queryable, tenant: string, query?: string): Promise<{ name: string; count: number }[]> {
  const rows = await tx.query<{ name: string; count: number }>(
    `SELECT t AS name, count(*)::int AS count FROM datasets, unnest(tags) AS t WHERE tenant_id = $1 GROUP BY t ORDER BY t`,
    [tenant],
  );
  const q = query ? normalizeForSearch(query) : '';
  return q ? rows.filter((r) => normalizeForSearch(r.name).includes(q)) : rows;
}

export async function countByGroup(tx: Queryable, tenant: string): Promise<Map<string, number>> {
  const rows = await tx.query<{ name: string; count: number }>(
    'SELECT g AS name, count(*)::int AS count FROM datasets, unnest(groups) AS g WHERE tenant_id = $1 GROUP BY g',
    [tenant],
  );
  return new Map(rows.map((r) => [r.name, r.count]));
}

export async function countByOrganization(tx: Queryable, tenant: string): Promise<Map<string | null, number>> {
  const rows = await tx.query<{ department_id: string | null; count: number }>(
    'SELECT department_id, count(*)::int AS count FROM datasets WHERE tenant_id = $1 GROUP BY department_id',
    [tenant],
  );
  return new Map(rows.map((r) => [r.department_id, r.count]));
}

// ---------------------------------------------------------------------------------------------
// Search

export type FacetField = 'organization' | 'tags' | 'res_format' | 'groups' | 'license_id';
export const facetFields: FacetField[] = ['organization', 'tags', 'res_format', 'groups', 'license_id'];

export interface DatasetFilter {
  field: 'organization' | 'tags' | 'res_format' | 'groups' | 'license_id' | 'name' | 'id' | 'registry';
  value: string;
  negate: boolean;
}

export type SortKey = { field: 'score' | 'metadata_modified' | 'metadata_created' | 'name' | 'title_string'; dir: 'asc' | 'desc' };

export interface DatasetQuery {
  q?: string;
  filters: DatasetFilter[];
  sort: SortKey[];
  rows: number;
  start: number;
  facets: FacetField[];
  facetLimit: number;
}

export interface SearchResult {
  count: number;
  datasets: Dataset[];
  /** Per facet field: value (organisation name, tag, format …) → count, most frequent first. */
  facets: Partial<Record<FacetField, { name: string; count: number }[]>>;
  organizations: Organization[];
}

const SORT_SQL: Record<SortKey['field'], string> = {
  score: 'score',
  metadata_modified: 'modified_at',
  metadata_created: 'created_at',
  name: 'name',
  title_string: 'title_ja',
};

/**
 * Finds datasets: every query word must occur (substring, folded — see platform/i18n/search-text.ts) and every
 * filter hold. One scan computes the page, the total and the requested facets together.
 */
export async function searchDatasets(tx: Queryable, tenant: string, query: DatasetQuery): Promise<SearchResult> {
  const organizations = await listOrganizations(tx, tenant);
  const params: unknown[] = [tenant];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = ['tenant_id = $1'];
  const terms = searchTerms(query.q);
  const scoreParts: string[] = [];
  for (const term of terms) {
    const ref = p(containsPattern(term));
    where.push(`search_text LIKE ${ref} ESCAPE '\\'`);
    scoreParts.push(`(CASE WHEN search_title LIKE ${ref} ESCAPE '\\' THEN 2 ELSE 1 END)`);
  }
  for (const f of query.filters) {
    let cond: string;
    switch (f.field) {
      case 'organization': {
        const org = organizations.find((o) => o.name === f.value || o.id === f.value);
        cond = !org ? 'false' : org.departmentId === null ? 'department_id IS NULL' : `department_id = ${p(org.departmentId)}::uuid`;
        break;
      }
      case 'tags':
        cond = `${p(f.value)} = ANY(tags)`;
        break;
      case 'res_format':
        cond = `upper(${p(f.value)}) = ANY(SELECT upper(x) FROM unnest(formats) x)`;
        break;
      case 'groups':
        cond = `${p(f.value)} = ANY(groups)`;
        break;
      case 'license_id':
        cond = `license_id = ${p(f.value)}`;
        break;
      case 'name':
        cond = `name = ${p(f.value)}`;
        break;
      case 'id':
        cond = /^[0-9a-f-]{36}$/i.test(f.value) ? `id = ${p(f.value)}::uuid` : 'false';
        break;
      case 'registry':
        cond = f.value === 'true' ? 'registry_kind IS NOT NULL' : 'registry_kind IS NULL';
        break;
    }
    where.push(f.negate ? `NOT (${cond})` : cond);
  }
  const score = scoreParts.length ? scoreParts.join(' + ') : '0';
  const order = [...query.sort.map((s) => `${SORT_SQL[s.field]} ${s.dir === 'asc' ? 'ASC' : 'DESC'}`), 'name ASC'].join(', ');
  const limit = p(query.rows);
  const offset = p(query.start);
  const facetLimit = query.facets.length ? p(query.facetLimit < 0 ? null : query.facetLimit) : '';
  const facetSql: Record<FacetField, string> = {
    organization: `SELECT coalesce(department_id::text, '') AS k, count(*)::int AS n FROM m GROUP BY 1`,
    tags: `SELECT x AS k, count(*)::int AS n FROM m, unnest(tags) x GROUP BY 1`,
    res_format: `SELECT x AS k, count(*)::int AS n FROM m, unnest(formats) x GROUP BY 1`,
    groups: `SELECT x AS k, count(*)::int AS n FROM m, unnest(groups) x GROUP BY 1`,
    license_id: `SELECT license_id AS k, count(*)::int AS n FROM m GROUP BY 1`,
  };
  const facetSelects = query.facets.map(
    (f) => `(SELECT coalesce(json_agg(json_build_array(k, n)), '[]'::json) FROM (${facetSql[f]} ORDER BY n DESC, k LIMIT ${facetLimit}) t) AS "f_${f}"`,
  );
  const [row] = await tx.query<Record<string, unknown> & { total: number; page: string[] | null }>(
    `WITH m AS MATERIALIZED (
       SELECT id, name, title_ja, department_id, tags, groups, formats, license_id, modified_at, created_at, ${score} AS score
       FROM datasets WHERE ${where.join(' AND ')})
     SELECT (SELECT count(*)::int FROM m) AS total,
            (SELECT array_agg(id::text) FROM (SELECT id FROM m ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) pg) AS page
            ${facetSelects.length ? `, ${facetSelects.join(', ')}` : ''}`,
    params,
  );
  const facets: SearchResult['facets'] = {};
  for (const f of query.facets) {
    const pairs = (row?.[`f_${f}`] ?? []) as [string, number][];
    facets[f] = pairs.map(([k, n]) => ({
      name: f === 'organization' ? (organizations.find((o) => (o.departmentId ?? '') === k)?.name ?? k) : k,
      count: n,
    }));
  }
  const datasets = row?.page?.length ? await getDatasetsByIds(tx, tenant, row.page, organizations) : [];
  return { count: row?.total ?? 0, datasets, facets, organizations };
}

// ---------------------------------------------------------------------------------------------
// Changes

function searchFields(d: { titleJa: string; titleEn: string; notesJa: string; notesEn: string; tags: string[]; name: string; formats: string[] }, extra: string[]): { title: string; text: string } {
  const title = normalizeForSearch(`${d.titleJa} ${d.titleEn}`);
  return { title, text: normalizeForSearch([d.titleJa, d.titleEn, d.notesJa, d.notesEn, d.name, ...d.tags, ...d.formats, ...extra].join(' ')) };
}

/** Recomputes a dataset's formats and search text after its resources or metadata changed. */
export async function refreshDatasetIndex(tx: Queryable, tenant: string, datasetId: string, opts: { touch: boolean }): Promise<void> {
  const [d] = await attach(tx, tenant, await tx.query<DatasetRow>(`SELECT ${DATASET_COLUMNS} FROM datasets WHERE tenant_id = $1 AND id = $2`, [tenant, datasetId]));
  if (!d) return;
  const formats = [...new Set(d.resources.map((r) => r.format))];
  const s = searchFields({ ...d, formats }, [...d.resources.flatMap((r) => [r.nameJa, r.nameEn, r.descriptionJa]), d.organization.titleJa, d.organization.titleEn]);
  await tx.query(
    `UPDATE datasets SET formats = $3, search_title = $4, search_text = $5 ${opts.touch ? ', modified_at = now()' : ''} WHERE tenant_id = $1 AND id = $2`,
    [tenant, datasetId, formats, s.title, s.text],
  );
}

export interface DatasetInput {
  name: string;
  titleJa: string;
  titleEn: string;
  notesJa: string;
  notesEn: string;
  departmentId: string | null;
  tags: string[];
  groups: string[];
  licenseId: string;
  updateFrequency: string;
}

/** Creates a dataset; returns null when the name is taken. */
export async function createDataset(tx: Queryable, tenant: string, input: DatasetInput): Promise<{ id: string } | null> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO datasets (tenant_id, name, title_ja, title_en, notes_ja, notes_en, department_id, tags, groups, license_id, update_frequency)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id`,
    [tenant, input.name, input.titleJa, input.titleEn, input.notesJa, input.notesEn, input.departmentId, input.tags, input.groups, input.licenseId, input.updateFrequency],
  );
  if (!row) return null;
  await refreshDatasetIndex(tx, tenant, row.id, { touch: false });
  return row;
}

/** Updates a dataset's metadata (registry datasets keep their name). Returns false if it does not exist. */
export async function updateDataset(tx: Queryable, tenant: string, id: string, input: Omit<DatasetInput, 'name'>): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE datasets SET title_ja = $3, title_en = $4, notes_ja = $5, notes_en = $6, department_id = $7, tags = $8, groups = $9, license_id = $10, update_frequency = $11
     WHERE tenant_id = $1 AND id = $2 RETURNING id`,
    [tenant, id, input.titleJa, input.titleEn, input.notesJa, input.notesEn, input.departmentId, input.tags, input.groups, input.licenseId, input.updateFrequency],
  );
  if (!rows.length) return false;
  await refreshDatasetIndex(tx, tenant, id, { touch: true });
  return true;
}

/**
 * Changes the tags and licence of a registry's dataset (the rest follows the standard and the
 * registry). Marks it modified, so harvesters pick the change up. Returns the values before and
 * after, or null if it is not a registry dataset of this municipality.
 */
export async function updateRegistryDatasetMetadata(
  tx: Queryable,
  tenant: string,
  id: string,
  input: { tags: string[]; licenseId: string },
): Promise<{ before: { tags: string[]; licenseId: string }; after: { tags: string[]; licenseId: string } } | null> {
  const [before] = await tx.query<{ tags: string[]; license_id: string }>('SELECT tags, license_id FROM datasets WHERE tenant_id = $1 AND id = $2 AND registry_kind IS NOT NULL FOR UPDATE', [tenant, id]);
  if (!before) return null;
  await tx.query('UPDATE datasets SET tags = $3, license_id = $4, modified_at = now() WHERE tenant_id = $1 AND id = $2', [tenant, id, input.tags, input.licenseId]);
  await refreshDatasetIndex(tx, tenant, id, { touch: false });
  return { before: { tags: before.tags, licenseId: before.license_id }, after: { tags: input.tags, licenseId: input.licenseId } };
}

/** Deletes a dataset that staff created (registry datasets follow their registry and cannot be deleted). */
export async function deleteDataset(tx: Queryable, tenant: string, id: string): Promise<boolean> {
  const rows = await tx.query('DELETE FROM datasets WHERE tenant_id = $1 AND id = $2 AND registry_kind IS NULL RETURNING id', [tenant, id]);
  return rows.length > 0;
}

export async function addResource(
  tx: Queryable,
  tenant: string,
  datasetId: string,
  file: { nameJa: string; nameEn: string; descriptionJa: string; format: string; mediaType: string; fileName: string; content: Buffer },
): Promise<{ id: string }> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO dataset_resources (tenant_id, dataset_id, position, name_ja, name_en, description_ja, format, media_type, file_name, content, byte_size, sha256)
     VALUES ($1, $2, (SELECT coalesce(max(position) + 1, 0) FROM dataset_resources WHERE tenant_id = $1 AND dataset_id = $2), $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING id`,
    [tenant, datasetId, file.nameJa, file.nameEn, file.descriptionJa, file.format, file.mediaType, file.fileName, file.content, file.content.length, crypto.createHash('sha256').update(file.content).digest('hex')],
  );
  await refreshDatasetIndex(tx, tenant, datasetId, { touch: true });
  return row!;
}

export async function deleteResource(tx: Queryable, tenant: string, datasetId: string, resourceId: string): Promise<boolean> {
  const rows = await tx.query('DELETE FROM dataset_resources WHERE tenant_id = $1 AND dataset_id = $2 AND id = $3 AND generated IS NULL RETURNING id', [tenant, datasetId, resourceId]);
  if (!rows.length) return false;
  await refreshDatasetIndex(tx, tenant, datasetId, { touch: true });
  return true;
}

// ---------------------------------------------------------------------------------------------
// Registry datasets

const generatedResources = [
  { generated: 'csv', format: 'CSV', mediaType: 'text/csv', nameJa: 'CSV（UTF-8）', nameEn: 'CSV (UTF-8)', descriptionJa: '自治体標準オープンデータセットの列順のCSVです。' },
  { generated: 'csv_bom', format: 'CSV', mediaType: 'text/csv', nameJa: 'CSV（UTF-8 BOM付き・Excel向け）', nameEn: 'CSV (UTF-8 with BOM, for Excel)', descriptionJa: 'Excelでそのまま開けるBOM付きのCSVです。内容はUTF-8版と同じです。' },
  { generated: 'json', format: 'JSON', mediaType: 'application/json', nameJa: 'JSON', nameEn: 'JSON', descriptionJa: '標準の列名をキーにしたJSONです。' },
  { generated: 'geojson', format: 'GeoJSON', mediaType: 'application/geo+json', nameJa: 'GeoJSON（地図用）', nameEn: 'GeoJSON (for maps)', descriptionJa: '位置情報のある記録をGeoJSONの点として出力します。' },
] as const;

/** Creates the catalog entry of a registry if it does not exist yet; returns its id. */
export async function ensureRegistryDataset(tx: Queryable, tenant: string, kind: PlaceKind): Promise<string> {
  const [existing] = await tx.query<{ id: string }>('SELECT id FROM datasets WHERE tenant_id = $1 AND registry_kind = $2', [tenant, kind]);
  if (existing) return existing.id;
  const r = registries[kind];
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO datasets (tenant_id, name, title_ja, title_en, notes_ja, notes_en, tags, groups, license_id, update_frequency, registry_kind)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'continuous', $10)
     ON CONFLICT (tenant_id, registry_kind) DO UPDATE SET registry_kind = EXCLUDED.registry_kind RETURNING id`,
    [tenant, `${tenant}_${r.slug}`, r.title.ja, r.title.en, `${r.description.ja}（自治体標準オープンデータセット ${r.number}）`, `${r.description.en} (Municipal standard open data set ${r.number})`, r.tags, r.groups, DEFAULT_LICENSE, kind],
  );
  const id = row!.id;
  let position = 0;
  for (const g of generatedResources) {
    await tx.query(
      `INSERT INTO dataset_resources (tenant_id, dataset_id, position, name_ja, name_en, description_ja, format, media_type, generated)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [tenant, id, position++, g.nameJa, g.nameEn, g.descriptionJa, g.format, g.mediaType, g.generated],
    );
  }
  await refreshDatasetIndex(tx, tenant, id, { touch: false });
  return id;
}

/** Marks a registry's dataset and resources as modified now (called on every change to its places). */
export async function touchRegistryDataset(tx: Queryable, tenant: string, kind: PlaceKind): Promise<void> {
  const id = await ensureRegistryDataset(tx, tenant, kind);
  await tx.query('UPDATE datasets SET modified_at = now() WHERE tenant_id = $1 AND id = $2', [tenant, id]);
  await tx.query('UPDATE dataset_resources SET modified_at = now() WHERE tenant_id = $1 AND dataset_id = $2', [tenant, id]);
}
