/** Resident pages of the catalog: the list (search, categories, life events) and one procedure. */
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ResidentLayout, tx, type PageContext } from '../../../platform/ui/index.ts';
import { applicationText, catalogText as m } from '../procedures.messages.ts';
import type { Procedure, ProcedureQuery } from '../procedures.service.ts';
import { categories, lifeEvents, type Category, type LifeEvent } from '../procedures.vocabulary.ts';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

function listHref(q: ProcedureQuery): string {
  const s = new URLSearchParams();
  if (q.q) s.set('q', q.q);
  if (q.category) s.set('category', q.category);
  if (q.lifeEvent) s.set('event', q.lifeEvent);
  const qs = s.toString();
  return qs ? `/procedures?${qs}` : '/procedures';
}

function FilterLinks<K extends string>(p: { title: Text; id: string; items: Record<K, Text>; current: K | undefined; href: (k: K | undefined) => string; l: Locale }) {
  return (
    <nav aria-labelledby={p.id} class="procedure-filter">
      <h2 id={p.id}>{tx(p.title, p.l)}</h2>
      <ul class="facet-list">
        <li>{p.current ? <a href={p.href(undefined)}>{tx(m.all, p.l)}</a> : <strong aria-current="page">{tx(m.all, p.l)}</strong>}</li>
        {(Object.keys(p.items) as K[]).map((k) => (
          <li>{p.current === k ? <strong aria-current="page">{tx(p.items[k], p.l)}</strong> : <a href={p.href(k)}>{tx(p.items[k], p.l)}</a>}</li>
        ))}
      </ul>
    </nav>
  );
}

export function ProcedureListPage(p: { ctx: PageContext; procedures: Procedure[]; query: ProcedureQuery }) {
  const l = p.ctx.locale;
  const q = p.query;
  const filters = [q.category ? tx(categories[q.category], l) : null, q.lifeEvent ? tx(lifeEvents[q.lifeEvent], l) : null].filter(Boolean).join('・');
  return (
    <ResidentLayout ctx={p.ctx} title={tx(m.title, l)}>
      <h1>{tx(m.title, l)}</h1>
      <p>{tx(m.lead, l)}</p>
      <form method="get" action="/procedures" role="search" class="search-form">
        <label for="procedure-q">{tx(m.searchLabel, l)}</label>
        <input class="input" id="procedure-q" name="q" type="search" value={q.q ?? ''} maxlength={200} />
        {q.category ? <input type="hidden" name="category" value={q.category} /> : null}
        {q.lifeEvent ? <input type="hidden" name="event" value={q.lifeEvent} /> : null}
        <button type="submit" class="btn btn-primary">{tx(m.search, l)}</button>
      </form>
      <div class="catalog">
        <div class="catalog-facets">
          <FilterLinks title={m.byEvent} id="by-event" items={lifeEvents} current={q.lifeEvent} href={(k: LifeEvent | undefined) => listHref({ ...q, lifeEvent: k })} l={l} />
          <FilterLinks title={m.byCategory} id="by-category" items={categories} current={q.category} href={(k: Category | undefined) => listHref({ ...q, category: k })} l={l} />
        </div>
        <section class="catalog-results" aria-labelledby="results-title">
          <h2 id="results-title" aria-live="polite">
            {q.q ? t(m.resultsFor, l, { q: q.q, count: p.procedures.length }) : t(m.results, l, { count: p.procedures.length })}
          </h2>
          {filters ? (
            <p>
              {t(m.filteredBy, l, { filter: filters })} <a href={listHref({})}>{tx(m.clear, l)}</a>
            </p>
          ) : null}
          {p.procedures.length ? (
            <ul class="dataset-list">
              {p.procedures.map((x) => (
                <li class="card">
                  <h3>
                    <a href={`/procedures/${x.slug}`}>{tx(x.name, l)}</a>
                  </h3>
                  <p>{tx(x.details.summary, l)}</p>
                  <p class="muted">
                    {tx(categories[x.category], l)} ・ {tx(x.department.name, l)}
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p>{tx(m.none, l)}</p>
          )}
        </section>
      </div>
    </ResidentLayout>
  );
}

/** How the resident can apply online from the page: the start button, a sign-in link, or not yet. */
export type ApplyOption = { kind: 'form' } | { kind: 'signIn'; href: string } | null;

export function ProcedurePage(p: { ctx: PageContext; procedure: Procedure; apply: ApplyOption }) {
  const l = p.ctx.locale;
  const x = p.procedure;
  const d = x.details;
  return (
    <ResidentLayout ctx={p.ctx} title={tx(x.name, l)}>
      <p>
        <a href="/procedures">{tx(m.backToList, l)}</a>
      </p>
      <h1>{tx(x.name, l)}</h1>
      {x.nationalNo ? <p class="muted">{t(m.nationalNo, l, { no: x.nationalNo })}</p> : null}
      <p>{tx(d.summary, l)}</p>
      {p.apply?.kind === 'form' ? (
        <form method="post" action={`/procedures/${x.slug}/apply`}>
          <CsrfField token={p.ctx.csrfToken} />
          <button type="submit" class="btn btn-primary">{tx(applicationText.applyOnline, l)}</button>
        </form>
      ) : p.apply?.kind === 'signIn' ? (
        <p>
          <a class="btn btn-primary" href={p.apply.href}>{tx(applicationText.signInToApply, l)}</a>
        </p>
      ) : (
        <p class="notice">{tx(m.onlineSoon, l)}</p>
      )}
      <dl class="dl">
        <dt>{tx(m.eligibility, l)}</dt>
        <dd>{tx(d.eligibility, l)}</dd>
        <dt>{tx(m.documents, l)}</dt>
        <dd>
          <ul>
            {d.documents.map((doc) => (
              <li>{tx(doc, l)}</li>
            ))}
          </ul>
        </dd>
        <dt>{tx(m.fee, l)}</dt>
        <dd>{d.feeNote ? tx(d.feeNote, l) : x.feeYen ? t(m.yen, l, { amount: x.feeYen.toLocaleString('ja-JP') }) : tx(m.free, l)}</dd>
        <dt>{tx(m.signIn, l)}</dt>
        <dd>{tx(x.assurance === 2 ? m.signInCard : m.signInEmail, l)}</dd>
        <dt>{tx(m.processing, l)}</dt>
        <dd>
          {x.processingDays !== null ? `${t(m.processingDays, l, { days: x.processingDays })}: ` : ''}
          {tx(d.processing, l)}
        </dd>
        <dt>{tx(m.howToApply, l)}</dt>
        <dd>{tx(d.howToApply, l)}</dd>
        <dt>{tx(m.legalBasis, l)}</dt>
        <dd>{tx(d.legalBasis, l)}</dd>
        <dt>{tx(m.category, l)}</dt>
        <dd>
          <a href={listHref({ category: x.category })}>{tx(categories[x.category], l)}</a>
        </dd>
        {x.lifeEvents.length ? (
          <>
            <dt>{tx(m.lifeEvents, l)}</dt>
            <dd>
              {x.lifeEvents.map((e, i) => (
                <>
                  {i ? '、' : ''}
                  <a href={listHref({ lifeEvent: e })}>{tx(lifeEvents[e], l)}</a>
                </>
              ))}
            </dd>
          </>
        ) : null}
        <dt>{tx(m.contact, l)}</dt>
        <dd>
          {tx(x.department.name, l)}
          {x.contactPhone ? (
            <>
              {' '}
              <a href={`tel:${x.contactPhone}`}>{t(m.phone, l, { phone: x.contactPhone })}</a>
            </>
          ) : null}
        </dd>
      </dl>
    </ResidentLayout>
  );
}
