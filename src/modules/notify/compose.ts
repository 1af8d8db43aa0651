/**
 * The text of one message in one language: exercise and test messages are prefixed on every
 * channel, やさしい日本語 falls back to Japanese. Plain text only; each channel escapes for its
 * own format (HTML mail escapes, push and LINE carry the text as it is).
 */
import { charCount, cutChars } from '../../platform/i18n/index.ts';
import type { Language, MessageStatus } from './model.ts';

export interface BroadcastContent {
  status: MessageStatus;
  title: { ja: string; easy?: string; en: string };
  body: { ja: string; easy?: string; en: string };
  url: string;
}

const label: Record<Exclude<MessageStatus, 'actual'>, { ja: string; en: string }> = {
  exercise: { ja: '【訓練】', en: '[EXERCISE] ' },
  test: { ja: '【テスト】', en: '[TEST] ' },
};

export function compose(b: BroadcastContent, language: Language): { title: string; body: string; url: string; lang: 'ja' | 'en' } {
  const pick = (t: { ja: string; easy?: string; en: string }) => (language === 'en' ? t.en : language === 'easy' ? (t.easy ?? t.ja) : t.ja);
  const lang = language === 'en' ? 'en' : 'ja';
  const pre = b.status === 'actual' ? '' : label[b.status][lang];
  return { title: `${pre}${pick(b.title)}`, body: `${pre}${pick(b.body)}`, url: b.url, lang };
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => entities[c]!);
}

/** Counting and cutting follow the platform's one rule (platform/i18n/characters.ts). */
export { charCount, cutChars };

const PARAGRAPH_BREAK = /\n[ \t\u3000]*\n/g;
const SENTENCE_END = /[。．！？!?]+[」』）)】〕"”’']*|\.[」』）)"”’']*(?=\s)/g;
const LINE_BREAK = /\n/g;
/** How far back from the limit (characters) an excerpt looks for the end of a paragraph or sentence. */
const NEAR = 500;

/**
 * `s` if it has at most `max` characters; otherwise an excerpt of at most `max` characters: cut at
 * the last paragraph end, else sentence end, else line end near the limit (else at the limit, but
 * never inside a grapheme or a web address), followed by "…" and, on a line of its own, `note`.
 */
export function excerptText(s: string, max: number, note = ''): string {
  if (s.length <= max || charCount(s) <= max) return s;
  const tail = note ? `…\n\n${note}` : '…';
  const head = cutChars(s, Math.max(0, max - charCount(tail)));
  // The start of the window in which a break counts as near: NEAR characters (or a fifth of the room) back.
  const chars = [...head];
  const from = chars.slice(0, chars.length - Math.min(NEAR, Math.floor(chars.length / 5))).join('').length;
  const lastIn = (re: RegExp, after: boolean): number => {
    let at = -1;
    for (const m of head.slice(from).matchAll(re)) at = from + m.index + (after ? m[0].length : 0);
    return at;
  };
  let end = lastIn(PARAGRAPH_BREAK, false);
  if (end <= 0) end = lastIn(SENTENCE_END, true);
  if (end <= 0) end = lastIn(LINE_BREAK, false);
  if (end <= 0) {
    // No break near: cut at the limit, but not through a web address (a cut one would link nowhere).
    const url = /https?:\/\/\S*$/.exec(head);
    end = url && url.index > 0 ? url.index : head.length;
  }
  return `${head.slice(0, end).replace(/[\s\u3000]+$/, '')}${tail}`;
}
