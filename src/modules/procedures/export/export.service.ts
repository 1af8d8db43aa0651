/**
 * Hand-off to core systems (基幹系への引き渡し): accepted cases of one procedure as a CSV file, with
 * the export mark. Each export is a batch (who, when, which procedure, how many, SHA-256 of the
 * file) and each exported case records the batch it went out in, so "only new" takes exactly the
 * accepted cases that were never exported. The file is kept encrypted, so downloading a batch
 * again gives the same bytes. Plain service functions: the staff page and the API both call them.
 * Columns are documented in docs/procedures.md ("CSV export").
 */
import { createHash } from 'node:crypto';
import { registerEncryptedColumns, type TenantCipher } from '../../../platform/crypto/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { ANSWERS_FIELD } from '../applications.schema.ts';
import type { AnswerValue, FieldDef, FormDefinition } from '../forms/form-definition.ts';
import { isShown } from '../forms/form-validation.ts';
import { encodeCsv, type CsvEncoding, type ReplacedCell } from './csv.ts';

const CONTENT_FIELD = 'export_batches.content';
registerEncryptedColumns({ table: 'export_batches', key: ['id'], column: 'content_enc', field: CONTENT_FIELD });

/** At most this many cases per batch; "only new" leaves the rest for the next export. */
export const MAX_BATCH = 20_000;

/** Fixed columns, always first and in this order (docs/procedures.md describes each). */
export const FIXED_COLUMNS = ['receipt_number', 'application_id', 'procedure', 'procedure_name', 'form_version', 'submitted_at', 'decided_on', 'notice_number'] as const;

export interface ExportActor {
  kind: 'staff' | 'api';
  /** A staff member's id, or the API token's id. */
  id: string;
}

export interface ExportRequest {
  procedureId: string;
  /** true: accepted cases never exported before; false: every case accepted in [from, to]. */
  onlyNew: boolean;
  /** YYYY-MM-DD, Japan time, decision date; required when onlyNew is false. */
  from?: string | undefined;
  to?: string | undefined;
  encoding: CsvEncoding;
  exportedBy: ExportActor;
}

export interface ExportResult {
  /** null when there was nothing to export (no batch is recorded, nothing is marked). */
  batchId: string | null;
  filename: string;
  bytes: Buffer;
  count: number;
  sha256: string;
  /** Shift_JIS only: cells where characters outside JIS X 0208 were written as 〓. */
  replaced: ReplacedCell[];
}

interface CaseRow {
  id: string;
  form_version: number;
  answers_enc: string;
  receipt_number: string;
  submitted_at: Date | string;
  decided_at: Date | string;
  notice_number: string | null;
}

const JST_STAMP = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'Asia/Tokyo' });
const jstParts = (d: Date) => Object.fromEntries(JST_STAMP.formatToParts(d).map((p) => [p.type, p.value])) as Record<string, string>;
/** 2026-11-30T15:33:00+09:00 */
const jstIso = (d: Date) => {
  const p = jstParts(d);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}+09:00`;
};
const jstDay = (d: Date) => jstIso(d).slice(0, 10);

export interface Column {
  header: string;
  value: (answers: Record<string, AnswerValue>) => string;
}

/** Column suffix and stored key of each part of a bankAccount answer (forms/bank-account.ts). */
const BANK_PARTS = [
  ['bank_code', 'bankCode'],
  ['branch_code', 'branchCode'],
  ['account_type', 'accountType'],
  ['account_number', 'accountNumber'],
  ['account_holder', 'accountHolder'],
] as const;

const asText = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * One column per field of the newest form, in form order, then fields only older versions have;
 * a repeating group becomes <group><n>_<field> for n = 1 … maxItems (or the most items any case has).
 */
export function formColumns(forms: FormDefinition[], answersOf: Record<string, AnswerValue>[]): Column[] {
  const columns: Column[] = [];
  const seen = new Set<string>();
  for (const form of forms)
    for (const f of form.sections.flatMap((s) => s.fields)) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      if (f.type === 'bankAccount') {
        // One column per part, so a core system can take the 全銀 codes as they are.
        for (const [suffix, key] of BANK_PARTS)
          columns.push({
            header: `${f.name}_${suffix}`,
            value: (a) => {
              const v = a[f.name] as unknown;
              return isShown(f, a, a) && typeof v === 'object' && v !== null && !Array.isArray(v) ? asText((v as Record<string, unknown>)[key]) : '';
            },
          });
        continue;
      }
      if (f.type === 'file') {
        // The files themselves stay in yakuba (the case page); the CSV names them.
        columns.push({ header: f.name, value: (a) => (isShown(f, a, a) && Array.isArray(a[f.name]) ? (a[f.name] as { fileName?: string }[]).map((x) => x.fileName ?? '').join(' | ') : '') });
        continue;
      }
      if (f.type !== 'group') {
        columns.push({ header: f.name, value: (a) => (isShown(f, a, a) ? asText(a[f.name]) : '') });
        continue;
      }
      const most = Math.max(
        0,
        ...answersOf.map((a) => {
          const items = a[f.name];
          return Array.isArray(items) ? items.length : 0;
        }),
      );
      const n = Math.max(f.maxItems ?? 0, most);
      for (let i = 0; i < n; i++)
        for (const g of f.fields ?? [])
          columns.push({
            header: `${f.name}${i + 1}_${g.name}`,
            value: (a) => {
              const items = Array.isArray(a[f.name]) ? (a[f.name] as Record<string, string>[]) : [];
              const item = items[i];
              return item && isShown(g as FieldDef, item, a) ? asText(item[g.name]) : '';
            },
          });
    }
  return columns;
}

/**
 * Exports accepted cases of a procedure as CSV and marks them. Serialised per procedure (the
 * procedure row is locked), so two simultaneous "only new" exports never both take a case.
 * Throws AppError not_found for an unknown procedure, validation_failed for a missing or too
 * large period. With nothing to export it returns count 0 and batchId null, and records nothing.
 */
export async function exportAcceptedCases(tx: Queryable, cipher: TenantCipher, tenant: string, req: ExportRequest): Promise<ExportResult> {
  const [procedure] = await tx.query<{ id: string; slug: string; name_ja: string }>('SELECT id, slug, name_ja FROM procedures WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenant, req.procedureId]);
  if (!procedure) throw new AppError('not_found');
  const params: unknown[] = [tenant, req.procedureId];
  let scope: string;
  if (req.onlyNew) scope = 'AND NOT EXISTS (SELECT 1 FROM export_batch_cases e WHERE e.tenant_id = a.tenant_id AND e.application_id = a.id)';
  else {
    if (!req.from || !req.to || !/^\d{4}-\d{2}-\d{2}$/.test(req.from) || !/^\d{4}-\d{2}-\d{2}$/.test(req.to) || req.from > req.to)
      throw new AppError('validation_failed', { fields: [{ field: 'from', message: { ja: '「期間」は開始日と終了日を日付で入力し、開始日を終了日以前にしてください。', en: 'Enter the period as two dates, the first not after the second.' } }] });
    params.push(req.from, req.to);
    scope = "AND a.decided_at >= ($3::date)::timestamp AT TIME ZONE 'Asia/Tokyo' AND a.decided_at < (($4::date) + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'";
  }
  const rows = await tx.query<CaseRow>(
    `SELECT a.id, a.form_version, a.answers_enc, a.receipt_number, a.submitted_at, a.decided_at, n.document_number AS notice_number
     FROM applications a LEFT JOIN decision_notices n ON n.tenant_id = a.tenant_id AND n.application_id = a.id
     WHERE a.tenant_id = $1 AND a.procedure_id = $2 AND a.status = 'accepted' ${scope}
     ORDER BY a.decided_at, a.receipt_number LIMIT ${MAX_BATCH + 1}`,
    params,
  );
  if (rows.length > MAX_BATCH) {
    if (!req.onlyNew) throw new AppError('validation_failed', { fields: [{ field: 'from', message: { ja: `1回に出力できるのは${MAX_BATCH}件までです。期間を短くしてください。`, en: `At most ${MAX_BATCH} cases per export: choose a shorter period.` } }] });
    rows.length = MAX_BATCH;
  }
  const versions = [...new Set(rows.map((r) => r.form_version))];
  const forms = await tx.query<{ version: number; definition: FormDefinition }>(
    `SELECT version, definition FROM procedure_forms WHERE tenant_id = $1 AND procedure_id = $2
     AND (version = ANY ($3) OR version = (SELECT max(version) FROM procedure_forms WHERE tenant_id = $1 AND procedure_id = $2 AND published_at IS NOT NULL))
     ORDER BY version DESC`,
    [tenant, req.procedureId, versions],
  );
  const answers = rows.map((r) => JSON.parse(cipher.decrypt(ANSWERS_FIELD, r.answers_enc) ?? '{}') as Record<string, AnswerValue>);
  const columns = formColumns(
    forms.map((f) => f.definition),
    answers,
  );
  const header = [...FIXED_COLUMNS, ...columns.map((c) => c.header)];
  const data = rows.map((r, i) => [
    r.receipt_number,
    r.id,
    procedure.slug,
    procedure.name_ja,
    String(r.form_version),
    jstIso(new Date(r.submitted_at)),
    jstDay(new Date(r.decided_at)),
    r.notice_number ?? '',
    ...columns.map((c) => c.value(answers[i]!)),
  ]);
  const { bytes, replaced } = encodeCsv(
    header,
    data,
    rows.map((r) => r.receipt_number),
    req.encoding,
  );
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const now = new Date();
  const p = jstParts(now);
  const filename = `${procedure.slug}_${p.year}${p.month}${p.day}-${p.hour}${p.minute}${p.second}_${req.encoding === 'utf-8' ? 'utf8' : 'sjis'}.csv`;
  if (!rows.length) return { batchId: null, filename, bytes, count: 0, sha256, replaced };
  const [batch] = await tx.query<{ id: string }>(
    `INSERT INTO export_batches (tenant_id, procedure_id, actor_kind, actor_id, created_at, scope, period_from, period_to, encoding, case_count, sha256, filename, replaced, content_enc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [tenant, req.procedureId, req.exportedBy.kind, req.exportedBy.id, now, req.onlyNew ? 'new' : 'period', req.onlyNew ? null : req.from, req.onlyNew ? null : req.to, req.encoding, rows.length, sha256, filename, JSON.stringify(replaced), cipher.encrypt(CONTENT_FIELD, bytes.toString('base64'))],
  );
  await tx.query(
    `INSERT INTO export_batch_cases (tenant_id, batch_id, application_id, row_no)
     SELECT $1, $2, x.id, x.n FROM unnest($3::uuid[], $4::int[]) AS x(id, n)`,
    [tenant, batch!.id, rows.map((r) => r.id), rows.map((_, i) => i + 1)],
  );
  return { batchId: batch!.id, filename, bytes, count: rows.length, sha256, replaced };
}

export interface ExportBatch {
  id: string;
  procedureId: string;
  procedureName: Text;
  departmentId: string;
  actorKind: 'staff' | 'api';
  actorId: string;
  actorName: string | null;
  createdAt: Date;
  scope: 'new' | 'period';
  periodFrom: string | null;
  periodTo: string | null;
  encoding: CsvEncoding;
  count: number;
  sha256: string;
  filename: string;
  replaced: ReplacedCell[];
}

const BATCH_SELECT = `SELECT b.id, b.procedure_id, p.name_ja, p.name_en, p.department_id, b.actor_kind, b.actor_id, s.display_name AS actor_name, b.created_at, b.scope,
    b.period_from::text AS period_from, b.period_to::text AS period_to, b.encoding, b.case_count, b.sha256, b.filename, b.replaced
  FROM export_batches b JOIN procedures p ON p.tenant_id = b.tenant_id AND p.id = b.procedure_id
  LEFT JOIN staff_users s ON b.actor_kind = 'staff' AND s.tenant_id = b.tenant_id AND s.id = b.actor_id`;

interface BatchRow {
  id: string;
  procedure_id: string;
  name_ja: string;
  name_en: string;
  department_id: string;
  actor_kind: 'staff' | 'api';
  actor_id: string;
  actor_name: string | null;
  created_at: Date | string;
  scope: 'new' | 'period';
  period_from: string | null;
  period_to: string | null;
  encoding: CsvEncoding;
  case_count: number;
  sha256: string;
  filename: string;
  replaced: ReplacedCell[] | string;
}

const presentBatch = (r: BatchRow): ExportBatch => ({
  id: r.id,
  procedureId: r.procedure_id,
  procedureName: { ja: r.name_ja, en: r.name_en },
  departmentId: r.department_id,
  actorKind: r.actor_kind,
  actorId: r.actor_id,
  actorName: r.actor_name,
  createdAt: new Date(r.created_at),
  scope: r.scope,
  periodFrom: r.period_from,
  periodTo: r.period_to,
  encoding: r.encoding,
  count: r.case_count,
  sha256: r.sha256,
  filename: r.filename,
  replaced: typeof r.replaced === 'string' ? (JSON.parse(r.replaced) as ReplacedCell[]) : r.replaced,
});

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/** Recent batches, newest first, of the given departments' procedures (null: all). */
export async function listExportBatches(tx: Queryable, tenant: string, departmentIds: string[] | null, limit = 50): Promise<ExportBatch[]> {
  const rows = await tx.query<BatchRow>(
    `${BATCH_SELECT} WHERE b.tenant_id = $1 ${departmentIds ? 'AND p.department_id = ANY ($3)' : ''} ORDER BY b.created_at DESC, b.id LIMIT $2`,
    departmentIds ? [tenant, limit, departmentIds] : [tenant, limit],
  );
  return rows.map(presentBatch);
}

export async function getExportBatch(tx: Queryable, tenant: string, batchId: string): Promise<ExportBatch | null> {
  if (!isUuid(batchId)) return null;
  const [row] = await tx.query<BatchRow>(`${BATCH_SELECT} WHERE b.tenant_id = $1 AND b.id = $2`, [tenant, batchId]);
  return row ? presentBatch(row) : null;
}

/** The file of a batch exactly as first downloaded; throws if the stored file no longer matches its hash. */
export async function exportBatchFile(tx: Queryable, cipher: TenantCipher, tenant: string, batchId: string): Promise<{ filename: string; bytes: Buffer; sha256: string } | null> {
  if (!isUuid(batchId)) return null;
  const [row] = await tx.query<{ filename: string; sha256: string; content_enc: string }>('SELECT filename, sha256, content_enc FROM export_batches WHERE tenant_id = $1 AND id = $2', [tenant, batchId]);
  if (!row) return null;
  const bytes = Buffer.from(cipher.decrypt(CONTENT_FIELD, row.content_enc) ?? '', 'base64');
  if (createHash('sha256').update(bytes).digest('hex') !== row.sha256) throw new Error(`export batch ${batchId}: stored file does not match its hash`);
  return { filename: row.filename, bytes, sha256: row.sha256 };
}

/** The cases a batch carried (the export marks), in file order, at most `limit`. */
export async function exportBatchCases(tx: Queryable, tenant: string, batchId: string, limit = 500): Promise<{ applicationId: string; receiptNumber: string; rowNo: number }[]> {
  const rows = await tx.query<{ application_id: string; receipt_number: string; row_no: number }>(
    `SELECT e.application_id, a.receipt_number, e.row_no FROM export_batch_cases e JOIN applications a ON a.tenant_id = e.tenant_id AND a.id = e.application_id
     WHERE e.tenant_id = $1 AND e.batch_id = $2 ORDER BY e.row_no LIMIT $3`,
    [tenant, batchId, limit],
  );
  return rows.map((r) => ({ applicationId: r.application_id, receiptNumber: r.receipt_number, rowNo: r.row_no }));
}
