/**
 * The external JSON API's shared parts: bearer-token authentication (tokens are per municipality,
 * scoped and revocable; only their hash is stored), scope checks, and a router factory whose
 * validation failures become the platform's bilingual validation errors. Every module that offers
 * API routes builds them with `apiRouter()`, so the OpenAPI document is generated from the same
 * zod schemas that validate requests.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors/index.ts';
import { fieldErrors } from '../validation/index.ts';
import { hashToken } from '../crypto/index.ts';
import { withTenant } from '../tenancy/index.ts';
import { hitRateLimit } from './rate-limit.ts';
import type { AppEnv } from './env.ts';

export interface ApiPrincipal {
  tokenId: string;
  name: string;
  scopes: string[];
}

/** Token format: yk_<8-char prefix>_<secret>. The prefix is shown in the admin list to tell tokens apart. */
export const TOKEN_PATTERN = /^yk_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{32,64})$/;

export function apiRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new AppError('validation_failed', { fields: fieldErrors(result.error) });
    },
  });
}

/** Authenticates `Authorization: Bearer …` against the municipality's API tokens. */
export const apiAuthentication: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const m = /^Bearer (\S+)$/.exec(header);
  if (!m || !TOKEN_PATTERN.test(m[1]!)) throw new AppError('unauthenticated');
  const tenant = c.var.tenant.code;
  const principal = await withTenant(c.var.deps.db, tenant, async (tx) => {
    const [row] = await tx.query<{ id: string; name: string; scopes: string[] }>(
      `UPDATE api_tokens SET last_used_at = now()
       WHERE tenant_id = $1 AND token_hash = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
       RETURNING id, name, scopes`,
      [tenant, hashToken(m[1]!)],
    );
    if (row) await hitRateLimit(tx, tenant, { bucket: `api:${row.id}`, max: 1200, windowSeconds: 60 });
    return row;
  });
  if (!principal) throw new AppError('unauthenticated');
  c.set('apiPrincipal', { tokenId: principal.id, name: principal.name, scopes: principal.scopes });
  await next();
};

/** The calling system's token, after checking it carries `scope`. */
export function requireScope(c: { var: { apiPrincipal: ApiPrincipal | null } }, scope: string): ApiPrincipal {
  const p = c.var.apiPrincipal;
  if (!p) throw new AppError('unauthenticated');
  if (!p.scopes.includes(scope)) throw new AppError('forbidden', { message: { ja: `このトークンには権限「${scope}」がありません。`, en: `This token lacks the scope "${scope}".` } });
  return p;
}
