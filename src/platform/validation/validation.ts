/**
 * Turns zod validation results into field errors that name the field and say how to fix it, in
 * Japanese and English. Schemas describe shape; labels (per form) give each field its human name.
 */
import { z } from 'zod';
import { AppError, type FieldError } from '../errors/index.ts';
import { charCount, format, withinChars, type Text } from '../i18n/index.ts';

export type Labels = Record<string, Text>;

/** A custom rule's message: pass as refine(fn, ruleMessage({ja, en})). `{label}` is filled in. */
export function ruleMessage(text: Text): { params: { text: Text } } {
  return { params: { text } };
}

function issueText(issue: z.core.$ZodIssue): Text {
  const i = issue as z.core.$ZodIssue & Record<string, unknown>;
  switch (issue.code) {
    case 'custom': {
      const t = (i.params as { text?: Text } | undefined)?.text;
      if (t) return t;
      break;
    }
    case 'too_small':
      if (i.origin === 'string' && Number(i.minimum) <= 1)
        return { ja: '{label}を入力してください。', en: 'Enter {label}.' };
      if (i.origin === 'string')
        return { ja: `{label}は${i.minimum}文字以上で入力してください。`, en: `{label} must be at least ${i.minimum} characters.` };
      if (i.origin === 'array' || i.origin === 'set')
        return { ja: `{label}を${i.minimum}つ以上選んでください。`, en: `Choose at least ${i.minimum} for {label}.` };
      return { ja: `{label}は${i.minimum}以上にしてください。`, en: `{label} must be ${i.minimum} or more.` };
    case 'too_big':
      if (i.origin === 'string')
        return { ja: `{label}は${i.maximum}文字以内で入力してください。`, en: `{label} must be ${i.maximum} characters or fewer.` };
      if (i.origin === 'array')
        return { ja: `{label}は${i.maximum}つまでです。`, en: `{label} allows at most ${i.maximum}.` };
      return { ja: `{label}は${i.maximum}以下にしてください。`, en: `{label} must be ${i.maximum} or less.` };
    case 'invalid_format':
      if (i.format === 'email')
        return { ja: '{label}はメールアドレスの形式（例: name@example.jp）で入力してください。', en: 'Enter {label} as an email address, like name@example.jp.' };
      return { ja: '{label}の形式が正しくありません。', en: '{label} is not in the right format.' };
    case 'invalid_value':
      return { ja: '{label}は選択肢から選んでください。', en: 'Choose {label} from the options.' };
    case 'invalid_type':
      if (i.input === undefined || i.input === null)
        return { ja: '{label}を入力してください。', en: 'Enter {label}.' };
      return { ja: '{label}の形式が正しくありません。', en: '{label} is not in the right format.' };
    case 'unrecognized_keys':
      return { ja: '不明な項目が含まれています: {keys}', en: 'Unknown fields: {keys}' };
    default:
      break;
  }
  return { ja: '{label}の内容を確認してください。', en: 'Check {label}.' };
}

/** Field errors for a failed parse, one per field (the first problem of each). */
export function fieldErrors(error: z.ZodError, labels: Labels = {}): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys.join(', ') : '';
    const field = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? keys : '_');
    if (seen.has(field)) continue;
    seen.add(field);
    const label = labels[field] ?? labels[issue.path.map((p) => (typeof p === 'number' ? '*' : String(p))).join('.')] ?? { ja: field, en: field };
    const t = issueText(issue);
    out.push({
      field,
      message: { ja: format(t.ja, { label: `「${label.ja}」`, keys }), en: format(t.en, { label: label.en, keys }) },
    });
  }
  return out;
}

/** Parses input or throws AppError('validation_failed') with a message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, labels: Labels = {}): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError('validation_failed', { fields: fieldErrors(result.error, labels) });
}

// Characters a form field never needs: C0/C1 controls except tab/newline, bidi overrides, BOM.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/;

/**
 * A text field: NFC-normalised (so composed and decomposed kana compare equal; 異体字 selectors and
 * surrogate pairs such as 𠮷 are kept), trimmed of ASCII and 全角 spaces, length counted in
 * characters (code points), not UTF-16 units.
 */
export function textField(opts: { max: number; min?: number; multiline?: boolean }) {
  return z
    .string({ message: 'required' })
    .transform((s) => s.normalize('NFC').replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
    .pipe(
      z
        .string()
        .refine((s) => charCount(s) >= (opts.min ?? 1), {
          params: { text: (opts.min ?? 1) <= 1 ? { ja: '{label}を入力してください。', en: 'Enter {label}.' } : { ja: `{label}は${opts.min}文字以上で入力してください。`, en: `{label} must be at least ${opts.min} characters.` } },
          abort: true,
        })
        // Characters as people count them (𠮷 and 葛󠄀 are one each); a huge string is refused uncounted.
        .refine((s) => withinChars(s, opts.max), {
          params: { text: { ja: `{label}は${opts.max}文字以内で入力してください。`, en: `{label} must be ${opts.max} characters or fewer.` } },
          abort: true,
        })
        .refine((s) => !FORBIDDEN.test(s) && (opts.multiline || !/[\r\n]/.test(s)), {
          params: { text: { ja: '{label}に使えない文字（制御文字など）が含まれています。', en: '{label} contains characters that cannot be used (control characters).' } },
        }),
    );
}

/**
 * An optional text field: missing, empty or only spaces (also 全角) is ''; anything else is a
 * textField, with its messages (a too-long value is told its limit, not a generic "check this").
 */
export function optionalTextField(opts: { max: number; multiline?: boolean }) {
  return z
    .preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && v.replace(/[\s\u3000]/g, '') === '') ? undefined : v), textField(opts).optional())
    .transform((v) => v ?? '');
}

/** Digits typed in 全角 or 半角, with hyphens and spaces removed: "０９０－１２３４" → "0901234". */
export function normalizeDigits(s: string): string {
  return s.normalize('NFKC').replace(/[\s\-‐－ー―−]/g, '');
}

/** An e-mail address; 全角 characters are folded to 半角 first (ｔａｒｏ＠example.jp is accepted). */
export function emailField() {
  return z
    .string({ message: 'required' })
    .transform((s) => s.normalize('NFKC').trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1)
        .max(254)
        .refine((s) => !FORBIDDEN.test(s), {
          params: { text: { ja: '{label}に使えない文字（制御文字など）が含まれています。', en: '{label} contains characters that cannot be used (control characters).' } },
          abort: true,
        })
        .refine((s) => /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(s), {
          params: { text: { ja: '{label}はメールアドレスの形式（例: name@example.jp）で入力してください。', en: 'Enter {label} as an email address, like name@example.jp.' } },
        }),
    );
}
