/** Public catalog pages: search with filters, and a dataset with its resources and a preview. */
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { ResidentLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import type { Dataset, FacetField, Organization, SearchResult } from '../catalog/datasets.service.ts';
import { resourcePath } from '../catalog/files.ts';
import { catalogGroups, frequencyById, licenseById } from '../catalog/vocabulary.ts';
import { catalogText as m } from '../opendata.messages.ts';
import { registries, standardFileName } from '../registries.ts';
import { formatBytes, formatDateTime, Pager } from './common.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

export interface CatalogFilters {
  q: string;
  organization?: string | undefined;
  tags?: string | undefined;
  res_format?: string | undefined;
  groups?: string | undefined;
  sort: 'relevance' | 'modified' | 'name';
  offset: number;
}

const title = (d: Dataset, l: Locale) => (l === 'en' && d.titleEn ? d.titleEn : d.titleJa);
const notes = (d: Dataset, l: Locale) => (l === 'en' && d.notesEn ? d.notesEn : d.notesJa);
const orgTitle = (o: Organization, l: Locale) => (l === 'en' ? o.titleEn : o.titleJa);

function filterHref(f: CatalogFilters, change: Partial<Record<keyof CatalogFilters, string | undefined>>): string {
  const q = new URLSearchParams();
  const merged = { ...f, offset: undefined, ...change } as Record<string, unknown>;
  for (const k of ['q', 'organization', 'tags', 'res_format', 'groups', 'sort']) {
    const v = merged[k];
    if (typeof v === 'string' && v && !(k === 'sort' && v === 'relevance')) q.set(k, v);
  }
  const s = q.toString();
  return s ? `/opendata?${s}` : '/opendata';
}

function facetLabel(field: FacetField, name: string, orgs: Organization[], l: Locale): string {
  if (field === 'organization') {
    const o = orgs.find((x) => x.name === name);
    return o ? orgTitle(o, l) : name;
  }
  if (field === 'groups') {
    const g = catalogGroups.find((x) => x.name === name);
    return g ? tx(g.title, l) : name;
  }
  return name;
}

export function CatalogPage(p: { ctx: PageContext; result: SearchResult; filters: CatalogFilters; limit: number }) {
  const l = p.ctx.locale;
  const city = tx(p.ctx.tenantName, l);
  const f = p.filters;
  const facetBlocks: { field: FacetField; label: Text; key: keyof CatalogFilters }[] = [
    { field: 'groups', label: m.groups, key: 'groups' },
    { field: 'organization', label: m.organization, key: 'organization' },
    { field: 'tags', label: m.tags, key: 'tags' },
    { field: 'res_format', label: m.formats, key: 'res_format' },
  ];
  const active = facetBlocks.some((b) => f[b.key]);
  return (
    <ResidentLayout ctx={p.ctx} title={tx(m.title, l)}>
      <h1>{tx(m.title, l)}</h1>
      <p>{t(m.lead, l, { city })}</p>
      <form method="get" action="/opendata" role="search" class="search-form">
        <TextInput name="q" type="search" label={m.searchLabel} hint={m.searchHint} locale={l} value={f.q} maxlength={200} />
        {(['organization', 'tags', 'res_format', 'groups'] as const).map((k) => (f[k] ? <input type="hidden" name={k} value={f[k]} /> : null))}
        <button type="submit" class="btn btn-primary">{tx(m.search, l)}</button>
      </form>
      <div class="catalog">
        <section class="catalog-facets" aria-labelledby="facets-title">
          <h2 id="facets-title">{tx(m.filtersTitle, l)}</h2>
          {active ? <p><a href={filterHref(f, { organization: undefined, tags: undefined, res_format: undefined, groups: undefined })}>{tx(m.clearFilters, l)}</a></p> : null}
          {facetBlocks.map((b) => {
            const items = p.result.facets[b.field] ?? [];
            if (!items.length) return null;
            return (
              <>
                <h3>{tx(b.label, l)}</h3>
                <ul class="facet-list">
                  {items.map((i) => {
                    const on = f[b.key] === i.name;
                    return (
                      <li>
                        <a href={filterHref(f, { [b.key]: on ? undefined : i.name })} aria-current={on ? 'true' : undefined}>
                          {on ? '✓ ' : ''}
                          {facetLabel(b.field, i.name, p.result.organizations, l)} ({i.count})
                        </a>
                      </li>
                    );
                  })}
                </ul>
              </>
            );
          })}
        </section>
        <section class="catalog-results" aria-labelledby="results-title">
          <h2 id="results-title" aria-live="polite">{t(m.results, l, { count: p.result.count })}</h2>
          <p class="sort-links">
            {tx(m.sort, l)}:{' '}
            {([['relevance', m.sortRelevance], ['modified', m.sortModified], ['name', m.sortName]] as const).map(([key, label], i) => (
              <>
                {i ? ' / ' : ''}
                {f.sort === key ? <strong>{tx(label, l)}</strong> : <a href={filterHref(f, { sort: key })}>{tx(label, l)}</a>}
              </>
            ))}
          </p>
          {p.result.datasets.length === 0 ? <p>{tx(m.noResults, l)}</p> : null}
          <ul class="dataset-list">
            {p.result.datasets.map((d) => (
              <li class="card">
                <h3>
                  <a href={`/opendata/datasets/${encodeURIComponent(d.name)}`}>{title(d, l)}</a>
                </h3>
                <p>{[...notes(d, l)].slice(0, 140).join('')}</p>
                <p class="muted">
                  {orgTitle(d.organization, l)} · {tx(m.modified, l)} {formatDateTime(d.modifiedAt, l)} · {d.formats.join(', ')}
                </p>
              </li>
            ))}
          </ul>
          <Pager l={l} base="/opendata" params={{ q: f.q, organization: f.organization, tags: f.tags, res_format: f.res_format, groups: f.groups, sort: f.sort === 'relevance' ? undefined : f.sort }} offset={f.offset} limit={p.limit} total={p.result.count} />
          <p class="muted">
            {tx(m.apiNote, l)} <a href="/api/3/action/package_list">/api/3/action/package_list</a> · <a href="/opendata/catalog.jsonld">DCAT (JSON-LD)</a>
          </p>
        </section>
      </div>
    </ResidentLayout>
  );
}

export interface Preview {
  resourceId: string;
  header: string[];
  rows: string[][];
}

export function DatasetPage(p: { ctx: PageContext; dataset: Dataset; tenantCode: string; preview: Preview | null }) {
  const l = p.ctx.locale;
  const d = p.dataset;
  const license = licenseById(d.licenseId);
  return (
    <ResidentLayout ctx={p.ctx} title={title(d, l)}>
      <p><a href="/opendata">{tx(m.title, l)}</a></p>
      <h1>{title(d, l)}</h1>
      <p class="prewrap">{notes(d, l)}</p>
      {d.registryKind ? <p>{t(m.standardNote, l, { file: standardFileName(p.tenantCode, d.registryKind, 'csv') })}（{registries[d.registryKind].number} {tx(registries[d.registryKind].title, l)}）</p> : null}
      <dl class="dl">
        <dt>{tx(m.publisher, l)}</dt>
        <dd>{orgTitle(d.organization, l)}</dd>
        <dt>{tx(m.license, l)}</dt>
        <dd><a href={license.url} rel="license">{tx(license.title, l)}</a></dd>
        <dt>{tx(m.frequency, l)}</dt>
        <dd>{tx(frequencyById(d.updateFrequency).title, l)}</dd>
        <dt>{tx(m.modified, l)}</dt>
        <dd><time datetime={d.modifiedAt.toISOString()}>{formatDateTime(d.modifiedAt, l)}</time></dd>
        <dt>{tx(m.created, l)}</dt>
        <dd>{formatDateTime(d.createdAt, l)}</dd>
        <dt>{tx(m.tags, l)}</dt>
        <dd>{d.tags.map((tag, i) => <>{i ? '、' : ''}<a href={`/opendata?tags=${encodeURIComponent(tag)}`}>{tag}</a></>)}</dd>
      </dl>
      <h2>{tx(m.resources, l)}</h2>
      <table>
        <caption class="sr-only">{tx(m.resources, l)}</caption>
        <thead>
          <tr>
            <th scope="col">{tx(m.name, l)}</th>
            <th scope="col">{tx(m.format, l)}</th>
            <th scope="col">{tx(m.size, l)}</th>
            <th scope="col">{tx(m.modified, l)}</th>
          </tr>
        </thead>
        <tbody>
          {d.resources.map((r) => (
            <tr id={`resource-${r.id}`}>
              <th scope="row">
                <a href={resourcePath(p.tenantCode, d.name, r, d.registryKind)} download>
                  {l === 'en' && r.nameEn ? r.nameEn : r.nameJa}
                  <span class="sr-only"> {tx(m.download, l)}</span>
                </a>
                {r.descriptionJa && l === 'ja' ? <div class="muted">{r.descriptionJa}</div> : null}
              </th>
              <td>{r.format}</td>
              <td>{formatBytes(r.byteSize)}</td>
              <td>{formatDateTime(r.modifiedAt, l)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.preview ? (
        <>
          <h2 id="preview-title">{t(m.preview, l, { rows: p.preview.rows.length })}</h2>
          <div class="table-scroll" role="region" aria-labelledby="preview-title" tabindex={0}>
            <table class="preview">
              <thead>
                <tr>{p.preview.header.map((h) => <th scope="col">{h}</th>)}</tr>
              </thead>
              <tbody>
                {p.preview.rows.map((row) => (
                  <tr>{p.preview!.header.map((_, i) => <td>{row[i] ?? ''}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </ResidentLayout>
  );
}
