/**
 * The edits the form builder makes to a draft definition, as pure functions: each takes a
 * definition and returns a new one, or refuses with a message naming the section or field. The
 * routes turn one small form POST into one edit; nothing here touches the database.
 */
import type { FieldError } from '../../../platform/errors/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import type { Condition, FieldDef, FieldType, FileKind, FormDefinition, Prefill, SectionDef } from '../forms/form-definition.ts';
import { checkFormStructure } from '../forms/form-structure.ts';

/** Where a field lives: top-level `name`, or `group.name` for a field inside a group. */
export type FieldPath = string;

/** The settings staff edit on one field (what is missing or undefined is removed). */
export interface FieldSettings {
  label: Text;
  hint?: Text | undefined;
  required: boolean;
  options?: { value: string; label: Text }[] | undefined;
  min?: number | undefined;
  max?: number | undefined;
  maxLength?: number | undefined;
  showIf?: Condition | undefined;
  requiredIf?: Condition | undefined;
  itemLabel?: Text | undefined;
  minItems?: number | undefined;
  maxItems?: number | undefined;
  accept?: FileKind[] | undefined;
  maxBytes?: number | undefined;
  maxFiles?: number | undefined;
  /** Fill from the sign-in's 基本4情報 or the profile (only where the type matches, see PREFILL_FOR). */
  prefill?: boolean | undefined;
}

/** Which prefilled value a field of each type can take. */
export const PREFILL_FOR: Partial<Record<FieldType, Prefill>> = { name: 'name', address: 'address', date: 'birthdate', email: 'email' };

export type FormEdit =
  | { op: 'addSection'; title: Text; intro?: Text | undefined }
  | { op: 'updateSection'; sectionId: string; title: Text; intro?: Text | undefined }
  | { op: 'moveSection'; sectionId: string; direction: 'up' | 'down' }
  | { op: 'deleteSection'; sectionId: string }
  | { op: 'addField'; sectionId: string; group?: string | undefined; type: FieldType; label: Text; name?: string | undefined }
  | { op: 'updateField'; path: FieldPath; settings: FieldSettings }
  | { op: 'moveField'; path: FieldPath; direction: 'up' | 'down' }
  | { op: 'deleteField'; path: FieldPath };

/** An edit that cannot be made; `field` is the form control the message belongs to. */
export class EditRefused extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message.en).join(' '));
  }
}

const refuse = (field: string, ja: string, en: string): never => {
  throw new EditRefused([{ field, message: { ja, en } }]);
};

const clone = (form: FormDefinition): FormDefinition => structuredClone(form);

/** The field at `path` with the list it lives in and its section. */
export function locateField(form: FormDefinition, path: FieldPath): { section: SectionDef; list: FieldDef[]; index: number; field: FieldDef; group?: FieldDef } | null {
  const [head, sub] = path.split('.', 2) as [string, string | undefined];
  for (const section of form.sections) {
    const index = section.fields.findIndex((f) => f.name === head);
    if (index < 0) continue;
    const top = section.fields[index]!;
    if (sub === undefined) return { section, list: section.fields, index, field: top };
    if (top.type !== 'group') return null;
    const inner = top.fields ?? [];
    const i = inner.findIndex((f) => f.name === sub);
    return i < 0 ? null : { section, list: inner, index: i, field: inner[i]!, group: top };
  }
  return null;
}

function sectionIndex(form: FormDefinition, id: string): number {
  const i = form.sections.findIndex((s) => s.id === id);
  if (i < 0) refuse('sectionId', 'そのセクションはありません。ページを再読み込みしてください。', 'That section does not exist. Reload the page.');
  return i;
}

function move<T>(list: T[], index: number, direction: 'up' | 'down'): void {
  const to = direction === 'up' ? index - 1 : index + 1;
  if (to < 0 || to >= list.length) return;
  [list[index], list[to]] = [list[to]!, list[index]!];
}

/** Every field of the form with its path, groups' inner fields included. */
export function allFields(form: FormDefinition): { path: FieldPath; field: FieldDef; group?: FieldDef; section: SectionDef }[] {
  return form.sections.flatMap((section) =>
    section.fields.flatMap((field) => [{ path: field.name, field, section }, ...(field.fields ?? []).map((g) => ({ path: `${field.name}.${g.name}`, field: g, group: field, section }))]),
  );
}

/** Fields whose condition refers to one of `names` (other than themselves), for a refusal that says which. */
function dependents(form: FormDefinition, names: Set<string>, except: Set<string>): { path: string; field: FieldDef }[] {
  return allFields(form).filter(({ path, field }) => !except.has(path) && [field.showIf, field.requiredIf].some((c) => c && names.has(c.field)));
}

function unusedName(form: FormDefinition, base: string, taken: FieldDef[]): string {
  const names = new Set([...allFields(form).filter((x) => !x.group).map((x) => x.field.name), ...taken.map((f) => f.name)]);
  for (let n = 1; ; n++) if (!names.has(`${base}${n}`)) return `${base}${n}`;
}

/** A new field of `type` with settings that already pass the structural check where possible. */
function newField(type: FieldType, name: string, label: Text): FieldDef {
  const f: FieldDef = { name, type, label };
  if (type === 'choice') f.options = [{ value: 'option1', label: { ja: '選択肢1', en: 'Option 1' } }, { value: 'option2', label: { ja: '選択肢2', en: 'Option 2' } }];
  if (type === 'group') Object.assign(f, { fields: [], itemLabel: label, minItems: 1, maxItems: 10 });
  if (type === 'file') Object.assign(f, { accept: ['pdf', 'image'], maxFiles: 1 });
  if (type === 'consent') f.required = true;
  return f;
}

/** Applies the settings that make sense for the field's type; the others are dropped. */
function withSettings(f: FieldDef, s: FieldSettings): FieldDef {
  const out: FieldDef = { name: f.name, type: f.type, label: s.label };
  if (s.hint) out.hint = s.hint;
  if (s.required) out.required = true;
  const prefill = s.prefill === undefined ? f.prefill : s.prefill ? PREFILL_FOR[f.type] : undefined;
  if (prefill) out.prefill = prefill;
  if (s.showIf) out.showIf = s.showIf;
  if (s.requiredIf) out.requiredIf = s.requiredIf;
  if (f.type === 'choice') out.options = s.options ?? f.options ?? [];
  if (f.type === 'number' || f.type === 'date') {
    if (s.min !== undefined) out.min = s.min;
    if (s.max !== undefined) out.max = s.max;
  }
  if (['text', 'textarea', 'name', 'address'].includes(f.type) && s.maxLength !== undefined) out.maxLength = s.maxLength;
  if (f.type === 'group') {
    out.fields = f.fields ?? [];
    out.itemLabel = s.itemLabel ?? f.itemLabel ?? s.label;
    if (s.minItems !== undefined) out.minItems = s.minItems;
    if (s.maxItems !== undefined) out.maxItems = s.maxItems;
  }
  if (f.type === 'file') {
    out.accept = s.accept ?? f.accept ?? ['pdf', 'image'];
    if (s.maxBytes !== undefined) out.maxBytes = s.maxBytes;
    if (s.maxFiles !== undefined) out.maxFiles = s.maxFiles;
  }
  return out;
}

const problemKey = (p: { field?: string | undefined; message: Text }) => `${p.field ?? ''}|${p.message.ja}`;

/**
 * Applies one edit. Returns the new definition and where the page should focus next (the section
 * or field path), or throws EditRefused.
 */
export function applyEdit(form: FormDefinition, edit: FormEdit): { form: FormDefinition; focus?: string } {
  const next = clone(form);
  switch (edit.op) {
    case 'addSection': {
      const ids = new Set(next.sections.map((s) => s.id));
      let n = next.sections.length + 1;
      while (ids.has(`section${n}`)) n++;
      next.sections.push({ id: `section${n}`, title: edit.title, ...(edit.intro ? { intro: edit.intro } : {}), fields: [] });
      return { form: next, focus: `section${n}` };
    }
    case 'updateSection': {
      const s = next.sections[sectionIndex(next, edit.sectionId)]!;
      s.title = edit.title;
      if (edit.intro) s.intro = edit.intro;
      else delete s.intro;
      return { form: next, focus: s.id };
    }
    case 'moveSection':
      move(next.sections, sectionIndex(next, edit.sectionId), edit.direction);
      return { form: next, focus: edit.sectionId };
    case 'deleteSection': {
      const i = sectionIndex(next, edit.sectionId);
      const section = next.sections[i]!;
      const inside = allFields(next).filter((x) => x.section === section);
      const names = new Set(inside.map((x) => x.field.name));
      const users = dependents(next, names, new Set(inside.map((x) => x.path)));
      if (users.length) refuse('sectionId', `ほかのセクションの項目「${users[0]!.field.label.ja}」の条件がこのセクションの項目を参照しています。先にその条件を外してください。`, `The field “${users[0]!.field.label.en}” in another section has a rule that refers to this section. Remove that rule first.`);
      if (next.sections.length === 1) refuse('sectionId', '最後のセクションは削除できません。', 'The last section cannot be deleted.');
      next.sections.splice(i, 1);
      return { form: next };
    }
    case 'addField': {
      const section = next.sections[sectionIndex(next, edit.sectionId)]!;
      const parent = edit.group ? section.fields.find((f) => f.name === edit.group && f.type === 'group') : undefined;
      if (edit.group && !parent) refuse('group', 'そのグループはありません。ページを再読み込みしてください。', 'That group does not exist. Reload the page.');
      if (parent && edit.type === 'group') refuse('type', 'グループの中にグループは置けません。', 'A group cannot contain a group.');
      if (parent && (edit.type === 'bankAccount' || edit.type === 'file')) refuse('type', '振込先口座とファイルの添付はグループの中に置けません。', 'A bank account or file field cannot be inside a group.');
      const list = parent ? (parent.fields ??= []) : section.fields;
      const name = edit.name || unusedName(next, edit.type === 'group' ? 'group' : 'field', list);
      const clash = parent ? list.some((f) => f.name === name) : allFields(next).some((x) => !x.group && x.field.name === name);
      if (clash) refuse('name', `項目名「${name}」はすでに使われています。別の名前にしてください。`, `The name “${name}” is already used. Choose another.`);
      list.push(newField(edit.type, name, edit.label));
      return { form: next, focus: parent ? `${parent.name}.${name}` : name };
    }
    case 'updateField': {
      const at = locateField(next, edit.path);
      if (!at) return refuse('path', 'その項目はありません。ページを再読み込みしてください。', 'That field does not exist. Reload the page.');
      const before = new Set(checkFormStructure(next).filter((p) => p.field === edit.path).map(problemKey));
      at.list[at.index] = withSettings(at.field, edit.settings);
      const added = checkFormStructure(next).filter((p) => p.field === edit.path && !before.has(problemKey(p)));
      if (added.length) throw new EditRefused(added.map((p) => ({ field: 'settings', message: p.message })));
      return { form: next, focus: edit.path };
    }
    case 'moveField': {
      const at = locateField(next, edit.path);
      if (!at) return refuse('path', 'その項目はありません。ページを再読み込みしてください。', 'That field does not exist. Reload the page.');
      move(at.list, at.index, edit.direction);
      return { form: next, focus: edit.path };
    }
    case 'deleteField': {
      const at = locateField(next, edit.path);
      if (!at) return refuse('path', 'その項目はありません。ページを再読み込みしてください。', 'That field does not exist. Reload the page.');
      // A condition on a group member refers to its bare name (sibling) — only siblings can see it.
      const scope: FormDefinition = at.group ? { sections: [{ ...at.section, fields: [{ ...at.group }] }] } : next;
      const inner = new Set([edit.path, ...(at.field.fields ?? []).map((g) => `${at.field.name}.${g.name}`)]);
      const users = dependents(scope, new Set([at.field.name]), inner).filter((u) => !at.group || u.path.startsWith(`${at.group.name}.`));
      if (users.length) refuse('path', `項目「${users[0]!.field.label.ja}」の条件がこの項目を参照しています。先にその条件を外してください。`, `The field “${users[0]!.field.label.en}” has a rule that refers to this field. Remove that rule first.`);
      at.list.splice(at.index, 1);
      return { form: next, focus: at.group ? at.group.name : at.section.id };
    }
  }
}
