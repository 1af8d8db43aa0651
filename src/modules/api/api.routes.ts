/**
 * Foundation API under /api/v1 and the OpenAPI 3.1 document at /api/openapi.json, which also
 * covers the API routes other modules contribute (their routers are merged in `buildApi`).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { apiAuthentication, apiRouter, audit, requireScope, tenantTx, type AppEnv } from '../../platform/http/index.ts';
import { listAudit } from '../../platform/audit/index.ts';
import { AuditPageSchema, AuditQuerySchema, DepartmentSchema, ErrorSchema, TenantSchema, TokenInfoSchema } from './api.schema.ts';
import { z } from '@hono/zod-openapi';

const errors = {
  400: { description: 'Invalid request; `fields` says what to fix', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Missing, unknown, expired or revoked token', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'The token lacks the scope', content: { 'application/json': { schema: ErrorSchema } } },
  429: { description: 'Rate limited; see Retry-After', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

const security = [{ bearerToken: [] }];

export function foundationApi(): OpenAPIHono<AppEnv> {
  const api = apiRouter();

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/token', tags: ['Foundation'], summary: 'Who is calling: the token\'s name and scopes', security, responses: { 200: { description: 'Token information', content: { 'application/json': { schema: TokenInfoSchema } } }, ...errors } }),
    (c) => {
      const p = c.var.apiPrincipal!;
      return c.json({ name: p.name, scopes: p.scopes }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/municipality', tags: ['Foundation'], summary: 'The municipality this token belongs to (scope tenant:read)', security, responses: { 200: { description: 'Municipality', content: { 'application/json': { schema: TenantSchema } } }, ...errors } }),
    (c) => {
      requireScope(c, 'tenant:read');
      const t = c.var.tenant;
      return c.json({ code: t.code, name: { ja: t.nameJa, en: t.nameEn }, origin: t.origin }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/v1/departments', tags: ['Foundation'], summary: 'Departments (課) of the municipality (scope departments:read)', security, responses: { 200: { description: 'Departments', content: { 'application/json': { schema: z.object({ departments: z.array(DepartmentSchema) }) } } }, ...errors } }),
    async (c) => {
      requireScope(c, 'departments:read');
      const rows = await tenantTx(c, (tx) =>
        tx.query<{ id: string; code: string; name_ja: string; name_en: string }>('SELECT id, code, name_ja, name_en FROM departments WHERE tenant_id = $1 ORDER BY code', [c.var.tenant.code]),
      );
      return c.json({ departments: rows.map((r) => ({ id: r.id, code: r.code, name: { ja: r.name_ja, en: r.name_en } })) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/audit-events',
      tags: ['Foundation'],
      summary: 'Audit log entries, newest first (scope audit:read). Reading is itself audited.',
      security,
      request: { query: AuditQuerySchema },
      responses: { 200: { description: 'A page of audit events', content: { 'application/json': { schema: AuditPageSchema } } }, ...errors },
    }),
    async (c) => {
      const p = requireScope(c, 'audit:read');
      const q = c.req.valid('query');
      const events = await tenantTx(c, async (tx) => {
        const rows = await listAudit(tx, c.var.tenant.code, { limit: q.limit, ...(q.before ? { beforeSeq: BigInt(q.before) } : {}) });
        await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'audit.read', details: { count: rows.length } });
        return rows;
      });
      return c.json(
        {
          events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
          nextBefore: events.length === q.limit ? events[events.length - 1]!.seq : null,
        },
        200,
      );
    },
  );
  return api;
}

/** Mounts every module's API router behind token authentication and serves the OpenAPI document. */
export function buildApi(routers: OpenAPIHono<AppEnv>[]): OpenAPIHono<AppEnv> {
  const api = apiRouter();
  api.use('/api/v1/*', apiAuthentication);
  for (const r of routers) api.route('/', r);
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token issued by a municipality administrator at /staff/admin/api-tokens (format yk_XXXXXXXX_…). The Host name selects the municipality.',
  });
  api.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'yakuba API',
      version: '1.0.0',
      description:
        'JSON API of yakuba for core systems, RPA and other municipal systems. Errors share one shape with a stable `code` and messages in Japanese and English. Each municipality has its own host name and its own tokens.',
    },
  });
  return api;
}
