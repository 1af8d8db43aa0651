/**
 * What staff (form) and systems (API) may send for a news article. One schema for both, so the
 * same input gets the same bilingual field errors wherever it comes from.
 */
import { z } from 'zod';
import { TOPICS } from '../notify/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { optionalTextField, parseInput, ruleMessage, textField } from '../../platform/validation/index.ts';
import { fieldText } from './news.messages.ts';

export const TITLE_MAX = 100;
export const BODY_MAX = 20_000;
export const SUMMARY_MAX = 2_000;

const optionalText = (max: number, multiline = false) => optionalTextField({ max, multiline });

/** "2026-12-01T09:00", "2026-12-01 09:00" or with 全角 digits, read as Japan time (UTC+9, no daylight saving). */
export function parseJapanTime(input: string): Date | null {
  const s = input.normalize('NFKC').trim();
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h - 9, mi);
  const back = new Date(utc + 9 * 3600_000);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23) return null;
  return new Date(utc);
}

/** The value a datetime field shows for a stored time, in Japan time. */
export function japanTimeValue(d: Date | null): string {
  if (!d) return '';
  const j = new Date(d.getTime() + 9 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${j.getUTCFullYear()}-${p(j.getUTCMonth() + 1)}-${p(j.getUTCDate())} ${p(j.getUTCHours())}:${p(j.getUTCMinutes())}`;
}

export const contentSchema = z.object({
  titleJa: textField({ max: TITLE_MAX }),
  titleEn: optionalText(TITLE_MAX * 2),
  bodyJa: textField({ max: BODY_MAX, multiline: true }),
  bodyEn: optionalText(BODY_MAX, true),
  summaryEasy: optionalText(SUMMARY_MAX, true),
  category: z.enum(TOPICS),
  areas: z.array(z.string().max(50)).max(100).default([]),
  publishAt: z
    .union([z.literal(''), z.string().max(40)])
    .default('')
    .refine((s) => s === '' || parseJapanTime(s) !== null, ruleMessage({ ja: '{label}は 2026-12-01 09:00 のように日付と時刻で入力してください。', en: 'Enter {label} as a date and time, like 2026-12-01 09:00.' })),
  renotify: z.boolean().default(false),
});

export type ContentInput = z.output<typeof contentSchema>;

export interface NewsContent {
  category: ContentInput['category'];
  areas: string[];
  titleJa: string;
  titleEn: string;
  bodyJa: string;
  bodyEn: string;
  summaryEasy: string;
  publishAt: Date | null;
  renotify: boolean;
}

/**
 * Validates content; `knownAreas` are the municipality's 地区 codes (an unknown one is refused
 * with the field named). Throws AppError('validation_failed').
 */
export function parseContent(input: unknown, knownAreas: string[]): NewsContent {
  const v = parseInput(contentSchema, input, fieldText);
  const unknown = v.areas.filter((a) => !knownAreas.includes(a));
  if (unknown.length) throw new AppError('validation_failed', { fields: [{ field: 'areas', message: { ja: `「${fieldText.areas.ja}」に存在しない地区が含まれています: ${unknown.join(', ')}`, en: `${fieldText.areas.en} contains unknown areas: ${unknown.join(', ')}` } }] });
  return {
    category: v.category,
    areas: [...new Set(v.areas)],
    titleJa: v.titleJa,
    titleEn: v.titleEn,
    bodyJa: v.bodyJa,
    bodyEn: v.bodyEn,
    summaryEasy: v.summaryEasy,
    publishAt: v.publishAt ? parseJapanTime(v.publishAt) : null,
    renotify: v.renotify,
  };
}
