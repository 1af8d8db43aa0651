/** Public catalog pages: /procedures (search, categories, life events) and /procedures/:procedureSlug. */
import { Hono } from 'hono';
import { AppError } from '../../platform/errors/index.ts';
import { pageContext, tenantTx, type AppEnv } from '../../platform/http/index.ts';
import { currentForm } from './forms/forms.service.ts';
import { findProcedures, getProcedure } from './procedures.service.ts';
import { isCategory, isLifeEvent } from './procedures.vocabulary.ts';
import { ProcedureListPage, ProcedurePage } from './views/catalog.tsx';

export const procedureRoutes = new Hono<AppEnv>();

procedureRoutes.get('/procedures', async (c) => {
  const category = c.req.query('category');
  const event = c.req.query('event');
  const query = {
    q: (c.req.query('q') ?? '').slice(0, 200).trim(),
    category: isCategory(category) ? category : undefined,
    lifeEvent: isLifeEvent(event) ? event : undefined,
  };
  const procedures = await tenantTx(c, (tx) => findProcedures(tx, c.var.tenant.code, query));
  return c.html(<ProcedureListPage ctx={pageContext(c)} procedures={procedures} query={query} />);
});

procedureRoutes.get('/procedures/:procedureSlug', async (c) => {
  const slug = c.req.param('procedureSlug');
  const found = /^[a-z0-9][a-z0-9-]{0,63}$/.test(slug)
    ? await tenantTx(c, async (tx) => {
        const procedure = await getProcedure(tx, c.var.tenant.code, slug);
        return procedure ? { procedure, online: Boolean(await currentForm(tx, c.var.tenant.code, procedure.id)) } : null;
      })
    : null;
  if (!found) throw new AppError('not_found');
  const apply = !found.online ? null : c.var.residentSession ? { kind: 'form' as const } : { kind: 'signIn' as const, href: `/login?next=${encodeURIComponent(`/procedures/${slug}`)}` };
  return c.html(<ProcedurePage ctx={pageContext(c)} procedure={found.procedure} apply={apply} />);
});
