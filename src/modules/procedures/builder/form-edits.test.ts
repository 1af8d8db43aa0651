/** The builder's edits as pure functions: each returns a new definition or refuses with a message naming what to fix. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generalForm } from '../forms/demo-forms.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { checkFormStructure } from '../forms/form-structure.ts';
import { applyEdit, EditRefused, locateField, type FormEdit } from './form-edits.ts';

const t = (ja: string, en: string) => ({ ja, en });
const run = (form: FormDefinition, ...edits: FormEdit[]) => edits.reduce((f, e) => applyEdit(f, e).form, form);
const refused = (form: FormDefinition, edit: FormEdit, re: RegExp) => {
  assert.throws(() => applyEdit(form, edit), (e: unknown) => e instanceof EditRefused && re.test(e.errors[0]!.message.ja) && e.errors[0]!.message.en.length > 0);
};

test('sections: add, rename, reorder and delete; the input definition is never changed', () => {
  const before = JSON.stringify(generalForm);
  const added = applyEdit(generalForm, { op: 'addSection', title: t('子ども', 'Children'), intro: t('1人ずつ', 'One by one') });
  assert.equal(JSON.stringify(generalForm), before);
  const id = added.focus!;
  assert.equal(added.form.sections.at(-1)!.id, id);
  let f = run(added.form, { op: 'updateSection', sectionId: id, title: t('お子さん', 'Your children') }, { op: 'moveSection', sectionId: id, direction: 'up' });
  assert.equal(f.sections.at(-2)!.title.ja, 'お子さん');
  assert.equal(f.sections.at(-2)!.intro, undefined, 'an empty introduction is removed');
  f = run(f, { op: 'moveSection', sectionId: f.sections[0]!.id, direction: 'up' });
  assert.equal(f.sections[0]!.id, generalForm.sections[0]!.id, 'moving the first section up changes nothing');
  f = run(f, { op: 'deleteSection', sectionId: id });
  assert.deepEqual(f, generalForm);
  refused({ sections: [generalForm.sections[0]!] }, { op: 'deleteSection', sectionId: 'applicant' }, /最後のセクション/);
  refused(generalForm, { op: 'updateSection', sectionId: 'nope', title: t('a', 'b') }, /そのセクションはありません/);
});

test('fields: every type can be added; a group gets its own fields; names stay unique', () => {
  let f = generalForm;
  for (const type of ['text', 'textarea', 'name', 'kana', 'postalCode', 'address', 'phone', 'email', 'date', 'choice', 'number', 'yesno', 'consent', 'bankAccount', 'file'] as const) {
    f = run(f, { op: 'addField', sectionId: 'details', type, label: t(`項目 ${type}`, `Field ${type}`) });
  }
  assert.deepEqual(checkFormStructure(f), [], 'new fields of every type pass the structural check at once');
  f = run(f, { op: 'addField', sectionId: 'details', type: 'group', label: t('子ども', 'Children'), name: 'children' });
  assert.match(checkFormStructure(f).map((p) => p.message.ja).join(), /グループの中に項目が1つもありません/);
  f = run(f, { op: 'addField', sectionId: 'details', group: 'children', type: 'name', label: t('氏名', 'Name'), name: 'name' }, { op: 'addField', sectionId: 'details', group: 'children', type: 'date', label: t('生年月日', 'Date of birth'), name: 'birthdate' });
  assert.deepEqual(checkFormStructure(f), []);
  assert.equal(locateField(f, 'children.birthdate')!.group!.name, 'children');
  refused(f, { op: 'addField', sectionId: 'details', type: 'text', label: t('重複', 'Dup'), name: 'details' }, /すでに使われています/);
  refused(f, { op: 'addField', sectionId: 'details', group: 'children', type: 'group', label: t('入れ子', 'Nested') }, /グループの中にグループ/);
  refused(f, { op: 'addField', sectionId: 'details', group: 'children', type: 'file', label: t('写真', 'Photo') }, /グループの中に置けません/);
  refused(f, { op: 'addField', sectionId: 'details', group: 'children', type: 'text', label: t('重複', 'Dup'), name: 'name' }, /すでに使われています/);
  // The same bare name may be used inside a group and at the top level: answers live at different paths.
  f = run(f, { op: 'addField', sectionId: 'details', type: 'text', label: t('名前', 'Name'), name: 'name' });
  assert.ok(locateField(f, 'name') && locateField(f, 'children.name'));
});

test('field settings: conditions, options and limits; an edit may not introduce a structural problem', () => {
  let f = run(generalForm, { op: 'addField', sectionId: 'details', type: 'yesno', label: t('子どもはいますか', 'Any children?'), name: 'hasChildren' }, { op: 'addField', sectionId: 'details', type: 'number', label: t('人数', 'How many'), name: 'count' });
  f = run(f, { op: 'updateField', path: 'count', settings: { label: t('人数', 'How many'), required: false, min: 1, max: 10, showIf: { field: 'hasChildren', in: ['yes'] }, requiredIf: { field: 'hasChildren', in: ['yes'] } } });
  const count = locateField(f, 'count')!.field;
  assert.deepEqual([count.min, count.max, count.showIf, count.requiredIf], [1, 10, { field: 'hasChildren', in: ['yes'] }, { field: 'hasChildren', in: ['yes'] }]);
  refused(f, { op: 'updateField', path: 'count', settings: { label: t('人数', 'How many'), required: false, min: 5, max: 1 } }, /最小値が最大値より大きく/);
  refused(f, { op: 'updateField', path: 'count', settings: { label: t('人数', 'How many'), required: false, showIf: { field: 'hasChildren', in: ['maybe'] } } }, /値「maybe」/);
  refused(f, { op: 'updateField', path: 'count', settings: { label: t('人数', ''), required: false } }, /日本語と英語の両方/);
  refused(f, { op: 'deleteField', path: 'hasChildren' }, /「人数」の条件がこの項目を参照/);
  f = run(f, { op: 'addField', sectionId: 'details', type: 'choice', label: t('種別', 'Kind'), name: 'kind' });
  refused(f, { op: 'updateField', path: 'kind', settings: { label: t('種別', 'Kind'), required: true, options: [{ value: 'a', label: t('あ', 'A') }] } }, /選択肢を2つ以上/);
  f = run(f, { op: 'updateField', path: 'kind', settings: { label: t('種別', 'Kind'), required: true, options: [{ value: 'a', label: t('あ', 'A') }, { value: 'b', label: t('い', 'B') }], maxLength: 5 } });
  assert.equal(locateField(f, 'kind')!.field.maxLength, undefined, 'settings that do not fit the type are dropped');
  f = run(f, { op: 'moveField', path: 'kind', direction: 'up' }, { op: 'deleteField', path: 'count' }, { op: 'deleteField', path: 'hasChildren' });
  assert.deepEqual(checkFormStructure(f), []);
  refused(f, { op: 'moveField', path: 'nope', direction: 'up' }, /その項目はありません/);
  f = run(f, { op: 'addField', sectionId: 'details', type: 'date', label: t('生年月日', 'Born'), name: 'born' }, { op: 'updateField', path: 'born', settings: { label: t('生年月日', 'Born'), required: true, prefill: true } });
  assert.equal(locateField(f, 'born')!.field.prefill, 'birthdate', 'a date is prefilled with the date of birth');
  f = run(f, { op: 'updateField', path: 'applicantName', settings: { label: t('氏名', 'Name'), required: true, prefill: false } });
  assert.equal(locateField(f, 'applicantName')!.field.prefill, undefined);
  f = run(f, { op: 'updateField', path: 'applicantName', settings: { label: t('氏名', 'Name'), required: true } });
  assert.equal(locateField(f, 'applicantName')!.field.prefill, undefined, 'not given: unchanged');
});

test('a condition inside a group refers to a sibling in the same item', () => {
  let f = run(
    generalForm,
    { op: 'addField', sectionId: 'details', type: 'group', label: t('子ども', 'Children'), name: 'kids' },
    { op: 'addField', sectionId: 'details', group: 'kids', type: 'yesno', label: t('同居', 'Lives with you'), name: 'together' },
    { op: 'addField', sectionId: 'details', group: 'kids', type: 'address', label: t('住所', 'Address'), name: 'address' },
  );
  f = run(f, { op: 'updateField', path: 'kids.address', settings: { label: t('住所', 'Address'), required: false, showIf: { field: 'together', in: ['no'] } } });
  assert.deepEqual(locateField(f, 'kids.address')!.field.showIf, { field: 'together', in: ['no'] });
  assert.deepEqual(checkFormStructure(f), []);
  refused(f, { op: 'deleteField', path: 'kids.together' }, /「住所」の条件/);
});
