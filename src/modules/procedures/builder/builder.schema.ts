/**
 * Reads the builder's form posts into checked values: the procedure details and the settings of a
 * field. Every problem becomes a field error naming the form control in Japanese and English, so a
 * bad post re-renders the page with messages instead of failing.
 */
import { z } from 'zod';
import { AppError, type FieldError } from '../../../platform/errors/index.ts';
import { format, type Text } from '../../../platform/i18n/index.ts';
import { fieldErrors, normalizeDigits, textField, type Labels } from '../../../platform/validation/index.ts';
import type { Condition, FieldDef, FileKind } from '../forms/form-definition.ts';
import { CONDITION_TYPES, FIELD_NAME, FIELD_TYPES, conditionValues, OPTION_VALUE } from '../forms/form-structure.ts';
import { categories, lifeEvents, type Category, type LifeEvent } from '../procedures.vocabulary.ts';
import type { ProcedureFields } from './builder.service.ts';
import { PREFILL_FOR, type FieldSettings } from './form-edits.ts';
import { builderText as m } from './builder.messages.ts';

/** A posted body as Hono's parseBody({ all: true }) returns it. */
export type Body = Record<string, unknown>;

export const one = (body: Body, key: string): string => {
  const v = body[key];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? (v[0] as string) : '';
};
export const many = (body: Body, key: string): string[] => {
  const v = body[key];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
};

const blank = (s: string) => s.replace(/[\s\u3000]/g, '') === '';

function fail(errors: FieldError[]): never {
  throw new AppError('validation_failed', { fields: errors });
}

/** Parses with zod and collects errors, leaving room for checks zod cannot express. */
function parse<S extends z.ZodType>(schema: S, input: unknown, labels: Labels, errors: FieldError[]): z.output<S> | undefined {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  errors.push(...fieldErrors(r.error, labels));
  return undefined;
}

const text = (max: number, multiline = false) => textField({ max, multiline });
const optionalText = (max: number, multiline = false) => z.string().transform((s) => (blank(s) ? undefined : s)).pipe(text(max, multiline).optional());

/** An integer typed with 全角 digits or a 全角 minus, within bounds; '' means not set. */
const integer = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFKC').replace(/[\s,]/g, '').replace(/^[−ー‐]/, '-'))
    .refine((s) => s === '' || (/^-?\d{1,9}$/.test(s) && Number(s) >= min && Number(s) <= max), {
      params: { text: { ja: `{label}は${min}から${max}までの整数で入力してください。`, en: `Enter {label} as a whole number from ${min} to ${max}.` } },
    })
    .transform((s) => (s === '' ? undefined : Number(s)));

const bilingual = (ja: string | undefined, en: string | undefined, label: Text, field: string, errors: FieldError[]): Text | undefined => {
  if (ja === undefined && en === undefined) return undefined;
  if (ja === undefined || en === undefined) {
    errors.push({ field, message: { ja: format(m.bothOrNone.ja, { label: label.ja }), en: format(m.bothOrNone.en, { label: label.en }) } });
    return undefined;
  }
  return { ja, en };
};

const procedureSchema = z.object({
  slug: z.string().transform((s) => s.normalize('NFKC').trim().toLowerCase()).refine((s) => /^[a-z0-9][a-z0-9-]{0,63}$/.test(s), {
    params: { text: { ja: '{label}は英小文字・数字・ハイフン（64文字まで）で入力してください（例: dog-registration）。', en: 'Enter {label} in lower-case letters, digits and hyphens (up to 64), like dog-registration.' } },
  }),
  nameJa: text(200),
  nameEn: text(200),
  nameKana: z
    .string()
    .transform((s) => s.normalize('NFKC').trim().replace(/[\u30A1-\u30F6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60)))
    .pipe(text(200).refine((s) => /^[\u3041-\u3096\u30FC\u30FB\s\u3000]+$/.test(s), { params: { text: { ja: '{label}はひらがなかカタカナで入力してください。', en: 'Enter {label} in hiragana or katakana.' } } })),
  category: z.string().refine((s) => Object.hasOwn(categories, s), { params: { text: { ja: '{label}を選んでください。', en: 'Choose {label}.' } } }),
  lifeEvents: z.array(z.string()).max(10).refine((xs) => xs.every((x) => Object.hasOwn(lifeEvents, x)), { params: { text: { ja: '{label}は選択肢から選んでください。', en: 'Choose {label} from the options.' } } }),
  departmentId: z.string().refine((s) => s !== '', { params: { text: { ja: '{label}を選んでください。', en: 'Choose {label}.' } } }),
  summaryJa: text(2000, true),
  summaryEn: text(2000, true),
  eligibilityJa: text(1000, true),
  eligibilityEn: text(1000, true),
  documentsJa: text(5000, true),
  documentsEn: text(5000, true),
  feeYen: integer(0, 1_000_000),
  feeNoteJa: optionalText(200),
  feeNoteEn: optionalText(200),
  assurance: z.enum(['1', '2'], { message: 'choose' }),
  processingDays: integer(0, 365),
  processingJa: text(500, true),
  processingEn: text(500, true),
  legalJa: text(200),
  legalEn: text(200),
  howToApplyJa: text(1000, true),
  howToApplyEn: text(1000, true),
  contactPhone: z
    .string()
    .transform((s) => s.normalize('NFKC').trim())
    .refine((s) => /^0\d{9,10}$/.test(normalizeDigits(s).replace(/[()]/g, '')) && s.length <= 20, {
      params: { text: { ja: '{label}は0から始まる10桁か11桁の番号で入力してください（例: 0123-45-6789）。', en: 'Enter {label} as a 10 or 11 digit number starting with 0, like 0123-45-6789.' } },
    }),
  keywords: z.string().transform((s) => s.normalize('NFC').split(/[,、，]/).map((k) => k.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')).filter(Boolean)).pipe(
    z.array(text(30)).refine((xs) => xs.length <= 20, { params: { text: { ja: '{label}は20個までです。', en: '{label} allows at most 20.' } } }),
  ),
});

const procedureLabels: Labels = {
  slug: m.slug, nameJa: m.nameJa, nameEn: m.nameEn, nameKana: m.nameKana, category: m.category, lifeEvents: m.lifeEvents, departmentId: m.department,
  summaryJa: m.summaryJa, summaryEn: m.summaryEn, eligibilityJa: m.eligibilityJa, eligibilityEn: m.eligibilityEn, documentsJa: m.documentsJa, documentsEn: m.documentsEn,
  feeYen: m.fee, feeNoteJa: m.feeNoteJa, feeNoteEn: m.feeNoteEn, assurance: m.assurance, processingDays: m.processingDays, processingJa: m.processingJa,
  processingEn: m.processingEn, legalJa: m.legalJa, legalEn: m.legalEn, howToApplyJa: m.howToApplyJa, howToApplyEn: m.howToApplyEn, contactPhone: m.contactPhone, keywords: m.keywords,
};

export const PROCEDURE_KEYS = Object.keys(procedureLabels);

/** The posted values of the procedure form, as strings (to show them again after an error). */
export function procedureValues(body: Body): Record<string, string | string[]> {
  return Object.fromEntries(PROCEDURE_KEYS.map((k) => [k, k === 'lifeEvents' ? many(body, k) : one(body, k)]));
}

/**
 * The procedure details from a post, or AppError('validation_failed'). `allowedDepartments` are the
 * ids the person may choose; `slug` is read only when creating.
 */
export function parseProcedure(body: Body, allowedDepartments: string[], opts: { creating: boolean }): ProcedureFields {
  const errors: FieldError[] = [];
  const raw = procedureValues(body);
  if (!opts.creating) raw.slug = 'unchanged';
  const v = parse(procedureSchema, raw, procedureLabels, errors);
  if (v && !allowedDepartments.includes(v.departmentId)) errors.push({ field: 'departmentId', message: { ja: '「担当課」は選択肢から選んでください。', en: 'Choose the department from the options.' } });
  const lines = (s: string | undefined) => (s ?? '').split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
  const docsJa = lines(v?.documentsJa);
  const docsEn = lines(v?.documentsEn);
  if (v && docsJa.length !== docsEn.length) errors.push({ field: 'documentsEn', message: { ja: format(m.documentsMismatch.ja, { ja: docsJa.length, en: docsEn.length }), en: format(m.documentsMismatch.en, { ja: docsJa.length, en: docsEn.length }) } });
  if (docsJa.length > 20) errors.push({ field: 'documentsJa', message: m.documentsTooMany });
  for (const [i, d] of [...docsJa, ...docsEn].entries()) if ([...d].length > 200) errors.push({ field: i < docsJa.length ? 'documentsJa' : 'documentsEn', message: { ja: '「必要なもの」は1行200文字以内で入力してください。', en: 'Keep each line of “What is needed” to 200 characters.' } });
  const feeNote = bilingual(v?.feeNoteJa, v?.feeNoteEn, { ja: '手数料の説明', en: 'About the fee' }, 'feeNoteJa', errors);
  if (errors.length || !v) fail(errors);
  return {
    slug: v.slug,
    category: v.category as Category,
    lifeEvents: [...new Set(v.lifeEvents)] as LifeEvent[],
    departmentId: v.departmentId,
    name: { ja: v.nameJa, en: v.nameEn },
    nameKana: v.nameKana,
    details: {
      summary: { ja: v.summaryJa, en: v.summaryEn },
      eligibility: { ja: v.eligibilityJa, en: v.eligibilityEn },
      documents: docsJa.map((ja, i) => ({ ja, en: docsEn[i]! })),
      ...(feeNote ? { feeNote } : {}),
      processing: { ja: v.processingJa, en: v.processingEn },
      legalBasis: { ja: v.legalJa, en: v.legalEn },
      howToApply: { ja: v.howToApplyJa, en: v.howToApplyEn },
    },
    feeYen: v.feeYen ?? 0,
    assurance: v.assurance === '2' ? 2 : 1,
    processingDays: v.processingDays ?? null,
    contactPhone: v.contactPhone,
    keywords: v.keywords,
  };
}

/** Title and introduction of a section. */
export function parseSection(body: Body): { title: Text; intro?: Text | undefined } {
  const errors: FieldError[] = [];
  const v = parse(
    z.object({ titleJa: text(100), titleEn: text(100), introJa: optionalText(1000, true), introEn: optionalText(1000, true) }),
    { titleJa: one(body, 'titleJa'), titleEn: one(body, 'titleEn'), introJa: one(body, 'introJa'), introEn: one(body, 'introEn') },
    { titleJa: m.sectionTitleJa, titleEn: m.sectionTitleEn, introJa: m.sectionIntroJa, introEn: m.sectionIntroEn },
    errors,
  );
  const intro = bilingual(v?.introJa, v?.introEn, m.sectionIntro, 'introJa', errors);
  if (errors.length || !v) fail(errors);
  return { title: { ja: v.titleJa, en: v.titleEn }, intro };
}

/** Type, labels and optional name of a new field. */
export function parseNewField(body: Body): { type: FieldDef['type']; label: Text; name?: string | undefined } {
  const errors: FieldError[] = [];
  const v = parse(
    z.object({
      type: z.string().refine((s) => (FIELD_TYPES as string[]).includes(s), { params: { text: { ja: '{label}を選んでください。', en: 'Choose {label}.' } } }),
      labelJa: text(200),
      labelEn: text(200),
      name: z.string().transform((s) => s.normalize('NFKC').trim()).refine((s) => s === '' || FIELD_NAME.test(s), { params: { text: m.fieldNameInvalid } }),
    }),
    { type: one(body, 'type'), labelJa: one(body, 'labelJa'), labelEn: one(body, 'labelEn'), name: one(body, 'name') },
    { type: m.fieldType, labelJa: m.fieldLabelJa, labelEn: m.fieldLabelEn, name: m.fieldName },
    errors,
  );
  if (errors.length || !v) fail(errors);
  return { type: v.type as FieldDef['type'], label: { ja: v.labelJa, en: v.labelEn }, name: v.name || undefined };
}

/** Options typed one per line as "value | 日本語 | English" (全角 ｜ accepted). */
function parseOptions(textValue: string, errors: FieldError[]): { value: string; label: Text }[] {
  const lines = textValue.split(/\r?\n/).filter((l) => !blank(l));
  if (lines.length > 50) {
    errors.push({ field: 'options', message: m.optionsTooMany });
    return [];
  }
  const out: { value: string; label: Text }[] = [];
  const label = z.string().transform((s) => s.normalize('NFC').trim()).pipe(text(200));
  for (const [i, line] of lines.entries()) {
    const parts = line.split(/[|｜]/).map((s) => s.trim());
    const value = (parts[0] ?? '').normalize('NFKC');
    const ja = label.safeParse(parts[1] ?? '');
    const en = label.safeParse(parts[2] ?? '');
    if (parts.length !== 3 || !OPTION_VALUE.test(value) || !ja.success || !en.success) {
      errors.push({ field: 'options', message: { ja: format(m.optionsLine.ja, { n: i + 1 }), en: format(m.optionsLine.en, { n: i + 1 }) } });
      continue;
    }
    if (out.some((o) => o.value === value)) errors.push({ field: 'options', message: { ja: format(m.optionsDuplicate.ja, { value }), en: format(m.optionsDuplicate.en, { value }) } });
    out.push({ value, label: { ja: ja.data, en: en.data } });
  }
  return out;
}

/** The fields a condition on `field` may refer to: choices and yes/no of the form (and siblings in its group), not itself. */
export function conditionCandidates(field: FieldDef, siblings: FieldDef[], topLevel: FieldDef[]): FieldDef[] {
  const pool = [...siblings, ...topLevel.filter((t) => !siblings.includes(t))];
  const seen = new Set<string>();
  return pool.filter((f) => f !== field && f.name !== field.name && CONDITION_TYPES.includes(f.type) && !seen.has(f.name) && seen.add(f.name));
}

function parseCondition(body: Body, rule: 'showIf' | 'requiredIf', candidates: FieldDef[], errors: FieldError[]): Condition | undefined {
  const target = one(body, `${rule}Field`);
  if (!target) return undefined;
  const f = candidates.find((c) => c.name === target);
  if (!f) {
    errors.push({ field: `${rule}Field`, message: { ja: `「${rule === 'showIf' ? m.showIf.ja : m.requiredIf.ja}」は選択肢から選んでください。`, en: `Choose “${rule === 'showIf' ? m.showIf.en : m.requiredIf.en}” from the options.` } });
    return undefined;
  }
  const allowed = conditionValues(f);
  const values = many(body, `${rule}Values.${f.name}`).filter((v) => allowed.includes(v));
  if (!values.length) {
    const ruleText = rule === 'showIf' ? m.showIf : m.requiredIf;
    errors.push({ field: `${rule}Field`, message: { ja: format(m.conditionNoValues.ja, { rule: ruleText.ja, label: f.label.ja }), en: format(m.conditionNoValues.en, { rule: ruleText.en, label: f.label.en }) } });
    return undefined;
  }
  return { field: f.name, in: [...new Set(values)] };
}

/** The settings of `field` from its edit page. */
export function parseFieldSettings(body: Body, field: FieldDef, candidates: FieldDef[]): FieldSettings {
  const errors: FieldError[] = [];
  const isDate = field.type === 'date';
  const v = parse(
    z.object({
      labelJa: text(200),
      labelEn: text(200),
      hintJa: optionalText(500, true),
      hintEn: optionalText(500, true),
      min: isDate ? integer(-36_600, 36_600) : integer(0, 999_999_999),
      max: isDate ? integer(-36_600, 36_600) : integer(0, 999_999_999),
      maxLength: integer(1, 10_000),
      itemLabelJa: optionalText(50),
      itemLabelEn: optionalText(50),
      minItems: integer(0, 20),
      maxItems: integer(1, 20),
      maxMegabytes: integer(1, 10),
      maxFiles: integer(1, 20),
    }),
    Object.fromEntries(['labelJa', 'labelEn', 'hintJa', 'hintEn', 'min', 'max', 'maxLength', 'itemLabelJa', 'itemLabelEn', 'minItems', 'maxItems', 'maxMegabytes', 'maxFiles'].map((k) => [k, one(body, k)])),
    {
      labelJa: m.fieldLabelJa, labelEn: m.fieldLabelEn, hintJa: m.hintJa, hintEn: m.hintEn, min: isDate ? m.dateMin : m.numberMin, max: isDate ? m.dateMax : m.numberMax,
      maxLength: m.maxLength, itemLabelJa: m.itemLabelJa, itemLabelEn: m.itemLabelEn, minItems: m.minItems, maxItems: m.maxItems, maxMegabytes: m.maxMegabytes, maxFiles: m.maxFiles,
    },
    errors,
  );
  const hint = bilingual(v?.hintJa, v?.hintEn, { ja: '説明', en: 'Hint' }, 'hintJa', errors);
  const itemLabel = field.type === 'group' ? bilingual(v?.itemLabelJa, v?.itemLabelEn, { ja: '1件の呼び名', en: 'What one item is called' }, 'itemLabelJa', errors) : undefined;
  const options = field.type === 'choice' ? parseOptions(one(body, 'options'), errors) : undefined;
  const accept = field.type === 'file' ? (many(body, 'accept').filter((k) => k === 'pdf' || k === 'image') as FileKind[]) : undefined;
  if (accept && !accept.length) errors.push({ field: 'accept', message: m.acceptRequired });
  const showIf = parseCondition(body, 'showIf', candidates, errors);
  const requiredIf = parseCondition(body, 'requiredIf', candidates, errors);
  if (errors.length || !v) fail(errors);
  return {
    label: { ja: v.labelJa, en: v.labelEn },
    hint,
    required: one(body, 'required') === 'yes',
    options,
    min: v.min,
    max: v.max,
    maxLength: v.maxLength,
    showIf,
    requiredIf,
    itemLabel,
    minItems: v.minItems,
    maxItems: v.maxItems,
    accept: accept ? [...new Set(accept)] : undefined,
    maxBytes: v.maxMegabytes === undefined ? undefined : v.maxMegabytes * 1024 * 1024,
    maxFiles: v.maxFiles,
    prefill: PREFILL_FOR[field.type] ? one(body, 'prefill') === 'yes' : undefined,
  };
}
