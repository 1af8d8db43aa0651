/** Staff settings of the approval workflow: the route of each procedure, and absences with their delegates (代決). */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, PostButton, SelectInput, StaffLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { MAX_STEPS, type ApprovalStep } from '../cases/approval-route.ts';
import type { Absence } from '../cases/approvals.service.ts';
import type { StaffChoice } from '../cases/case-work.service.ts';
import { caseWorkText as w } from '../cases/cases.messages.ts';
import { applicationText, caseText as m } from '../procedures.messages.ts';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);
const routeText = (route: ApprovalStep[], l: Locale) => route.map((s) => tx(s.name, l)).join(' → ');

export function RoutesPage(p: { ctx: PageContext; procedures: { id: string; name: Text; department: Text; route: ApprovalStep[] }[] }) {
  const l = p.ctx.locale;
  return (
    <StaffLayout ctx={p.ctx} title={tx(w.routesTitle, l)}>
      <p>
        <a href="/staff/cases">{tx(m.inboxTitle, l)}</a>
      </p>
      <h1>{tx(w.routesTitle, l)}</h1>
      <p>{tx(w.routesLead, l)}</p>
      <div class="table-scroll">
        <table>
          <caption class="sr-only">{tx(w.routesTitle, l)}</caption>
          <thead>
            <tr>
              <th scope="col">{tx(m.colProcedure, l)}</th>
              <th scope="col">{tx(m.colDepartment, l)}</th>
              <th scope="col">{tx(w.route, l)}</th>
            </tr>
          </thead>
          <tbody>
            {p.procedures.map((x) => (
              <tr>
                <td>
                  <a href={`/staff/procedures/${x.id}/route`}>{tx(x.name, l)}</a>
                </td>
                <td>{tx(x.department, l)}</td>
                <td>{routeText(x.route, l)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </StaffLayout>
  );
}

/** Posted rows of the route form, as typed. */
export type RouteRows = { ja: string; en: string; role: string }[];

export function RouteEditPage(p: { ctx: PageContext; procedureId: string; procedureName: Text; rows: RouteRows; errors: FieldError[]; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  const rows = Array.from({ length: MAX_STEPS }, (_, i) => p.rows[i] ?? { ja: '', en: '', role: 'manager' });
  const title = t(w.routeTitle, l, { name: tx(p.procedureName, l) });
  return (
    <StaffLayout ctx={p.ctx} title={`${p.errors.length ? tx(applicationText.errorTitlePrefix, l) : ''}${title}`}>
      <p>
        <a href="/staff/approval-routes">{tx(w.routesTitle, l)}</a>
      </p>
      <h1>{title}</h1>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      <p>{tx(w.routeLead, l)}</p>
      <form method="post" action={`/staff/procedures/${p.procedureId}/route`}>
        <CsrfField token={p.ctx.csrfToken} />
        {rows.map((r, i) => (
          <fieldset class="card">
            <legend>{t(w.stepN, l, { n: i + 1 })}</legend>
            <TextInput name={`steps.${i}.ja`} label={w.stepNameJa} locale={l} value={r.ja} errors={p.errors} maxlength={20} />
            <TextInput name={`steps.${i}.en`} label={w.stepNameEn} locale={l} value={r.en} errors={p.errors} maxlength={40} />
            <SelectInput name={`steps.${i}.role`} label={w.stepRole} locale={l} value={r.role} errors={p.errors} options={[{ value: 'clerk', label: w.roleClerk }, { value: 'manager', label: w.roleManager }]} />
          </fieldset>
        ))}
        <button type="submit" class="btn btn-primary">
          {tx(w.saveRoute, l)}
        </button>
      </form>
    </StaffLayout>
  );
}

export interface AbsenceValues {
  departmentId: string;
  staffId: string;
  delegateId: string;
  startsOn: string;
  endsOn: string;
}

export function AbsencesPage(p: { ctx: PageContext; absences: Absence[]; departments: { id: string; name: Text }[]; staff: StaffChoice[]; values: AbsenceValues; errors: FieldError[]; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  const people = p.staff.map((s) => ({ value: s.id, label: { ja: s.name, en: s.name } }));
  return (
    <StaffLayout ctx={p.ctx} title={`${p.errors.length ? tx(applicationText.errorTitlePrefix, l) : ''}${tx(w.absencesTitle, l)}`}>
      <h1>{tx(w.absencesTitle, l)}</h1>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      <p>{tx(w.absencesLead, l)}</p>
      {p.absences.length ? (
        <div class="table-scroll">
          <table>
            <caption class="sr-only">{tx(w.absencesTitle, l)}</caption>
            <thead>
              <tr>
                <th scope="col">{tx(w.absent, l)}</th>
                <th scope="col">{tx(w.delegate, l)}</th>
                <th scope="col">{tx(m.colDepartment, l)}</th>
                <th scope="col">{tx(w.period, l)}</th>
                <th scope="col">
                  <span class="sr-only">{tx(w.cancelAbsence, l)}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.absences.map((a) => (
                <tr>
                  <td>{a.staffName}</td>
                  <td>{a.delegateName}</td>
                  <td>{tx(a.departmentName, l)}</td>
                  <td>
                    {a.startsOn} – {a.endsOn}
                  </td>
                  <td>
                    <PostButton action={`/staff/absences/${a.id}/cancel`} csrf={p.ctx.csrfToken} label={tx(w.cancelAbsence, l)} class="btn btn-secondary" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{tx(w.noAbsences, l)}</p>
      )}
      <h2>{tx(w.addAbsence, l)}</h2>
      <form method="post" action="/staff/absences">
        <CsrfField token={p.ctx.csrfToken} />
        <SelectInput name="departmentId" label={m.department} locale={l} required value={p.values.departmentId} errors={p.errors} options={p.departments.map((d) => ({ value: d.id, label: d.name }))} />
        <SelectInput name="staffId" label={w.absent} locale={l} required value={p.values.staffId} errors={p.errors} options={people} />
        <SelectInput name="delegateId" label={w.delegate} locale={l} required value={p.values.delegateId} errors={p.errors} options={people} />
        <TextInput name="startsOn" label={w.startsOn} hint={m.dateHint} locale={l} required value={p.values.startsOn} errors={p.errors} class="input-short" maxlength={20} />
        <TextInput name="endsOn" label={w.endsOn} hint={m.dateHint} locale={l} required value={p.values.endsOn} errors={p.errors} class="input-short" maxlength={20} />
        <button type="submit" class="btn btn-primary">
          {tx(w.addAbsence, l)}
        </button>
      </form>
    </StaffLayout>
  );
}
