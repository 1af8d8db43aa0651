/** The staff inbox: applications of the person's departments, searched, filtered and paged (no personal data shown). */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { ErrorSummary, SelectInput, StaffLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { CASE_STATUSES } from '../applications.schema.ts';
import type { CaseRow } from '../cases/cases.service.ts';
import { caseWorkText as w } from '../cases/cases.messages.ts';
import { caseText as m } from '../procedures.messages.ts';
import { formatDateTime, statusText } from './applications.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

/** The status filter value for open corrections past their due date (not an application status). */
export const OVERDUE_FILTER = 'correction_overdue';

export interface InboxQuery {
  /** Receipt number or applicant name. */
  q: string;
  /** 'me', 'none' or a staff id. */
  assignee: string;
  status: string;
  procedure: string;
  department: string;
  from: string;
  to: string;
  duplicates: boolean;
  offset: number;
}

function inboxHref(q: InboxQuery, offset: number): string {
  const s = new URLSearchParams();
  for (const k of ['q', 'assignee', 'status', 'procedure', 'department', 'from', 'to'] as const) if (q[k]) s.set(k, q[k]);
  if (q.duplicates) s.set('duplicates', '1');
  if (offset) s.set('offset', String(offset));
  const qs = s.toString();
  return qs ? `/staff/cases?${qs}` : '/staff/cases';
}

export function InboxPage(p: { ctx: PageContext; query: InboxQuery; rows: CaseRow[]; more: boolean; limit: number; procedures: { id: string; name: Text }[]; departments: { id: string; name: Text }[]; staff: { id: string; name: string }[]; errors: FieldError[] }) {
  const l = p.ctx.locale;
  const q = p.query;
  const statuses = [...CASE_STATUSES.map((s) => ({ value: s, label: statusText[s] })), { value: OVERDUE_FILTER, label: w.overdueFilter }];
  const assignees = [{ value: '', label: w.anyAssignee }, { value: 'me', label: w.mine }, { value: 'none', label: w.unassigned }, ...p.staff.map((s) => ({ value: s.id, label: { ja: s.name, en: s.name } }))];
  return (
    <StaffLayout ctx={p.ctx} title={tx(m.inboxTitle, l)}>
      <h1>{tx(m.inboxTitle, l)}</h1>
      <p>{tx(m.inboxLead, l)}</p>
      <ErrorSummary errors={p.errors} locale={l} />
      <form method="get" action="/staff/cases" role="search" aria-label={tx(m.filters, l)}>
        <TextInput name="q" label={w.search} hint={w.searchHint} locale={l} value={q.q} errors={p.errors} type="search" maxlength={100} />
        <SelectInput name="assignee" label={w.assignee} locale={l} value={q.assignee} options={assignees} />
        <SelectInput name="status" label={m.status} locale={l} value={q.status} options={[{ value: '', label: m.anyStatus }, ...statuses]} />
        <SelectInput name="procedure" label={m.procedure} locale={l} value={q.procedure} options={[{ value: '', label: m.anyProcedure }, ...p.procedures.map((x) => ({ value: x.id, label: x.name }))]} />
        <SelectInput name="department" label={m.department} locale={l} value={q.department} options={[{ value: '', label: m.anyDepartment }, ...p.departments.map((x) => ({ value: x.id, label: x.name }))]} />
        <TextInput name="from" label={m.from} hint={m.dateHint} locale={l} value={q.from} errors={p.errors} class="input-short" />
        <TextInput name="to" label={m.to} hint={m.dateHint} locale={l} value={q.to} errors={p.errors} class="input-short" />
        <label class="checkbox">
          <input type="checkbox" name="duplicates" value="1" checked={q.duplicates} />
          {tx(m.duplicatesOnly, l)}
        </label>
        <button type="submit" class="btn btn-primary">{tx(m.apply, l)}</button>
      </form>
      {p.rows.length ? (
        <>
          <p role="status">{t(m.count, l, { from: q.offset + 1, to: q.offset + p.rows.length })}</p>
          <div class="table-scroll">
            <table>
              <caption class="sr-only">{tx(m.inboxTitle, l)}</caption>
              <thead>
                <tr>
                  <th scope="col">{tx(m.colReceipt, l)}</th>
                  <th scope="col">{tx(m.colProcedure, l)}</th>
                  <th scope="col">{tx(m.colDepartment, l)}</th>
                  <th scope="col">{tx(m.colReceived, l)}</th>
                  <th scope="col">{tx(m.colStatus, l)}</th>
                  <th scope="col">{tx(w.assignee, l)}</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map((r) => (
                  <tr>
                    <td>
                      <a href={`/staff/cases/${r.id}`}>{r.receiptNumber}</a>
                    </td>
                    <td>{tx(r.procedureName, l)}</td>
                    <td>{tx(r.departmentName, l)}</td>
                    <td>{formatDateTime(r.submittedAt, l)}</td>
                    <td>
                      {tx(statusText[r.status], l)}
                      {r.duplicate ? <strong> ・{tx(m.duplicateFlag, l)}</strong> : null}
                      {r.replyWaiting ? <strong> ・{tx(w.replyWaiting, l)}</strong> : null}
                      {r.correctionOverdue ? <strong> ・{tx(w.overdueFilter, l)}</strong> : null}
                    </td>
                    <td>{r.assigneeName ?? tx(w.unassigned, l)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label={tx(m.filters, l)}>
            <ul>
              {q.offset > 0 ? (
                <li>
                  <a href={inboxHref(q, Math.max(0, q.offset - p.limit))}>{t(m.prev, l, { n: p.limit })}</a>
                </li>
              ) : null}
              {p.more ? (
                <li>
                  <a href={inboxHref(q, q.offset + p.limit)}>{t(m.next, l, { n: p.limit })}</a>
                </li>
              ) : null}
            </ul>
          </nav>
        </>
      ) : (
        <p>{tx(m.none, l)}</p>
      )}
    </StaffLayout>
  );
}
