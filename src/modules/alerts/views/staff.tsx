/**
 * Staff alert pages: the list (/staff/alerts), the form with the three language versions side by
 * side (/staff/alerts/new, /staff/alerts/:alertId/edit) and one message with its approval,
 * sending, delivery progress and follow-ups (/staff/alerts/:alertId). Everything works without
 * JavaScript; the delivery progress refreshes itself when scripts run.
 */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { ChoiceGroup, CsrfField, ErrorSummary, Notice, PostButton, SelectInput, StaffLayout, TextInput, tx, uiMessages, type PageContext } from '../../../platform/ui/index.ts';
import { DeliveryProgress, PROGRESS_SCRIPT, type BroadcastProgress } from '../../notify/index.ts';
import { alertStatuses, categories, certainties, hazardInfo, hazards, responseTypes, severities, urgencies, type Alert, type AlertArea, type AlertShelter } from '../alert.ts';
import { alertText as m, categoryLabel, certaintyLabel, msgTypeLabel, responseTypeLabel, severityLabel, stateLabel, statusLabel, urgencyLabel } from '../alerts.messages.ts';
import { mayBeSentAlone } from '../alerts.policy.ts';
import { jstText } from '../banner.ts';
import { templateKeys, templateLabel } from '../templates.ts';
import { AlertFacts, ChainHistory, NotRealNotice, OverrideNotice, StatusTag, Version } from './public.tsx';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);
const headline = (a: Alert, l: Locale) => (l === 'en' ? a.headline.en || a.headline.ja : a.headline.ja);

export type FormValues = Record<string, string | string[]>;
const one = (v: FormValues, k: string) => {
  const x = v[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
};
const many = (v: FormValues, k: string) => {
  const x = v[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};

function FieldErrorText({ name, errors, l }: { name: string; errors: FieldError[]; l: Locale }) {
  const e = errors.find((x) => x.field === name);
  return e ? (
    <span class="error-text" id={`f-${name}-error`}>
      <span class="sr-only">{tx(uiMessages.errorPrefix, l)}</span>
      {tx(e.message, l)}
    </span>
  ) : null;
}

function Textarea(p: { name: string; label: Text; l: Locale; value: string; errors: FieldError[]; required?: boolean; maxlength: number; lang?: string }) {
  const error = p.errors.find((x) => x.field === p.name);
  return (
    <div class="field">
      <label for={`f-${p.name}`}>
        {tx(p.label, p.l)}
        {p.required ? <span class="required">{tx(uiMessages.required, p.l)}</span> : null}
      </label>
      <FieldErrorText name={p.name} errors={p.errors} l={p.l} />
      <textarea class="textarea" id={`f-${p.name}`} name={p.name} rows={6} maxlength={p.maxlength * 2} required={p.required} lang={p.lang} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `f-${p.name}-error` : undefined}>
        {p.value}
      </textarea>
    </div>
  );
}

const optionsOf = <K extends string>(keys: readonly K[], labels: Record<K, Text>) => keys.map((k) => ({ value: k, label: labels[k] }));
const hazardOptions = [{ value: '', label: { ja: '（選ばない）', en: '(none)' } }, ...hazards.map((h) => ({ value: h, label: hazardInfo[h].label }))];
const areaOptions = (areas: AlertArea[], l: Locale) => areas.map((a) => ({ value: a.code, label: l === 'en' ? a.name.en || a.name.ja : a.name.ja }));
const shelterOptions = (shelters: AlertShelter[], l: Locale) => shelters.map((s) => ({ value: s.id, label: `${l === 'en' && s.nameEn ? s.nameEn : s.name}${s.address ? `（${s.address}）` : ''}` }));

export function StaffAlertListPage(p: { ctx: PageContext; drafts: Alert[]; sent: Alert[]; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  const title = tx(m.staffTitle, l);
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <h1>{title}</h1>
      {p.notice ? <Notice kind="success"><p>{tx(p.notice, l)}</p></Notice> : null}
      <p>{tx(m.staffLead, l)}</p>
      <p>
        <a class="btn btn-primary" href="/staff/alerts/new">{tx(m.newAlert, l)}</a>
      </p>
      <h2>{tx(m.drafts, l)}</h2>
      {p.drafts.length ? (
        <ul class="alert-list">
          {p.drafts.map((a) => (
            <li>
              <h3>
                <StatusTag a={a} l={l} />
                <a href={`/staff/alerts/${a.id}`}>{headline(a, l)}</a>
              </h3>
              <p>
                {tx(stateLabel[a.state], l)} · {tx(msgTypeLabel[a.msgType], l)} · {tx(m.author, l)}: {a.author.name}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{tx(m.noDrafts, l)}</p>
      )}
      <h2>{tx(m.sentList, l)}</h2>
      {p.sent.length ? (
        <ul class="alert-list">
          {p.sent.map((a) => (
            <li>
              <h3>
                <StatusTag a={a} l={l} />
                {a.overrideReason ? <span class="tag-override">{tx(m.overrideBadge, l)}</span> : null}
                <a href={`/staff/alerts/${a.id}`}>{headline(a, l)}</a>
              </h3>
              <p>
                {tx(msgTypeLabel[a.msgType], l)} · <time datetime={a.sentAt!.toISOString()}>{tx(jstText(a.sentAt!), l)}</time> · {tx(m.author, l)}: {a.author.name}
                {a.approver ? ` · ${tx(m.approver, l)}: ${a.approver.name}` : ''}
              </p>
              {a.overrideReason ? <p>{t(m.overrideShown, l, { reason: a.overrideReason })}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{tx(m.noSent, l)}</p>
      )}
    </StaffLayout>
  );
}

/** Step 1 of a new alert: choose a template, hazard, areas and shelters (a GET form). */
export function TemplateChooserPage(p: { ctx: PageContext; areas: AlertArea[]; shelters: AlertShelter[] }) {
  const l = p.ctx.locale;
  const title = tx(m.newAlert, l);
  return (
    <StaffLayout ctx={p.ctx} title={title}>
      <p><a href="/staff/alerts">{tx(m.staffTitle, l)}</a></p>
      <h1>{title}</h1>
      <h2>{tx(m.chooseTemplate, l)}</h2>
      <p>{tx(m.chooseTemplateLead, l)}</p>
      <form method="get" action="/staff/alerts/new">
        <SelectInput name="template" label={m.template} locale={l} value="level4" options={[...templateKeys.map((k) => ({ value: k, label: templateLabel[k] })), { value: 'none', label: m.noTemplate }]} />
        <SelectInput name="hazard" label={m.hazard} locale={l} value="" options={hazardOptions} />
        <ChoiceGroup name="areas" legend={m.areas} hint={m.areasHint} locale={l} type="checkbox" options={areaOptions(p.areas, l)} chosen={[]} errors={[]} empty={m.noAreas} />
        <ChoiceGroup name="shelters" legend={m.shelters} hint={m.sheltersHint} locale={l} type="checkbox" options={shelterOptions(p.shelters, l)} chosen={[]} errors={[]} empty={m.noShelters} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.applyTemplate, l)}</button>
        </div>
      </form>
    </StaffLayout>
  );
}

/** The alert form: CAP values, the three language versions side by side, areas, shelters, expiry. */
export function AlertFormPage(p: { ctx: PageContext; action: string; values: FormValues; errors: FieldError[]; areas: AlertArea[]; shelters: AlertShelter[]; statusFixed: boolean; title: Text; msgType: Alert['msgType'] }) {
  const l = p.ctx.locale;
  const v = p.values;
  const title = tx(p.title, l);
  const missing = !one(v, 'headlineEasy') || !one(v, 'headlineEn');
  return (
    <StaffLayout ctx={p.ctx} title={p.errors.length ? `${l === 'ja' ? '（入力エラー）' : '(Error) '}${title}` : title}>
      <p><a href="/staff/alerts">{tx(m.staffTitle, l)}</a></p>
      <h1>{title}</h1>
      <p>{tx(m.messageType, l)}: {tx(msgTypeLabel[p.msgType], l)}</p>
      <ErrorSummary errors={p.errors} locale={l} />
      {missing ? <Notice kind="warning"><p>{tx(m.missingVersions, l)}</p></Notice> : null}
      <form method="post" action={p.action} novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <input type="hidden" name="template" value={one(v, 'template')} />
        {p.statusFixed ? (
          <>
            <input type="hidden" name="status" value={one(v, 'status')} />
            <p>{tx(m.status, l)}: {tx(statusLabel[one(v, 'status') as 'actual'] ?? statusLabel.actual, l)}</p>
          </>
        ) : (
          <ChoiceGroup name="status" legend={m.status} hint={m.statusHint} locale={l} type="radio" options={alertStatuses.map((s) => ({ value: s, label: tx(statusLabel[s], l) }))} chosen={[one(v, 'status') || 'actual']} errors={p.errors} />
        )}
        <SelectInput name="hazard" label={m.hazard} locale={l} value={one(v, 'hazard')} options={hazardOptions} errors={p.errors} />
        <SelectInput name="level" label={m.levelField} locale={l} value={one(v, 'level')} options={[{ value: '', label: { ja: 'なし', en: 'None' } }, ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: { ja: `警戒レベル${n}`, en: `Alert Level ${n}` } }))]} errors={p.errors} />
        <TextInput name="eventJa" label={m.eventJa} locale={l} value={one(v, 'eventJa')} required errors={p.errors} maxlength={200} />
        <TextInput name="eventEn" label={m.eventEn} locale={l} value={one(v, 'eventEn')} errors={p.errors} maxlength={200} />
        <div class="alert-versions">
          <fieldset lang="ja">
            <legend>{tx(m.versionJa, l)}</legend>
            <TextInput name="headlineJa" label={m.headlineJa} locale={l} value={one(v, 'headlineJa')} required errors={p.errors} maxlength={300} />
            <Textarea name="descriptionJa" label={m.descriptionJa} l={l} value={one(v, 'descriptionJa')} required errors={p.errors} maxlength={1500} />
            <Textarea name="instructionJa" label={m.instructionJa} l={l} value={one(v, 'instructionJa')} errors={p.errors} maxlength={2000} />
          </fieldset>
          <fieldset lang="ja">
            <legend>{tx(m.versionEasy, l)}</legend>
            <TextInput name="headlineEasy" label={m.headlineEasy} locale={l} value={one(v, 'headlineEasy')} errors={p.errors} maxlength={300} />
            <Textarea name="descriptionEasy" label={m.descriptionEasy} l={l} value={one(v, 'descriptionEasy')} errors={p.errors} maxlength={1500} />
            <Textarea name="instructionEasy" label={m.instructionEasy} l={l} value={one(v, 'instructionEasy')} errors={p.errors} maxlength={2000} />
          </fieldset>
          <fieldset>
            <legend>{tx(m.versionEn, l)}</legend>
            <TextInput name="headlineEn" label={m.headlineEn} locale={l} value={one(v, 'headlineEn')} errors={p.errors} maxlength={300} />
            <Textarea name="descriptionEn" label={m.descriptionEn} l={l} value={one(v, 'descriptionEn')} errors={p.errors} maxlength={1500} lang="en" />
            <Textarea name="instructionEn" label={m.instructionEn} l={l} value={one(v, 'instructionEn')} errors={p.errors} maxlength={2000} lang="en" />
          </fieldset>
        </div>
        <ChoiceGroup name="areas" legend={m.areas} hint={m.areasHint} locale={l} type="checkbox" options={areaOptions(p.areas, l)} chosen={many(v, 'areas')} errors={p.errors} empty={m.noAreas} />
        <ChoiceGroup name="shelters" legend={m.shelters} hint={m.sheltersHint} locale={l} type="checkbox" options={shelterOptions(p.shelters, l)} chosen={many(v, 'shelters')} errors={p.errors} empty={m.noShelters} />
        <SelectInput name="urgency" label={m.urgency} locale={l} value={one(v, 'urgency')} options={optionsOf(urgencies, urgencyLabel)} errors={p.errors} />
        <SelectInput name="severity" label={m.severity} locale={l} value={one(v, 'severity')} options={optionsOf(severities, severityLabel)} errors={p.errors} />
        <SelectInput name="certainty" label={m.certainty} locale={l} value={one(v, 'certainty')} options={optionsOf(certainties, certaintyLabel)} errors={p.errors} />
        <SelectInput name="category" label={m.category} locale={l} value={one(v, 'category')} options={optionsOf(categories, categoryLabel)} errors={p.errors} />
        <SelectInput name="responseType" label={m.responseType} locale={l} value={one(v, 'responseType')} options={optionsOf(responseTypes, responseTypeLabel)} errors={p.errors} />
        <TextInput name="expires" type="datetime-local" label={m.expiresField} hint={m.expiresHint} locale={l} value={one(v, 'expires')} required errors={p.errors} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.saveDraft, l)}</button>
        </div>
      </form>
    </StaffLayout>
  );
}

export interface StaffAlertView {
  alert: Alert;
  chain: Alert[];
  events: { at: Date; action: string; actorId: string; actorName: string; note: string }[];
  progress: BroadcastProgress[];
  viewerId: string;
  viewerMayApprove: boolean;
  /** How the viewer took part in the message (wrote, edited, submitted it): then they may not approve it. */
  viewerShaped: 'wrote' | 'edited' | 'submitted' | null;
}

const shapedNote: Record<'edited' | 'submitted', Text> = { edited: m.editedApproval, submitted: m.submittedApproval };

const eventLabel: Record<string, Text> = {
  draft: { ja: '下書きを作成', en: 'Drafted' },
  draft_update: { ja: '続報の下書きを作成', en: 'Update drafted' },
  draft_cancel: { ja: '取消の下書きを作成', en: 'Cancel drafted' },
  edit: { ja: '編集', en: 'Edited' },
  submit: { ja: '承認を依頼', en: 'Approval requested' },
  approve: { ja: '承認', en: 'Approved' },
  send: { ja: '送信', en: 'Sent' },
  send_override: { ja: '特例送信', en: 'Sent under the override' },
  discard: { ja: '破棄', en: 'Discarded' },
};

export function StaffAlertPage(p: { ctx: PageContext; view: StaffAlertView; errors: FieldError[]; notice?: Text | undefined; reason?: string }) {
  const l = p.ctx.locale;
  const { alert: a, chain } = p.view;
  const csrf = p.ctx.csrfToken;
  const open = a.state === 'draft' || a.state === 'pending';
  const head = chain[chain.length - 1];
  const isHead = a.state === 'sent' && head?.id === a.id;
  const needsSecond = !mayBeSentAlone(a);
  const mayApprove = a.state === 'pending' && p.view.viewerMayApprove && p.view.viewerShaped === null;
  const title = `${tx(msgTypeLabel[a.msgType], l)}: ${headline(a, l)}`;
  return (
    <StaffLayout ctx={p.ctx} title={title} scripts={a.state === 'sent' ? [PROGRESS_SCRIPT] : []}>
      <p><a href="/staff/alerts">{tx(m.staffTitle, l)}</a></p>
      {p.notice ? <Notice kind="success"><p>{tx(p.notice, l)}</p></Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      <NotRealNotice a={a} l={l} />
      <h1>
        <StatusTag a={a} l={l} />
        {title}
      </h1>
      <p>
        {tx(stateLabel[a.state], l)} · {tx(m.author, l)}: {a.author.name}
        {a.approver ? ` · ${tx(m.approver, l)}: ${a.approver.name}` : ''}
      </p>
      <OverrideNotice a={a} l={l} />
      <AlertFacts a={a} l={l} />
      <Version a={a} k="ja" title={{ ja: '日本語', en: 'Japanese' }} l={l} />
      <Version a={a} k="easy" title={m.easyVersion} l={l} />
      <Version a={a} k="en" title={m.englishVersion} l={l} />

      {open ? (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">{tx(needsSecond ? m.approve : m.sendNow, l)}</h2>
          <div class="actions">
            <a class="btn btn-secondary" href={`/staff/alerts/${a.id}/edit`}>{tx(m.edit, l)}</a>
            {needsSecond && a.state === 'draft' ? <PostButton action={`/staff/alerts/${a.id}/submit`} csrf={csrf} label={tx(m.submit, l)} class="btn-primary" /> : null}
            {mayApprove ? <PostButton action={`/staff/alerts/${a.id}/approve`} csrf={csrf} label={tx(m.approve, l)} class="btn-danger" /> : null}
            {!needsSecond ? <PostButton action={`/staff/alerts/${a.id}/send`} csrf={csrf} label={tx(m.sendNow, l)} class="btn-danger" /> : null}
            <PostButton action={`/staff/alerts/${a.id}/discard`} csrf={csrf} label={tx(m.discard, l)} />
          </div>
          {mayApprove ? <p>{tx(m.approveLead, l)}</p> : null}
          {a.state === 'pending' && !mayApprove ? <p>{tx(p.view.viewerShaped === 'wrote' ? m.submitted : p.view.viewerShaped && p.view.viewerMayApprove ? shapedNote[p.view.viewerShaped] : m.notAllowedApprove, l)}</p> : null}
          {!needsSecond ? <p>{tx(m.sendNowLead, l)}</p> : null}
          {needsSecond && p.view.viewerMayApprove ? (
            <form method="post" action={`/staff/alerts/${a.id}/override`} class="stack">
              <h3>{tx(m.overrideTitle, l)}</h3>
              <p>{tx(m.overrideLead, l)}</p>
              <CsrfField token={csrf} />
              <div class="checkbox">
                <input type="checkbox" id="f-confirm" name="confirm" value="1" required />
                <label for="f-confirm">{tx(m.overrideCheck, l)}</label>
              </div>
              <Textarea name="reason" label={m.overrideReason} l={l} value={p.reason ?? ''} errors={p.errors} required maxlength={500} />
              <button type="submit" class="btn btn-danger">{tx(m.overrideSend, l)}</button>
            </form>
          ) : null}
        </section>
      ) : null}

      {a.state === 'sent' ? (
        <>
          <DeliveryProgress progress={p.view.progress} refreshHref={`/staff/alerts/${a.id}`} locale={l} />
          <p>
            <a href={`/alerts/${a.id}`}>{tx(m.publicPage, l)}</a> · <a href={`/alerts/${a.id}/cap.xml`}>{tx(m.capOne, l)}</a>
          </p>
          {isHead && a.msgType !== 'cancel' ? (
            <section aria-labelledby="follow-title">
              <h2 id="follow-title">{tx(m.followUp, l)}</h2>
              <div class="actions">
                <PostButton action={`/staff/alerts/${a.id}/follow-up`} csrf={csrf} label={tx(m.makeUpdate, l)} hidden={{ type: 'update' }} />
                <PostButton action={`/staff/alerts/${a.id}/follow-up`} csrf={csrf} label={tx(m.makeCancel, l)} hidden={{ type: 'cancel' }} class="btn-danger" />
              </div>
            </section>
          ) : null}
        </>
      ) : null}
      <ChainHistory chain={chain} current={a.id} l={l} base="/staff/alerts" />
      <section aria-labelledby="events-title">
        <h2 id="events-title">{tx(m.events, l)}</h2>
        <ol>
          {p.view.events.map((e) => (
            <li>
              <time datetime={e.at.toISOString()}>{tx(jstText(e.at), l)}</time> {tx(eventLabel[e.action] ?? { ja: e.action, en: e.action }, l)} — {e.actorName}
              {e.note ? `: ${e.note}` : ''}
            </li>
          ))}
        </ol>
      </section>
    </StaffLayout>
  );
}
