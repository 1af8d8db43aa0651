/**
 * JSON API for news, in the OpenAPI document. Reading published news is public (no token):
 * GET /api/public/news and /api/public/news/{id}. Writing needs a token: news:write creates,
 * edits and sends for publication; news:approve approves and withdraws. A token cannot approve
 * what it wrote or sent (approver ≠ author holds for systems too), and the same validation,
 * events and audit entries apply as on the staff pages.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { listAreas, TOPICS } from '../notify/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { apiRouter, clientIp, requireScope, tenantTx, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { monthRange } from './news.routes.tsx';
import { BODY_MAX, parseContent, SUMMARY_MAX, TITLE_MAX } from './news.schema.ts';
import { apiActor, approveRevision, createArticle, getArticle, isPublic, listFiles, listPublished, saveContent, submitRevision, withdrawArticle, type Article, type Revision } from './news.service.ts';

const errorRef = { $ref: '#/components/schemas/Error' } as const;
const errors = {
  400: { description: 'Invalid request; `fields` names each problem', content: { 'application/json': { schema: errorRef } } },
  401: { description: 'Missing, unknown, expired or revoked token', content: { 'application/json': { schema: errorRef } } },
  403: { description: 'The token lacks the scope, or would approve its own news', content: { 'application/json': { schema: errorRef } } },
  404: { description: 'No such news in this municipality', content: { 'application/json': { schema: errorRef } } },
  409: { description: 'The news is not in a state that allows this', content: { 'application/json': { schema: errorRef } } },
} as const;
const security = [{ bearerToken: [] }];
const tags = ['News'];

const Text = z.object({ ja: z.string(), en: z.string() });

const PublishedNews = z
  .object({
    id: z.string().uuid(),
    revision: z.number().int(),
    category: z.enum(TOPICS),
    areas: z.array(z.string()).openapi({ description: '地区 codes; empty: the whole municipality' }),
    title: Text,
    body: Text.openapi({ description: 'Plain text; an empty line separates paragraphs. `en` is empty when there is no English version.' }),
    summaryEasy: z.string().openapi({ description: 'Summary in やさしい日本語, may be empty' }),
    department: Text,
    firstPublishedAt: z.string(),
    publishedAt: z.string(),
    url: z.string().openapi({ description: 'The public page' }),
    files: z.array(z.object({ id: z.string().uuid(), kind: z.enum(['image', 'attachment']), contentType: z.string(), filename: z.string(), bytes: z.number().int(), alt: Text, url: z.string() })).optional(),
  })
  .openapi('PublishedNews');

const NewsStatus = z
  .object({
    id: z.string().uuid(),
    published: z.boolean().openapi({ description: 'Visible to the public now' }),
    liveRevision: z.number().int().nullable(),
    withdrawn: z.boolean(),
    working: z
      .object({ revision: z.number().int(), state: z.enum(['draft', 'pending', 'returned', 'scheduled']), publishAt: z.string().nullable(), returnComment: z.string() })
      .nullable()
      .openapi({ description: 'The revision being worked on, if any' }),
  })
  .openapi('NewsStatus');

const ContentBody = z
  .object({
    titleJa: z.string().openapi({ description: `Required, at most ${TITLE_MAX} characters`, example: '令和8年度 防災訓練のお知らせ' }),
    titleEn: z.string().optional(),
    bodyJa: z.string().openapi({ description: `Required plain text, at most ${BODY_MAX} characters` }),
    bodyEn: z.string().optional(),
    summaryEasy: z.string().optional().openapi({ description: `やさしい日本語, at most ${SUMMARY_MAX} characters` }),
    category: z.enum(TOPICS),
    areas: z.array(z.string()).optional(),
    publishAt: z.string().optional().openapi({ description: 'Japan time, "2026-12-01 09:00"; empty: as soon as it is released' }),
    renotify: z.boolean().optional().openapi({ description: 'For a later revision: notify subscribers again' }),
  })
  .openapi('NewsContent');

/** C0 controls and DEL: never part of a code; NUL in a query parameter would make the database refuse the query. */
const CONTROL = /[\u0000-\u001F\u007F]/;

const idParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

function presentPublished(origin: string, a: Article & { live: Revision }, files?: Awaited<ReturnType<typeof listFiles>>) {
  const r = a.live;
  return {
    id: a.id,
    revision: r.revision,
    category: r.category,
    areas: r.areas,
    title: { ja: r.titleJa, en: r.titleEn },
    body: { ja: r.bodyJa, en: r.bodyEn },
    summaryEasy: r.summaryEasy,
    department: a.department,
    firstPublishedAt: a.firstPublishedAt!.toISOString(),
    publishedAt: a.publishedAt!.toISOString(),
    url: `${origin}/news/${a.id}`,
    ...(files ? { files: files.map((f) => ({ id: f.id, kind: f.kind, contentType: f.contentType, filename: f.filename, bytes: f.bytes, alt: { ja: f.altJa, en: f.altEn }, url: `${origin}/news/${a.id}/files/${f.id}` })) } : {}),
  };
}

function presentStatus(a: Article) {
  const w = a.working;
  return {
    id: a.id,
    published: isPublic(a),
    liveRevision: a.liveRevision,
    withdrawn: a.withdrawnAt !== null,
    working: w ? { revision: w.revision, state: w.state as 'draft' | 'pending' | 'returned' | 'scheduled', publishAt: w.publishAt?.toISOString() ?? null, returnComment: w.returnComment } : null,
  };
}

async function statusOf(c: Ctx, id: string) {
  const a = await tenantTx(c, (tx) => getArticle(tx, c.var.tenant.code, id));
  if (!a) throw new AppError('not_found');
  return presentStatus(a);
}

export function newsApi(): OpenAPIHono<AppEnv> {
  const api = apiRouter();

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/news',
      tags,
      summary: 'Published news, newest first (public, no token)',
      request: {
        query: z.object({
          category: z.enum(TOPICS).optional().openapi({ param: { name: 'category', in: 'query' } }),
          area: z.string().max(50).optional().openapi({ param: { name: 'area', in: 'query' }, description: 'A 地区 code; whole-city news is included' }),
          month: z.string().max(7).optional().openapi({ param: { name: 'month', in: 'query' }, example: '2026-04' }),
          limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ param: { name: 'limit', in: 'query' } }),
          offset: z.coerce.number().int().min(0).max(100_000).default(0).openapi({ param: { name: 'offset', in: 'query' } }),
        }),
      },
      responses: { 200: { description: 'A page of news', content: { 'application/json': { schema: z.object({ total: z.number().int(), news: z.array(PublishedNews) }) } } }, 400: errors[400] },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const month = q.month ? monthRange(q.month) : undefined;
      if (month === null) throw new AppError('validation_failed', { fields: [{ field: 'month', message: { ja: '「month」は 2026-04 のように年と月で指定してください。', en: 'Give month as year and month, like 2026-04.' } }] });
      // A control character (NUL above all) cannot be a 地区 code, and the database refuses NUL in text.
      if (q.area && CONTROL.test(q.area)) throw new AppError('validation_failed', { fields: [{ field: 'area', message: { ja: '「area」は地区のコード（例: honmachi）で指定してください。制御文字は使えません。', en: 'Give area as an area code, like honmachi, without control characters.' } }] });
      const r = await tenantTx(c, (tx) => listPublished(tx, c.var.tenant.code, { category: q.category, area: q.area, month, limit: q.limit, offset: q.offset }));
      const origin = c.var.tenant.origin;
      return c.json(
        {
          total: r.total,
          news: r.rows.map((row) => ({
            id: row.id,
            revision: row.revision,
            category: row.category,
            areas: row.areas,
            title: { ja: row.titleJa, en: row.titleEn },
            body: { ja: row.bodyJa, en: row.bodyEn },
            summaryEasy: row.summaryEasy,
            department: row.department,
            firstPublishedAt: row.firstPublishedAt.toISOString(),
            publishedAt: row.publishedAt.toISOString(),
            url: `${origin}/news/${row.id}`,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/public/news/{id}', tags, summary: 'One published news item with its files (public, no token)', request: { params: idParam }, responses: { 200: { description: 'The news', content: { 'application/json': { schema: PublishedNews } } }, 404: errors[404] } }),
    async (c) => {
      const found = await tenantTx(c, async (tx) => {
        const a = await getArticle(tx, c.var.tenant.code, c.req.valid('param').id);
        if (!a || !isPublic(a)) return null;
        return { a, files: await listFiles(tx, c.var.tenant.code, a.id, a.live.revision) };
      });
      if (!found) throw new AppError('not_found');
      return c.json(presentPublished(c.var.tenant.origin, found.a, found.files), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/news',
      tags,
      summary: 'Create a news draft (scope news:write)',
      security,
      request: { body: { content: { 'application/json': { schema: ContentBody.extend({ departmentCode: z.string().max(50).openapi({ description: 'The department (課) code, see /api/v1/departments' }) }) } } } },
      responses: { 201: { description: 'Created', content: { 'application/json': { schema: NewsStatus } } }, ...errors },
    }),
    async (c) => {
      const p = requireScope(c, 'news:write');
      const body = c.req.valid('json');
      const id = await tenantTx(c, async (tx) => {
        const tenant = c.var.tenant.code;
        const [dept] = CONTROL.test(body.departmentCode) ? [] : await tx.query<{ id: string }>('SELECT id FROM departments WHERE tenant_id = $1 AND code = $2', [tenant, body.departmentCode]);
        if (!dept) throw new AppError('validation_failed', { fields: [{ field: 'departmentCode', message: { ja: '「departmentCode」に該当する課がありません。', en: 'No department has this departmentCode.' } }] });
        const content = parseContent(body, (await listAreas(tx, tenant)).map((a) => a.code));
        return createArticle(tx, tenant, { departmentId: dept.id, content }, apiActor(p.tokenId, clientIp(c)));
      });
      return c.json(await statusOf(c, id), 201);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/news/{id}', tags, summary: 'State of a news item, published or not (scope news:write)', security, request: { params: idParam }, responses: { 200: { description: 'State', content: { 'application/json': { schema: NewsStatus } } }, ...errors } }),
    async (c) => {
      requireScope(c, 'news:write');
      return c.json(await statusOf(c, c.req.valid('param').id), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/news/{id}',
      tags,
      summary: 'Replace the content of the working revision (a new revision for published news; scope news:write)',
      description: 'A revision that was waiting for approval or scheduled goes back to draft and must be sent again.',
      security,
      request: { params: idParam, body: { content: { 'application/json': { schema: ContentBody } } } },
      responses: { 200: { description: 'Saved', content: { 'application/json': { schema: NewsStatus } } }, ...errors },
    }),
    async (c) => {
      const p = requireScope(c, 'news:write');
      const id = c.req.valid('param').id;
      await tenantTx(c, async (tx) => {
        const tenant = c.var.tenant.code;
        if (!(await getArticle(tx, tenant, id))) throw new AppError('not_found');
        await saveContent(tx, tenant, id, parseContent(c.req.valid('json'), (await listAreas(tx, tenant)).map((a) => a.code)), apiActor(p.tokenId, clientIp(c)));
      });
      return c.json(await statusOf(c, id), 200);
    },
  );

  const action = (path: string, summary: string, scope: 'news:write' | 'news:approve', run: (c: Ctx, id: string, actor: ReturnType<typeof apiActor>) => Promise<unknown>) =>
    api.openapi(
      createRoute({ method: 'post', path, tags, summary, security, request: { params: idParam }, responses: { 200: { description: 'The new state', content: { 'application/json': { schema: NewsStatus } } }, ...errors } }),
      async (c) => {
        const p = requireScope(c, scope);
        const id = c.req.valid('param').id;
        await run(c, id, apiActor(p.tokenId, clientIp(c)));
        c.var.deps.worker.nudge();
        return c.json(await statusOf(c, id), 200);
      },
    );

  action('/api/v1/news/{id}/submit', 'Send for publication; published at once (or at publishAt) when the category needs no approval (scope news:write)', 'news:write', (c, id, actor) =>
    tenantTx(c, (tx) => submitRevision(tx, c.var.tenant.code, id, actor, c.var.tenant.origin)),
  );
  action('/api/v1/news/{id}/approve', 'Approve and publish (or schedule) the pending revision; not by the token that wrote or sent it (scope news:approve)', 'news:approve', (c, id, actor) =>
    tenantTx(c, (tx) => approveRevision(tx, c.var.tenant.code, id, actor, c.var.tenant.origin)),
  );
  action('/api/v1/news/{id}/withdraw', 'Withdraw (unpublish) a published news item (scope news:approve)', 'news:approve', (c, id, actor) => tenantTx(c, (tx) => withdrawArticle(tx, c.var.tenant.code, id, actor)));

  return api;
}
