/** Public part of the procedures API: the catalog and a procedure with its current form. No sign-in. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../../platform/errors/index.ts';
import { tenantTx, type AppEnv } from '../../../platform/http/index.ts';
import { currentForm } from '../forms/forms.service.ts';
import { findProcedures, getProcedure, type Procedure } from '../procedures.service.ts';
import { errors, ProcedureDetailSchema, ProcedureQuery, ProcedureSchema, SlugParam } from './procedures.api.schema.ts';
import { z } from '@hono/zod-openapi';

const tags = ['Procedures (public)'];

export const presentProcedure = (p: Procedure, onlineForm: boolean) => ({
  slug: p.slug,
  nationalNo: p.nationalNo,
  category: p.category,
  lifeEvents: p.lifeEvents,
  name: p.name,
  nameKana: p.nameKana,
  department: p.department.name,
  summary: p.details.summary,
  feeYen: p.feeYen,
  assurance: p.assurance,
  processingDays: p.processingDays,
  contactPhone: p.contactPhone,
  onlineForm,
});

export function mountPublicApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/v1/procedures',
      tags,
      summary: '手続一覧: published procedures, filtered by category or life event and searched in Japanese',
      request: { query: ProcedureQuery },
      responses: { 200: { description: 'Procedures in catalog order', content: { 'application/json': { schema: z.object({ procedures: z.array(ProcedureSchema) }) } } }, 400: errors[400] },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const list = await tenantTx(c, async (tx) => {
        const found = await findProcedures(tx, c.var.tenant.code, { q: q.q, category: q.category, lifeEvent: q.lifeEvent });
        const withForm = new Set((await tx.query<{ procedure_id: string }>('SELECT DISTINCT procedure_id FROM procedure_forms WHERE tenant_id = $1 AND published_at IS NOT NULL', [c.var.tenant.code])).map((r) => r.procedure_id));
        return found.map((p) => presentProcedure(p, withForm.has(p.id)));
      });
      return c.json({ procedures: list }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/v1/procedures/{procedureSlug}',
      tags,
      summary: 'One procedure with everything the catalog page shows, and its current published form',
      request: { params: SlugParam },
      responses: { 200: { description: 'The procedure', content: { 'application/json': { schema: ProcedureDetailSchema } } }, 400: errors[400], 404: errors[404] },
    }),
    async (c) => {
      const { procedureSlug } = c.req.valid('param');
      const found = await tenantTx(c, async (tx) => {
        const p = await getProcedure(tx, c.var.tenant.code, procedureSlug);
        return p ? { p, form: await currentForm(tx, c.var.tenant.code, p.id) } : null;
      });
      if (!found) throw new AppError('not_found');
      const { p, form } = found;
      return c.json({ ...presentProcedure(p, Boolean(form)), details: p.details as unknown as Record<string, unknown>, form: form ? { version: form.version, definition: form.definition as unknown as Record<string, unknown> } : null }, 200);
    },
  );
}
