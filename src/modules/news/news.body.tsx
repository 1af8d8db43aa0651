/**
 * The body format staff write in: plain text. An empty line starts a paragraph, a line break stays
 * a line break, and http(s) addresses become links. Everything is rendered through hono/jsx, so
 * whatever staff type — including HTML — is shown as text, never interpreted.
 */
import type { Child } from 'hono/jsx';
import { charCount, cutChars } from '../../platform/i18n/index.ts';

// Stops at white space and at Japanese punctuation or brackets that commonly follow an address.
const URL_PATTERN = /https?:\/\/[^\s<>"'「」『』（）()、。！？【】]+/g;
const TRAILING = /[.,;:!?]+$/;

export type Segment = { text: string } | { href: string };

/** Splits a line into text and link segments (for rendering and for tests). */
export function linkify(line: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of line.matchAll(URL_PATTERN)) {
    const href = m[0].replace(TRAILING, '');
    if (!URL.canParse(href)) continue;
    if (m.index > last) out.push({ text: line.slice(last, m.index) });
    out.push({ href });
    last = m.index + href.length;
  }
  if (last < line.length) out.push({ text: line.slice(last) });
  return out;
}

/** Paragraphs of lines. */
export function paragraphs(body: string): string[][] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t\u3000]*\n+/)
    .map((p) => p.split('\n').map((l) => l.replace(/[ \t\u3000]+$/, '')))
    .filter((p) => p.some((l) => l.trim() !== ''));
}

export function NewsBody(props: { body: string; lang?: string }) {
  return (
    <div class="news-body" lang={props.lang}>
      {paragraphs(props.body).map((lines) => (
        <p>
          {lines.map((line, i) => {
            const parts: Child[] = linkify(line).map((s) => ('href' in s ? <a href={s.href}>{s.href}</a> : s.text));
            return i === 0 ? parts : [<br />, ...parts];
          })}
        </p>
      ))}
    </div>
  );
}

/** The first characters of the body as one line, for lists and feeds. */
export function excerpt(body: string, max = 120): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  // Never cut inside a character: 葛󠄀 stays 葛󠄀, 𠮷 stays whole.
  return charCount(flat) > max ? `${cutChars(flat, max)}…` : flat;
}
