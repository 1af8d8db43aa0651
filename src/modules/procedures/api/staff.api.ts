/**
 * Staff part of the procedures API, for core systems and RPA with a municipality's API token:
 * the inbox (scope cases:read), a case with its answers (cases:read; every read is audit-logged as
 * a personal-data read), and a step of the approval route recorded for a named staff member
 * (cases:decide), checked exactly like the staff pages; accepted cases as CSV for core systems
 * (cases:export), marked as exported, and any earlier batch again byte for byte.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { loadStaffPrincipal } from '../../../platform/auth/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import { audit, requireScope, tenantTx, tenantTxWithCipher, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import { applicationEvents, getApplication, type Application } from '../applications.service.ts';
import { rendition } from '../attachments/attachments.routes.ts';
import { readAttachment } from '../attachments/attachments.service.ts';
import { getApprovalRoute } from '../cases/approval-route.ts';
import { actOnStep } from '../cases/approvals.service.ts';
import { listCases } from '../cases/cases.service.ts';
import { nameSearchToken } from '../cases/search-tokens.ts';
import { getProcedureById } from '../procedures.service.ts';
import { contentDisposition } from '../documents/documents.service.ts';
import { exportAcceptedCases, exportBatchFile, getExportBatch, listExportBatches, type ExportBatch } from '../export/export.service.ts';
import { ApplicationParam, AttachmentParam, BatchParam, CaseQuery, CaseRowSchema, CaseSchema, ExportBatchSchema, ExportBody, fileResponse, staffErrors, StepBody, StepResultSchema } from './procedures.api.schema.ts';

const tags = ['Cases (staff systems)'];
const security = [{ bearerToken: [] }];
const conflict = { 409: { description: 'The case is not waiting for this (withdrawn, decided, or waiting for a correction)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } };

/** Loads a case, audit-logging the read of its personal data in the same transaction. */
async function readCase(c: Ctx, id: string, tokenId: string, reason: string) {
  return tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const app = await getApplication(tx, cipher, tenant, id);
    if (!app || app.status === 'draft') throw new AppError('not_found');
    const procedure = (await getProcedureById(tx, tenant, app.procedureId))!;
    const events = await applicationEvents(tx, tenant, app.id);
    await audit(c, tx, { actorKind: 'api', actorId: tokenId, action: 'application.read', recordType: 'application', recordId: app.id, reason });
    return presentCase(app, procedure, events);
  });
}

function presentCase(app: Application, procedure: NonNullable<Awaited<ReturnType<typeof getProcedureById>>>, events: Awaited<ReturnType<typeof applicationEvents>>) {
  return {
    id: app.id,
    procedure: procedure.slug,
    procedureName: procedure.name,
    department: procedure.department.name,
    residentId: app.residentId,
    formVersion: app.formVersion,
    status: app.status,
    answers: app.answers,
    receiptNumber: app.receiptNumber,
    duplicateOf: app.duplicateOf,
    submittedAt: app.submittedAt?.toISOString() ?? null,
    decidedAt: app.decidedAt?.toISOString() ?? null,
    timeline: events.map((e) => ({ at: e.at.toISOString(), status: e.status, actorKind: e.actorKind, note: e.note })),
  };
}

const csv = (bytes: Buffer, encoding: string, name: ExportBatch['procedureName'], filename: string, headers: Record<string, string> = {}) =>
  new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      'content-type': `text/csv; charset=${encoding === 'utf-8' ? 'utf-8' : 'Shift_JIS'}`,
      'content-disposition': contentDisposition({ ja: name.ja, en: 'cases' }, filename),
      'cache-control': 'private, no-store',
      ...headers,
    },
  });

const presentBatch = (b: ExportBatch) => ({
  id: b.id, procedureName: b.procedureName, createdAt: b.createdAt.toISOString(), scope: b.scope, encoding: b.encoding, count: b.count, sha256: b.sha256, filename: b.filename, exportedBy: { kind: b.actorKind, id: b.actorId },
});
const csvResponse = { description: 'The CSV file (headers X-Export-Batch, X-Export-Count, X-Export-Sha256)', content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } } };

export function mountStaffApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cases',
      tags,
      summary: 'The inbox: submitted applications of every department, newest first, filtered and paged (scope cases:read)',
      security,
      request: { query: CaseQuery },
      responses: { 200: { description: 'A page of cases', content: { 'application/json': { schema: z.object({ cases: z.array(CaseRowSchema), nextOffset: z.number().int().nullable() }) } } }, ...staffErrors },
    }),
    async (c) => {
      requireScope(c, 'cases:read');
      const q = c.req.valid('query');
      const page = await tenantTxWithCipher(c, (tx, cipher) =>
        listCases(tx, c.var.tenant.code, {
          departmentIds: null,
          departmentId: q.department,
          status: q.status,
          procedureId: q.procedure,
          from: q.from,
          to: q.to,
          duplicatesOnly: Boolean(q.duplicates),
          correctionOverdue: Boolean(q.correctionOverdue),
          assignee: q.assignee,
          receiptNumber: q.receiptNumber,
          nameToken: q.name ? (nameSearchToken(cipher, q.name) ?? undefined) : undefined,
          offset: q.offset,
          limit: q.limit,
        }),
      );
      return c.json(
        {
          cases: page.rows.map((r) => ({ id: r.id, receiptNumber: r.receiptNumber, procedureName: r.procedureName, departmentName: r.departmentName, status: r.status, submittedAt: r.submittedAt.toISOString(), duplicate: r.duplicate, assigneeName: r.assigneeName, correctionOverdue: r.correctionOverdue })),
          nextOffset: page.more ? q.offset + q.limit : null,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cases/{applicationId}',
      tags,
      summary: 'One case with its answers and history (scope cases:read). Each read is recorded in the audit log.',
      security,
      request: { params: ApplicationParam },
      responses: { 200: { description: 'The case', content: { 'application/json': { schema: CaseSchema } } }, ...staffErrors },
    }),
    async (c) => {
      const p = requireScope(c, 'cases:read');
      return c.json(await readCase(c, c.req.valid('param').applicationId, p.tokenId, `api token ${p.name}`), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cases/{applicationId}/attachments/{attachmentId}',
      tags,
      summary: "A file attached to a case, as the applicant's answer names it (scope cases:read). Each read is recorded in the audit log.",
      security,
      request: { params: AttachmentParam },
      responses: { 200: fileResponse, ...staffErrors },
    }),
    async (c) => {
      const p = requireScope(c, 'cases:read');
      const { applicationId, attachmentId } = c.req.valid('param');
      const file = await tenantTxWithCipher(c, async (tx, cipher) => {
        const tenant = c.var.tenant.code;
        const app = await getApplication(tx, cipher, tenant, applicationId);
        if (!app || app.status === 'draft') return null;
        const found = await readAttachment(tx, cipher, tenant, app.id, attachmentId);
        if (found) await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'application.attachment.read', recordType: 'application_attachment', recordId: found.id, reason: `api token ${p.name}`, details: { application: app.id, field: found.field } });
        return found;
      });
      if (!file) throw new AppError('not_found');
      return rendition(c, file);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{applicationId}/steps',
      tags,
      summary: 'Record a step of the approval route (起案 → 審査 → 決裁) for a staff member: approve, return or reject (scope cases:decide)',
      security,
      request: { params: ApplicationParam, body: { required: true, content: { 'application/json': { schema: StepBody } } } },
      responses: { 200: { description: 'The step was recorded', content: { 'application/json': { schema: StepResultSchema } } }, ...staffErrors, ...conflict },
    }),
    async (c) => {
      const p = requireScope(c, 'cases:decide');
      const body = c.req.valid('json');
      const id = c.req.valid('param').applicationId;
      const outcome = await tenantTxWithCipher(c, async (tx, cipher) => {
        const tenant = c.var.tenant.code;
        const app = await getApplication(tx, cipher, tenant, id, { lock: true });
        if (!app || app.status === 'draft') throw new AppError('not_found');
        const staff = await loadStaffPrincipal(tx, tenant, body.staffId);
        if (!staff || staff.status !== 'active')
          throw new AppError('validation_failed', { fields: [{ field: 'staffId', message: { ja: '「staffId」はこの自治体の有効な職員のIDにしてください。', en: 'staffId must be an active staff member of this municipality.' } }] });
        const procedure = (await getProcedureById(tx, tenant, app.procedureId))!;
        const result = await actOnStep(tx, tenant, app, {
          action: body.action,
          staff,
          departmentId: procedure.department.id,
          procedureRoute: await getApprovalRoute(tx, tenant, procedure.id),
          note: body.note.trim(),
          mail: { procedureName: procedure.name, tenantName: c.var.tenant.nameJa, link: `${c.var.tenant.origin}/applications/${app.id}` },
        });
        await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: `application.step.${body.action}`, recordType: 'application', recordId: app.id, reason: `case ${app.receiptNumber}`, details: { staffId: staff.id, outcome: result } });
        return result;
      });
      c.var.deps.worker.nudge();
      return c.json({ outcome, case: await readCase(c, id, p.tokenId, `after step by api token ${p.name}`) }, 200);
    },
  );


  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/case-exports',
      tags,
      summary: 'Export accepted cases of a procedure as CSV and mark them exported (scope cases:export)',
      description: 'Each call records a batch; with scope "new" a case goes out once. A lost response can be fetched again from GET /api/v1/case-exports/{batchId}. 204 when there is nothing to export.',
      security,
      request: { body: { required: true, content: { 'application/json': { schema: ExportBody } } } },
      responses: { 200: csvResponse, 204: { description: 'Nothing to export; no batch recorded' }, ...staffErrors },
    }),
    async (c) => {
      const p = requireScope(c, 'cases:export');
      const body = c.req.valid('json');
      const result = await tenantTxWithCipher(c, async (tx, cipher) => {
        const r = await exportAcceptedCases(tx, cipher, c.var.tenant.code, { procedureId: body.procedure, onlyNew: body.scope === 'new', from: body.from, to: body.to, encoding: body.encoding, exportedBy: { kind: 'api', id: p.tokenId } });
        if (r.batchId)
          await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'application.export', recordType: 'export_batch', recordId: r.batchId, reason: `export ${r.count} cases`, details: { procedure: body.procedure, count: r.count, sha256: r.sha256, encoding: body.encoding } });
        const batch = r.batchId ? await getExportBatch(tx, c.var.tenant.code, r.batchId) : null;
        return { r, batch };
      });
      if (!result.batch) return c.body(null, 204, { 'x-export-count': '0' });
      return csv(result.r.bytes, body.encoding, result.batch.procedureName, result.r.filename, { 'x-export-batch': result.batch.id, 'x-export-count': String(result.r.count), 'x-export-sha256': result.r.sha256 });
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/case-exports',
      tags,
      summary: 'Recent export batches, newest first (scope cases:export)',
      security,
      responses: { 200: { description: 'Batches', content: { 'application/json': { schema: z.object({ batches: z.array(ExportBatchSchema) }) } } }, ...staffErrors },
    }),
    async (c) => {
      requireScope(c, 'cases:export');
      const batches = await tenantTx(c, (tx) => listExportBatches(tx, c.var.tenant.code, null));
      return c.json({ batches: batches.map(presentBatch) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/case-exports/{batchId}',
      tags,
      summary: 'An earlier batch\'s CSV again, byte for byte as first sent (scope cases:export). Audit-logged.',
      security,
      request: { params: BatchParam },
      responses: { 200: csvResponse, ...staffErrors },
    }),
    async (c) => {
      const p = requireScope(c, 'cases:export');
      const found = await tenantTxWithCipher(c, async (tx, cipher) => {
        const batch = await getExportBatch(tx, c.var.tenant.code, c.req.valid('param').batchId);
        if (!batch) return null;
        const file = (await exportBatchFile(tx, cipher, c.var.tenant.code, batch.id))!;
        await audit(c, tx, { actorKind: 'api', actorId: p.tokenId, action: 'application.export.download', recordType: 'export_batch', recordId: batch.id, reason: `download ${batch.count} cases`, details: { sha256: file.sha256 } });
        return { batch, file };
      });
      if (!found) throw new AppError('not_found');
      return csv(found.file.bytes, found.batch.encoding, found.batch.procedureName, found.file.filename, { 'x-export-batch': found.batch.id, 'x-export-count': String(found.batch.count), 'x-export-sha256': found.file.sha256 });
    },
  );
}
