/** The resident's side after submitting: one application (receipt, status, history) and the マイページ list. */
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { Notice, PostButton, ResidentLayout, tx, type PageContext } from '../../../platform/ui/index.ts';
import type { Application, ApplicationEvent, ApplicationSummary } from '../applications.service.ts';
import type { ApplicationStatus } from '../applications.schema.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { applicationText as m } from '../procedures.messages.ts';
import { AnswerList } from './application-form.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

export const statusText: Record<ApplicationStatus, Text> = {
  draft: m.statusDraft,
  submitted: m.statusSubmitted,
  accepted: m.statusAccepted,
  rejected: m.statusRejected,
  withdrawn: m.statusWithdrawn,
};

export function formatDateTime(d: Date, l: Locale): string {
  return new Intl.DateTimeFormat(l === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(d);
}

export function ApplicationPage(p: { ctx: PageContext; procedureName: Text; app: Application; form: FormDefinition; events: ApplicationEvent[]; duplicateReceipt: string | null; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  const a = p.app;
  const email = typeof a.answers.email === 'string' ? a.answers.email : '';
  return (
    <ResidentLayout ctx={p.ctx} title={`${tx(a.status === 'submitted' ? m.submittedTitle : statusText[a.status], l)} - ${tx(p.procedureName, l)}`}>
      <p class="muted">{tx(p.procedureName, l)}</p>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <h1>{tx(a.status === 'submitted' ? m.submittedTitle : statusText[a.status], l)}</h1>
      {a.receiptNumber ? (
        <div class="notice notice-success" role="status">
          <p>
            {tx(m.receiptNumber, l)}: <strong class="receipt-number">{a.receiptNumber}</strong>
          </p>
          <p>{tx(m.receiptLead, l)}</p>
          {email && a.status === 'submitted' ? <p>{t(m.mailSent, l, { email })}</p> : null}
        </div>
      ) : null}
      {p.duplicateReceipt && a.status === 'submitted' ? <Notice kind="warning">{t(m.duplicate, l, { receipt: p.duplicateReceipt })}</Notice> : null}
      <dl class="dl">
        <dt>{tx(m.status, l)}</dt>
        <dd>{tx(statusText[a.status], l)}</dd>
        {a.submittedAt ? (
          <>
            <dt>{tx(m.submittedAt, l)}</dt>
            <dd>{formatDateTime(a.submittedAt, l)}</dd>
          </>
        ) : null}
      </dl>
      {p.events.length ? (
        <section aria-labelledby="timeline">
          <h2 id="timeline">{tx(m.timeline, l)}</h2>
          <ol>
            {p.events.map((e) => (
              <li>
                {formatDateTime(e.at, l)} {tx(statusText[e.status], l)}
                {e.note ? (
                  <p>
                    {tx(m.note, l)}: {e.note}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <h2>{tx(m.yourAnswers, l)}</h2>
      <AnswerList form={p.form} answers={a.answers} l={l} />
      {a.status === 'submitted' ? <PostButton action={`/applications/${a.id}/withdraw`} csrf={p.ctx.csrfToken} label={tx(m.withdraw, l)} /> : null}
    </ResidentLayout>
  );
}

export function MyApplicationsPage(p: { ctx: PageContext; applications: ApplicationSummary[]; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  return (
    <ResidentLayout ctx={p.ctx} title={tx(m.myApplications, l)}>
      <h1>{tx(m.myApplications, l)}</h1>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <p>{tx(m.myApplicationsLead, l)}</p>
      {p.applications.length ? (
        <div class="table-scroll">
          <table>
            <caption class="sr-only">{tx(m.myApplications, l)}</caption>
            <thead>
              <tr>
                <th scope="col">{tx(m.colProcedure, l)}</th>
                <th scope="col">{tx(m.colReceipt, l)}</th>
                <th scope="col">{tx(m.colStatus, l)}</th>
                <th scope="col">{tx(m.colDate, l)}</th>
              </tr>
            </thead>
            <tbody>
              {p.applications.map((a) => (
                <tr>
                  <td>
                    {a.status === 'draft' ? (
                      <>
                        {tx(a.procedureName, l)}{' '}
                        <a href={`/applications/${a.id}`}>{tx(m.continueDraft, l)}</a>
                        <PostButton action={`/applications/${a.id}/withdraw`} csrf={p.ctx.csrfToken} label={tx(m.discardDraft, l)} />
                      </>
                    ) : (
                      <a href={`/applications/${a.id}`}>{tx(a.procedureName, l)}</a>
                    )}
                  </td>
                  <td>{a.receiptNumber ?? '—'}</td>
                  <td>{tx(statusText[a.status], l)}</td>
                  <td>{formatDateTime(a.updatedAt, l)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{tx(m.noApplications, l)}</p>
      )}
      <p>
        <a href="/procedures">{tx(m.findProcedures, l)}</a>
      </p>
    </ResidentLayout>
  );
}
