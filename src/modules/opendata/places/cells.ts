/**
 * One rule set for a cell of a standard column, used by the file import and the staff form alike:
 * normalise what people type (全角 digits, 1/○/有, 2026/4/1, 9:00) into the standard's form, or say
 * what is wrong in Japanese and English.
 */
import { bilingual, defineMessages, type Text } from '../../../platform/i18n/index.ts';
import type { StandardColumn } from '../registries.ts';

export const cellMessages = defineMessages({
  required: { ja: '「{column}」を入力してください。', en: 'Enter "{columnEn}".' },
  tooLong: { ja: '「{column}」は{max}文字以内にしてください。', en: '"{columnEn}" must be {max} characters or fewer.' },
  control: { ja: '「{column}」に使えない文字（制御文字など）が含まれています。', en: '"{columnEn}" contains characters that cannot be used (control characters).' },
  newline: { ja: '「{column}」に改行は使えません。', en: '"{columnEn}" cannot contain line breaks.' },
  formula: {
    ja: '「{column}」の値「{value}」は表計算ソフトで数式として実行されるおそれがあるため取り込めません。先頭の「=」「+」「-」「@」を取り除いてください。',
    en: 'The value "{value}" in "{columnEn}" could run as a formula in a spreadsheet, so it is not accepted. Remove the leading =, +, - or @.',
  },
  int: { ja: '「{column}」は0以上の整数で入力してください（「{value}」）。', en: '"{columnEn}" must be a whole number, 0 or more ("{value}").' },
  decimal: { ja: '「{column}」は10進数の数値で入力してください（例: 35.6812）。「{value}」は数値ではありません。', en: '"{columnEn}" must be a decimal number such as 35.6812; "{value}" is not.' },
  date: { ja: '「{column}」は日付（例: 2026-04-01）で入力してください。「{value}」は日付として読めません。', en: '"{columnEn}" must be a date such as 2026-04-01; "{value}" is not one.' },
  time: { ja: '「{column}」は時刻（例: 08:30）で入力してください。「{value}」は時刻として読めません。', en: '"{columnEn}" must be a time such as 08:30; "{value}" is not one.' },
  flag: { ja: '「{column}」は「1」（該当）か空欄にしてください（「{value}」）。', en: '"{columnEn}" must be 1 (applies) or empty ("{value}").' },
  umu: { ja: '「{column}」は「有」か「無」にしてください（「{value}」）。', en: '"{columnEn}" must be 有 (yes) or 無 (no) ("{value}").' },
  url: { ja: '「{column}」は http:// または https:// で始まるURLにしてください（「{value}」）。', en: '"{columnEn}" must be a URL starting with http:// or https:// ("{value}").' },
  email: { ja: '「{column}」はメールアドレスの形式（例: info@example.jp）にしてください（「{value}」）。', en: '"{columnEn}" must be an e-mail address such as info@example.jp ("{value}").' },
  phone: { ja: '「{column}」は電話番号（数字とハイフン、例: 000-123-4567）にしてください（「{value}」）。', en: '"{columnEn}" must be a phone number of digits and hyphens, such as 000-123-4567 ("{value}").' },
  code: { ja: '「{column}」は{digits}桁の数字にしてください（「{value}」）。', en: '"{columnEn}" must be {digits} digits ("{value}").' },
  codeAny: { ja: '「{column}」は数字にしてください（「{value}」）。', en: '"{columnEn}" must be digits ("{value}").' },
});

export type CellResult = { ok: true; value: string } | { ok: false; message: Text };

const TRUE_WORDS = new Set(['1', '○', '◯', '〇', '有', 'あり', '有り', 'true', 'yes', 'y', 'はい', '対象', '✓', '✔']);
const FALSE_WORDS = new Set(['0', '無', 'なし', '無し', 'false', 'no', 'n', 'いいえ', '×', '-', '－', '―', 'ー']);
const CODE_DIGITS: Record<string, number[]> = {
  全国地方公共団体コード: [5, 6],
  所在地_全国地方公共団体コード: [5, 6],
  町字ID: [7],
  法人番号: [13],
};
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Text a spreadsheet would execute: a leading "=", or + - @ followed by a function call or a DDE
 * command (+cmd|…, -HYPERLINK(…), @SUM(…)). Plain "+81-…" phone numbers and "-" are fine.
 */
export function looksLikeFormula(s: string): boolean {
  return /^[=\t\r]/.test(s) || /^[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*[(|!]/.test(s);
}

function trimCell(s: string): string {
  return s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

/** Checks and normalises one cell; an empty result means "no value". */
export function parseCell(column: StandardColumn, raw: string): CellResult {
  const v = trimCell(raw.normalize('NFC'));
  const shown = [...v].slice(0, 40).join('');
  const fail = (text: Text, extra: Record<string, string | number> = {}): CellResult => ({
    ok: false,
    message: bilingual(text, { column: column.name, columnEn: column.en, value: shown, ...extra }),
  });
  if (v === '') return column.requiredValue ? fail(cellMessages.required) : { ok: true, value: '' };
  if (FORBIDDEN.test(v)) return fail(cellMessages.control);
  if (looksLikeFormula(v) && column.type !== 'decimal') return fail(cellMessages.formula);
  const folded = v.normalize('NFKC');
  switch (column.type) {
    case 'text':
    case 'multiline': {
      if (column.type === 'text' && /[\r\n]/.test(v)) return fail(cellMessages.newline);
      const max = column.maxLength ?? 500;
      if ([...v].length > max) return fail(cellMessages.tooLong, { max });
      return { ok: true, value: v.replace(/\r\n?/g, '\n') };
    }
    case 'int': {
      const s = folded.replace(/[,\s]/g, '').replace(/[人名件台]$/, '');
      if (!/^\d{1,8}$/.test(s)) return fail(cellMessages.int);
      return { ok: true, value: String(Number(s)) };
    }
    case 'decimal': {
      const s = folded.replace(/\s/g, '');
      if (!/^-?\d{1,3}(\.\d{1,12})?$/.test(s)) return fail(cellMessages.decimal);
      return { ok: true, value: s };
    }
    case 'date': {
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(folded);
      if (!m) return fail(cellMessages.date);
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const dt = new Date(Date.UTC(y, mo - 1, d));
      if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return fail(cellMessages.date);
      return { ok: true, value: `${y}-${pad(mo)}-${pad(d)}` };
    }
    case 'time': {
      const m = /^(\d{1,2})[:時](\d{2})(?::\d{2})?分?$/.exec(folded);
      if (!m || Number(m[1]) > 24 || Number(m[2]) > 59 || (Number(m[1]) === 24 && Number(m[2]) > 0)) return fail(cellMessages.time);
      return { ok: true, value: `${pad(Number(m[1]))}:${m[2]}` };
    }
    case 'flag': {
      const w = folded.toLowerCase();
      if (TRUE_WORDS.has(w)) return { ok: true, value: '1' };
      if (FALSE_WORDS.has(w)) return { ok: true, value: '' };
      return fail(cellMessages.flag);
    }
    case 'umu': {
      const w = folded.toLowerCase();
      if (TRUE_WORDS.has(w)) return { ok: true, value: '有' };
      if (FALSE_WORDS.has(w)) return { ok: true, value: '無' };
      return fail(cellMessages.umu);
    }
    case 'url': {
      if (!/^https?:\/\/[^\s]+$/i.test(v) || !URL.canParse(v) || v.length > 2000) return fail(cellMessages.url);
      return { ok: true, value: v };
    }
    case 'email': {
      const s = folded.toLowerCase();
      if (!/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(s) || s.length > 254) return fail(cellMessages.email);
      return { ok: true, value: s };
    }
    case 'phone': {
      const s = folded.replace(/[‐－ー―−]/g, '-').replace(/\s+/g, '');
      if (!/^\+?[\d()-]{6,20}$/.test(s)) return fail(cellMessages.phone);
      return { ok: true, value: s };
    }
    case 'code': {
      const s = folded.replace(/[\s-]/g, '');
      const digits = CODE_DIGITS[column.name];
      if (digits ? !digits.some((n) => new RegExp(`^\\d{${n}}$`).test(s)) : !/^\d{1,20}$/.test(s))
        return digits ? fail(cellMessages.code, { digits: digits.join('/') }) : fail(cellMessages.codeAny);
      return { ok: true, value: s };
    }
  }
}
