/**
 * The read-only CKAN Action API under /api/3/action/ (and /api/action/), public like the catalog:
 * GET with query parameters or POST with a JSON body, answered as
 * {"help": …, "success": true, "result": …} or CKAN's error shape with CKAN's status codes.
 */
import { Hono } from 'hono';
import { tenantTx, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { CkanQueryError, intParam, listParam, parsePackageSearch } from './ckan.query.ts';
import { groupDict, organizationDict, packageDict, resourceDict, tagDict } from './ckan.present.ts';
import {
  countByGroup,
  countByOrganization,
  getDataset,
  getResource,
  listDatasetNames,
  listOrganizations,
  listTags,
  searchDatasets,
  type FacetField,
} from './datasets.service.ts';
import { catalogGroups } from './vocabulary.ts';

type Params = Record<string, unknown>;

class CkanError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body['message'] ?? body['__type']));
  }
}

const notFound = (what = 'Not found') => new CkanError(404, { message: what, __type: 'Not Found Error' });
const missing = (field: string) => new CkanError(409, { [field]: ['Missing value'], __type: 'Validation Error' });

function stringParam(p: Params, name: string): string {
  const v = p[name];
  if (v === undefined || v === null || v === '') throw missing(name);
  return String(v).slice(0, 200);
}

const truthy = (v: unknown) => v === true || v === 'true' || v === 'True' || v === '1';

async function createdOfCatalog(tx: Queryable, tenant: string): Promise<Date> {
  const [r] = await tx.query<{ created_at: Date }>('SELECT created_at FROM tenants WHERE code = $1', [tenant]);
  return r ? new Date(r.created_at) : new Date(0);
}

const actions: Record<string, (c: Ctx, tx: Queryable, p: Params) => Promise<unknown>> = {
  async status_show(c) {
    const t = c.var.tenant;
    return {
      site_title: `${t.nameJa} オープンデータカタログ`,
      site_description: `${t.nameJa}（全国地方公共団体コード ${t.code}）のオープンデータ`,
      site_url: t.origin,
      ckan_version: '2.10.4',
      error_emails_to: null,
      locale_default: 'ja',
      extensions: ['yakuba'],
    };
  },

  async package_list(c, tx, p) {
    return listDatasetNames(tx, c.var.tenant.code, { limit: intParam(p['limit'], 'limit', 1000, 0, 1000), offset: intParam(p['offset'], 'offset', 0, 0, 1_000_000) });
  },

  async package_show(c, tx, p) {
    const d = await getDataset(tx, c.var.tenant.code, stringParam(p, 'id'));
    if (!d) throw notFound();
    return packageDict(c.var.tenant, d);
  },

  async package_search(c, tx, p) {
    const query = parsePackageSearch(p);
    const r = await searchDatasets(tx, c.var.tenant.code, query);
    const facets: Record<string, Record<string, number>> = {};
    const searchFacets: Record<string, { title: string; items: { name: string; display_name: string; count: number }[] }> = {};
    for (const f of query.facets) {
      const items = r.facets[f as FacetField] ?? [];
      facets[f] = Object.fromEntries(items.map((i) => [i.name, i.count]));
      searchFacets[f] = {
        title: f,
        items: items.map((i) => ({
          name: i.name,
          display_name: f === 'organization' ? (r.organizations.find((o) => o.name === i.name)?.titleJa ?? i.name) : f === 'groups' ? (catalogGroups.find((g) => g.name === i.name)?.title.ja ?? i.name) : i.name,
          count: i.count,
        })),
      };
    }
    return {
      count: r.count,
      sort: query.sort.map((s) => `${s.field} ${s.dir}`).join(', '),
      facets,
      results: r.datasets.map((d) => packageDict(c.var.tenant, d)),
      search_facets: searchFacets,
    };
  },

  async current_package_list_with_resources(c, tx, p) {
    const r = await searchDatasets(tx, c.var.tenant.code, {
      filters: [],
      sort: [{ field: 'metadata_modified', dir: 'desc' }],
      rows: intParam(p['limit'], 'limit', 10, 1, 1000),
      start: intParam(p['offset'], 'offset', 0, 0, 1_000_000),
      facets: [],
      facetLimit: 0,
    });
    return r.datasets.map((d) => packageDict(c.var.tenant, d));
  },

  async organization_list(c, tx, p) {
    const orgs = await listOrganizations(tx, c.var.tenant.code);
    const counts = await countByOrganization(tx, c.var.tenant.code);
    const wanted = listParam(p['organizations'], 'organizations');
    const selected = orgs.filter((o) => !wanted.length || wanted.includes(o.name));
    const sorted = String(p['sort'] ?? 'name asc').startsWith('package_count')
      ? selected.sort((a, b) => (counts.get(b.departmentId) ?? 0) - (counts.get(a.departmentId) ?? 0))
      : selected.sort((a, b) => (a.name < b.name ? -1 : 1));
    const offset = intParam(p['offset'], 'offset', 0, 0, 100000);
    const page = sorted.slice(offset, offset + intParam(p['limit'], 'limit', 1000, 0, 1000));
    if (!truthy(p['all_fields'])) return page.map((o) => o.name);
    const created = await createdOfCatalog(tx, c.var.tenant.code);
    return page.map((o) => organizationDict(o, created, counts.get(o.departmentId) ?? 0));
  },

  async organization_show(c, tx, p) {
    const id = stringParam(p, 'id');
    const orgs = await listOrganizations(tx, c.var.tenant.code);
    const o = orgs.find((x) => x.name === id || x.id === id);
    if (!o) throw notFound();
    const counts = await countByOrganization(tx, c.var.tenant.code);
    const dict: Record<string, unknown> = organizationDict(o, await createdOfCatalog(tx, c.var.tenant.code), counts.get(o.departmentId) ?? 0);
    if (truthy(p['include_datasets'])) {
      const r = await searchDatasets(tx, c.var.tenant.code, { filters: [{ field: 'organization', value: o.name, negate: false }], sort: [{ field: 'name', dir: 'asc' }], rows: 1000, start: 0, facets: [], facetLimit: 0 });
      dict['packages'] = r.datasets.map((d) => packageDict(c.var.tenant, d));
    }
    dict['users'] = [];
    dict['extras'] = [];
    dict['tags'] = [];
    dict['groups'] = [];
    return dict;
  },

  async group_list(c, tx, p) {
    const counts = await countByGroup(tx, c.var.tenant.code);
    const names = catalogGroups.map((g) => g.name).filter((n) => (counts.get(n) ?? 0) > 0);
    if (!truthy(p['all_fields'])) return names;
    return names.map((n) => groupDict(c.var.tenant.code, n, counts.get(n) ?? 0));
  },

  async group_show(c, tx, p) {
    const id = stringParam(p, 'id');
    const g = catalogGroups.find((x) => x.name === id || groupDict(c.var.tenant.code, x.name).id === id);
    if (!g) throw notFound();
    const counts = await countByGroup(tx, c.var.tenant.code);
    return groupDict(c.var.tenant.code, g.name, counts.get(g.name) ?? 0);
  },

  async tag_list(c, tx, p) {
    const tags = await listTags(tx, c.var.tenant.code, p['query'] === undefined ? undefined : String(p['query']).slice(0, 100));
    return truthy(p['all_fields']) ? tags.map((t) => tagDict(c.var.tenant.code, t.name)) : tags.map((t) => t.name);
  },

  async resource_show(c, tx, p) {
    const r = await getResource(tx, c.var.tenant.code, stringParam(p, 'id'));
    if (!r) throw notFound();
    const d = await getDataset(tx, c.var.tenant.code, r.datasetId);
    if (!d) throw notFound();
    return resourceDict(c.var.tenant, d, r);
  },

  async help_show(_c, _tx, p) {
    const name = stringParam(p, 'name');
    if (!actions[name]) throw notFound(`Action not found: ${name}`);
    return `${name}: read-only CKAN action (see https://docs.ckan.org/en/2.10/api/ and docs/opendata.md)`;
  },
};

export const ckanRoutes = new Hono<AppEnv>();

async function params(c: Ctx): Promise<Params> {
  const out: Params = { ...c.req.query() };
  if (c.req.method === 'POST') {
    const type = c.req.header('content-type') ?? '';
    if (type.includes('application/json')) {
      const body = (await c.req.json().catch(() => {
        throw new CkanError(400, { message: 'Bad request - JSON Error: could not read the request body', __type: 'Bad request' });
      })) as unknown;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new CkanError(400, { message: 'Bad request - JSON Error: the body must be an object', __type: 'Bad request' });
      Object.assign(out, body);
    } else if (type.includes('form')) Object.assign(out, await c.req.parseBody());
  }
  return out;
}

async function handle(c: Ctx) {
  const name = c.req.param('action') ?? '';
  const help = `${c.var.tenant.origin}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
  c.header('Access-Control-Allow-Origin', '*');
  c.header('Cache-Control', 'no-cache');
  try {
    const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
    if (!action) throw new CkanError(400, { message: `Bad request - Action name not known: ${name.slice(0, 100)}`, __type: 'Bad request' });
    const p = await params(c);
    const result = await tenantTx(c, (tx) => action(c, tx, p));
    return c.json({ help, success: true, result });
  } catch (err) {
    if (err instanceof CkanQueryError) return c.json({ help, success: false, error: { message: `Search error: ${err.message}`, __type: 'Search Query Error' } }, 409);
    if (err instanceof CkanError) return c.json({ help, success: false, error: err.body }, err.status);
    throw err;
  }
}

for (const prefix of ['/api/3/action', '/api/action']) {
  ckanRoutes.get(`${prefix}/:action`, handle);
  ckanRoutes.post(`${prefix}/:action`, handle);
}
