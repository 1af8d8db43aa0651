/**
 * Assembles the HTTP application: the platform pipeline, operational endpoints, then each module's
 * routes. Modules contribute Hono sub-apps through their public index.
 */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { pendingMigrations } from '../db/index.ts';
import { AppError } from '../errors/index.ts';
import { assetRoutes } from './assets.ts';
import type { AppEnv, Deps } from './env.ts';
import type { MiddlewareHandler } from 'hono';
import type { Navigation, SiteBanner } from '../ui/index.ts';
import type { Ctx } from './context.ts';
import type { JobHandler } from '../jobs/index.ts';
import { handleError, renderError } from './error-pages.tsx';
import { chooseLanguage, csrfProtection, limitBody, loadSessions, requestContext, resolveMunicipality, securityHeaders } from './pipeline.ts';

export interface ModuleRoutes {
  /** Mounted at the root; a module's routes carry their own prefixes. */
  routes: Hono<AppEnv>;
  /** Services to list on the resident and staff home pages. */
  links?: Partial<Navigation>;
  /** Background job handlers by queue name, run by the platform's worker; a function receives the
   *  platform's dependencies (mailer, keyring, configuration) for handlers that need them. */
  jobs?: Record<string, JobHandler> | ((deps: Deps) => Record<string, JobHandler>);
  /**
   * Site-wide banners for every page of the municipality (resident and staff), e.g. emergency
   * alerts. Called once per page request, so a provider must be cheap (cache per municipality).
   */
  banner?: (c: Ctx) => Promise<SiteBanner[]>;
}

/**
 * Collects the banners of every provider for page requests. A failing provider is logged and
 * skipped: a page without its banner is better than no page at all.
 */
function collectBanners(providers: NonNullable<ModuleRoutes['banner']>[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (providers.length && c.var.tenant && !c.req.path.startsWith('/api/')) {
      const banners: SiteBanner[] = [];
      for (const provide of providers) {
        try {
          banners.push(...(await provide(c)));
        } catch (err) {
          c.var.log.error({ err }, 'banner provider failed');
        }
      }
      c.set('banners', banners);
    }
    await next();
  };
}

/** Collects every module's home-page links, in module order. */
export function navigationOf(modules: ModuleRoutes[]): Navigation {
  return { resident: modules.flatMap((m) => m.links?.resident ?? []), staff: modules.flatMap((m) => m.links?.staff ?? []) };
}

export function createApp(deps: Deps, assets: Map<string, { body: Buffer; type: string }>, modules: ModuleRoutes[]): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', requestContext);
  // The language comes from a cookie alone, so it is chosen before anything can refuse the request
  // (a body over the limit is told so in the reader's language).
  app.use('*', chooseLanguage);
  app.use('*', securityHeaders);
  app.use('*', compress());
  app.use('*', limitBody(deps.config.BODY_LIMIT_BYTES, deps.config.UPLOAD_LIMIT_BYTES));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await deps.db.query('SELECT 1');
      const pending = await pendingMigrations(deps.db);
      if (pending.length) return c.json({ status: 'migrations pending', pending }, 503);
      return c.json({ status: 'ready' });
    } catch {
      return c.json({ status: 'database unavailable' }, 503);
    }
  });
  app.get('/metrics', async (c) => {
    const token = deps.config.METRICS_TOKEN;
    const auth = c.req.header('authorization');
    const remote = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? '';
    const allowed = token ? auth === `Bearer ${token}` : /^(127\.|::1$|::ffff:127\.)/.test(remote);
    if (!allowed) throw new AppError('forbidden');
    c.header('Content-Type', deps.metrics.registry.contentType);
    return c.body(await deps.metrics.registry.metrics());
  });
  app.route('/', assetRoutes(assets));

  app.use('*', resolveMunicipality);
  app.use('*', loadSessions);
  app.use('*', csrfProtection);
  app.use('*', collectBanners(modules.flatMap((m) => (m.banner ? [m.banner] : []))));

  for (const m of modules) app.route('/', m.routes);

  app.notFound((c) => renderError(c, new AppError('not_found')));
  app.onError(handleError);
  return app;
}
