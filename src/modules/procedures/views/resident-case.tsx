/**
 * The resident's view of a case after submission: where it stands (受付 → 審査中 → 補正依頼 → 決裁 →
 * 結果), a timeline in plain language with the department's messages, the reply form, and the
 * correction page where only the returned answers can be changed. Staff names are never shown here.
 */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, ResidentLayout, TextArea, tx, type PageContext } from '../../../platform/ui/index.ts';
import type { Application, ApplicationEvent } from '../applications.service.ts';
import type { ApprovalStep } from '../cases/approval-route.ts';
import type { CaseMessage } from '../cases/case-work.service.ts';
import { residentCaseText as r } from '../cases/cases.messages.ts';
import type { CorrectionRequest } from '../cases/corrections.service.ts';
import type { AttachmentRef, FieldDef, FormDefinition } from '../forms/form-definition.ts';
import { isShown, type RawAnswers } from '../forms/form-validation.ts';
import { applicationText as m } from '../procedures.messages.ts';
import { displayValue, Field, Group } from './application-form.tsx';
import { formatDateTime, formatDay } from './format.ts';
import { ReplaceFile } from './replace-file.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

export interface ResidentCaseView {
  route: ApprovalStep[];
  messages: CaseMessage[];
  corrections: CorrectionRequest[];
}

/** Where the case stands, as a row of stages with the current one marked. */
export function ResidentProgress(p: { app: Application; route: ApprovalStep[]; l: Locale }) {
  const a = p.app;
  const stages: Text[] = [r.stageReceived, r.stageReview, ...(a.status === 'correction_requested' ? [r.stageCorrection] : []), r.stageDecision, r.stageResult];
  const finalStep = p.route.length > 1 && a.currentStep >= p.route.length - 1;
  const current =
    a.status === 'correction_requested' ? 2 : a.status === 'submitted' ? (finalStep ? 2 : 1) : stages.length - 1;
  return (
    <nav aria-label={tx(r.progress, p.l)}>
      <ol class="steps">
        {stages.map((s, i) => (
          <li aria-current={i === current ? 'step' : undefined}>{i === current ? <strong>{tx(s, p.l)}</strong> : tx(s, p.l)}</li>
        ))}
      </ol>
    </nav>
  );
}

type Entry = { at: Date; title: string; body?: string; extra?: string };

/** Every step of the case in plain language, with the messages both ways, oldest first. */
export function ResidentTimeline(p: { events: ApplicationEvent[]; view: ResidentCaseView; l: Locale }) {
  const l = p.l;
  const entries: Entry[] = [];
  for (const e of p.events) {
    switch (e.kind) {
      case 'submitted':
        entries.push({ at: e.at, title: tx(r.eventSubmitted, l) });
        break;
      case 'step_approved':
        entries.push({ at: e.at, title: e.step !== null && p.view.route[e.step] ? t(r.eventStep, l, { step: tx(p.view.route[e.step]!.name, l) }) : tx(r.eventReview, l) });
        break;
      case 'resubmitted':
        entries.push({ at: e.at, title: tx(r.eventResubmitted, l) });
        break;
      case 'accepted':
        entries.push({ at: e.at, title: tx(r.eventAccepted, l), ...(e.note ? { body: e.note } : {}) });
        break;
      case 'rejected':
        entries.push({ at: e.at, title: tx(r.eventRejected, l), ...(e.note ? { body: e.note } : {}) });
        break;
      case 'withdrawn':
        entries.push({ at: e.at, title: tx(r.eventWithdrawn, l) });
        break;
      case 'correction_overdue':
        entries.push({ at: e.at, title: tx(r.eventOverdue, l) });
        break;
      default:
        // Returns, assignments and correction events are internal or shown from their request below.
        break;
    }
  }
  for (const c of p.view.corrections) entries.push({ at: c.requestedAt, title: tx(r.eventCorrection, l), body: c.message, ...(c.dueOn ? { extra: t(r.due, l, { date: formatDay(c.dueOn, l) }) } : {}) });
  for (const msg of p.view.messages) entries.push({ at: msg.at, title: tx(msg.from === 'staff' ? r.eventMessageStaff : r.eventMessageResident, l), body: msg.body });
  entries.sort((x, y) => x.at.getTime() - y.at.getTime());
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">{tx(m.timeline, l)}</h2>
      <ol class="timeline">
        {entries.map((e) => (
          <li>
            <p>
              <time datetime={e.at.toISOString()}>{formatDateTime(e.at, l)}</time> <strong>{e.title}</strong>
            </p>
            {e.body ? <p class="prewrap">{e.body}</p> : null}
            {e.extra ? <p>{e.extra}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The resident's message to the department. */
export function ReplyForm(p: { ctx: PageContext; applicationId: string; errors: FieldError[]; value?: string }) {
  const l = p.ctx.locale;
  return (
    <section aria-labelledby="reply">
      <h2 id="reply">{tx(r.messagesTitle, l)}</h2>
      <form method="post" action={`/applications/${p.applicationId}/messages`}>
        <CsrfField token={p.ctx.csrfToken} />
        <TextArea name="body" label={r.reply} hint={r.replyHint} locale={l} value={p.value ?? ''} errors={p.errors} maxlength={1000} required />
        <button type="submit" class="btn btn-secondary">
          {tx(r.sendReply, l)}
        </button>
      </form>
    </section>
  );
}

/** Who to contact about a case: the procedure's department and its phone number, if any. */
export interface CaseContact {
  department: Text;
  phone: string;
}

/** The due date of an open request and, once it has passed, that the resident can still answer and should contact the department. */
export function CorrectionDue(p: { request: CorrectionRequest; contact: CaseContact; l: Locale }) {
  const { request: q, l } = p;
  if (!q.dueOn) return null;
  return (
    <>
      <p>{t(r.due, l, { date: formatDay(q.dueOn, l) })}</p>
      {q.overdueAt ? (
        <p>
          <strong>{t(r.overdue, l, { department: tx(p.contact.department, l) })}</strong>
          {p.contact.phone ? ` ${t(r.overduePhone, l, { phone: p.contact.phone })}` : ''}
        </p>
      ) : null}
    </>
  );
}

/** The open correction request on the application page, with the link to answer it. */
export function CorrectionNotice(p: { applicationId: string; request: CorrectionRequest; contact: CaseContact; l: Locale }) {
  return (
    <div class="notice notice-warning" role="status">
      <h2>{tx(r.correctionNotice, p.l)}</h2>
      <p class="prewrap">{p.request.message}</p>
      <CorrectionDue request={p.request} contact={p.contact} l={p.l} />
      <p>
        <a href={`/applications/${p.applicationId}/correction`}>{tx(r.correctionLink, p.l)}</a>
      </p>
    </div>
  );
}

function ReadOnly(p: { f: FieldDef; value: unknown; l: Locale; label?: string }) {
  return (
    <div class="field">
      <p>
        <strong>{p.label ?? tx(p.f.label, p.l)}</strong> <span class="muted">（{tx(r.unchanged, p.l)}）</span>
      </p>
      <p class="prewrap">{displayValue(p.f, p.value, p.l)}</p>
    </div>
  );
}

/**
 * The whole application, section by section: the returned answers as inputs (named as in the
 * application form, so the same renderer is used), everything else read-only.
 */
export function CorrectionPage(p: { ctx: PageContext; procedureName: Text; applicationId: string; form: FormDefinition; values: RawAnswers; request: CorrectionRequest; contact: CaseContact; errors: FieldError[]; replacements?: Record<string, AttachmentRef[]> }) {
  const l = p.ctx.locale;
  const paths = new Set(p.request.fields);
  return (
    <ResidentLayout ctx={p.ctx} title={`${p.errors.length ? tx(m.errorTitlePrefix, l) : ''}${tx(r.correctionTitle, l)} - ${tx(p.procedureName, l)}`}>
      <p class="muted">{tx(p.procedureName, l)}</p>
      <h1>{tx(r.correctionTitle, l)}</h1>
      <ErrorSummary errors={p.errors} locale={l} />
      <p>{tx(r.correctionLead, l)}</p>
      <Notice kind="warning" title={tx(r.correctionFrom, l)}>
        <p class="prewrap">{p.request.message}</p>
        <CorrectionDue request={p.request} contact={p.contact} l={l} />
      </Notice>
      <form method="post" action={`/applications/${p.applicationId}/correction`} enctype={p.form.sections.some((s) => s.fields.some((f) => f.type === 'file' && paths.has(f.name))) ? 'multipart/form-data' : undefined} novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        {p.form.sections.map((s) => (
          <section aria-labelledby={`sec-${s.id}`}>
            <h2 id={`sec-${s.id}`}>{tx(s.title, l)}</h2>
            {s.fields
              .filter((f) => paths.has(f.name) || isShown(f, p.values, p.values))
              .map((f) => {
                if (paths.has(f.name) && f.type === 'file') return <ReplaceFile f={f} value={p.values[f.name]} replacement={p.replacements?.[f.name]} errors={p.errors} applicationId={p.applicationId} l={l} />;
                if (paths.has(f.name)) return f.type === 'group' ? <Group f={f} value={p.values[f.name]} errors={p.errors} l={l} /> : <Field f={f} name={f.name} value={p.values[f.name]} siblings={s.fields} errors={p.errors} l={l} applicationId={p.applicationId} />;
                if (f.type !== 'group') return <ReadOnly f={f} value={p.values[f.name]} l={l} />;
                const items = Array.isArray(p.values[f.name]) ? (p.values[f.name] as Record<string, unknown>[]) : [];
                return items.map((item, i) => (
                  <fieldset class="card">
                    <legend>{t(m.itemHeading, l, { item: tx(f.itemLabel ?? f.label, l), n: i + 1 })}</legend>
                    {(f.fields ?? []).map((g) =>
                      paths.has(`${f.name}.${i}.${g.name}`) ? (
                        <Field f={g} name={`${f.name}.${i}.${g.name}`} value={item[g.name]} siblings={f.fields ?? []} errors={p.errors} l={l} applicationId={p.applicationId} />
                      ) : isShown(g, item, p.values) ? (
                        <ReadOnly f={g} value={item[g.name]} l={l} />
                      ) : null,
                    )}
                  </fieldset>
                ));
              })}
          </section>
        ))}
        <button type="submit" class="btn btn-primary" name="_action" value="resubmit">
          {tx(r.resubmit, l)}
        </button>
      </form>
      <p>
        <a href={`/applications/${p.applicationId}`}>{tx(m.back, l)}</a>
      </p>
    </ResidentLayout>
  );
}
