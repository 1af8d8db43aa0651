/** The staff inbox: submitted applications of some departments, filtered and paged, without decrypting anything. */
import type { Queryable } from '../../../platform/db/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import type { ApplicationStatus } from '../applications.schema.ts';

export interface CaseFilter {
  /** null: every department. */
  departmentIds: string[] | null;
  departmentId?: string | undefined;
  status?: Exclude<ApplicationStatus, 'draft'> | undefined;
  procedureId?: string | undefined;
  /** Submitted on or after / before the end of these days (YYYY-MM-DD, Japan time). */
  from?: string | undefined;
  to?: string | undefined;
  duplicatesOnly?: boolean;
  offset: number;
  limit: number;
}

export interface CaseRow {
  id: string;
  receiptNumber: string;
  procedureName: Text;
  departmentName: Text;
  status: ApplicationStatus;
  submittedAt: Date;
  duplicate: boolean;
}

/**
 * One page of the inbox, newest first. The page is chosen on `applications` alone (so the
 * `applications_received` index serves the common "newest first" case whatever the statistics
 * say), then the procedure and department names are joined to those rows only.
 */
export async function listCases(tx: Queryable, tenant: string, f: CaseFilter): Promise<{ rows: CaseRow[]; more: boolean }> {
  const where = ['a.tenant_id = $1', "a.status <> 'draft'"];
  const params: unknown[] = [tenant];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.departmentIds) add('a.procedure_id IN (SELECT id FROM procedures WHERE tenant_id = $1 AND department_id = ANY (?))', f.departmentIds);
  if (f.departmentId) add('a.procedure_id IN (SELECT id FROM procedures WHERE tenant_id = $1 AND department_id = ?)', f.departmentId);
  if (f.status) add('a.status = ?', f.status);
  if (f.procedureId) add('a.procedure_id = ?', f.procedureId);
  if (f.from) add("a.submitted_at >= (?::date)::timestamp AT TIME ZONE 'Asia/Tokyo'", f.from);
  if (f.to) add("a.submitted_at < ((?::date) + 1)::timestamp AT TIME ZONE 'Asia/Tokyo'", f.to);
  if (f.duplicatesOnly) where.push('a.duplicate_of IS NOT NULL');
  params.push(f.limit + 1, f.offset);
  const rows = await tx.query<{ id: string; receipt_number: string; name_ja: string; name_en: string; dept_ja: string; dept_en: string; status: ApplicationStatus; submitted_at: Date | string; duplicate: boolean }>(
    `SELECT a.id, a.receipt_number, p.name_ja, p.name_en, d.name_ja AS dept_ja, d.name_en AS dept_en, a.status, a.submitted_at, a.duplicate_of IS NOT NULL AS duplicate
     FROM (SELECT a.id, a.tenant_id, a.procedure_id, a.receipt_number, a.status, a.submitted_at, a.duplicate_of FROM applications a
           WHERE ${where.join(' AND ')}
           ORDER BY a.submitted_at DESC, a.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}) a
     JOIN procedures p ON p.tenant_id = a.tenant_id AND p.id = a.procedure_id
     JOIN departments d ON d.tenant_id = p.tenant_id AND d.id = p.department_id
     ORDER BY a.submitted_at DESC, a.id DESC`,
    params,
  );
  return {
    more: rows.length > f.limit,
    rows: rows.slice(0, f.limit).map((r) => ({ id: r.id, receiptNumber: r.receipt_number, procedureName: { ja: r.name_ja, en: r.name_en }, departmentName: { ja: r.dept_ja, en: r.dept_en }, status: r.status, submittedAt: new Date(r.submitted_at), duplicate: r.duplicate })),
  };
}

/** Procedures and departments to choose from in the inbox filters. */
export async function inboxChoices(tx: Queryable, tenant: string, departmentIds: string[] | null) {
  const procedures = await tx.query<{ id: string; name_ja: string; name_en: string }>(
    `SELECT id, name_ja, name_en FROM procedures WHERE tenant_id = $1 ${departmentIds ? 'AND department_id = ANY ($2)' : ''} ORDER BY sort_order, slug`,
    departmentIds ? [tenant, departmentIds] : [tenant],
  );
  const departments = await tx.query<{ id: string; name_ja: string; name_en: string }>(
    `SELECT id, name_ja, name_en FROM departments d WHERE tenant_id = $1 AND EXISTS (SELECT 1 FROM procedures p WHERE p.tenant_id = d.tenant_id AND p.department_id = d.id) ${departmentIds ? 'AND id = ANY ($2)' : ''} ORDER BY code`,
    departmentIds ? [tenant, departmentIds] : [tenant],
  );
  return {
    procedures: procedures.map((r) => ({ id: r.id, name: { ja: r.name_ja, en: r.name_en } })),
    departments: departments.map((r) => ({ id: r.id, name: { ja: r.name_ja, en: r.name_en } })),
  };
}
