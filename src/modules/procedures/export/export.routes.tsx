/**
 * Staff routes of the hand-off to core systems: /staff/cases/export (form and past batches),
 * POST to create a batch, a batch's result page and its download. Managers of the procedure's
 * department and administrators only; creating and downloading a batch are bulk reads of
 * personal data, so both are audit-logged. Mounted before the case routes so that "export" is
 * not taken for an application id.
 */
import { Hono } from 'hono';
import { AppError, type FieldError } from '../../../platform/errors/index.ts';
import { audit, pageContext, seeOther, tenantTx, tenantTxWithCipher, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import type { StaffPrincipal } from '../../../platform/auth/index.ts';
import { requireStaff } from '../../staff/index.ts';
import { parseJapaneseDate } from '../forms/wareki.ts';
import { contentDisposition } from '../documents/documents.service.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { canExportCases, exportDepartments, exportsEverything } from './export.policy.ts';
import { exportText as m } from './export.messages.ts';
import { exportAcceptedCases, exportBatchCases, exportBatchFile, getExportBatch, listExportBatches } from './export.service.ts';
import { BatchPage, ExportPage, type ExportFormValues } from './export.views.tsx';

export const exportRoutes = new Hono<AppEnv>();

/** The procedures the person may export, with their departments; 403 when there are none and they manage nothing. */
async function exportableProcedures(tx: Queryable, tenant: string, staff: StaffPrincipal) {
  const all = exportsEverything(staff);
  const departments = exportDepartments(staff);
  const rows = await tx.query<{ id: string; name_ja: string; name_en: string; department_id: string }>(
    `SELECT id, name_ja, name_en, department_id FROM procedures WHERE tenant_id = $1 ${all ? '' : 'AND department_id = ANY ($2)'} ORDER BY sort_order, slug`,
    all ? [tenant] : [tenant, departments],
  );
  return { all, departments, procedures: rows.map((r) => ({ id: r.id, name: { ja: r.name_ja, en: r.name_en }, departmentId: r.department_id })) };
}

function requireExporter(c: Ctx): StaffPrincipal {
  const staff = requireStaff(c);
  if (!exportsEverything(staff) && !exportDepartments(staff).length) throw new AppError('forbidden');
  return staff;
}

async function renderPage(c: Ctx, staff: StaffPrincipal, values: ExportFormValues, errors: FieldError[], status: 200 | 400 = 200, notice?: typeof m.nothing) {
  const { procedures, batches } = await tenantTx(c, async (tx) => {
    const e = await exportableProcedures(tx, c.var.tenant.code, staff);
    return { procedures: e.procedures, batches: await listExportBatches(tx, c.var.tenant.code, e.all ? null : e.departments) };
  });
  return c.html(<ExportPage ctx={pageContext(c)} procedures={procedures} batches={batches} values={values} errors={errors} notice={notice} />, status);
}

const blank: ExportFormValues = { procedure: '', scope: 'new', from: '', to: '', encoding: 'utf-8' };

exportRoutes.get('/staff/cases/export', (c) => renderPage(c, requireExporter(c), blank, [], 200, c.req.query('notice') === 'empty' ? m.nothing : undefined));

exportRoutes.post('/staff/cases/export', async (c) => {
  const staff = requireExporter(c);
  const body = await c.req.parseBody();
  const one = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).slice(0, 100).trim() : '');
  const values: ExportFormValues = { procedure: one('procedure'), scope: one('scope'), from: one('from'), to: one('to'), encoding: one('encoding') };
  const errors: FieldError[] = [];
  const need = (ok: boolean, field: string, label: { ja: string; en: string }, what: { ja: string; en: string }) => {
    if (!ok) errors.push({ field, message: { ja: `「${label.ja}」${what.ja}`, en: `${label.en}: ${what.en}` } });
  };
  const choose = { ja: 'を選んでください。', en: 'choose one of the options.' };
  need(['new', 'period'].includes(values.scope), 'scope', m.scope, choose);
  need(['utf-8', 'shift_jis'].includes(values.encoding), 'encoding', m.encoding, choose);
  let from: string | null = null;
  let to: string | null = null;
  if (values.scope === 'period') {
    const date = { ja: 'は日付（例: 2026-04-01）で入力してください。', en: 'enter a date like 2026-04-01.' };
    from = values.from ? parseJapaneseDate(values.from) : null;
    to = values.to ? parseJapaneseDate(values.to) : null;
    need(from !== null, 'from', m.from, date);
    need(to !== null, 'to', m.to, date);
    if (from && to && from > to) errors.push({ field: 'to', message: { ja: '「承認日（まで）」は「承認日（から）」以降の日付にしてください。', en: 'Accepted until must not be before accepted from.' } });
  }
  const outcome = await tenantTxWithCipher(c, async (tx, cipher) => {
    const tenant = c.var.tenant.code;
    const e = await exportableProcedures(tx, tenant, staff);
    const procedure = e.procedures.find((p) => p.id === values.procedure);
    if (!procedure) errors.push({ field: 'procedure', message: { ja: `「${m.procedure.ja}」${choose.ja}`, en: `${m.procedure.en}: ${choose.en}` } });
    if (errors.length || !procedure) return null;
    if (!canExportCases(staff, procedure.departmentId)) throw new AppError('forbidden');
    const result = await exportAcceptedCases(tx, cipher, tenant, { procedureId: procedure.id, onlyNew: values.scope === 'new', from: from ?? undefined, to: to ?? undefined, encoding: values.encoding as 'utf-8' | 'shift_jis', exportedBy: { kind: 'staff', id: staff.id } });
    if (result.batchId)
      await audit(c, tx, { action: 'application.export', recordType: 'export_batch', recordId: result.batchId, reason: `export ${result.count} cases`, details: { procedure: procedure.id, count: result.count, sha256: result.sha256, encoding: values.encoding } });
    return result;
  });
  if (!outcome) return renderPage(c, staff, values, errors, 400);
  if (!outcome.batchId) return seeOther(c, '/staff/cases/export?notice=empty');
  return seeOther(c, `/staff/cases/export/batches/${outcome.batchId}`);
});

/** A batch of a procedure the person may export; 404 for an unknown id, 403 for another department's. */
async function loadBatch(c: Ctx, tx: Queryable, staff: StaffPrincipal) {
  const batch = await getExportBatch(tx, c.var.tenant.code, c.req.param('batchId') ?? '');
  if (!batch) throw new AppError('not_found');
  if (!canExportCases(staff, batch.departmentId)) throw new AppError('forbidden');
  return batch;
}

exportRoutes.get('/staff/cases/export/batches/:batchId', async (c) => {
  const staff = requireExporter(c);
  const { batch, cases } = await tenantTx(c, async (tx) => {
    const b = await loadBatch(c, tx, staff);
    return { batch: b, cases: await exportBatchCases(tx, c.var.tenant.code, b.id) };
  });
  return c.html(<BatchPage ctx={pageContext(c)} batch={batch} cases={cases} />);
});

exportRoutes.get('/staff/cases/export/batches/:batchId/download', async (c) => {
  const staff = requireExporter(c);
  const file = await tenantTxWithCipher(c, async (tx, cipher) => {
    const batch = await loadBatch(c, tx, staff);
    const f = (await exportBatchFile(tx, cipher, c.var.tenant.code, batch.id))!;
    await audit(c, tx, { action: 'application.export.download', recordType: 'export_batch', recordId: batch.id, reason: `download ${batch.count} cases`, details: { sha256: f.sha256 } });
    return { ...f, encoding: batch.encoding, name: batch.procedureName };
  });
  return c.body(new Uint8Array(file.bytes), 200, {
    'content-type': `text/csv; charset=${file.encoding === 'utf-8' ? 'utf-8' : 'Shift_JIS'}`,
    'content-disposition': contentDisposition({ ja: file.name.ja, en: 'cases' }, file.filename),
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
});
