/**
 * The bank account field (振込先口座): five inputs checked as one answer. Bank and branch codes are
 * looked up in the bundled zengin-code data (the 全銀協 codes, updated by `npm update zengin-code`);
 * the account number is zero-padded to 7 digits; the holder's name is converted to the 全銀
 * character set used in transfer files (half-width katakana in upper case, digits, A–Z, space and
 * ( ) . - / ,) — hiragana, full-width katakana and small kana are converted.
 * ゆうちょ銀行 (9900) accounts are entered with the 店番 and 口座番号 Japan Post Bank gives for
 * transfers from other banks, not the 記号・番号 of the passbook.
 */
import { createRequire } from 'node:module';
import type { FieldError } from '../../../platform/errors/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import type { BankAccountAnswer } from './form-definition.ts';

interface ZenginBranch {
  code: string;
  name: string;
  kana: string;
}
interface ZenginBank extends ZenginBranch {
  branches: Record<string, ZenginBranch>;
}

const SMALL_KANA: Record<string, string> = { ァ: 'ア', ィ: 'イ', ゥ: 'ウ', ェ: 'エ', ォ: 'オ', ッ: 'ツ', ャ: 'ヤ', ュ: 'ユ', ョ: 'ヨ', ヮ: 'ワ', ヵ: 'カ', ヶ: 'ケ', ヰ: 'イ', ヱ: 'エ' };

let banks: Record<string, ZenginBank> | null = null;

/** The zengin-code data (about 5 MB), loaded on first use. */
function zengin(): Record<string, ZenginBank> {
  banks ??= createRequire(import.meta.url)('zengin-code') as Record<string, ZenginBank>;
  return banks;
}

export const JAPAN_POST_BANK = '9900';

export const BANK_PARTS = ['bankCode', 'branchCode', 'accountType', 'accountNumber', 'accountHolder'] as const;
export type BankPart = (typeof BANK_PARTS)[number];

export const ACCOUNT_TYPES: { value: BankAccountAnswer['accountType']; label: Text }[] = [
  { value: 'ordinary', label: { ja: '普通', en: 'Ordinary' } },
  { value: 'current', label: { ja: '当座', en: 'Current' } },
  { value: 'savings', label: { ja: '貯蓄', en: 'Savings' } },
];

export const bankPartLabels: Record<BankPart, Text> = {
  bankCode: { ja: '金融機関コード', en: 'bank code' },
  branchCode: { ja: '支店コード', en: 'branch code' },
  accountType: { ja: '預金種目', en: 'account type' },
  accountNumber: { ja: '口座番号', en: 'account number' },
  accountHolder: { ja: '口座名義（カナ）', en: 'account holder (kana)' },
};

/** The bank's name ("みずほ銀行" is listed as "みずほ"), or null for an unknown code. */
export function bankName(code: string): string | null {
  return zengin()[code]?.name ?? null;
}

export function branchName(bankCode: string, branchCode: string): string | null {
  return zengin()[bankCode]?.branches[branchCode]?.name ?? null;
}

const HALF =
  'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ';
const FULL = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン';
const VOICED = 'ガギグゲゴザジズゼゾダヂヅデドバビブベボ';
const VOICED_BASE = 'カキクケコサシスセソタチツテトハヒフヘホ';
const SEMI = 'パピプペポ';
const SEMI_BASE = 'ハヒフヘホ';

/** The holder's name in the 全銀 character set ("よしだ はなこ" → "ﾖｼﾀﾞ ﾊﾅｺ"). Characters outside it are left for the check to report. */
export function toZenginKana(input: string): string {
  const s = input
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
    .toUpperCase()
    .replace(/[ァィゥェォッャュョヮヵヶヰヱ]/g, (ch) => SMALL_KANA[ch]!)
    .replace(/[ー‐－―−]/g, '-')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
  let out = '';
  for (const ch of s) {
    const plain = FULL.indexOf(ch);
    const voiced = VOICED.indexOf(ch);
    const semi = SEMI.indexOf(ch);
    if (plain >= 0) out += HALF[plain];
    else if (voiced >= 0) out += `${HALF[FULL.indexOf(VOICED_BASE[voiced]!)]}ﾞ`;
    else if (semi >= 0) out += `${HALF[FULL.indexOf(SEMI_BASE[semi]!)]}ﾟ`;
    else if (ch === 'ヴ') out += 'ｳﾞ';
    else out += ch;
  }
  return out;
}

const ZENGIN_CHARS = /^[ｦｱ-ﾝﾞﾟ0-9A-Z ().\-/,]+$/;
/** 全銀 transfer records hold the payee's name in 30 characters. */
export const HOLDER_MAX = 30;
const PART_MAX = 100;

const digitsOf = (s: string) => s.normalize('NFKC').replace(/[\s\-‐－ー―−]/g, '');

export type BankCheck = { ok: true; value: BankAccountAnswer } | { ok: false; errors: FieldError[] };

/**
 * Checks a bank account answer; `raw` holds the five parts as typed. Errors name the part, e.g.
 * 「振込先口座の支店コード」, on the field path `name.part`.
 */
export function checkBankAccount(name: string, label: Text, raw: Record<string, unknown>): BankCheck {
  const errors: FieldError[] = [];
  // A part longer than any real one is refused before it is normalised (10 MB pasted in costs nothing).
  const tooLong = BANK_PARTS.filter((p) => typeof raw[p] === 'string' && (raw[p] as string).length > PART_MAX);
  const part = (p: BankPart) => (typeof raw[p] === 'string' && !tooLong.includes(p) ? (raw[p] as string) : '');
  const fail = (p: BankPart, ja: string, en: string) => {
    const l = bankPartLabels[p];
    errors.push({ field: `${name}.${p}`, message: { ja: `「${label.ja}の${l.ja}」${ja}`, en: en.replace('{label}', `${label.en}: ${l.en}`) } });
  };
  for (const p of tooLong) fail(p, `は${PART_MAX}文字以内で入力してください。`, `{label} must be ${PART_MAX} characters or fewer.`);
  if (tooLong.length) return { ok: false, errors };
  const bankCode = digitsOf(part('bankCode'));
  const branchCode = digitsOf(part('branchCode'));
  const accountNumber = digitsOf(part('accountNumber'));
  const accountHolder = toZenginKana(part('accountHolder'));
  const accountType = part('accountType');
  if (!/^\d{4}$/.test(bankCode)) fail('bankCode', 'は4桁の数字で入力してください（例: 0001）。', 'Enter {label} as 4 digits, like 0001.');
  else if (!bankName(bankCode)) fail('bankCode', `の ${bankCode} に当たる金融機関が見つかりません。通帳やキャッシュカードで確かめてください。`, `No bank has the code ${bankCode} ({label}). Check your passbook or cash card.`);
  if (!/^\d{3}$/.test(branchCode)) fail('branchCode', 'は3桁の数字で入力してください（例: 001）。', 'Enter {label} as 3 digits, like 001.');
  else if (bankName(bankCode) && !branchName(bankCode, branchCode)) fail('branchCode', `の ${branchCode} に当たる支店が${bankName(bankCode)}にありません。`, `${bankName(bankCode)} has no branch ${branchCode} ({label}).`);
  if (!ACCOUNT_TYPES.some((t) => t.value === accountType)) fail('accountType', 'を選んでください。', 'Choose {label}.');
  if (!/^\d{1,7}$/.test(accountNumber)) fail('accountNumber', 'は7桁までの数字で入力してください。', 'Enter {label} as up to 7 digits.');
  if (!accountHolder) fail('accountHolder', 'を入力してください。', 'Enter {label}.');
  else if (!ZENGIN_CHARS.test(accountHolder)) fail('accountHolder', 'はカタカナ・英数字で入力してください（漢字は使えません）。', 'Enter {label} in kana, letters or digits (no kanji).');
  else if ([...accountHolder].length > HOLDER_MAX) fail('accountHolder', `は${HOLDER_MAX}文字以内で入力してください（濁点も1文字です）。`, `{label} must be ${HOLDER_MAX} characters or fewer (a voicing mark counts as one).`);
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { bankCode, branchCode, accountType: accountType as BankAccountAnswer['accountType'], accountNumber: accountNumber.padStart(7, '0'), accountHolder } };
}

/** How a stored account reads: "みずほ（0001） 東京営業部（001） 普通 0123456 ﾖｼﾀﾞ ﾊﾅｺ". */
export function describeBankAccount(v: Partial<BankAccountAnswer>, accountTypeLabel: (t: string) => string): string {
  const bank = v.bankCode ? `${bankName(v.bankCode) ?? ''}（${v.bankCode}）` : '';
  const branch = v.bankCode && v.branchCode ? `${branchName(v.bankCode, v.branchCode) ?? ''}（${v.branchCode}）` : '';
  return [bank, branch, v.accountType ? accountTypeLabel(v.accountType) : '', v.accountNumber ?? '', v.accountHolder ?? ''].filter(Boolean).join(' ');
}
