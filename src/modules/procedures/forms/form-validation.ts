/**
 * Checks answers against a form definition. Hidden fields (showIf not met) are dropped; requiredIf
 * makes a field required only when its condition holds. Values are normalised the way residents
 * type them (全角 digits, hiragana in フリガナ, 和暦 dates), and every error names its field in
 * Japanese and English through the platform's validation messages.
 */
import { z } from 'zod';
import type { FieldError } from '../../../platform/errors/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { emailField, fieldErrors, ruleMessage, normalizeDigits, textField, type Labels } from '../../../platform/validation/index.ts';
import { fileLimits } from '../attachments/attachment-check.ts';
import { checkBankAccount } from './bank-account.ts';
import type { AnswerValue, Answers, AttachmentRef, Condition, FieldDef, FormDefinition, SectionDef } from './form-definition.ts';
import { parseJapaneseDate } from './wareki.ts';

const must = (text: Text) => ruleMessage(text);

/** Converts hiragana to katakana and half-width kana to full width, drops spaces at the ends. */
export function toKatakana(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

function schemaFor(f: FieldDef): z.ZodType<string> {
  const text = (max: number, multiline = false) => textField({ max: f.maxLength ?? max, multiline });
  switch (f.type) {
    case 'text':
      return text(100);
    case 'textarea':
      return text(2000, true);
    case 'name':
      return text(50);
    case 'address':
      return text(200);
    case 'kana':
      return z.string().transform(toKatakana).pipe(
        text(100).refine((s) => /^[\u30A1-\u30FA\u30FC\u30FB \u3000]+$/.test(s), must({ ja: '{label}はカタカナで入力してください（例: ミナトノ タロウ）。', en: 'Enter {label} in katakana, like ミナトノ タロウ.' })),
      );
    case 'postalCode':
      return z.string().transform(normalizeDigits).pipe(z.string().refine((s) => /^\d{7}$/.test(s), must({ ja: '{label}は7桁の数字で入力してください（例: 123-4567）。', en: 'Enter {label} as 7 digits, like 123-4567.' })));
    case 'phone':
      return z.string().transform((s) => normalizeDigits(s).replace(/[()（）]/g, '')).pipe(
        z.string().refine((s) => /^0\d{9,10}$/.test(s), must({ ja: '{label}は0から始まる10桁または11桁の番号で入力してください（例: 090-1234-5678）。', en: 'Enter {label} as a 10 or 11 digit number starting with 0, like 090-1234-5678.' })),
      );
    case 'email':
      return emailField();
    case 'date':
      return z.string().transform((s, ctx) => {
        const d = parseJapaneseDate(s);
        if (!d || (f.min !== undefined && d < isoOffset(f.min)) || (f.max !== undefined && d > isoOffset(f.max))) {
          ctx.addIssue({ code: 'custom', params: { text: { ja: '{label}は実在する日付で入力してください（例: 令和6年5月1日、2024/5/1）。', en: 'Enter {label} as a real date, like 2024/5/1 or 令和6年5月1日.' } } });
          return z.NEVER;
        }
        return d;
      });
    case 'number':
      // Not normalizeDigits: that drops hyphens, and "-1" must not become 1.
      return z.string().transform((s) => s.normalize('NFKC').replace(/[\s,]/g, '')).pipe(
        z.string().refine((s) => /^\d{1,9}$/.test(s) && Number(s) >= (f.min ?? 0) && Number(s) <= (f.max ?? 999_999_999), must({ ja: `{label}は${f.min ?? 0}から${f.max ?? 999_999_999}までの数字で入力してください。`, en: `Enter {label} as a number from ${f.min ?? 0} to ${f.max ?? 999_999_999}.` })),
      ).transform((s) => String(Number(s)));
    case 'choice':
      return z.string().refine((s) => (f.options ?? []).some((o) => o.value === s), must({ ja: '{label}を選択肢から選んでください。', en: 'Choose {label} from the options.' }));
    case 'yesno':
      return z.string().refine((s) => s === 'yes' || s === 'no', must({ ja: '{label}は「はい」か「いいえ」を選んでください。', en: 'Choose yes or no for {label}.' }));
    case 'consent':
      return z.string().refine((s) => s === 'yes', must({ ja: '{label}に同意してください。', en: 'Agree to {label}.' }));
    case 'group':
    case 'bankAccount':
    case 'file':
      throw new Error(`${f.type} answers are not strings and are checked by their own functions`);
  }
}

/** Days from today (negative: past) as YYYY-MM-DD, for date limits. */
function isoOffset(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function holds(c: Condition | undefined, scope: Record<string, unknown>, top: Record<string, unknown>): boolean {
  if (!c) return true;
  const v = c.field in scope ? scope[c.field] : top[c.field];
  return typeof v === 'string' && c.in.includes(v);
}

export const isShown = (f: FieldDef, scope: Record<string, unknown>, top: Record<string, unknown>) => holds(f.showIf, scope, top);
export const isRequired = (f: FieldDef, scope: Record<string, unknown>, top: Record<string, unknown>) => Boolean(f.required) || (f.requiredIf ? holds(f.requiredIf, scope, top) : false);

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.replace(/[\s\u3000]/g, '') === '');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The attachments a file field's answer lists (records with an id; anything else is ignored). */
export function attachmentRefs(v: unknown): AttachmentRef[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((x): x is Record<string, unknown> => isRecord(x) && typeof x.id === 'string')
    .map((x) => ({ id: String(x.id), fileName: String(x.fileName ?? ''), contentType: String(x.contentType ?? ''), size: String(x.size ?? '0') }));
}

/** Raw values as posted or saved: strings, groups as lists of string records, a bank account as a record, files as AttachmentRef lists. */
export type RawAnswers = Record<string, unknown>;

/** The labels of a section's fields, keyed by field path (group items as `name.*.field`). */
export function labelsOf(fields: FieldDef[]): Labels {
  const labels: Labels = {};
  for (const f of fields) {
    labels[f.name] = f.label;
    for (const g of f.fields ?? []) labels[`${f.name}.*.${g.name}`] = { ja: `${f.itemLabel?.ja ?? f.label.ja}の${g.label.ja}`, en: `${f.itemLabel?.en ?? f.label.en}: ${g.label.en}` };
  }
  return labels;
}

/*
 * Building zod schemas (and zod's compiled fast path on their first parse) costs far more than
 * checking answers with them: a 10-field form took milliseconds per check, the largest cost of a
 * durable submission (docs/benchmarks.md). So each field definition object gets its schema once,
 * and the object schema for one combination of shown and required fields is built once and kept.
 * Schemas hold no per-check state (date limits are computed when a value is checked).
 */
const fieldSchemas = new WeakMap<FieldDef, z.ZodType<string>>();
function cachedSchemaFor(f: FieldDef): z.ZodType<string> {
  let s = fieldSchemas.get(f);
  if (!s) fieldSchemas.set(f, (s = schemaFor(f)));
  return s;
}
const fieldIds = new WeakMap<FieldDef, number>();
let lastFieldId = 0;
function idOf(f: FieldDef): number {
  let id = fieldIds.get(f);
  if (id === undefined) fieldIds.set(f, (id = ++lastFieldId));
  return id;
}
const objectSchemas = new Map<string, z.ZodType>();
function objectSchema(key: string, shape: Record<string, z.ZodType | Record<string, z.ZodType>[]>): z.ZodType {
  let s = objectSchemas.get(key);
  if (!s) {
    // Bounded: definitions read afresh from the database are new objects, so their keys never repeat.
    if (objectSchemas.size >= 2000) objectSchemas.clear();
    const built: Record<string, z.ZodType> = {};
    for (const [name, v] of Object.entries(shape)) built[name] = Array.isArray(v) ? z.tuple(v.map((item) => z.object(item)) as unknown as [z.ZodType, ...z.ZodType[]]) : v;
    objectSchemas.set(key, (s = z.object(built)));
  }
  return s;
}

/**
 * Checks the given fields. `top` is every answer of the form (for conditions across sections).
 * Returns the clean answers of these fields, or the errors (one per field, in field order).
 */
export function checkFields(fields: FieldDef[], raw: RawAnswers, top: RawAnswers): { ok: true; answers: Answers } | { ok: false; errors: FieldError[] } {
  const shape: Record<string, z.ZodType | Record<string, z.ZodType>[]> = {};
  const shapeKey: string[] = [];
  const input: Record<string, unknown> = {};
  const groupErrors: FieldError[] = [];
  const composite: Answers = {};
  const labels = labelsOf(fields);
  for (const f of fields) {
    if (!isShown(f, raw, top)) continue;
    if (f.type === 'bankAccount') {
      const value = isRecord(raw[f.name]) ? (raw[f.name] as Record<string, unknown>) : {};
      if (Object.values(value).every(blank) && !isRequired(f, raw, top)) continue;
      const checked = checkBankAccount(f.name, f.label, value);
      if (checked.ok) composite[f.name] = checked.value;
      else groupErrors.push(...checked.errors);
      continue;
    }
    if (f.type === 'file') {
      const files = attachmentRefs(raw[f.name]);
      const { maxFiles } = fileLimits(f);
      if (!files.length && isRequired(f, raw, top)) groupErrors.push({ field: f.name, message: { ja: `「${f.label.ja}」のファイルを選んでください。`, en: `Choose a file for ${f.label.en}.` } });
      else if (files.length > maxFiles) groupErrors.push({ field: f.name, message: { ja: `「${f.label.ja}」は${maxFiles}ファイルまでです。`, en: `${f.label.en} allows at most ${maxFiles} files.` } });
      else if (files.length) composite[f.name] = files;
      continue;
    }
    if (f.type === 'group') {
      const items = Array.isArray(raw[f.name]) ? (raw[f.name] as Record<string, unknown>[]) : [];
      const min = f.minItems ?? (f.required ? 1 : 0);
      if (items.length < min) groupErrors.push({ field: f.name, message: { ja: `「${f.label.ja}」を${min}件以上入力してください。`, en: `Add at least ${min} to ${f.label.en}.` } });
      if (f.maxItems !== undefined && items.length > f.maxItems) groupErrors.push({ field: f.name, message: { ja: `「${f.label.ja}」は${f.maxItems}件までです。`, en: `${f.label.en} allows at most ${f.maxItems}.` } });
      const itemShapes = items.map((item) => {
        const s: Record<string, z.ZodType> = {};
        for (const g of f.fields ?? []) {
          if (!isShown(g, item, top)) continue;
          if (blank(item[g.name]) && !isRequired(g, item, top)) continue;
          s[g.name] = cachedSchemaFor(g);
        }
        return s;
      });
      shape[f.name] = itemShapes;
      shapeKey.push(`${idOf(f)}[${itemShapes.map((s) => Object.keys(s).join(',')).join('|')}]`);
      input[f.name] = items.map((item) => Object.fromEntries((f.fields ?? []).map((g) => [g.name, typeof item[g.name] === 'string' ? item[g.name] : ''])));
      continue;
    }
    if (blank(raw[f.name]) && !isRequired(f, raw, top)) continue;
    shape[f.name] = cachedSchemaFor(f);
    shapeKey.push(String(idOf(f)));
    // A missing answer checks as '' so each type says what to do ("choose", "agree", "enter").
    input[f.name] = typeof raw[f.name] === 'string' ? raw[f.name] : '';
  }
  const result = objectSchema(shapeKey.join(';'), shape).safeParse(input);
  const errors = [...groupErrors, ...(result.success ? [] : fieldErrors(result.error, labels))];
  if (errors.length || !result.success) {
    const order = (field: string) => fields.findIndex((f) => field === f.name || field.startsWith(`${f.name}.`));
    return { ok: false, errors: errors.sort((a, b) => order(a.field) - order(b.field)) };
  }
  const answers: Answers = { ...composite };
  for (const [k, v] of Object.entries(result.data as Record<string, unknown>)) {
    if (v === undefined) continue;
    answers[k] = Array.isArray(v) ? (v as Record<string, string | undefined>[]).map((item) => Object.fromEntries(Object.entries(item).filter(([, x]) => x !== undefined)) as Record<string, string>) : (v as string);
  }
  return { ok: true, answers };
}

/** Checks one section; the answers returned replace that section's answers in the draft. */
export function checkSection(section: SectionDef, raw: RawAnswers, top: RawAnswers) {
  return checkFields(section.fields, raw, top);
}

/** Checks the whole form, as at submission: every section must pass. */
export function checkForm(form: FormDefinition, raw: RawAnswers) {
  return checkFields(form.sections.flatMap((s) => s.fields), raw, raw);
}

/** The section ids whose answers currently pass (for the progress indicator and the check page). */
export function completeSections(form: FormDefinition, answers: RawAnswers): Set<string> {
  return new Set(form.sections.filter((s) => checkSection(s, answers, answers).ok).map((s) => s.id));
}

export type { AnswerValue };
