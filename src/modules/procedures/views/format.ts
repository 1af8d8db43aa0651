import type { Locale } from '../../../platform/i18n/index.ts';

/** A date and time in Japan time, as people read it ("2026/11/30 15:45"). */
export function formatDateTime(d: Date, l: Locale): string {
  return new Intl.DateTimeFormat(l === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(d);
}
