/**
 * The staff case page: summary, the approval route with who approved which step, the action on the
 * current step, correction request (choose the answers to return), messages with the applicant,
 * assignment, internal notes, the answers and the full history. Every form works without JavaScript.
 */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, SelectInput, StaffLayout, TextArea, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import type { Application, ApplicationEvent } from '../applications.service.ts';
import type { ApprovalStep } from '../cases/approval-route.ts';
import type { StandingApproval, StepAuthority } from '../cases/approvals.service.ts';
import type { CaseMessage, CaseNote, StaffChoice } from '../cases/case-work.service.ts';
import { caseWorkText as w } from '../cases/cases.messages.ts';
import { fieldOfPath, type CorrectionRequest } from '../cases/corrections.service.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { isShown } from '../forms/form-validation.ts';
import { applicationText as a11y, caseText as m } from '../procedures.messages.ts';
import { DocumentLinks } from '../documents/document-links.tsx';
import { AnswerList } from './application-form.tsx';
import { formatBytes } from '../attachments/attachment-check.ts';
import { attachmentText as am } from '../attachments/attachments.messages.ts';
import type { ReplacedAttachment } from '../attachments/attachments.service.ts';
import { formatDateTime, statusText } from './applications.tsx';
import { formatDay } from './format.ts';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

export interface CaseView {
  app: Application;
  procedureId: string;
  procedureName: Text;
  form: FormDefinition;
  events: ApplicationEvent[];
  duplicateReceipt: string | null;
  route: ApprovalStep[];
  approvals: StandingApproval[];
  authority: StepAuthority;
  staff: StaffChoice[];
  canHandle: boolean;
  canAssign: boolean;
  canEditRoute: boolean;
  notes: CaseNote[];
  messages: CaseMessage[];
  corrections: CorrectionRequest[];
  /** Files the resident replaced in a 補正 (still readable, for the history). */
  replacedFiles: ReplacedAttachment[];
}

/** What a form on the page sent back when it failed, to show it again with the errors. */
export interface CaseFormValues {
  action?: string;
  note?: string;
  message?: string;
  messageBody?: string;
  noteBody?: string;
  fields?: string[];
  dueOn?: string;
}

const who = (name: string, behalf: string | null, l: Locale) => (behalf ? t(w.onBehalfOf, l, { actor: name, principal: behalf }) : name);

function stepName(route: ApprovalStep[], step: number | null, l: Locale): string {
  return step !== null && route[step] ? tx(route[step]!.name, l) : '';
}

function historyText(e: ApplicationEvent, route: ApprovalStep[], l: Locale): string {
  switch (e.kind) {
    case 'submitted':
      return tx(w.historySubmitted, l);
    case 'step_approved':
      return t(w.historyStep, l, { step: stepName(route, e.step, l) });
    case 'returned':
      return t(w.historyReturned, l, { step: stepName(route, e.step, l) });
    case 'correction_requested':
      return tx(w.historyCorrection, l);
    case 'resubmitted':
      return tx(w.historyResubmitted, l);
    case 'assigned':
      return e.note ? t(w.historyAssigned, l, { name: e.note }) : tx(w.historyUnassigned, l);
    case 'accepted':
      return tx(w.historyAccepted, l);
    case 'rejected':
      return tx(w.historyRejected, l);
    case 'withdrawn':
      return tx(w.historyWithdrawn, l);
    case 'correction_overdue':
      return tx(w.historyOverdue, l);
    default:
      return tx(statusText[e.status], l);
  }
}

function RouteList(p: { v: CaseView; l: Locale }) {
  const { v, l } = p;
  const a = v.app;
  return (
    <section aria-labelledby="route">
      <h2 id="route">{tx(w.route, l)}</h2>
      <ol class="steps">
        {v.route.map((s, i) => {
          const done = v.approvals.find((x) => x.step === i);
          const current = a.status === 'submitted' && i === a.currentStep;
          return (
            <li aria-current={current ? 'step' : undefined}>
              <strong>{tx(s.name, l)}</strong> （{tx(s.role === 'manager' ? w.roleManager : w.roleClerk, l)}）:{' '}
              {done ? t(w.stepDoneBy, l, { name: who(done.staffName, done.onBehalfOfName, l), at: formatDateTime(done.at, l) }) : current ? tx(w.stepWaiting, l) : tx(w.stepLater, l)}
            </li>
          );
        })}
      </ol>
      {v.canEditRoute ? (
        <p>
          <a href={`/staff/procedures/${v.procedureId}/route`}>{tx(w.editRoute, l)}</a>
        </p>
      ) : null}
    </section>
  );
}

function StepForm(p: { v: CaseView; ctx: PageContext; errors: FieldError[]; values: CaseFormValues }) {
  const { v } = p;
  const l = p.ctx.locale;
  const a = v.app;
  if (a.status !== 'submitted') return null;
  const index = Math.min(a.currentStep, v.route.length - 1);
  const final = index === v.route.length - 1;
  const step = v.route[index]!;
  const options = [{ value: 'approve', label: final ? w.approveFinal : w.approveStep }, ...(index > 0 ? [{ value: 'return', label: w.returnStep }] : []), { value: 'reject', label: w.rejectCase }];
  return (
    <section aria-labelledby="act">
      <h2 id="act">{tx(w.actTitle, l)}</h2>
      <p>{t(w.stepOf, l, { n: index + 1, total: v.route.length, name: tx(step.name, l) })}</p>
      {v.authority.ok ? (
        <form method="post" action={`/staff/cases/${a.id}/step`}>
          <CsrfField token={p.ctx.csrfToken} />
          {v.authority.onBehalfOf ? <Notice kind="warning">{t(w.actingFor, l, { name: v.authority.onBehalfOf.name })}</Notice> : null}
          <SelectInput name="action" label={w.action} locale={l} required value={p.values.action ?? 'approve'} errors={p.errors} options={options} />
          <TextArea name="note" label={w.stepNote} hint={w.stepNoteHint} locale={l} value={p.values.note ?? ''} errors={p.errors} maxlength={1000} />
          <button type="submit" class="btn btn-primary">
            {tx(w.record, l)}
          </button>
        </form>
      ) : (
        <p>{tx(v.authority.reason, l)}</p>
      )}
    </section>
  );
}

function CorrectionForm(p: { v: CaseView; ctx: PageContext; errors: FieldError[]; values: CaseFormValues }) {
  const { v } = p;
  const l = p.ctx.locale;
  const a = v.app;
  if (!v.canHandle || a.status !== 'submitted') return null;
  const chosen = new Set(p.values.fields ?? []);
  const error = p.errors.find((e) => e.field === 'fields');
  const box = (path: string, label: string) => (
    <label class="checkbox">
      <input type="checkbox" name="fields" value={path} id={`cf-${path}`} checked={chosen.has(path)} />
      {label}
    </label>
  );
  return (
    <section aria-labelledby="correction">
      <h2 id="correction">{tx(w.correctionTitle, l)}</h2>
      <p>{tx(w.correctionLead, l)}</p>
      <form method="post" action={`/staff/cases/${a.id}/correction`}>
        <CsrfField token={p.ctx.csrfToken} />
        <fieldset class="field" id="f-fields" aria-describedby={error ? 'f-fields-error' : undefined}>
          <legend>{tx(w.correctionFields, l)}</legend>
          {error ? (
            <span class="error-text" id="f-fields-error">
              {tx(error.message, l)}
            </span>
          ) : null}
          {v.form.sections.map((s) => (
            <div>
              <p>
                <strong>{tx(s.title, l)}</strong>
              </p>
              {s.fields
                .filter((f) => isShown(f, a.answers, a.answers))
                .map((f) => {
                  if (f.type !== 'group') return box(f.name, tx(f.label, l));
                  const items = Array.isArray(a.answers[f.name]) ? (a.answers[f.name] as Record<string, unknown>[]) : [];
                  const item = tx(f.itemLabel ?? f.label, l);
                  return (
                    <>
                      {box(f.name, t(w.wholeGroup, l, { label: tx(f.label, l) }))}
                      {items.map((it, i) => (f.fields ?? []).filter((g) => isShown(g, it, a.answers)).map((g) => box(`${f.name}.${i}.${g.name}`, t(w.itemField, l, { heading: t(a11y.itemHeading, l, { item, n: i + 1 }), label: tx(g.label, l) }))))}
                    </>
                  );
                })}
            </div>
          ))}
        </fieldset>
        <TextArea name="message" label={w.correctionMessage} locale={l} value={p.values.message ?? ''} errors={p.errors} maxlength={1000} required />
        <TextInput name="dueOn" label={w.dueOn} hint={w.dueHint} locale={l} value={p.values.dueOn ?? ''} errors={p.errors} class="input-short" maxlength={20} />
        <button type="submit" class="btn btn-secondary">
          {tx(w.requestCorrection, l)}
        </button>
      </form>
    </section>
  );
}

function ReplacedFiles(p: { v: CaseView; l: Locale }) {
  const { v, l } = p;
  if (!v.replacedFiles.length) return null;
  const label = (field: string) => pathLabel(v.form, field, l);
  return (
    <section aria-labelledby="replaced-files">
      <h2 id="replaced-files">{tx(am.replacedTitle, l)}</h2>
      <ul>
        {v.replacedFiles.map((f) => (
          <li>
            {label(f.field)}: <a href={`/staff/cases/${v.app.id}/attachments/${f.id}`}>{f.fileName}</a>（{formatBytes(f.size)}、{t(am.replacedAt, l, { date: formatDateTime(f.replacedAt, l) })}）
          </li>
        ))}
      </ul>
    </section>
  );
}

function Messages(p: { v: CaseView; ctx: PageContext; errors: FieldError[]; values: CaseFormValues }) {
  const { v } = p;
  const l = p.ctx.locale;
  return (
    <section aria-labelledby="messages">
      <h2 id="messages">{tx(w.messages, l)}</h2>
      {v.messages.length ? (
        <ol class="timeline">
          {v.messages.map((msg) => (
            <li>
              <p>
                <time datetime={msg.at.toISOString()}>{formatDateTime(msg.at, l)}</time> <strong>{msg.from === 'staff' ? (msg.senderName ?? '') : tx(w.fromApplicant, l)}</strong>
              </p>
              <p class="prewrap">{msg.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p>{tx(w.noMessages, l)}</p>
      )}
      {v.canHandle && v.app.status !== 'withdrawn' ? (
        <form method="post" action={`/staff/cases/${v.app.id}/messages`}>
          <CsrfField token={p.ctx.csrfToken} />
          <TextArea name="messageBody" label={w.message} hint={w.messageHint} locale={l} value={p.values.messageBody ?? ''} errors={p.errors} maxlength={1000} required />
          <button type="submit" class="btn btn-secondary">
            {tx(w.sendMessage, l)}
          </button>
        </form>
      ) : null}
    </section>
  );
}

function Assignment(p: { v: CaseView; ctx: PageContext; errors: FieldError[] }) {
  const { v } = p;
  const l = p.ctx.locale;
  if (!v.canAssign) return null;
  return (
    <form method="post" action={`/staff/cases/${v.app.id}/assign`}>
      <CsrfField token={p.ctx.csrfToken} />
      <SelectInput name="assignee" label={w.assignee} locale={l} value={v.app.assigneeId ?? ''} errors={p.errors} options={[{ value: '', label: w.unassigned }, ...v.staff.map((s) => ({ value: s.id, label: { ja: s.name, en: s.name } }))]} />
      <button type="submit" class="btn btn-secondary">
        {tx(w.assign, l)}
      </button>
    </form>
  );
}

function Notes(p: { v: CaseView; ctx: PageContext; errors: FieldError[]; values: CaseFormValues }) {
  const { v } = p;
  const l = p.ctx.locale;
  return (
    <section aria-labelledby="notes">
      <h2 id="notes">{tx(w.notes, l)}</h2>
      <p>{tx(w.notesLead, l)}</p>
      {v.notes.length ? (
        <ol class="timeline">
          {v.notes.map((n) => (
            <li>
              <p>
                <time datetime={n.at.toISOString()}>{formatDateTime(n.at, l)}</time> <strong>{n.authorName}</strong>
              </p>
              <p class="prewrap">{n.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p>{tx(w.noNotes, l)}</p>
      )}
      {v.canAssign ? (
        <form method="post" action={`/staff/cases/${v.app.id}/notes`}>
          <CsrfField token={p.ctx.csrfToken} />
          <TextArea name="noteBody" label={w.note} locale={l} value={p.values.noteBody ?? ''} errors={p.errors} maxlength={2000} required />
          <button type="submit" class="btn btn-secondary">
            {tx(w.addNote, l)}
          </button>
        </form>
      ) : null}
    </section>
  );
}

export function CasePage(p: { ctx: PageContext; v: CaseView; errors: FieldError[]; values?: CaseFormValues; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  const { v } = p;
  const a = v.app;
  const values = p.values ?? {};
  const assignee = v.staff.find((s) => s.id === a.assigneeId)?.name;
  const open = a.status === 'correction_requested' ? v.corrections.find((c) => !c.answeredAt) : undefined;
  return (
    <StaffLayout ctx={p.ctx} title={`${p.errors.length ? tx(a11y.errorTitlePrefix, l) : ''}${t(m.caseTitle, l, { receipt: a.receiptNumber ?? '' })}`}>
      <p>
        <a href="/staff/cases">{tx(m.inboxTitle, l)}</a>
      </p>
      <h1>{t(m.caseTitle, l, { receipt: a.receiptNumber ?? '' })}</h1>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      <dl class="dl">
        <dt>{tx(m.procedure, l)}</dt>
        <dd>{tx(v.procedureName, l)}</dd>
        <dt>{tx(m.status, l)}</dt>
        <dd>{tx(statusText[a.status], l)}</dd>
        <dt>{tx(w.assignee, l)}</dt>
        <dd>{assignee ?? tx(w.unassigned, l)}</dd>
        <dt>{tx(m.colReceived, l)}</dt>
        <dd>{a.submittedAt ? formatDateTime(a.submittedAt, l) : ''}</dd>
        {open?.dueOn ? (
          <>
            <dt>{tx(w.dueRow, l)}</dt>
            <dd>
              {formatDay(open.dueOn, l)}
              {open.overdueAt ? <strong>{tx(w.overdueMark, l)}</strong> : null}
            </dd>
          </>
        ) : null}
      </dl>
      <p>{t(m.formVersion, l, { n: a.formVersion })}</p>
      <DocumentLinks base={`/staff/cases/${a.id}`} status={a.status} l={l} staff />
      {v.duplicateReceipt ? <Notice kind="warning">{t(m.duplicateOf, l, { receipt: v.duplicateReceipt })}</Notice> : null}
      {open?.dueOn && open.overdueAt ? (
        <Notice kind="error" title={tx(w.overdueTitle, l)}>
          <p>{t(w.overdueStaff, l, { date: formatDay(open.dueOn, l) })}</p>
        </Notice>
      ) : null}
      {open ? (
        <Notice kind="warning">
          <p>{t(w.openCorrection, l, { fields: open.fields.map((f) => pathLabel(v.form, f, l)).join('、') })}</p>
          <p class="prewrap">{open.message}</p>
          {open.dueOn ? <p>{t(w.dueLabel, l, { date: formatDay(open.dueOn, l) })}</p> : null}
        </Notice>
      ) : null}
      <RouteList v={v} l={l} />
      <StepForm v={v} ctx={p.ctx} errors={p.errors} values={values} />
      <Assignment v={v} ctx={p.ctx} errors={p.errors} />
      <CorrectionForm v={v} ctx={p.ctx} errors={p.errors} values={values} />
      <Messages v={v} ctx={p.ctx} errors={p.errors} values={values} />
      <Notes v={v} ctx={p.ctx} errors={p.errors} values={values} />
      <h2>{tx(m.answers, l)}</h2>
      <AnswerList form={v.form} answers={a.answers} l={l} fileHref={(file) => `/staff/cases/${a.id}/attachments/${file}`} />
      <ReplacedFiles v={v} l={l} />
      <section aria-labelledby="history">
        <h2 id="history">{tx(m.history, l)}</h2>
        <ol>
          {v.events.map((e) => (
            <li>
              {formatDateTime(e.at, l)} {historyText(e, v.route, l)} （{e.actorKind === 'staff' ? who(e.actorName ?? tx(m.actorStaff, l), e.onBehalfOfName, l) : tx(e.actorKind === 'system' ? w.bySystem : w.byApplicant, l)}）
              {e.note && e.kind !== 'assigned' ? `: ${e.note}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </StaffLayout>
  );
}

/** How a returned path reads: the field's label, with the item number for a field of a group item. */
export function pathLabel(form: FormDefinition, path: string, l: Locale): string {
  const found = fieldOfPath(form, path);
  if (!found) return path;
  if (!found.group) return tx(found.field.label, l);
  return t(w.itemField, l, { heading: t(a11y.itemHeading, l, { item: tx(found.group.itemLabel ?? found.group.label, l), n: (found.item ?? 0) + 1 }), label: tx(found.field.label, l) });
}
