/** The resident's side after submitting: one application (receipt, status, history) and the マイページ list. */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { ErrorSummary, Notice, PostButton, ResidentLayout, tx, type PageContext } from '../../../platform/ui/index.ts';
import type { Application, ApplicationEvent, ApplicationSummary } from '../applications.service.ts';
import { OPEN_STATUSES, type ApplicationStatus } from '../applications.schema.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { applicationText as m } from '../procedures.messages.ts';
import { caseWorkText } from '../cases/cases.messages.ts';
import { AnswerList } from './application-form.tsx';
import { DocumentLinks, NoticeLink } from '../documents/document-links.tsx';
import { formatDateTime } from './format.ts';
import { CorrectionNotice, ReplyForm, ResidentProgress, ResidentTimeline, type CaseContact, type ResidentCaseView } from './resident-case.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

export const statusText: Record<ApplicationStatus, Text> = {
  draft: m.statusDraft,
  submitted: m.statusSubmitted,
  correction_requested: caseWorkText.statusCorrectionRequested,
  accepted: m.statusAccepted,
  rejected: m.statusRejected,
  withdrawn: m.statusWithdrawn,
};

export { formatDateTime };

export function ApplicationPage(p: { ctx: PageContext; procedureName: Text; contact: CaseContact; app: Application; form: FormDefinition; events: ApplicationEvent[]; duplicateReceipt: string | null; notice?: Text | undefined; view: ResidentCaseView; errors?: FieldError[]; reply?: string }) {
  const l = p.ctx.locale;
  const a = p.app;
  const email = typeof a.answers.email === 'string' ? a.answers.email : '';
  const open = a.status === 'correction_requested' ? p.view.corrections.find((c) => !c.answeredAt) : undefined;
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
      <DocumentLinks base={`/mypage/applications/${a.id}`} status={a.status} l={l} />
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
      {p.errors?.length ? <ErrorSummary errors={p.errors} locale={l} /> : null}
      {open ? <CorrectionNotice applicationId={a.id} request={open} contact={p.contact} l={l} /> : null}
      <ResidentProgress app={a} route={p.view.route} l={l} />
      <ResidentTimeline events={p.events} view={p.view} l={l} />
      <ReplyForm ctx={p.ctx} applicationId={a.id} errors={p.errors ?? []} {...(p.reply !== undefined ? { value: p.reply } : {})} />
      <h2>{tx(m.yourAnswers, l)}</h2>
      <AnswerList form={p.form} answers={a.answers} l={l} fileHref={(id) => `/applications/${a.id}/attachments/${id}`} />
      {OPEN_STATUSES.includes(a.status) ? <PostButton action={`/applications/${a.id}/withdraw`} csrf={p.ctx.csrfToken} label={tx(m.withdraw, l)} /> : null}
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
                  <td>
                    {tx(statusText[a.status], l)}
                    <NoticeLink base={`/mypage/applications/${a.id}`} status={a.status} receiptNumber={a.receiptNumber} l={l} />
                  </td>
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
