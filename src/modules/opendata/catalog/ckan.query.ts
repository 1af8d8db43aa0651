/**
 * The part of CKAN's Solr query syntax that catalog clients use in package_search: `q` (words and
 * field:value), `fq` (field:value and field:"quoted value", + / - / NOT, AND), `sort`, `rows`,
 * `start`, `facet.field` (a JSON list) and `facet.limit`. Anything else is refused with a message
 * rather than silently ignored.
 */
import { facetFields, type DatasetFilter, type DatasetQuery, type FacetField, type SortKey } from './datasets.service.ts';

export class CkanQueryError extends Error {}

const FILTER_FIELDS: Record<string, DatasetFilter['field']> = {
  organization: 'organization',
  owner_org: 'organization',
  tags: 'tags',
  res_format: 'res_format',
  groups: 'groups',
  license_id: 'license_id',
  name: 'name',
  id: 'id',
};
/** Fields CKAN clients add by habit whose only value here is always true. */
const ALWAYS_TRUE: Record<string, string[]> = { dataset_type: ['dataset'], state: ['active'], capacity: ['public'], private: ['false'], type: ['dataset'] };
/** Text fields in q that simply mean "search for this". */
const TEXT_FIELDS = new Set(['text', 'title', 'notes', 'title_ja', 'title_en']);

interface Token {
  field: string | null;
  value: string;
  negate: boolean;
}

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const re = /([+-]?)(?:([A-Za-z_.]+):)?(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  let negateNext = false;
  for (const m of s.matchAll(re)) {
    const [, sign, field, quoted, bare] = m;
    const value = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare!;
    if (!field && quoted === undefined && (value === 'AND' || value === '&&')) continue;
    if (!field && quoted === undefined && (value === 'NOT' || value === '!')) {
      negateNext = true;
      continue;
    }
    if (!field && quoted === undefined && (value === 'OR' || value === '||')) throw new CkanQueryError('OR queries are not supported; send one search per alternative');
    out.push({ field: field ?? null, value, negate: sign === '-' || negateNext });
    negateNext = false;
  }
  return out;
}

function toFilters(tokens: Token[], allowText: boolean): { filters: DatasetFilter[]; words: string[] } {
  const filters: DatasetFilter[] = [];
  const words: string[] = [];
  for (const t of tokens) {
    if (t.field === null || (t.field === '*' && t.value === '*')) {
      if (t.value !== '*:*' && t.value !== '*') {
        if (!allowText) throw new CkanQueryError(`fq needs field:value, got "${t.value}"`);
        if (t.negate) throw new CkanQueryError('excluding words from q is not supported');
        words.push(t.value);
      }
      continue;
    }
    if (ALWAYS_TRUE[t.field]) {
      if (!ALWAYS_TRUE[t.field]!.includes(t.value) !== t.negate) filters.push({ field: 'id', value: 'none', negate: false });
      continue;
    }
    if (TEXT_FIELDS.has(t.field) && allowText) {
      words.push(t.value);
      continue;
    }
    const field = FILTER_FIELDS[t.field];
    if (!field) throw new CkanQueryError(`Unsupported field "${t.field}". Supported: ${Object.keys(FILTER_FIELDS).join(', ')}`);
    filters.push({ field, value: t.value, negate: t.negate });
  }
  return { filters, words };
}

const SORT_FIELDS: Record<string, SortKey['field']> = {
  score: 'score',
  metadata_modified: 'metadata_modified',
  metadata_created: 'metadata_created',
  name: 'name',
  title_string: 'title_string',
  title: 'title_string',
};

export function parseSort(s: string | undefined): SortKey[] {
  if (!s) return [{ field: 'score', dir: 'desc' }, { field: 'metadata_modified', dir: 'desc' }];
  return s.split(',').map((part) => {
    const [f, d = 'asc', ...rest] = part.trim().split(/\s+/);
    const field = SORT_FIELDS[f ?? ''];
    if (!field || rest.length || (d !== 'asc' && d !== 'desc')) throw new CkanQueryError(`Invalid sort "${part.trim()}". Use e.g. "metadata_modified desc" or "name asc"`);
    return { field, dir: d };
  });
}

function intParam(v: unknown, name: string, def: number, min: number, max: number): number {
  if (v === undefined || v === null || v === '') return def;
  const n = typeof v === 'number' ? v : Number(String(v));
  if (!Number.isInteger(n) || n < min) throw new CkanQueryError(`${name} must be an integer of at least ${min}`);
  return Math.min(n, max);
}

function listParam(v: unknown, name: string): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map(String);
  try {
    const parsed = JSON.parse(String(v)) as unknown;
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    /* fall through */
  }
  throw new CkanQueryError(`${name} must be a JSON list, e.g. ["organization","tags"]`);
}

/** Parameters of package_search (from the query string or a JSON body) as a dataset query. */
export function parsePackageSearch(params: Record<string, unknown>): DatasetQuery {
  const q = params['q'] === undefined ? '' : String(params['q']).slice(0, 500);
  const fq = [params['fq'], ...(Array.isArray(params['fq_list']) ? params['fq_list'] : [])].filter((x) => x !== undefined && x !== null && x !== '').map((x) => String(x).slice(0, 1000));
  const fromQ = toFilters(tokenize(q), true);
  const filters = [...fromQ.filters, ...fq.flatMap((f) => toFilters(tokenize(f), false).filters)];
  const facets = listParam(params['facet.field'], 'facet.field').filter((f): f is FacetField => (facetFields as string[]).includes(f));
  return {
    q: fromQ.words.join(' '),
    filters,
    sort: parseSort(params['sort'] === undefined ? undefined : String(params['sort'])),
    rows: intParam(params['rows'], 'rows', 10, 0, 1000),
    start: intParam(params['start'], 'start', 0, 0, 1_000_000),
    facets,
    facetLimit: intParam(params['facet.limit'], 'facet.limit', 50, -1, 1000),
  };
}

export { intParam, listParam };
