/** Public catalog pages (/opendata, /opendata/datasets/:name) and the DCAT JSON-LD catalog. */
import { Hono } from 'hono';
import { AppError } from '../../../platform/errors/index.ts';
import { pageContext, tenantTx, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import type { Tenant } from '../../../platform/tenancy/index.ts';
import { recordValues, standardHeader } from '../places/exports.ts';
import { listPlaces } from '../places/places.service.ts';
import { statusByPlace } from '../shelters/shelters.service.ts';
import { parseCsv } from '../tabular/csv.ts';
import { decodeText } from '../tabular/decode-text.ts';
import { readXlsx } from '../tabular/xlsx.ts';
import { CatalogPage, DatasetPage, type CatalogFilters, type Preview } from '../views/catalog.tsx';
import { dcatCatalog } from './ckan.present.ts';
import { getDataset, resourceContent, searchDatasets, type Dataset, type DatasetFilter, type SortKey } from './datasets.service.ts';

export const catalogRoutes = new Hono<AppEnv>();

const PAGE = 20;
const PREVIEW_ROWS = 10;

const SORTS: Record<CatalogFilters['sort'], SortKey[]> = {
  relevance: [{ field: 'score', dir: 'desc' }, { field: 'metadata_modified', dir: 'desc' }],
  modified: [{ field: 'metadata_modified', dir: 'desc' }],
  name: [{ field: 'title_string', dir: 'asc' }],
};

catalogRoutes.get('/opendata', async (c) => {
  const one = (k: string) => {
    const v = c.req.query(k);
    return v ? v.slice(0, 200) : undefined;
  };
  const sort = one('sort');
  const filters: CatalogFilters = {
    q: one('q') ?? '',
    organization: one('organization'),
    tags: one('tags'),
    res_format: one('res_format'),
    groups: one('groups'),
    sort: sort === 'modified' || sort === 'name' ? sort : 'relevance',
    offset: Math.max(0, Math.min(100_000, Number.parseInt(c.req.query('offset') ?? '0', 10) || 0)),
  };
  const list: DatasetFilter[] = (['organization', 'tags', 'res_format', 'groups'] as const).flatMap((k) => (filters[k] ? [{ field: k, value: filters[k]!, negate: false }] : []));
  const result = await tenantTx(c, (tx) =>
    searchDatasets(tx, c.var.tenant.code, {
      q: filters.q,
      filters: list,
      sort: SORTS[filters.sort],
      rows: PAGE,
      start: filters.offset,
      facets: ['groups', 'organization', 'tags', 'res_format'],
      facetLimit: 20,
    }),
  );
  return c.html(<CatalogPage ctx={pageContext(c)} result={result} filters={filters} limit={PAGE} />);
});

/** The first rows of the dataset's first tabular resource, for the dataset page. */
async function previewOf(tx: Queryable, tenant: Tenant, d: Dataset): Promise<Preview | null> {
  if (d.registryKind) {
    const kind = d.registryKind;
    const { places } = await listPlaces(tx, tenant.code, { kind, limit: PREVIEW_ROWS, offset: 0 });
    const ctx = { tenantCode: tenant.code, tenantName: tenant.nameJa, ...(kind === 'shelter' ? { status: await statusByPlace(tx, tenant.code) } : {}) };
    return { resourceId: d.resources[0]?.id ?? '', header: standardHeader(kind), rows: places.map((p) => recordValues(kind, p, ctx)) };
  }
  const r = d.resources.find((x) => x.format === 'CSV' || x.format === 'XLSX');
  if (!r) return null;
  const content = await resourceContent(tx, tenant.code, r.id);
  if (!content) return null;
  let rows: string[][];
  if (r.format === 'CSV') {
    const decoded = decodeText(content.subarray(0, 256 * 1024));
    if (!decoded.ok) return null;
    const parsed = parseCsv(decoded.text, { maxRows: PREVIEW_ROWS + 1 });
    rows = parsed.ok ? parsed.rows.map((x) => x.cells) : [];
  } else {
    const x = await readXlsx(content, { maxRows: 100_000, maxUncompressedBytes: 50 * 1024 * 1024 });
    rows = x.ok ? x.rows.slice(0, PREVIEW_ROWS + 1).map((row) => row.cells) : [];
  }
  if (!rows.length) return null;
  return { resourceId: r.id, header: rows[0]!, rows: rows.slice(1, PREVIEW_ROWS + 1) };
}

catalogRoutes.get('/opendata/datasets/:name', async (c) => {
  const found = await tenantTx(c, async (tx) => {
    const dataset = await getDataset(tx, c.var.tenant.code, c.req.param('name').slice(0, 100));
    return dataset ? { dataset, preview: await previewOf(tx, c.var.tenant, dataset) } : null;
  });
  if (!found) throw new AppError('not_found');
  return c.html(<DatasetPage ctx={pageContext(c)} dataset={found.dataset} tenantCode={c.var.tenant.code} preview={found.preview} />);
});

async function dcat(c: Ctx) {
  const datasets = await tenantTx(c, async (tx) => {
    const r = await searchDatasets(tx, c.var.tenant.code, { filters: [], sort: [{ field: 'name', dir: 'asc' }], rows: 100_000, start: 0, facets: [], facetLimit: 0 });
    return r.datasets;
  });
  c.header('Content-Type', 'application/ld+json; charset=utf-8');
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cache-Control', 'no-cache');
  return c.body(JSON.stringify(dcatCatalog(c.var.tenant, datasets)));
}

catalogRoutes.get('/opendata/catalog.jsonld', dcat);
catalogRoutes.get('/catalog.jsonld', dcat);
