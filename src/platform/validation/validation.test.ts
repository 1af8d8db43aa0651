import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { AppError } from '../errors/index.ts';
import { emailField, normalizeDigits, optionalTextField, parseInput, textField } from './index.ts';

const Form = z.object({ name: textField({ max: 20 }), email: emailField(), note: textField({ max: 200, multiline: true }).optional() });
const labels = { name: { ja: '氏名', en: 'Name' }, email: { ja: 'メールアドレス', en: 'Email address' }, note: { ja: '備考', en: 'Note' } };

function errorsOf(input: unknown) {
  try {
    parseInput(Form, input, labels);
  } catch (err) {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'validation_failed');
    return Object.fromEntries(err.fields.map((f) => [f.field, f.message]));
  }
  assert.fail('expected a validation error');
}

test('valid input is normalised: trimmed (全角 spaces too), NFC, email folded to 半角', () => {
  const out = parseInput(Form, { name: '\u3000𠮷田 太郎 ', email: 'ＴＡＲＯ＠Example.JP' }, labels);
  assert.equal(out.name, '𠮷田 太郎');
  assert.equal(out.email, 'taro@example.jp');
  const decomposed = 'か\u3099'; // が as か + combining dakuten
  assert.equal(parseInput(Form, { name: decomposed, email: 'a@b.jp' }, labels).name, 'が');
});

test('empty and missing fields name the field in both languages', () => {
  const e = errorsOf({ name: '   ', email: '' });
  assert.equal(e.name!.ja, '「氏名」を入力してください。');
  assert.equal(e.name!.en, 'Enter Name.');
  assert.match(e.email!.ja, /メールアドレス/);
  assert.ok(errorsOf({}).name);
});

test('length counts characters, not UTF-16 units: 20 surrogate-pair kanji fit in 20', () => {
  assert.equal([...parseInput(Form, { name: '𠮷'.repeat(20), email: 'a@b.jp' }, labels).name].length, 20);
  const e = errorsOf({ name: '𠮷'.repeat(21), email: 'a@b.jp' });
  assert.match(e.name!.ja, /20文字以内/);
});

test('異体字 selectors are preserved, and a character with its selector counts as one', () => {
  const withIvs = '葛\u{E0100}城';
  assert.equal(parseInput(Form, { name: withIvs, email: 'a@b.jp' }, labels).name, withIvs);
  // 20 葛󠄀 (40 code points, 60 UTF-16 units) fill a 20-character field; one more does not fit.
  assert.equal(parseInput(Form, { name: '葛\u{E0100}'.repeat(20), email: 'a@b.jp' }, labels).name, '葛\u{E0100}'.repeat(20));
  assert.match(errorsOf({ name: '葛\u{E0100}'.repeat(21), email: 'a@b.jp' }).name!.ja, /20文字以内/);
  // 𠮷 with a selector is the longest character (4 units): 20 of them fit too.
  assert.equal(parseInput(Form, { name: '𠮷\u{E0100}'.repeat(20), email: 'a@b.jp' }, labels).name.length, 80);
});

test('an optional text field: blank (also 全角 spaces) is empty; too long names the limit, not a generic problem', () => {
  const Opt = z.object({ memo: optionalTextField({ max: 5 }) });
  const memoLabels = { memo: { ja: 'メモ', en: 'Memo' } };
  for (const blank of [undefined, null, '', '  ', '\u3000\u3000']) assert.equal(parseInput(Opt, { memo: blank }, memoLabels).memo, '');
  assert.equal(parseInput(Opt, { memo: ' 𠮷野家 ' }, memoLabels).memo, '𠮷野家');
  for (const tooLong of ['あ'.repeat(6), 'a'.repeat(10 * 1024 * 1024)]) {
    try {
      parseInput(Opt, { memo: tooLong }, memoLabels);
      assert.fail('expected a validation error');
    } catch (err) {
      assert.ok(err instanceof AppError);
      assert.equal(err.fields[0]!.message.ja, '「メモ」は5文字以内で入力してください。');
      assert.equal(err.fields[0]!.message.en, 'Memo must be 5 characters or fewer.');
    }
  }
  try {
    parseInput(Opt, { memo: 'a\u202Eb' }, memoLabels);
    assert.fail('expected a validation error');
  } catch (err) {
    assert.ok(err instanceof AppError);
    assert.match(err.fields[0]!.message.ja, /使えない文字/);
  }
});

test('huge, control-character and wrong-type input is rejected with a message, not a crash', () => {
  assert.match(errorsOf({ name: 'x'.repeat(10 * 1024 * 1024), email: 'a@b.jp' }).name!.en, /20 characters or fewer/);
  assert.match(errorsOf({ name: 'a\u0000b', email: 'a@b.jp' }).name!.en, /cannot be used/);
  assert.match(errorsOf({ name: 'a\u202Eb', email: 'a@b.jp' }).name!.en, /cannot be used/);
  assert.match(errorsOf({ name: 'line\nbreak', email: 'a@b.jp' }).name!.en, /cannot be used/);
  assert.ok(errorsOf({ name: ['array'], email: 'a@b.jp' }).name);
  assert.ok(errorsOf({ name: 'ok', email: 'not-an-email' }).email);
  assert.ok(errorsOf({ name: 'ok', email: '<script>@x.jp' }).email);
  assert.match(errorsOf({ name: 'ok', email: 'a\u0000@example.jp' }).email!.en, /cannot be used/);
});

test('script tags are kept as text (templates escape them), not stripped or executed', () => {
  assert.equal(parseInput(Form, { name: '<script>x</script>', email: 'a@b.jp' }, labels).name, '<script>x</script>');
});

test('全角 digits and hyphens normalise', () => {
  assert.equal(normalizeDigits('０９０－１２３４－５６７８'), '09012345678');
  assert.equal(normalizeDigits(' 123 456 '), '123456');
});
