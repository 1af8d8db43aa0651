import { Hono } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv, ModuleRoutes } from '../../platform/http/index.ts';
import { buildApi, foundationApi } from './api.routes.ts';
import { tokenRoutes } from './tokens.routes.tsx';

export { createApiToken, revokeApiToken } from './api-tokens.service.ts';
export { apiScopes, type ApiScope } from './api.scopes.ts';

/**
 * The external API: token administration pages, the foundation endpoints, every module router
 * passed in, and /api/openapi.json describing all of them.
 */
export function apiModule(moduleRouters: OpenAPIHono<AppEnv>[] = []): ModuleRoutes {
  const routes = new Hono<AppEnv>();
  routes.route('/', tokenRoutes);
  routes.route('/', buildApi([foundationApi(), ...moduleRouters]));
  return { routes };
}
