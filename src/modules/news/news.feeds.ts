/**
 * RSS 2.0 and Atom feeds of the published news, built with the `feed` package (ADR 43). Titles
 * and summaries are HTML-escaped before they go in: the package wraps them in CDATA and Atom marks
 * them type="html", so a feed reader would otherwise run markup staff typed as text.
 */
import { Feed } from 'feed';
import { topicLabel, type Topic } from '../notify/index.ts';
import { format } from '../../platform/i18n/index.ts';
import { excerpt } from './news.body.tsx';
import { publicText as m } from './news.messages.ts';
import type { PublicListRow } from './news.service.ts';

export const FEED_SIZE = 50;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function buildFeed(p: { origin: string; cityJa: string; category: Topic | undefined; rows: PublicListRow[]; updated: Date }): Feed {
  const query = p.category ? `?category=${p.category}` : '';
  const listUrl = `${p.origin}/news${query}`;
  const feed = new Feed({
    id: listUrl,
    title: p.category ? format(m.feedTitleCategory.ja, { city: p.cityJa, category: topicLabel[p.category].ja }) : format(m.feedTitle.ja, { city: p.cityJa }),
    description: m.lead.ja,
    link: listUrl,
    language: 'ja',
    updated: p.updated,
    generator: false,
    copyright: `© ${p.cityJa}`,
    feedLinks: { rss: `${p.origin}/news/rss.xml${query}`, atom: `${p.origin}/news/atom.xml${query}` },
  });
  for (const r of p.rows) {
    const url = `${p.origin}/news/${r.id}`;
    feed.addItem({
      title: escapeHtml(r.titleJa),
      id: url,
      link: url,
      date: r.publishedAt,
      published: r.firstPublishedAt,
      description: escapeHtml(excerpt(r.bodyJa, 300)),
      category: [{ name: topicLabel[r.category].ja, term: r.category }],
    });
  }
  return feed;
}
