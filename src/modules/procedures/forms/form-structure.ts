/**
 * The structural check of a form definition, run on every catalog form by the tests and on a
 * builder draft before it may be published: a definition that passes can be rendered and its
 * answers checked without surprises. Each problem names the section and field in Japanese and
 * English, so staff can find and fix it.
 */
import type { Text } from '../../../platform/i18n/index.ts';
import type { Condition, FieldDef, FieldType, FormDefinition } from './form-definition.ts';

export const FIELD_TYPES: readonly FieldType[] = ['text', 'textarea', 'name', 'kana', 'postalCode', 'address', 'phone', 'email', 'date', 'choice', 'number', 'yesno', 'consent', 'group', 'bankAccount', 'file'];

/** Types whose answer is one of fixed values, so a condition may refer to them. */
export const CONDITION_TYPES: readonly FieldType[] = ['choice', 'yesno', 'consent'];

/** Field names become form control names and answer keys: no dots (group paths), no leading underscore (_action, _csrf). */
export const FIELD_NAME = /^[a-zA-Z][a-zA-Z0-9]{0,39}$/;
export const SECTION_ID = /^[a-zA-Z][a-zA-Z0-9-]{0,39}$/;
export const OPTION_VALUE = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,39}$/;

/** Largest size a file field may accept per file (10 MB), as the attachment store enforces. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface StructureProblem {
  sectionId?: string;
  /** The field name, and for a field inside a group `group.field`. */
  field?: string;
  message: Text;
}

const filled = (x: Text | undefined) => Boolean(x && x.ja.trim() && x.en.trim());

/** The values a condition on `f` may test. */
export function conditionValues(f: FieldDef): string[] {
  if (f.type === 'yesno') return ['yes', 'no'];
  if (f.type === 'consent') return ['yes'];
  return (f.options ?? []).map((o) => o.value);
}

/** Every structural problem of `form`; an empty list means it may be published. */
export function checkFormStructure(form: FormDefinition): StructureProblem[] {
  const problems: StructureProblem[] = [];
  if (!form.sections.length) problems.push({ message: { ja: 'セクションが1つもありません。', en: 'The form has no sections.' } });
  const sectionIds = new Set<string>();
  const topFields = new Map<string, FieldDef>();
  for (const s of form.sections) for (const f of s.fields) if (!topFields.has(f.name)) topFields.set(f.name, f);
  const seen = new Set<string>();

  for (const s of form.sections) {
    const where = (f?: FieldDef, parent?: FieldDef): { sectionId: string; field?: string; ja: string; en: string } => {
      const sec = { ja: `セクション「${s.title.ja || s.id}」`, en: `Section “${s.title.en || s.id}”` };
      if (!f) return { sectionId: s.id, ...sec };
      const name = parent ? `${parent.name}.${f.name}` : f.name;
      return { sectionId: s.id, field: name, ja: `${sec.ja}の項目「${f.label.ja || f.name}」`, en: `${sec.en}, field “${f.label.en || f.name}”` };
    };
    const add = (w: ReturnType<typeof where>, ja: string, en: string) =>
      problems.push({ sectionId: w.sectionId, ...(w.field ? { field: w.field } : {}), message: { ja: `${w.ja}: ${ja}`, en: `${w.en}: ${en}` } });

    if (!SECTION_ID.test(s.id)) add(where(), 'IDは英字で始まる英数字とハイフン（40文字まで）にしてください。', 'the id must start with a letter and use letters, digits and hyphens (up to 40).');
    if (sectionIds.has(s.id)) add(where(), `ID「${s.id}」が重複しています。`, `the id “${s.id}” is used twice.`);
    sectionIds.add(s.id);
    if (!filled(s.title)) add(where(), '見出しを日本語と英語の両方で入力してください。', 'enter the title in both Japanese and English.');
    if (s.intro && !filled(s.intro)) add(where(), '説明文は日本語と英語の両方で入力してください。', 'enter the introduction in both Japanese and English.');
    if (!s.fields.length) add(where(), '項目が1つもありません。', 'it has no fields.');

    const checkField = (f: FieldDef, parent: FieldDef | undefined, siblings: FieldDef[]) => {
      const w = where(f, parent);
      if (!FIELD_TYPES.includes(f.type)) add(w, `種類「${String(f.type)}」は使えません。`, `the type “${String(f.type)}” is unknown.`);
      if (!FIELD_NAME.test(f.name)) add(w, '項目名（name）は英字で始まる英数字（40文字まで）にしてください。', 'the name must start with a letter and use letters and digits (up to 40).');
      if (!filled(f.label)) add(w, '表示名を日本語と英語の両方で入力してください。', 'enter the label in both Japanese and English.');
      if (f.hint && !filled(f.hint)) add(w, '説明（ヒント）は日本語と英語の両方で入力してください。', 'enter the hint in both Japanese and English.');
      if (f.type === 'choice') {
        if ((f.options ?? []).length < 2) add(w, '選択肢を2つ以上設定してください。', 'add at least two options.');
        const values = new Set<string>();
        for (const o of f.options ?? []) {
          if (!OPTION_VALUE.test(o.value)) add(w, `選択肢の値「${o.value}」は英数字にしてください。`, `the option value “${o.value}” must use letters and digits.`);
          if (values.has(o.value)) add(w, `選択肢の値「${o.value}」が重複しています。`, `the option value “${o.value}” is used twice.`);
          values.add(o.value);
          if (!filled(o.label)) add(w, `選択肢「${o.value}」の表示名を日本語と英語の両方で入力してください。`, `enter the label of option “${o.value}” in both Japanese and English.`);
        }
      }
      if (f.min !== undefined && f.max !== undefined && f.min > f.max) add(w, '最小値が最大値より大きくなっています。', 'the minimum is larger than the maximum.');
      if (f.maxLength !== undefined && !(Number.isInteger(f.maxLength) && f.maxLength >= 1 && f.maxLength <= 10_000)) add(w, '最大文字数は1から10000までにしてください。', 'the maximum length must be from 1 to 10000.');
      if (f.type === 'file') {
        if (f.maxBytes !== undefined && !(f.maxBytes >= 1 && f.maxBytes <= MAX_FILE_BYTES)) add(w, 'ファイルの大きさの上限は10MBまでにしてください。', 'the file size limit must be at most 10 MB.');
        if (f.maxFiles !== undefined && !(Number.isInteger(f.maxFiles) && f.maxFiles >= 1 && f.maxFiles <= 20)) add(w, 'ファイルの数は1から20までにしてください。', 'the number of files must be from 1 to 20.');
        if (f.accept !== undefined && (!f.accept.length || f.accept.some((k) => k !== 'pdf' && k !== 'image'))) add(w, '受け付けるファイルはPDFか画像を選んでください。', 'accept PDF and/or images.');
      }
      // An answer inside a group item is a string; composite answers (account record, file list) live at the top level.
      if (parent && (f.type === 'bankAccount' || f.type === 'file')) add(w, '振込先口座とファイルの添付はグループの中に置けません。', 'a bank account or file field cannot be inside a group.');
      if (f.type === 'group') {
        if (parent) add(w, 'グループの中にグループは置けません。', 'a group cannot contain a group.');
        if (!(f.fields ?? []).length) add(w, 'グループの中に項目が1つもありません。', 'the group has no fields.');
        if (!filled(f.itemLabel ?? f.label)) add(w, '1件の呼び名を日本語と英語で入力してください。', 'enter what one item is called in both languages.');
        if (f.minItems !== undefined && f.maxItems !== undefined && f.minItems > f.maxItems) add(w, '最少件数が最大件数より多くなっています。', 'the minimum number of items is larger than the maximum.');
        if (f.maxItems !== undefined && !(f.maxItems >= 1 && f.maxItems <= 20)) add(w, '最大件数は1から20までにしてください。', 'the maximum number of items must be from 1 to 20.');
        const inner = new Set<string>();
        for (const g of f.fields ?? []) {
          if (inner.has(g.name)) add(where(g, f), `項目名「${g.name}」がグループ内で重複しています。`, `the name “${g.name}” is used twice in the group.`);
          inner.add(g.name);
          checkField(g, f, f.fields ?? []);
        }
      }
      for (const [rule, c] of [['showIf', f.showIf], ['requiredIf', f.requiredIf]] as [string, Condition | undefined][]) {
        if (!c) continue;
        const ruleJa = rule === 'showIf' ? '表示条件' : '必須条件';
        // Inside a group a condition may refer to a sibling in the same item, else to a top-level field.
        const target = siblings.find((x) => x.name === c.field && x !== f) ?? topFields.get(c.field);
        if (!target || target === f) {
          add(w, `${ruleJa}が参照する項目「${c.field}」がありません。`, `the ${rule} rule refers to “${c.field}”, which does not exist.`);
          continue;
        }
        if (!CONDITION_TYPES.includes(target.type)) {
          add(w, `${ruleJa}が参照する項目「${target.label.ja}」は選択肢・はい/いいえの項目ではありません。`, `the ${rule} rule refers to “${target.label.en}”, which is not a choice or yes/no field.`);
          continue;
        }
        const allowed = conditionValues(target);
        if (!c.in.length) add(w, `${ruleJa}の値を1つ以上選んでください。`, `choose at least one value for the ${rule} rule.`);
        for (const v of c.in) if (!allowed.includes(v)) add(w, `${ruleJa}の値「${v}」は「${target.label.ja}」の選択肢にありません。`, `the ${rule} value “${v}” is not an option of “${target.label.en}”.`);
      }
    };

    for (const f of s.fields) {
      if (seen.has(f.name)) add(where(f), `項目名「${f.name}」がフォーム内で重複しています。`, `the name “${f.name}” is used twice in the form.`);
      seen.add(f.name);
      checkField(f, undefined, s.fields);
    }
  }
  return problems;
}
