import type { Locale } from '../../../platform/i18n/index.ts';
import { dayToDate, warekiDate } from '../documents/document-dates.ts';

/** A date and time in Japan time, as people read it ("2026/11/30 15:45"). */
export function formatDateTime(d: Date, l: Locale): string {
  return new Intl.DateTimeFormat(l === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(d);
}

const DAY_EN = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Asia/Tokyo' });

/** A calendar day (YYYY-MM-DD) such as a deadline: "令和8年12月15日（2026年12月15日）", "15 December 2026". */
export function formatDay(day: string, l: Locale): string {
  const d = dayToDate(day);
  return l === 'ja' ? warekiDate(d) : DAY_EN.format(d);
}
