/** Staff pages: deliveries overview, one broadcast, the dead-letter list, webhooks, LINE settings. */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, PostButton, StaffLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { channelLabel, topicLabel, type Area } from '../model.ts';
import { staffText as m, pageText } from '../notify.messages.ts';
import type { BroadcastSummary, DeadLetter } from '../staff.service.ts';
import type { SubscriberCount, SubscriptionView } from '../subscriptions.service.ts';
import { DeliveryProgress, PROGRESS_SCRIPT } from './delivery-progress.tsx';
import { PreferenceFields } from './public.tsx';

const when = (d: Date, l: Locale) => new Intl.DateTimeFormat(l === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }).format(d);

function SubNav(p: { l: Locale; admin: boolean }) {
  return (
    <nav aria-label={tx(m.overviewTitle, p.l)}>
      <ul class="actions">
        <li><a href="/staff/notify">{tx(m.overviewTitle, p.l)}</a></li>
        <li><a href="/staff/notify/dead-letter">{tx(m.deadTitle, p.l)}</a></li>
        {p.admin ? <li><a href="/staff/notify/webhooks">{tx(m.webhooksTitle, p.l)}</a></li> : null}
        {p.admin ? <li><a href="/staff/notify/line">{tx(m.lineTitle, p.l)}</a></li> : null}
      </ul>
    </nav>
  );
}

export function OverviewPage(p: { ctx: PageContext; broadcasts: BroadcastSummary[]; counts: SubscriberCount[]; areas: Area[] }) {
  const { ctx } = p;
  const l = ctx.locale;
  const areaName = (code: string | null) => (code === null ? tx(pageText.wholeCity, l) : tx(p.areas.find((a) => a.code === code)?.name ?? { ja: code, en: code }, l));
  return (
    <StaffLayout ctx={ctx} title={tx(m.overviewTitle, l)}>
      <h1>{tx(m.overviewTitle, l)}</h1>
      <SubNav l={l} admin={ctx.staff?.isAdmin ?? false} />
      <h2>{tx(m.recentTitle, l)}</h2>
      {p.broadcasts.length === 0 ? <p>{tx(m.noBroadcasts, l)}</p> : null}
      {p.broadcasts.length ? (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{tx(m.subject, l)}</th>
                <th scope="col">{tx(m.kind, l)}</th>
                <th scope="col">{tx(m.created, l)}</th>
                <th scope="col">{tx(m.progress, l)}</th>
              </tr>
            </thead>
            <tbody>
              {p.broadcasts.map((b) => {
                const done = Object.values(b.progress.byChannel).reduce((n, c) => n + c.sent + c.failed + c.deadLetter + c.suppressed, 0);
                return (
                  <tr>
                    <td>
                      <a href={`/staff/notify/broadcasts/${b.id}`}>{l === 'en' ? b.titleEn : b.title}</a>
                      {b.urgent ? <span class="badge badge-high">{tx(m.urgent, l)}</span> : null}
                    </td>
                    <td>{b.sourceKind} {b.status !== 'actual' ? `(${b.status})` : ''}</td>
                    <td>{when(b.createdAt, l)}</td>
                    <td>{done} / {b.progress.total}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2>{tx(m.countsTitle, l)}</h2>
      {p.counts.length === 0 ? <p>{tx(m.noSubscribers, l)}</p> : (
        <div class="table-scroll">
          <table>
            <caption>{tx(m.countsCaption, l)}</caption>
            <thead>
              <tr>
                <th scope="col">{tx(m.channel, l)}</th>
                <th scope="col">{tx(m.topic, l)}</th>
                <th scope="col">{tx(m.area, l)}</th>
                <th scope="col">{tx(m.count, l)}</th>
              </tr>
            </thead>
            <tbody>
              {p.counts.map((c) => (
                <tr>
                  <td>{tx(channelLabel[c.channel], l)}</td>
                  <td>{tx(topicLabel[c.topic] ?? { ja: c.topic, en: c.topic }, l)}</td>
                  <td>{areaName(c.area)}</td>
                  <td>{c.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
}

export function BroadcastPage(p: { ctx: PageContext; b: BroadcastSummary }) {
  const { ctx, b } = p;
  const l = ctx.locale;
  return (
    <StaffLayout ctx={ctx} title={tx(m.broadcastTitle, l)} scripts={[PROGRESS_SCRIPT]}>
      <h1>{tx(m.broadcastTitle, l)}: {l === 'en' ? b.titleEn : b.title}</h1>
      <SubNav l={l} admin={ctx.staff?.isAdmin ?? false} />
      <dl class="dl">
        <dt>{tx(m.kind, l)}</dt>
        <dd>{b.sourceKind} {b.sourceId} (rev. {b.revision}) {b.status}</dd>
        <dt>{tx(m.created, l)}</dt>
        <dd>{when(b.createdAt, l)}</dd>
      </dl>
      <DeliveryProgress progress={[b.progress]} refreshHref={`/staff/notify/broadcasts/${b.id}`} locale={l} />
    </StaffLayout>
  );
}

export function DeadLetterPage(p: { ctx: PageContext; items: DeadLetter[]; retryHours: number; canRetry: boolean; retried: boolean }) {
  const { ctx } = p;
  const l = ctx.locale;
  return (
    <StaffLayout ctx={ctx} title={tx(m.deadTitle, l)}>
      <h1>{tx(m.deadTitle, l)}</h1>
      <SubNav l={l} admin={ctx.staff?.isAdmin ?? false} />
      {p.retried ? <Notice kind="success"><p>{tx(m.retried, l)}</p></Notice> : null}
      <p>{format(m.deadLead[l], { hours: p.retryHours })}</p>
      {p.items.length === 0 ? <p>{tx(m.deadNone, l)}</p> : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{tx(m.subject, l)}</th>
                <th scope="col">{tx(m.channel, l)}</th>
                <th scope="col">{tx(m.attempts, l)}</th>
                <th scope="col">{tx(m.error, l)}</th>
                <th scope="col">{tx(m.created, l)}</th>
                {p.canRetry ? <th scope="col"><span class="sr-only">{tx(m.retryNow, l)}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {p.items.map((d) => (
                <tr>
                  <td><a href={`/staff/notify/broadcasts/${d.broadcastId}`}>{d.title}</a></td>
                  <td>{tx(channelLabel[d.channel], l)}</td>
                  <td>{d.attempts}</td>
                  <td>{d.error}</td>
                  <td>{when(d.createdAt, l)}</td>
                  {p.canRetry ? (
                    <td>
                      <PostButton action="/staff/notify/dead-letter/retry" csrf={ctx.csrfToken} label={tx(m.retryNow, l)} hidden={{ broadcastId: d.broadcastId, channel: d.channel, subscriptionId: d.subscriptionId }} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </StaffLayout>
  );
}

export function WebhooksPage(p: { ctx: PageContext; hooks: SubscriptionView[]; areas: Area[]; errors: FieldError[]; values: { label: string; url: string }; newSecret: string | null }) {
  const { ctx } = p;
  const l = ctx.locale;
  return (
    <StaffLayout ctx={ctx} title={tx(m.webhooksTitle, l)}>
      <h1>{tx(m.webhooksTitle, l)}</h1>
      <SubNav l={l} admin />
      <p>{tx(m.webhooksLead, l)}</p>
      {p.newSecret ? (
        <Notice kind="success">
          <p>{tx(m.webhookSecret, l)}</p>
          <p><code class="secret">{p.newSecret}</code></p>
        </Notice>
      ) : null}
      {p.hooks.length === 0 ? <p>{tx(m.webhookNone, l)}</p> : (
        <ul class="stack">
          {p.hooks.map((h) => (
            <li>
              {h.display} — {h.topics.map((t) => tx(topicLabel[t], l)).join('、')}{' '}
              <PostButton action={`/staff/notify/webhooks/${h.id}/remove`} csrf={ctx.csrfToken} label={tx(m.webhookRemove, l)} />
            </li>
          ))}
        </ul>
      )}
      <ErrorSummary errors={p.errors} locale={l} />
      <form method="post" action="/staff/notify/webhooks" class="stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextInput name="label" label={m.webhookLabel} locale={l} value={p.values.label} errors={p.errors} required maxlength={100} />
        <TextInput name="url" label={m.webhookUrl} locale={l} type="url" inputmode="url" value={p.values.url} errors={p.errors} required maxlength={2000} />
        <PreferenceFields l={l} areas={p.areas} prefs={{ topics: ['bousai'], areas: [], language: 'ja' }} errors={p.errors} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.webhookAdd, l)}</button>
        </div>
      </form>
    </StaffLayout>
  );
}

export function LinePage(p: { ctx: PageContext; configured: boolean; webhookUrl: string; errors: FieldError[]; saved: boolean }) {
  const { ctx } = p;
  const l = ctx.locale;
  return (
    <StaffLayout ctx={ctx} title={tx(m.lineTitle, l)}>
      <h1>{tx(m.lineTitle, l)}</h1>
      <SubNav l={l} admin />
      {p.saved ? <Notice kind="success"><p>{tx(m.lineSaved, l)}</p></Notice> : null}
      <p>{format(m.lineLead[l], { url: p.webhookUrl })}</p>
      <p>{tx(p.configured ? m.lineConfigured : m.lineNotConfigured, l)}</p>
      <ErrorSummary errors={p.errors} locale={l} />
      <form method="post" action="/staff/notify/line" class="stack" novalidate>
        <CsrfField token={ctx.csrfToken} />
        <TextInput name="token" label={m.lineToken} locale={l} type="password" autocomplete="off" errors={p.errors} required maxlength={500} />
        <TextInput name="secret" label={m.lineSecret} locale={l} type="password" autocomplete="off" errors={p.errors} required maxlength={100} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">{tx(m.lineSave, l)}</button>
        </div>
      </form>
    </StaffLayout>
  );
}
