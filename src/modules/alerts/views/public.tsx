/** Public alert pages: the list (/alerts: in force, then past) and one message (/alerts/:alertId). */
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { Notice, ResidentLayout, tx, type PageContext } from '../../../platform/ui/index.ts';
import { isLive, type Alert, type Versions } from '../alert.ts';
import { alertText as m, msgTypeLabel, statusLabel, statusTag } from '../alerts.messages.ts';
import { areaText, jstText } from '../banner.ts';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);
const headline = (a: Alert, l: Locale) => (l === 'en' ? a.headline.en || a.headline.ja : a.headline.ja);

/** 【訓練】 / 【テスト】 in front of anything that is not real. */
export function StatusTag({ a, l }: { a: Pick<Alert, 'status'>; l: Locale }) {
  const tag = statusTag[a.status];
  return tag ? <span class="tag-drill">{tx(tag, l).trim()}</span> : null;
}

export function AlertSummary({ a, l, heading }: { a: Alert; l: Locale; heading: 'h2' | 'h3' }) {
  const H = heading;
  return (
    <li>
      <H>
        <StatusTag a={a} l={l} />
        {a.msgType !== 'alert' ? <span class="muted">{tx(msgTypeLabel[a.msgType], l)}: </span> : null}
        <a href={`/alerts/${a.id}`}>{headline(a, l)}</a>
      </H>
      <p>
        {tx(m.issuedAt, l)}: <time datetime={a.sentAt!.toISOString()}>{tx(jstText(a.sentAt!), l)}</time>
      </p>
      <p>
        {tx(m.areas, l)}: {tx(areaText(a), l)}
      </p>
    </li>
  );
}

export function FeedLinks({ l }: { l: Locale }) {
  return (
    <section aria-labelledby="feeds-title">
      <h2 id="feeds-title">{tx(m.feeds, l)}</h2>
      <ul>
        <li><a href="/alerts/rss.xml">{tx(m.rss, l)}</a></li>
        <li><a href="/alerts/atom.xml">{tx(m.atom, l)}</a></li>
        <li><a href="/alerts/cap.xml">{tx(m.capFeed, l)}</a></li>
        <li><a href="/subscribe">{tx(m.subscribe, l)}</a></li>
      </ul>
    </section>
  );
}

/** The feeds announced in the page head (feed readers and alerting systems discover them there). */
export const feedAlternates = (l: Locale) => [
  { type: 'application/rss+xml', href: `/alerts/rss.xml${l === 'en' ? '?lang=en' : ''}`, title: `${tx(m.title, l)} (RSS)` },
  { type: 'application/atom+xml', href: `/alerts/atom.xml${l === 'en' ? '?lang=en' : ''}`, title: `${tx(m.title, l)} (Atom)` },
  { type: 'application/atom+xml', href: '/alerts/cap.xml', title: tx(m.capFeed, l) },
];

export function AlertListPage(p: { ctx: PageContext; current: Alert[]; past: Alert[] }) {
  const l = p.ctx.locale;
  const title = tx(m.title, l);
  return (
    <ResidentLayout ctx={p.ctx} title={title} alternates={feedAlternates(l)}>
      <h1>{title}</h1>
      <p>{tx(m.lead, l)}</p>
      <h2>{tx(m.current, l)}</h2>
      {p.current.length ? (
        <ul class="alert-list">
          {p.current.map((a) => (
            <AlertSummary a={a} l={l} heading="h3" />
          ))}
        </ul>
      ) : (
        <p>{tx(m.noCurrent, l)}</p>
      )}
      <h2>{tx(m.past, l)}</h2>
      {p.past.length ? (
        <ul class="alert-list">
          {p.past.map((a) => (
            <AlertSummary a={a} l={l} heading="h3" />
          ))}
        </ul>
      ) : (
        <p>{tx(m.noPast, l)}</p>
      )}
      <FeedLinks l={l} />
    </ResidentLayout>
  );
}

/** One language version of the text, with its own lang attribute. */
export function Version({ a, k, title, l }: { a: Alert; k: keyof Versions; title: Text; l: Locale }) {
  const lang = k === 'en' ? 'en' : 'ja';
  const pick = (v: Versions) => v[k];
  if (!pick(a.headline) && !pick(a.description) && !pick(a.instruction)) return null;
  return (
    <section aria-labelledby={`version-${k}`} lang={lang}>
      <h2 id={`version-${k}`}>{tx(title, l)}</h2>
      {pick(a.headline) ? <p><strong>{pick(a.headline)}</strong></p> : null}
      {pick(a.description) ? <p class="prewrap">{pick(a.description)}</p> : null}
      {pick(a.instruction) ? <p class="prewrap">{pick(a.instruction)}</p> : null}
    </section>
  );
}

/** The facts of a message as a description list (used by the public and the staff page). */
export function AlertFacts({ a, l }: { a: Alert; l: Locale }) {
  return (
    <dl class="dl">
      <dt>{tx(m.event, l)}</dt>
      <dd>{l === 'en' ? a.event.en || a.event.ja : a.event.ja}</dd>
      {a.level ? (
        <>
          <dt>{tx(m.level, l)}</dt>
          <dd>{t(m.levelN, l, { n: a.level })}</dd>
        </>
      ) : null}
      <dt>{tx(m.areas, l)}</dt>
      <dd>{tx(areaText(a), l)}</dd>
      {a.shelters.length ? (
        <>
          <dt>{tx(m.shelters, l)}</dt>
          <dd>
            <ul class="choice-list">
              {a.shelters.map((s) => (
                <li>
                  {l === 'en' && s.nameEn ? s.nameEn : s.name}
                  {s.address ? `（${s.address}）` : ''}
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      {a.sentAt ? (
        <>
          <dt>{tx(m.issuedAt, l)}</dt>
          <dd><time datetime={a.sentAt.toISOString()}>{tx(jstText(a.sentAt), l)}</time></dd>
        </>
      ) : null}
      <dt>{tx(m.expiresAt, l)}</dt>
      <dd><time datetime={a.expiresAt.toISOString()}>{tx(jstText(a.expiresAt), l)}</time></dd>
    </dl>
  );
}

export function NotRealNotice({ a, l }: { a: Pick<Alert, 'status'>; l: Locale }) {
  if (a.status === 'actual') return null;
  return (
    <Notice kind="warning">
      <p>
        <strong>{t(m.notReal, l, { tag: tx(statusLabel[a.status], l) })}</strong>
      </p>
    </Notice>
  );
}

export function OverrideNotice({ a, l }: { a: Pick<Alert, 'overrideReason'>; l: Locale }) {
  if (!a.overrideReason) return null;
  return (
    <Notice kind="warning">
      <p>{t(m.overrideShown, l, { reason: a.overrideReason })}</p>
    </Notice>
  );
}

export function ChainHistory({ chain, current, l, base }: { chain: Alert[]; current: string; l: Locale; base: string }) {
  if (chain.length < 2) return null;
  return (
    <section aria-labelledby="chain-title">
      <h2 id="chain-title">{tx(m.history, l)}</h2>
      <ol>
        {chain.map((x) => (
          <li>
            <time datetime={x.sentAt!.toISOString()}>{tx(jstText(x.sentAt!), l)}</time> {tx(msgTypeLabel[x.msgType], l)}:{' '}
            {x.id === current ? <strong aria-current="true">{headline(x, l)}</strong> : <a href={`${base}/${x.id}`}>{headline(x, l)}</a>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function AlertPage(p: { ctx: PageContext; alert: Alert; chain: Alert[] }) {
  const l = p.ctx.locale;
  const a = p.alert;
  const head = p.chain[p.chain.length - 1] ?? a;
  const tag = statusTag[a.status];
  const title = `${tag ? tx(tag, l).trim() : ''}${headline(a, l)}`;
  return (
    <ResidentLayout ctx={p.ctx} title={title} alternates={[...feedAlternates(l), { type: 'application/cap+xml', href: `/alerts/${a.id}/cap.xml`, title: tx(m.capOne, l) }]}>
      <p><a href="/alerts">{tx(m.title, l)}</a></p>
      <NotRealNotice a={a} l={l} />
      <h1>
        <StatusTag a={a} l={l} />
        {a.msgType !== 'alert' ? `${tx(msgTypeLabel[a.msgType], l)}: ` : ''}
        {headline(a, l)}
      </h1>
      {head.msgType === 'cancel' && head.id !== a.id ? <Notice kind="info"><p>{tx(m.cancelled, l)} <a href={`/alerts/${head.id}`}>{tx(m.latest, l)}</a></p></Notice> : null}
      {head.msgType !== 'cancel' && head.id !== a.id ? <Notice kind="info"><p>{tx(m.superseded, l)} <a href={`/alerts/${head.id}`}>{tx(m.latest, l)}</a></p></Notice> : null}
      {head.id === a.id && a.msgType !== 'cancel' && !isLive(a) ? <Notice kind="info"><p>{tx(m.expired, l)}</p></Notice> : null}
      <AlertFacts a={a} l={l} />
      <Version a={a} k="ja" title={{ ja: '日本語', en: 'Japanese' }} l={l} />
      <Version a={a} k="easy" title={m.easyVersion} l={l} />
      <Version a={a} k="en" title={m.englishVersion} l={l} />
      <ChainHistory chain={p.chain} current={a.id} l={l} base="/alerts" />
      <p>
        <a href={`/alerts/${a.id}/cap.xml`}>{tx(m.capOne, l)}</a>
      </p>
    </ResidentLayout>
  );
}
