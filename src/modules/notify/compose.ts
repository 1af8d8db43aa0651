/**
 * The text of one message in one language: exercise and test messages are prefixed on every
 * channel, やさしい日本語 falls back to Japanese. Plain text only; each channel escapes for its
 * own format (HTML mail escapes, push and LINE carry the text as it is).
 */
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
