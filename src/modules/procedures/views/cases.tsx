/** Staff pages: the inbox of applications (filters, paging) and one case with its answers, history and decision. */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, SelectInput, StaffLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import type { Application, ApplicationEvent } from '../applications.service.ts';
import type { CaseRow } from '../cases/cases.service.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { caseText as m } from '../procedures.messages.ts';
import { AnswerList } from './application-form.tsx';
import { formatDateTime, statusText } from './applications.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

export interface InboxQuery {
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
  for (const k of ['status', 'procedure', 'department', 'from', 'to'] as const) if (q[k]) s.set(k, q[k]);
  if (q.duplicates) s.set('duplicates', '1');
  if (offset) s.set('offset', String(offset));
  const qs = s.toString();
  return qs ? `/staff/cases?${qs}` : '/staff/cases';
}

export function InboxPage(p: { ctx: PageContext; query: InboxQuery; rows: CaseRow[]; more: boolean; limit: number; procedures: { id: string; name: Text }[]; departments: { id: string; name: Text }[]; errors: FieldError[] }) {
  const l = p.ctx.locale;
  const q = p.query;
  const statuses = (['submitted', 'accepted', 'rejected', 'withdrawn'] as const).map((s) => ({ value: s, label: statusText[s] }));
  return (
    <StaffLayout ctx={p.ctx} title={tx(m.inboxTitle, l)}>
      <h1>{tx(m.inboxTitle, l)}</h1>
      <p>{tx(m.inboxLead, l)}</p>
      <ErrorSummary errors={p.errors} locale={l} />
      <form method="get" action="/staff/cases" role="search" aria-label={tx(m.filters, l)}>
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
                    </td>
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

export function CasePage(p: { ctx: PageContext; app: Application; procedureName: Text; form: FormDefinition; events: ApplicationEvent[]; duplicateReceipt: string | null; canDecide: boolean; errors: FieldError[]; values?: { decision: string; note: string }; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  const a = p.app;
  const noteError = p.errors.find((e) => e.field === 'note');
  return (
    <StaffLayout ctx={p.ctx} title={t(m.caseTitle, l, { receipt: a.receiptNumber ?? '' })}>
      <p>
        <a href="/staff/cases">{tx(m.inboxTitle, l)}</a>
      </p>
      <h1>{t(m.caseTitle, l, { receipt: a.receiptNumber ?? '' })}</h1>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      <p>
        {tx(p.procedureName, l)} ・ {tx(statusText[a.status], l)} ・ {t(m.formVersion, l, { n: a.formVersion })}
      </p>
      {p.duplicateReceipt ? <Notice kind="warning">{t(m.duplicateOf, l, { receipt: p.duplicateReceipt })}</Notice> : null}
      <h2>{tx(m.answers, l)}</h2>
      <AnswerList form={p.form} answers={a.answers} l={l} />
      <section aria-labelledby="history">
        <h2 id="history">{tx(m.history, l)}</h2>
        <ol>
          {p.events.map((e) => (
            <li>
              {formatDateTime(e.at, l)} {tx(statusText[e.status], l)} ({tx(e.actorKind === 'staff' ? m.actorStaff : m.actorResident, l)}){e.note ? `: ${e.note}` : ''}
            </li>
          ))}
        </ol>
      </section>
      {a.status === 'submitted' ? (
        <section aria-labelledby="decision">
          <h2 id="decision">{tx(m.decisionTitle, l)}</h2>
          {p.canDecide ? (
            <form method="post" action={`/staff/cases/${a.id}/decision`}>
              <CsrfField token={p.ctx.csrfToken} />
              <SelectInput name="decision" label={m.decision} locale={l} required value={p.values?.decision ?? 'accepted'} errors={p.errors} options={[{ value: 'accepted', label: m.accept }, { value: 'rejected', label: m.reject }]} />
              <div class="field">
                <label for="f-note">{tx(m.note, l)}</label>
                <span class="hint" id="f-note-hint">{tx(m.noteHint, l)}</span>
                {noteError ? (
                  <span class="error-text" id="f-note-error">
                    {tx(noteError.message, l)}
                  </span>
                ) : null}
                <textarea class="input" id="f-note" name="note" rows={4} maxlength={1000} aria-invalid={noteError ? 'true' : undefined} aria-describedby={noteError ? 'f-note-hint f-note-error' : 'f-note-hint'}>
                  {p.values?.note ?? ''}
                </textarea>
              </div>
              <button type="submit" class="btn btn-primary">{tx(m.record, l)}</button>
            </form>
          ) : (
            <p>{tx(m.onlyManagers, l)}</p>
          )}
        </section>
      ) : null}
    </StaffLayout>
  );
}
