/**
 * Feeds of sent alert messages: RSS 2.0 and Atom for people and feed readers (built with the
 * `feed` package), and the CAP index — an Atom feed whose entries link to each message's CAP 1.2
 * document with type application/cap+xml, the way public alerting feeds publish CAP. The index
 * is written here because `feed` cannot give a link that media type.
 */
import { Feed } from 'feed';
import { capTime, xmlEscape } from './cap/cap.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { Alert } from './alert.ts';
import { msgTypeLabel, statusTag } from './alerts.messages.ts';

export interface FeedSite {
  origin: string;
  name: { ja: string; en: string };
  code: string;
}

const pick = (a: Alert, locale: Locale) => ({
  headline: locale === 'en' ? a.headline.en || a.headline.ja : a.headline.ja,
  description: locale === 'en' ? a.description.en || a.description.ja : a.description.ja,
  instruction: locale === 'en' ? a.instruction.en || a.instruction.ja : a.instruction.ja,
});

/** A title with its tag: 【訓練】 / 【テスト】 for drills, and 【取消・解除】 for cancels. */
export function feedTitle(a: Alert, locale: Locale): string {
  const tag = statusTag[a.status]?.[locale] ?? '';
  const kind = a.msgType === 'cancel' ? (locale === 'en' ? '[CANCEL] ' : `【${msgTypeLabel.cancel.ja}】`) : '';
  return `${tag}${kind}${pick(a, locale).headline}`;
}

// `feed` puts titles and descriptions in CDATA marked as HTML, so text is escaped as HTML first:
// a headline with <script> must be shown as text by feed readers, never run.
const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function newFeed(site: FeedSite, locale: Locale, alerts: Alert[], self: { rss?: string; atom: string }): Feed {
  const title = locale === 'en' ? `${site.name.en}: emergency alerts` : `${site.name.ja} 緊急情報`;
  return new Feed({
    id: `${site.origin}/alerts`,
    title,
    link: `${site.origin}/alerts`,
    description: title,
    language: locale === 'en' ? 'en' : 'ja',
    updated: alerts[0]?.sentAt ?? new Date(0),
    generator: 'yakuba',
    feedLinks: self,
    copyright: site.name[locale],
  });
}

export function alertFeed(site: FeedSite, alerts: Alert[], locale: Locale, format: 'rss' | 'atom'): string {
  const q = locale === 'en' ? '?lang=en' : '';
  const feed = newFeed(site, locale, alerts, { rss: `${site.origin}/alerts/rss.xml${q}`, atom: `${site.origin}/alerts/atom.xml${q}` });
  for (const a of alerts) {
    const t = pick(a, locale);
    feed.addItem({
      id: `${site.origin}/alerts/${a.id}`,
      title: html(feedTitle(a, locale)),
      link: `${site.origin}/alerts/${a.id}`,
      date: a.sentAt!,
      published: a.sentAt!,
      description: html([t.description, t.instruction].filter(Boolean).join('\n\n')),
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}

/** The CAP index: one Atom entry per sent message, linking to its CAP document. */
export function capIndexFeed(site: FeedSite, alerts: Alert[]): string {
  const self = `${site.origin}/alerts/cap.xml`;
  const updated = alerts[0]?.sentAt ?? new Date(0);
  const entries = alerts.map((a) => {
    const cap = `${site.origin}/alerts/${a.id}/cap.xml`;
    return [
      '  <entry>',
      `    <id>${xmlEscape(cap)}</id>`,
      `    <title>${xmlEscape(feedTitle(a, 'ja'))}</title>`,
      `    <updated>${capTime(a.sentAt!)}</updated>`,
      `    <link rel="alternate" type="application/cap+xml" href="${xmlEscape(cap)}"/>`,
      `    <link rel="related" type="text/html" href="${xmlEscape(`${site.origin}/alerts/${a.id}`)}"/>`,
      `    <summary>${xmlEscape(pick(a, 'ja').description)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja">',
    `  <id>${xmlEscape(self)}</id>`,
    `  <title>${xmlEscape(`${site.name.ja} 緊急情報（CAP 1.2）`)}</title>`,
    `  <updated>${capTime(updated)}</updated>`,
    `  <author><name>${xmlEscape(site.name.ja)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(`${site.origin}/alerts`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
