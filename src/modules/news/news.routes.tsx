/**
 * Public news routes: /news (filters: category, area, month; paging), /news/:newsId, its images
 * and attachments, and the RSS 2.0 and Atom feeds (also per category). Only published, not
 * withdrawn revisions are ever shown; drafts, pending and scheduled revisions stay on the staff side.
 */
import crypto from 'node:crypto';
import { Hono } from 'hono';
import { listAreas, TOPICS, type Topic } from '../notify/index.ts';
import { AppError, type FieldError } from '../../platform/errors/index.ts';
import { pageContext, tenantTx, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { buildFeed, FEED_SIZE } from './news.feeds.ts';
import { publicText as m } from './news.messages.ts';
import { fileContent, getArticle, isPublic, lastPublicChange, listFiles, listPublished } from './news.service.ts';
import { NewsArticlePage, NewsListPage, type ListQuery } from './views/public.tsx';

export const newsPublicRoutes = new Hono<AppEnv>();

const PAGE_SIZE = 20;

const categoryOf = (v: string | undefined): Topic | '' => ((TOPICS as readonly string[]).includes(v ?? '') ? (v as Topic) : '');

/** "2026-04" (also with 全角 digits) → the month in Japan time as a UTC range, or null. */
export function monthRange(input: string): { from: Date; to: Date } | null {
  const m = /^(\d{4})-(\d{1,2})$/.exec(input.normalize('NFKC').trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12 || y < 2000 || y > 2100) return null;
  return { from: new Date(Date.UTC(y, mo - 1, 1, -9)), to: new Date(Date.UTC(y, mo, 1, -9)) };
}

newsPublicRoutes.get('/news', async (c) => {
  const one = (k: string) => (c.req.query(k) ?? '').slice(0, 50).trim();
  const errors: FieldError[] = [];
  const monthText = one('month');
  const month = monthText ? monthRange(monthText) : null;
  if (monthText && !month) errors.push({ field: 'month', message: m.monthInvalid });
  const page = Math.max(1, Math.min(10_000, Number.parseInt(one('page'), 10) || 1));
  const { areas, result } = await tenantTx(c, async (tx) => {
    const areas = await listAreas(tx, c.var.tenant.code);
    const area = areas.some((a) => a.code === one('area')) ? one('area') : '';
    const result = await listPublished(tx, c.var.tenant.code, { category: categoryOf(one('category')) || undefined, area: area || undefined, month: month ?? undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return { areas, result };
  });
  const query: ListQuery = { category: categoryOf(one('category')), area: areas.some((a) => a.code === one('area')) ? one('area') : '', month: monthText, page };
  return c.html(<NewsListPage ctx={pageContext(c)} rows={result.rows} total={result.total} pageSize={PAGE_SIZE} query={query} areas={areas} errors={errors} />, errors.length ? 400 : 200);
});

/** Sends a feed with validators, so feed readers poll cheaply (304 when nothing changed). */
async function sendFeed(c: Ctx, kind: 'rss' | 'atom') {
  const category = categoryOf(c.req.query('category')) || undefined;
  const { rows, updated } = await tenantTx(c, async (tx) => ({
    rows: (await listPublished(tx, c.var.tenant.code, { category, limit: FEED_SIZE, offset: 0 })).rows,
    updated: await lastPublicChange(tx, c.var.tenant.code),
  }));
  const lastModified = new Date(Math.floor((updated ?? new Date(0)).getTime() / 1000) * 1000);
  const feed = buildFeed({ origin: c.var.tenant.origin, cityJa: c.var.tenant.nameJa, category, rows, updated: lastModified });
  const body = kind === 'rss' ? feed.rss2() : feed.atom1();
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  c.header('Content-Type', kind === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8');
  c.header('ETag', etag);
  c.header('Last-Modified', lastModified.toUTCString());
  c.header('Cache-Control', 'no-cache');
  const since = c.req.header('if-modified-since');
  const inm = c.req.header('if-none-match');
  if (inm ? inm === etag : since && Date.parse(since) >= lastModified.getTime()) return c.body(null, 304);
  return c.body(body, 200);
}

newsPublicRoutes.get('/news/rss.xml', (c) => sendFeed(c, 'rss'));
newsPublicRoutes.get('/news/atom.xml', (c) => sendFeed(c, 'atom'));

newsPublicRoutes.get('/news/:newsId', async (c) => {
  const page = await tenantTx(c, async (tx) => {
    const a = await getArticle(tx, c.var.tenant.code, c.req.param('newsId'));
    if (!a || !isPublic(a)) return null;
    return { a, files: await listFiles(tx, c.var.tenant.code, a.id, a.live.revision), areas: await listAreas(tx, c.var.tenant.code) };
  });
  if (!page) throw new AppError('not_found');
  const { a } = page;
  c.header('Last-Modified', (a.withdrawnAt ?? a.publishedAt ?? new Date()).toUTCString());
  return c.html(<NewsArticlePage ctx={pageContext(c)} id={a.id} revision={a.live} firstPublishedAt={a.firstPublishedAt!} publishedAt={a.publishedAt!} department={a.department} files={page.files} areas={page.areas} />);
});

newsPublicRoutes.get('/news/:newsId/files/:fileId', async (c) => {
  const file = await tenantTx(c, async (tx) => {
    const a = await getArticle(tx, c.var.tenant.code, c.req.param('newsId'));
    if (!a || !isPublic(a)) return null;
    return fileContent(tx, c.var.tenant.code, a.id, c.req.param('fileId'), a.live.revision);
  });
  if (!file) throw new AppError('not_found');
  return sendFile(c, file);
});

/** Serves a stored (checked) file: images inline, PDFs as downloads, never sniffed, sandboxed. */
export function sendFile(c: Ctx, file: { content: Buffer; contentType: string; filename: string; kind: string }) {
  c.header('Content-Type', file.contentType);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Security-Policy', 'sandbox; default-src \'none\'');
  c.header('Cache-Control', 'private, max-age=300');
  const disposition = file.kind === 'attachment' ? 'attachment' : 'inline';
  c.header('Content-Disposition', `${disposition}; filename="${file.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  return c.body(new Uint8Array(file.content), 200);
}
