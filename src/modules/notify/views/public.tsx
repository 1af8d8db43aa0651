/** Resident pages: subscribe (e-mail, push, LINE), confirm, manage, unsubscribe, マイページ list. */
import type { FieldError } from '../../../platform/errors/index.ts';
import type { Locale, Text } from '../../../platform/i18n/index.ts';
import { ChoiceGroup, CsrfField, ErrorSummary, Notice, ResidentLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { LANGUAGES, TOPICS, channelLabel, languageLabel, topicLabel, type Area } from '../model.ts';
import { pageText as m, prefsLabels, stateLabel } from '../notify.messages.ts';
import type { Preferences, SubscriptionView } from '../subscriptions.service.ts';

/** Built from client/subscribe.ts into .build/js/notify/subscribe.js. */
export const SUBSCRIBE_SCRIPT = 'notify/subscribe';

/** Topic, area and language choices, shared by the subscribe, manage and push forms. */
export function PreferenceFields(p: { l: Locale; areas: Area[]; prefs: Partial<Preferences>; errors: FieldError[] }) {
  const { l } = p;
  return (
    <>
      <ChoiceGroup name="topics" legend={m.topicsLegend} locale={l} type="checkbox" options={TOPICS.map((t) => ({ value: t, label: tx(topicLabel[t], l) }))} chosen={p.prefs.topics ?? []} errors={p.errors} />
      <ChoiceGroup name="areas" legend={m.areasLegend} locale={l} type="checkbox" options={p.areas.map((a) => ({ value: a.code, label: tx(a.name, l) }))} chosen={p.prefs.areas ?? []} errors={p.errors} />
      <ChoiceGroup name="language" legend={m.languageLegend} locale={l} type="radio" options={LANGUAGES.map((x) => ({ value: x, label: tx(languageLabel[x], l) }))} chosen={[p.prefs.language ?? (l === 'en' ? 'en' : 'ja')]} errors={p.errors} />
    </>
  );
}

export function SubscribePage(p: { ctx: PageContext; areas: Area[]; prefs: Partial<Preferences>; email: string; errors: FieldError[]; vapidPublicKey: string; lineConfigured: boolean }) {
  const { ctx } = p;
  const l = ctx.locale;
  return (
    <ResidentLayout ctx={ctx} title={tx(m.subscribeTitle, l)} scripts={[SUBSCRIBE_SCRIPT]}>
      <h1>{tx(m.subscribeTitle, l)}</h1>
      <p>{tx(m.subscribeLead, l)}</p>
      <ErrorSummary errors={p.errors} locale={l} />
      <form method="post" action="/subscribe" class="stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <PreferenceFields l={l} areas={p.areas} prefs={p.prefs} errors={p.errors} />
        <h2>{tx(m.emailTitle, l)}</h2>
        <TextInput name="email" label={m.emailLabel} hint={m.emailHint} locale={l} type="email" autocomplete="email" inputmode="email" value={p.email} errors={p.errors} required maxlength={254} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.emailSubmit, l)}</button>
        </div>
      </form>

      <section aria-labelledby="push-title">
        <h2 id="push-title">{tx(m.pushTitle, l)}</h2>
        <p>{tx(m.pushLead, l)}</p>
        <noscript>
          <p class="notice notice-warning">{tx(m.pushNoScript, l)}</p>
        </noscript>
        {/* Revealed by client/subscribe.ts; the browser asks for permission only after this button is pressed. */}
        <div id="push-controls" hidden data-vapid-key={p.vapidPublicKey} data-csrf={ctx.csrfToken}>
          <button type="button" class="btn btn-secondary" id="push-button">{tx(m.pushButton, l)}</button>
          <p id="push-status" role="status" aria-live="polite" data-unsupported={tx(m.pushUnsupported, l)} data-denied={tx(m.pushDenied, l)} data-done={tx(m.pushDone, l)} data-failed={tx(m.pushFailed, l)}></p>
        </div>
      </section>

      {p.lineConfigured ? (
        <section aria-labelledby="line-title">
          <h2 id="line-title">{tx(m.lineTitle, l)}</h2>
          <p>{tx(m.lineLead, l)}</p>
        </section>
      ) : null}
    </ResidentLayout>
  );
}

export function MessagePage(p: { ctx: PageContext; title: Text; lead: Text; kind?: 'success' | 'error'; children?: unknown }) {
  const l = p.ctx.locale;
  return (
    <ResidentLayout ctx={p.ctx} title={tx(p.title, l)}>
      <h1>{tx(p.title, l)}</h1>
      <Notice kind={p.kind ?? 'success'}>
        <p>{tx(p.lead, l)}</p>
      </Notice>
      {p.children as never}
    </ResidentLayout>
  );
}

/** A page with one POST button (confirm, unsubscribe): opening a mailed link never changes anything by itself. */
export function ActionPage(p: { ctx: PageContext; title: Text; lead: Text; action: string; token: string; button: Text; note?: Text | null }) {
  const l = p.ctx.locale;
  return (
    <ResidentLayout ctx={p.ctx} title={tx(p.title, l)}>
      <h1>{tx(p.title, l)}</h1>
      <p>{tx(p.lead, l)}</p>
      {p.note ? <p>{tx(p.note, l)}</p> : null}
      <form method="post" action={p.action}>
        <CsrfField token={p.ctx.csrfToken} />
        <input type="hidden" name="token" value={p.token} />
        <button type="submit" class="btn btn-primary">{tx(p.button, l)}</button>
      </form>
    </ResidentLayout>
  );
}

export function ManagePage(p: { ctx: PageContext; sub: SubscriptionView; token: string; areas: Area[]; errors: FieldError[]; saved: boolean }) {
  const { ctx, sub } = p;
  const l = ctx.locale;
  return (
    <ResidentLayout ctx={ctx} title={tx(m.manageTitle, l)}>
      <h1>{tx(m.manageTitle, l)}</h1>
      {p.saved ? <Notice kind="success"><p>{tx(m.saved, l)}</p></Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      <dl class="dl">
        <dt>{tx(m.address, l)}</dt>
        <dd>{sub.channel === 'webpush' ? tx(m.thisBrowser, l) : `${tx(channelLabel[sub.channel], l)}: ${sub.display}`}</dd>
        <dt>{tx(m.state, l)}</dt>
        <dd>{tx(stateLabel[sub.state], l)}</dd>
      </dl>
      <form method="post" action="/subscribe/manage" class="stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={p.token} />
        <PreferenceFields l={l} areas={p.areas} prefs={sub} errors={p.errors} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.manageSave, l)}</button>
        </div>
      </form>
      <h2>{tx(m.unsubscribeTitle, l)}</h2>
      <form method="post" action="/unsubscribe">
        <CsrfField token={ctx.csrfToken} />
        <input type="hidden" name="token" value={p.token} />
        <button type="submit" class="btn btn-danger">{tx(m.unsubscribeButton, l)}</button>
      </form>
    </ResidentLayout>
  );
}

export function MySubscriptionsPage(p: { ctx: PageContext; subs: (SubscriptionView & { token: string })[]; areas: Area[] }) {
  const { ctx } = p;
  const l = ctx.locale;
  const areaName = (code: string) => (p.areas.find((a) => a.code === code)?.name ?? { ja: code, en: code })[l];
  return (
    <ResidentLayout ctx={ctx} title={tx(m.myTitle, l)}>
      <h1>{tx(m.myTitle, l)}</h1>
      {p.subs.length === 0 ? <p>{tx(m.myNone, l)}</p> : null}
      {p.subs.length ? (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{tx(m.address, l)}</th>
                <th scope="col">{tx(prefsLabels.topics, l)}</th>
                <th scope="col">{tx(prefsLabels.areas, l)}</th>
                <th scope="col">{tx(m.state, l)}</th>
                <th scope="col"><span class="sr-only">{tx(m.change, l)}</span></th>
              </tr>
            </thead>
            <tbody>
              {p.subs.map((s) => (
                <tr>
                  <td>{s.channel === 'webpush' ? tx(m.thisBrowser, l) : `${tx(channelLabel[s.channel], l)}: ${s.display}`}</td>
                  <td>{s.topics.map((t) => tx(topicLabel[t], l)).join('、')}</td>
                  <td>{s.areas.length ? s.areas.map(areaName).join('、') : tx(m.wholeCity, l)}</td>
                  <td>{tx(stateLabel[s.state], l)}</td>
                  <td>
                    <a href={`/subscribe/manage?token=${s.token}`}>{tx(m.change, l)}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        <a class="btn btn-secondary" href="/subscribe">{tx(m.myAdd, l)}</a>
      </p>
    </ResidentLayout>
  );
}
