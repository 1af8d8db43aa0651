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
  /** Only cases whose open correction request is past its due date (marked by the overdue job, ADR 42). */
  correctionOverdue?: boolean;
  /** A staff id, or 'none' for cases nobody is assigned to. */
  assignee?: string | undefined;
  /** Exact receipt number (受付番号). */
  receiptNumber?: string | undefined;
  /** Blind-index token of an applicant's name (cases/search-tokens.ts). */
  nameToken?: string | undefined;
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
  assigneeName: string | null;
  /** The last message about the case is the applicant's (a reply waiting to be read). */
  replyWaiting: boolean;
  /** The open correction request is past its due date (補正期限切れ). */
  correctionOverdue: boolean;
}

const OPEN_OVERDUE_CORRECTION =
  "a.status = 'correction_requested' AND EXISTS (SELECT 1 FROM correction_requests cr WHERE cr.tenant_id = a.tenant_id AND cr.application_id = a.id AND cr.answered_at IS NULL AND cr.overdue_at IS NOT NULL)";

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
  if (f.correctionOverdue) where.push(OPEN_OVERDUE_CORRECTION);
  if (f.assignee === 'none') where.push('a.assignee_id IS NULL');
  else if (f.assignee) add('a.assignee_id = ?', f.assignee);
  if (f.receiptNumber) add('a.receipt_number = ?', f.receiptNumber);
  if (f.nameToken) add('a.name_tokens @> ARRAY[?::text]', f.nameToken);
  params.push(f.limit + 1, f.offset);
  const rows = await tx.query<{ id: string; receipt_number: string; name_ja: string; name_en: string; dept_ja: string; dept_en: string; status: ApplicationStatus; submitted_at: Date | string; duplicate: boolean; assignee_name: string | null; reply_waiting: boolean | null; correction_overdue: boolean }>(
    `SELECT a.id, a.receipt_number, p.name_ja, p.name_en, d.name_ja AS dept_ja, d.name_en AS dept_en, a.status, a.submitted_at, a.duplicate_of IS NOT NULL AS duplicate, u.display_name AS assignee_name, lm.sender_kind = 'resident' AS reply_waiting,
            ${OPEN_OVERDUE_CORRECTION} AS correction_overdue
     FROM (SELECT a.id, a.tenant_id, a.procedure_id, a.receipt_number, a.status, a.submitted_at, a.duplicate_of, a.assignee_id FROM applications a
           WHERE ${where.join(' AND ')}
           ORDER BY a.submitted_at DESC, a.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}) a
     JOIN procedures p ON p.tenant_id = a.tenant_id AND p.id = a.procedure_id
     JOIN departments d ON d.tenant_id = p.tenant_id AND d.id = p.department_id
     LEFT JOIN staff_users u ON u.tenant_id = a.tenant_id AND u.id = a.assignee_id
     LEFT JOIN LATERAL (SELECT m.sender_kind FROM application_messages m WHERE m.tenant_id = a.tenant_id AND m.application_id = a.id ORDER BY m.created_at DESC LIMIT 1) lm ON true
     ORDER BY a.submitted_at DESC, a.id DESC`,
    params,
  );
  return {
    more: rows.length > f.limit,
    rows: rows.slice(0, f.limit).map((r) => ({ id: r.id, receiptNumber: r.receipt_number, procedureName: { ja: r.name_ja, en: r.name_en }, departmentName: { ja: r.dept_ja, en: r.dept_en }, status: r.status, submittedAt: new Date(r.submitted_at), duplicate: r.duplicate, assigneeName: r.assignee_name, replyWaiting: r.reply_waiting === true, correctionOverdue: r.correction_overdue })),
  };
}

/** Procedures, departments and assignees to choose from in the inbox filters. */
export async function inboxChoices(tx: Queryable, tenant: string, departmentIds: string[] | null) {
  const procedures = await tx.query<{ id: string; name_ja: string; name_en: string }>(
    `SELECT id, name_ja, name_en FROM procedures WHERE tenant_id = $1 ${departmentIds ? 'AND department_id = ANY ($2)' : ''} ORDER BY sort_order, slug`,
    departmentIds ? [tenant, departmentIds] : [tenant],
  );
  const departments = await tx.query<{ id: string; name_ja: string; name_en: string }>(
    `SELECT id, name_ja, name_en FROM departments d WHERE tenant_id = $1 AND EXISTS (SELECT 1 FROM procedures p WHERE p.tenant_id = d.tenant_id AND p.department_id = d.id) ${departmentIds ? 'AND id = ANY ($2)' : ''} ORDER BY code`,
    departmentIds ? [tenant, departmentIds] : [tenant],
  );
  const staff = await tx.query<{ id: string; display_name: string }>(
    `SELECT DISTINCT u.id, u.display_name FROM staff_users u JOIN staff_roles r ON r.tenant_id = u.tenant_id AND r.staff_id = u.id
     WHERE u.tenant_id = $1 AND u.status = 'active' AND r.role IN ('clerk', 'manager') ${departmentIds ? 'AND (r.department_id = ANY ($2) OR r.department_id IS NULL)' : ''}
     ORDER BY u.display_name, u.id LIMIT 500`,
    departmentIds ? [tenant, departmentIds] : [tenant],
  );
  return {
    procedures: procedures.map((r) => ({ id: r.id, name: { ja: r.name_ja, en: r.name_en } })),
    departments: departments.map((r) => ({ id: r.id, name: { ja: r.name_ja, en: r.name_en } })),
    staff: staff.map((r) => ({ id: r.id, name: r.display_name })),
  };
}
