/**
 * The procedures API (issue 3, item 10), in the OpenAPI document at /api/openapi.json:
 * - /api/public/v1/…   the catalog and forms, no sign-in;
 * - /api/resident/v1/… the resident's own applications, with the resident session and a CSRF header (ADR 0037);
 * - /api/v1/cases…     the staff side for core systems, with API tokens (scopes cases:read, cases:decide).
 * Routes stay thin: validate (zod) → authorise → one service call → present.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { apiRouter, type AppEnv } from '../../../platform/http/index.ts';
import { mountPublicApi } from './public.api.ts';
import { residentApiAuthentication } from './resident-auth.ts';
import { mountResidentApi } from './resident.api.ts';
import { mountStaffApi } from './staff.api.ts';

export function proceduresApi(): OpenAPIHono<AppEnv> {
  const api = apiRouter();
  api.use('/api/resident/v1/*', residentApiAuthentication);
  api.openAPIRegistry.registerComponent('securitySchemes', 'residentSession', {
    type: 'apiKey',
    in: 'cookie',
    name: 'yakuba-r',
    description:
      'The resident session of the web sign-in (cookie __Host-yakuba-r over https). Same-origin apps only: unsafe methods must also send X-CSRF-Token (from GET /api/resident/v1/session), and a cross-site Origin is refused. The procedure\'s sign-in level (assurance) applies.',
  });
  mountPublicApi(api);
  mountResidentApi(api);
  mountStaffApi(api);
  return api;
}
