/** Every field type with the inputs residents really type, and the ugly ones: each error names its field. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FieldDef, FieldType } from './form-definition.ts';
import { checkFields, toKatakana } from './form-validation.ts';
import { parseJapaneseDate } from './wareki.ts';

const field = (type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({
  name: 'x', type, label: { ja: '項目', en: 'Item' }, required: true,
  ...(type === 'choice' ? { options: [{ value: 'a', label: { ja: 'あ', en: 'A' } }] } : {}),
  ...extra,
});
const ok = (type: FieldType, value: string, extra?: Partial<FieldDef>) => {
  const r = checkFields([field(type, extra)], { x: value }, {});
  assert.ok(r.ok, `${type} ${JSON.stringify(value)}: ${JSON.stringify(!r.ok && r.errors)}`);
  return r.answers.x;
};
const error = (type: FieldType, value: string, extra?: Partial<FieldDef>) => {
  const r = checkFields([field(type, extra)], { x: value }, {});
  assert.ok(!r.ok, `${type} ${JSON.stringify(value.slice(0, 40))} should fail`);
  assert.equal(r.errors[0]!.field, 'x');
  assert.match(r.errors[0]!.message.ja, /「項目」/);
  assert.match(r.errors[0]!.message.en, /Item/);
  return r.errors[0]!.message.ja;
};

const TEN_MB = 'あ'.repeat(10 * 1024 * 1024);
const SCRIPT = '<script>alert(1)</script>';

test('every field type refuses empty, 10 MB and control characters with a message naming the field', () => {
  for (const type of ['text', 'textarea', 'name', 'kana', 'postalCode', 'address', 'phone', 'email', 'date', 'choice', 'number', 'yesno', 'consent'] as FieldType[]) {
    error(type, '');
    error(type, '   　 ');
    error(type, TEN_MB);
    if (!['choice', 'yesno', 'consent'].includes(type)) error(type, 'ab\u202Ecd');
  }
});

test('text fields keep surrogate pairs and 異体字 selectors, trim 全角 spaces, and keep script tags as text', () => {
  assert.equal(ok('name', '　𠮷田 花子 '), '𠮷田 花子');
  assert.equal(ok('name', '葛\u{E0100}飾 太郎'), '葛\u{E0100}飾 太郎');
  assert.equal(ok('textarea', SCRIPT), SCRIPT);
  assert.equal(ok('name', '𠮷'.repeat(50)), '𠮷'.repeat(50), '50 characters, though 100 UTF-16 units');
  assert.match(error('name', '𠮷'.repeat(51)), /50文字以内/);
  assert.match(error('text', 'a\nb'), /使えない文字/);
});

test('フリガナ: hiragana and half-width kana become katakana; latin, kanji and tags are refused', () => {
  assert.equal(ok('kana', 'よしだ　はなこ'), 'ヨシダ ハナコ');
  assert.equal(ok('kana', 'ﾖｼﾀﾞ ﾊﾅｺ'), 'ヨシダ ハナコ');
  assert.equal(toKatakana(' ヴァイオレット・エヴァーガーデン '), 'ヴァイオレット・エヴァーガーデン');
  assert.match(error('kana', 'Yoshida'), /カタカナで入力/);
  assert.match(error('kana', '吉田'), /カタカナで入力/);
  error('kana', SCRIPT);
});

test('postal code and phone accept 全角 digits and any hyphen; wrong lengths are refused', () => {
  assert.equal(ok('postalCode', '１２３－４５６７'), '1234567');
  assert.equal(ok('postalCode', '123 4567'), '1234567');
  assert.match(error('postalCode', '123-456'), /7桁/);
  error('postalCode', '〒123-4567x');
  assert.equal(ok('phone', '０９０－１２３４－５６７８'), '09012345678');
  assert.equal(ok('phone', '03(1234)5678'), '0312345678');
  assert.equal(ok('phone', '0120-123-456'), '0120123456');
  assert.match(error('phone', '1234-5678'), /0から始まる/);
  error('phone', '090-1234-56789');
  error('phone', SCRIPT);
});

test('dates: 和暦 (with 元年 and letters), Western and 全角, real dates only, era boundaries respected', () => {
  assert.equal(ok('date', '令和元年5月1日'), '2019-05-01');
  assert.equal(ok('date', 'Ｒ６．５．１'), '2024-05-01');
  assert.equal(ok('date', '２０２４年２月２９日'), '2024-02-29');
  assert.equal(parseJapaneseDate('平成31年4月30日'), '2019-04-30');
  assert.equal(parseJapaneseDate('平成31年5月1日'), null);
  assert.equal(parseJapaneseDate('S64.1.7'), '1989-01-07');
  assert.equal(parseJapaneseDate('昭和64年1月8日'), null);
  assert.match(error('date', '2023-02-29'), /実在する日付/);
  error('date', '令和6年13月1日');
  error('date', SCRIPT);
  error('date', '2999-01-01', { max: 0 });
});

test('number, choice, yes/no and consent', () => {
  assert.equal(ok('number', '０１２'), '12');
  assert.match(error('number', '-1', { min: 1, max: 10 }), /1から10まで/);
  error('number', '11', { min: 1, max: 10 });
  error('number', '1.5');
  assert.equal(ok('choice', 'a'), 'a');
  assert.match(error('choice', 'b'), /選択肢から選んで/);
  assert.match(error('choice', ''), /選択肢から選んで/);
  assert.equal(ok('yesno', 'no'), 'no');
  assert.match(error('yesno', 'maybe'), /「はい」か「いいえ」/);
  assert.equal(ok('consent', 'yes'), 'yes');
  assert.match(error('consent', ''), /同意してください/);
});

test('conditions: a hidden field is dropped, requiredIf applies only when it holds, across groups too', () => {
  const fields: FieldDef[] = [
    { name: 'spouse', type: 'yesno', label: { ja: '配偶者', en: 'Spouse' }, required: true },
    { name: 'spouseName', type: 'name', label: { ja: '配偶者の氏名', en: "Spouse's name" }, showIf: { field: 'spouse', in: ['yes'] }, requiredIf: { field: 'spouse', in: ['yes'] } },
    { name: 'kids', type: 'group', label: { ja: '子ども', en: 'Children' }, itemLabel: { ja: '子ども', en: 'Child' }, minItems: 1, maxItems: 2, fields: [
      { name: 'together', type: 'yesno', label: { ja: '同居', en: 'Together' }, required: true },
      { name: 'address', type: 'address', label: { ja: '住所', en: 'Address' }, showIf: { field: 'together', in: ['no'] }, requiredIf: { field: 'together', in: ['no'] } },
    ] },
  ];
  const hidden = checkFields(fields, { spouse: 'no', spouseName: SCRIPT, kids: [{ together: 'yes', address: 'x' }] }, {});
  assert.deepEqual(hidden.ok && hidden.answers, { spouse: 'no', kids: [{ together: 'yes' }] });
  const missing = checkFields(fields, { spouse: 'yes', kids: [{ together: 'no' }] }, {});
  assert.ok(!missing.ok);
  assert.deepEqual(missing.errors.map((e) => e.field), ['spouseName', 'kids.0.address']);
  assert.equal(missing.errors[1]!.message.ja, '「子どもの住所」を入力してください。');
  const none = checkFields(fields, { spouse: 'no', kids: [] }, {});
  assert.ok(!none.ok && none.errors[0]!.field === 'kids');
  const tooMany = checkFields(fields, { spouse: 'no', kids: [{ together: 'yes' }, { together: 'yes' }, { together: 'yes' }] }, {});
  assert.ok(!tooMany.ok && /2件まで/.test(tooMany.errors[0]!.message.ja));
});
