/**
 * Dates as residents read them on official papers: the Japanese era (和暦) with the Western year
 * beside it. Uses the ICU Japanese calendar, so era changes (元年) come from the runtime's data.
 */
import type { Locale } from '../../platform/i18n/index.ts';

const WAREKI = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const SEIREKI_JA = new Intl.DateTimeFormat('ja-JP', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const ERA_EN = new Intl.DateTimeFormat('en-US-u-ca-japanese', { era: 'long', year: 'numeric', timeZone: 'UTC' });
const SEIREKI_EN = new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/**
 * "昭和60年4月1日（1985年4月1日）" in Japanese, "1 April 1985 (Shōwa 60)" in English.
 * A value that is not a YYYY-MM-DD date is returned unchanged.
 */
export function formatBirthdate(isoDate: string, locale: Locale): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate;
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== isoDate) return isoDate;
  if (locale === 'ja') return `${WAREKI.format(date)}（${SEIREKI_JA.format(date)}）`;
  const parts = ERA_EN.formatToParts(date);
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = parts.find((p) => p.type === 'year')?.value;
  return `${SEIREKI_EN.format(date)} (${era} ${year})`;
}
