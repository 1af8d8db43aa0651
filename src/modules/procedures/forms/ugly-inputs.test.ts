/**
 * The ugly inputs for EVERY field type, including the composite ones (bank account, file,
 * repeating group): 全角/半角 digits, 異体字 and surrogate pairs such as 𠮷, spaces at the ends,
 * empty, 10 MB of text, script tags, a wrong file renamed to .pdf. Each refusal names the field in
 * Japanese and English; nothing throws. Through HTTP: a 10 MB post gets a clear 413 page, and a
 * script tag typed into a form is stored as text and shown escaped.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { buildPdf } from '../../../../test/support/images.ts';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import type { AppError, FieldError } from '../../../platform/errors/index.ts';
import { checkUpload } from '../attachments/attachment-check.ts';
import { seedDemoProcedures } from '../procedures.seed.ts';
import type { FieldDef, FieldType } from './form-definition.ts';
import { checkFields, type RawAnswers } from './form-validation.ts';
import { assertPublishable } from './forms.service.ts';

const label = { ja: '確認項目', en: 'Checked item' };
const ALL_TYPES: FieldType[] = ['text', 'textarea', 'name', 'kana', 'postalCode', 'address', 'phone', 'email', 'date', 'choice', 'number', 'yesno', 'consent', 'group', 'bankAccount', 'file'];

function fieldOf(type: FieldType): FieldDef {
  const f: FieldDef = { name: 'x', type, label, required: true };
  if (type === 'choice') f.options = [{ value: 'a', label: { ja: 'あ', en: 'A' } }];
  if (type === 'group') Object.assign(f, { itemLabel: { ja: '子ども', en: 'Child' }, minItems: 1, maxItems: 3, fields: [{ name: 'name', type: 'name', label: { ja: '氏名', en: 'Name' }, required: true }] });
  return f;
}

/** The raw answer a browser would send for `typed` in a field of this type. */
function rawOf(type: FieldType, typed: string): RawAnswers {
  if (type === 'group') return { x: [{ name: typed }] };
  if (type === 'bankAccount') return { x: { bankCode: typed, branchCode: typed, accountType: typed, accountNumber: typed, accountHolder: typed } };
  if (type === 'file') return { x: typed ? [{ id: typed }] : [] };
  return { x: typed };
}

function assertNamed(errors: FieldError[], what: string) {
  assert.ok(errors.length > 0, what);
  for (const e of errors) {
    assert.ok(e.field === 'x' || e.field.startsWith('x.'), `${what}: field ${e.field}`);
    // A group item's field is named with the item ("子どもの氏名"), the group itself with its label.
    assert.match(e.message.ja, /「(確認項目|子どもの氏名)/, `${what}: ${e.message.ja}`);
    assert.match(e.message.en, /Checked item|Child: Name/, `${what}: ${e.message.en}`);
  }
}

const TEN_MB = '𠮷'.repeat(5 * 1024 * 1024);
const SCRIPT = '<script>alert(1)</script>';

test('every field type: empty, spaces only, 10 MB and script tags are refused with the field named (or kept as text), never thrown', () => {
  for (const type of ALL_TYPES) {
    const f = fieldOf(type);
    for (const [what, typed] of [['empty', ''], ['spaces', ' 　 '], ['10 MB', TEN_MB]] as const) {
      if (type === 'file' && what !== 'empty') continue; // a file answer is never typed: see the upload tests below
      const started = performance.now();
      const r = checkFields([f], rawOf(type, typed), {});
      assert.ok(!r.ok, `${type} ${what} should be refused`);
      assertNamed(r.errors, `${type} ${what}`);
      // Linear work only (NFC over 10 MB takes about a second on a busy 2-core machine); no regex blow-up.
      assert.ok(performance.now() - started < 10_000, `${type} ${what} is checked in linear time`);
    }
    if (type === 'file') continue;
    const r = checkFields([f], rawOf(type, SCRIPT), {});
    if (['text', 'textarea', 'address', 'name', 'group'].includes(type)) {
      assert.ok(r.ok, `${type} keeps a script tag as text`);
      const v = type === 'group' ? (r.answers.x as Record<string, string>[])[0]!.name : r.answers.x;
      assert.equal(v, SCRIPT);
    } else {
      assert.ok(!r.ok, `${type} refuses a script tag`);
      assertNamed(r.errors, `${type} script`);
    }
  }
});

test('全角 digits, 異体字, surrogate pairs and spaces at the ends, per type', () => {
  const one = (type: FieldType, typed: string) => {
    const r = checkFields([fieldOf(type)], rawOf(type, typed), {});
    assert.ok(r.ok, `${type} ${typed}: ${JSON.stringify(!r.ok && r.errors)}`);
    return r.answers.x;
  };
  assert.equal(one('name', '  𠮷田\u3000花子　'), '𠮷田\u3000花子');
  assert.equal(one('name', '髙橋 邊\u{E0101}'), '髙橋 邊\u{E0101}', '異体字 and an ideographic variation selector are kept');
  assert.equal(one('address', ' 架空県みなと野市本町一丁目２番３号 '), '架空県みなと野市本町一丁目２番３号');
  assert.equal(one('text', '𠮷野家'), '𠮷野家');
  assert.deepEqual(one('group', ' 𠮷田 太郎 '), [{ name: '𠮷田 太郎' }]);
  assert.equal(one('kana', ' よしだ はなこ '), 'ヨシダ ハナコ');
  assert.equal(one('postalCode', '１２３－４５６７'), '1234567');
  assert.equal(one('phone', '０９０ー１２３４ー５６７８'), '09012345678');
  assert.equal(one('number', '１２'), '12');
  assert.equal(one('date', '２０２４／５／１'), '2024-05-01');
  assert.equal(one('email', ' ｈａｎａｋｏ＠example.jp '), 'hanako@example.jp');
  const account = checkFields([fieldOf('bankAccount')], { x: { bankCode: '０００１', branchCode: ' ００１ ', accountType: 'ordinary', accountNumber: '１２３４５', accountHolder: ' よしだ　はなこ ' } }, {});
  assert.ok(account.ok);
  assert.deepEqual(account.answers.x, { bankCode: '0001', branchCode: '001', accountType: 'ordinary', accountNumber: '0012345', accountHolder: 'ﾖｼﾀﾞ ﾊﾅｺ' });
  const kanjiHolder = checkFields([fieldOf('bankAccount')], { x: { bankCode: '0001', branchCode: '001', accountType: 'ordinary', accountNumber: '1', accountHolder: '𠮷田 花子' } }, {});
  assert.ok(!kanjiHolder.ok);
  assertNamed(kanjiHolder.errors, 'kanji holder');
  assert.match(kanjiHolder.errors[0]!.message.ja, /「確認項目の口座名義（カナ）」はカタカナ・英数字で/);
});

test('bank account: unknown bank or branch, wrong lengths; the field and the part are named', () => {
  const r = checkFields([fieldOf('bankAccount')], { x: { bankCode: '9999', branchCode: '12', accountType: 'x', accountNumber: '12345678', accountHolder: 'ヨシダ' } }, {});
  assert.ok(!r.ok);
  const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.message.ja]));
  assert.match(byField['x.bankCode']!, /「確認項目の金融機関コード」の 9999 に当たる金融機関が見つかりません/);
  assert.match(byField['x.branchCode']!, /3桁の数字/);
  assert.match(byField['x.accountType']!, /預金種目/);
  assert.match(byField['x.accountNumber']!, /7桁までの数字/);
  const branch = checkFields([fieldOf('bankAccount')], { x: { bankCode: '9900', branchCode: '000', accountType: 'ordinary', accountNumber: '1234567', accountHolder: 'ヨシダ' } }, {});
  assert.ok(!branch.ok && /支店がゆうちょにありません/.test(branch.errors[0]!.message.ja));
  const optional = checkFields([{ ...fieldOf('bankAccount'), required: false }], { x: { bankCode: '', branchCode: ' ', accountType: '', accountNumber: '', accountHolder: '' } }, {});
  assert.ok(optional.ok && !('x' in optional.answers), 'an optional account left empty is no answer');
});

test('file: a wrong file renamed to .pdf, an empty file and a too large one are refused, naming the field; limits are capped at 10 MB', () => {
  const f = fieldOf('file');
  const cases: [string, Buffer, RegExp][] = [
    ['text renamed', Buffer.from(SCRIPT), /にはPDFまたは画像/],
    ['exe renamed', Buffer.from('MZ\x90\x00\x03'), /ファイル名を変えても種類は変わりません/],
    ['empty', Buffer.alloc(0), /空です/],
    ['6 MB', Buffer.concat([buildPdf(), Buffer.alloc(6 * 1024 * 1024)]), /1ファイル5 MBまで/],
    ['PDF with JavaScript', buildPdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (x) >>' }), /スクリプトや埋め込みファイル/],
  ];
  for (const [what, content, message] of cases) {
    const r = checkUpload(f, f.label, content);
    assert.ok(!r.ok, what);
    assertNamed([r.error], what);
    assert.match(r.error.message.ja, message, what);
  }
  const capped = checkUpload({ ...f, maxBytes: 50 * 1024 * 1024 }, f.label, Buffer.concat([buildPdf(), Buffer.alloc(10 * 1024 * 1024)]));
  assert.ok(!capped.ok && /10 MBまで/.test(capped.error.message.ja), 'maxBytes above 10 MB is capped');
  const pdfOnly = checkUpload({ ...f, accept: ['pdf'] }, f.label, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]));
  assert.ok(!pdfOnly.ok && /にはPDFのファイルを選んでください/.test(pdfOnly.error.message.ja));
  const tooMany = checkFields([{ ...f, maxFiles: 1 }], { x: [{ id: 'a' }, { id: 'b' }] }, {});
  assert.ok(!tooMany.ok && /1ファイルまで/.test(tooMany.errors[0]!.message.ja));
});

test('group: more items than allowed, and an ugly item, name the group and the item field', () => {
  const f = fieldOf('group');
  const many = checkFields([f], { x: Array.from({ length: 4 }, () => ({ name: '𠮷田' })) }, {});
  assert.ok(!many.ok && /3件まで/.test(many.errors[0]!.message.ja));
  const item = checkFields([f], { x: [{ name: 'ok' }, { name: TEN_MB }] }, {});
  assert.ok(!item.ok);
  assert.equal(item.errors[0]!.field, 'x.1.name');
  assert.match(item.errors[0]!.message.ja, /「子どもの氏名」は50文字以内/);
});

let p: TestPlatform;
let t: TestTenant;
let resident: TestClient;
before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false' } });
  t = await buildTenant(p);
  await seedDemoProcedures(p.deps, t.code);
  resident = t.client();
  await signInResidentByCard(p, t, resident);
});
after(() => p.stop());

test('through HTTP: a 10 MB post gets a clear 413 page (no 500), and a script tag is stored as text and shown escaped', async () => {
  const started = await resident.post('/procedures/residence-certificate/apply');
  const id = /\/applications\/([0-9a-f-]{36})/.exec(started.location ?? '')![1]!;
  const huge = await resident.post(`/applications/${id}/sections/applicant`, { _action: 'next', applicantName: 'あ'.repeat(10 * 1024 * 1024) });
  assert.equal(huge.status, 413);
  assert.match(huge.text, /送信された内容が大きすぎます。文章を短くするか、ファイルを小さくして/);
  assert.match(huge.text, /<html lang="ja"/, 'a page in the resident layout, not a bare error');

  const form = { _action: 'next', applicantName: SCRIPT, applicantKana: 'ヨシダ ハナコ', applicantBirthdate: '1985/4/1', postalCode: '000-0011', address: `架空県みなと野市本町${SCRIPT}` };
  const saved = await resident.post(`/applications/${id}/sections/applicant`, form);
  assert.equal(saved.status, 303);
  const check = await resident.get(`/applications/${id}/check`);
  assert.ok(!check.text.includes(SCRIPT), 'never rendered as markup');
  assert.match(check.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('a form whose group holds a bank account or a file cannot be published (the builder gets a named error, never a 500 later)', () => {
  const bad = { sections: [{ id: 's', title: label, fields: [{ ...fieldOf('group'), fields: [{ name: 'doc', type: 'file' as const, label: { ja: '書類', en: 'Document' } }] }] }] };
  assert.throws(() => assertPublishable(bad), (err: AppError) => err.code === 'validation_failed' && /「確認項目」の中に「書類」/.test(err.fields[0]!.message.ja));
  assert.doesNotThrow(() => assertPublishable({ sections: [{ id: 's', title: label, fields: ALL_TYPES.map((type) => ({ ...fieldOf(type), name: type })) }] }));
});

test('bank and branch names by code (for JavaScript users): only digits reach the lookup; unknown codes are 404', async () => {
  const client = t.client();
  const bank = await client.get('/procedures/banks/0001', { accept: 'application/json' });
  assert.equal(bank.status, 200);
  assert.deepEqual(bank.json(), { code: '0001', name: 'みずほ' });
  assert.equal((await client.get('/procedures/banks/0001/branches/001', { accept: 'application/json' })).json<{ name: string }>().name, '東京営業部');
  assert.equal((await client.get('/procedures/banks/9999', { accept: 'application/json' })).status, 404);
  assert.equal((await client.get('/procedures/banks/0001/branches/999', { accept: 'application/json' })).status, 404);
  assert.equal((await client.get(`/procedures/banks/${encodeURIComponent('<script>')}`, { accept: 'application/json' })).status, 404);
});
