/** Public pages: the news list with filters and paging, and one article with images and attachments. */
import { topicLabel, TOPICS, type Area, type Topic } from '../../notify/index.ts';
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { ErrorSummary, ResidentLayout, SelectInput, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { excerpt, NewsBody } from '../news.body.tsx';
import { publicText as m } from '../news.messages.ts';
import type { NewsFile, PublicListRow, Revision } from '../news.service.ts';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

export const formatDate = (d: Date, l: Locale) => new Intl.DateTimeFormat(l === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'long', timeZone: 'Asia/Tokyo' }).format(d);
export const formatDateTime = (d: Date, l: Locale) => new Intl.DateTimeFormat(l === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(d);
export const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** Title in the page language; English pages fall back to the Japanese title, marked as Japanese. */
export function localTitle(r: { titleJa: string; titleEn: string }, l: Locale): { text: string; lang: string | undefined } {
  if (l === 'en' && r.titleEn) return { text: r.titleEn, lang: undefined };
  return { text: r.titleJa, lang: l === 'en' ? 'ja' : undefined };
}

export interface ListQuery {
  category: Topic | '';
  area: string;
  month: string;
  page: number;
}

export function listHref(q: Partial<ListQuery>): string {
  const s = new URLSearchParams();
  if (q.category) s.set('category', q.category);
  if (q.area) s.set('area', q.area);
  if (q.month) s.set('month', q.month);
  if (q.page && q.page > 1) s.set('page', String(q.page));
  const qs = s.toString();
  return qs ? `/news?${qs}` : '/news';
}

export function feedLinks(l: Locale, category: Topic | '') {
  const suffix = category ? `?category=${category}` : '';
  const name = category ? tx(topicLabel[category], l) : '';
  return [
    { href: `/news/rss.xml${suffix}`, type: 'application/rss+xml', title: category ? t(m.rssCategory, l, { category: name }) : tx(m.rss, l) },
    { href: `/news/atom.xml${suffix}`, type: 'application/atom+xml', title: category ? t(m.atomCategory, l, { category: name }) : tx(m.atom, l) },
  ];
}

function AreaNames(p: { codes: string[]; areas: Area[]; l: Locale }) {
  if (!p.codes.length) return <>{tx(m.wholeCity, p.l)}</>;
  return <>{p.codes.map((c) => (p.areas.find((a) => a.code === c) ? tx(p.areas.find((a) => a.code === c)!.name, p.l) : c)).join('・')}</>;
}

export function NewsListPage(p: { ctx: PageContext; rows: PublicListRow[]; total: number; pageSize: number; query: ListQuery; areas: Area[]; errors: FieldError[] }) {
  const l = p.ctx.locale;
  const q = p.query;
  const from = (q.page - 1) * p.pageSize;
  const lastPage = Math.max(1, Math.ceil(p.total / p.pageSize));
  const feeds = feedLinks(l, q.category);
  return (
    <ResidentLayout ctx={p.ctx} title={tx(m.title, l)} alternates={feeds}>
      <h1>{tx(m.title, l)}</h1>
      <p>{tx(m.lead, l)}</p>
      <ErrorSummary errors={p.errors} locale={l} />
      <form method="get" action="/news" role="search" aria-label={tx(m.filters, l)} class="search-form">
        <SelectInput name="category" label={m.category} locale={l} value={q.category} options={[{ value: '', label: m.anyCategory }, ...TOPICS.map((c) => ({ value: c, label: topicLabel[c] }))]} />
        <SelectInput name="area" label={m.areas} locale={l} value={q.area} options={[{ value: '', label: m.anyArea }, ...p.areas.map((a) => ({ value: a.code, label: a.name }))]} />
        <TextInput name="month" label={m.month} locale={l} value={q.month} errors={p.errors} class="input-short" maxlength={7} inputmode="numeric" />
        <button type="submit" class="btn btn-primary">{tx(m.apply, l)}</button>
        {q.category || q.area || q.month ? (
          <p>
            <a href="/news">{tx(m.clear, l)}</a>
          </p>
        ) : null}
      </form>
      {p.rows.length ? (
        <>
          <p role="status">{t(m.count, l, { total: p.total, from: from + 1, to: from + p.rows.length })}</p>
          <ul class="card-list news-list">
            {p.rows.map((r) => {
              const title = localTitle(r, l);
              return (
                <li class="card">
                  <h2>
                    <a href={`/news/${r.id}`} lang={title.lang}>{title.text}</a>
                  </h2>
                  <p class="muted">
                    <time datetime={r.firstPublishedAt.toISOString()}>{formatDate(r.firstPublishedAt, l)}</time>
                    {' ・ '}
                    {tx(topicLabel[r.category], l)}
                    {' ・ '}
                    <AreaNames codes={r.areas} areas={p.areas} l={l} />
                  </p>
                  <p lang={l === 'en' && !r.bodyEn ? 'ja' : undefined}>{excerpt(l === 'en' && r.bodyEn ? r.bodyEn : r.bodyJa)}</p>
                </li>
              );
            })}
          </ul>
          {lastPage > 1 ? (
            <nav class="pager" aria-label={tx(m.pages, l)}>
              <ul>
                {q.page > 1 ? (
                  <li>
                    <a href={listHref({ ...q, page: q.page - 1 })} rel="prev">{tx(m.prev, l)}</a>
                  </li>
                ) : null}
                {q.page < lastPage ? (
                  <li>
                    <a href={listHref({ ...q, page: q.page + 1 })} rel="next">{tx(m.next, l)}</a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </>
      ) : (
        <p role="status">{tx(m.none, l)}</p>
      )}
      <section aria-labelledby="feeds-title">
        <h2 id="feeds-title">{tx(m.feeds, l)}</h2>
        <p>{tx(m.feedsLead, l)}</p>
        <ul>
          {(q.category ? [...feedLinks(l, ''), ...feeds] : feeds).map((f) => (
            <li>
              <a href={f.href} type={f.type}>{f.title}</a>
            </li>
          ))}
          <li>
            <a href="/subscribe">{tx(m.subscribe, l)}</a>
          </li>
        </ul>
      </section>
    </ResidentLayout>
  );
}

export function NewsArticlePage(p: { ctx: PageContext; id: string; revision: Revision; firstPublishedAt: Date; publishedAt: Date; department: Text; files: NewsFile[]; areas: Area[] }) {
  const l = p.ctx.locale;
  const r = p.revision;
  const title = localTitle(r, l);
  const english = l === 'en' && r.bodyEn !== '';
  const images = p.files.filter((f) => f.kind === 'image');
  const attachments = p.files.filter((f) => f.kind === 'attachment');
  return (
    <ResidentLayout ctx={p.ctx} title={title.text} alternates={feedLinks(l, r.category)}>
      <p>
        <a href="/news">{tx(m.backToList, l)}</a>
      </p>
      <article aria-labelledby="news-title">
        <h1 id="news-title" lang={title.lang}>{title.text}</h1>
        <dl class="dl">
          <dt>{tx(m.published, l)}</dt>
          <dd>
            <time datetime={p.firstPublishedAt.toISOString()}>{formatDate(p.firstPublishedAt, l)}</time>
          </dd>
          {p.publishedAt.getTime() - p.firstPublishedAt.getTime() > 60_000 ? (
            <>
              <dt>{tx(m.updated, l)}</dt>
              <dd>
                <time datetime={p.publishedAt.toISOString()}>{formatDate(p.publishedAt, l)}</time>
              </dd>
            </>
          ) : null}
          <dt>{tx(m.category, l)}</dt>
          <dd>
            <a href={listHref({ category: r.category })}>{tx(topicLabel[r.category], l)}</a>
          </dd>
          <dt>{tx(m.areas, l)}</dt>
          <dd>
            <AreaNames codes={r.areas} areas={p.areas} l={l} />
          </dd>
          <dt>{tx(m.department, l)}</dt>
          <dd>{tx(p.department, l)}</dd>
        </dl>
        {l === 'en' && !english ? <p class="notice">{tx(m.onlyJapanese, l)}</p> : null}
        {r.summaryEasy ? (
          <section aria-labelledby="easy-title" class="card" lang="ja">
            <h2 id="easy-title">{tx(m.easy, 'ja')}</h2>
            <NewsBody body={r.summaryEasy} />
          </section>
        ) : null}
        <NewsBody body={english ? r.bodyEn : r.bodyJa} lang={l === 'en' && !english ? 'ja' : undefined} />
        {images.length ? (
          <ul class="photo-list">
            {images.map((f) => (
              <li>
                <img class="place-photo" src={`/news/${p.id}/files/${f.id}`} alt={l === 'en' && f.altEn ? f.altEn : f.altJa} width={f.width ?? undefined} height={f.height ?? undefined} loading="lazy" />
              </li>
            ))}
          </ul>
        ) : null}
        {attachments.length ? (
          <section aria-labelledby="attachments-title">
            <h2 id="attachments-title">{tx(m.attachments, l)}</h2>
            <ul>
              {attachments.map((f) => (
                <li>
                  <a href={`/news/${p.id}/files/${f.id}`} download={f.filename} type="application/pdf">
                    {f.filename}
                  </a>{' '}
                  （{t(m.pdf, l, { size: formatSize(f.bytes) })}）
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>
    </ResidentLayout>
  );
}
