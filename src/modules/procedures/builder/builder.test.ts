/**
 * The form builder through the real pages: create a procedure, build its form (sections, a group,
 * a condition), preview it, publish version 1, publish version 2 while a resident's application
 * stays on version 1; permissions by role and department; bad input; two staff at once.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { formVersion, publishForm } from '../forms/forms.service.ts';

let p: TestPlatform;
let t: TestTenant;
const dept: Record<'kosodate' | 'fukushi', string> = {} as never;
const as: Record<'admin' | 'managerA' | 'managerB' | 'clerk' | 'resident', TestClient> = {} as never;

const q = <T>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T & Record<string, unknown>>(sql, params));
const revisionOf = async (procedureId: string) => (await q<{ revision: number }>('SELECT revision FROM procedure_form_drafts WHERE procedure_id = $1', [procedureId]))[0]?.revision ?? 0;

/** A valid details post; override any field. */
const details = (overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> => ({
  slug: 'dog-registration',
  nameJa: '犬の登録',
  nameEn: 'Dog registration',
  nameKana: 'イヌノトウロク',
  category: 'living',
  lifeEvents: ['moving'],
  departmentId: dept.kosodate,
  summaryJa: '生後91日以上の犬を飼い始めたら登録してください。',
  summaryEn: 'Register a dog older than 91 days.',
  eligibilityJa: '市内で犬を飼う方',
  eligibilityEn: 'Dog owners in the city',
  documentsJa: 'マイナンバーカード\n狂犬病予防注射済証',
  documentsEn: 'My Number Card\nRabies vaccination certificate',
  feeYen: '３，０００',
  feeNoteJa: '登録手数料',
  feeNoteEn: 'Registration fee',
  assurance: '2',
  processingDays: '７',
  processingJa: '鑑札を郵送します。',
  processingEn: 'We post the tag.',
  legalJa: '狂犬病予防法第4条',
  legalEn: 'Rabies Prevention Act, Article 4',
  howToApplyJa: 'このページから申請できます。',
  howToApplyEn: 'Apply on this page.',
  contactPhone: '０００－１００－２１０１',
  keywords: '犬、鑑札, ペット',
  ...overrides,
});

/** Posts one builder edit with the current draft revision. */
async function edit(c: TestClient, procedureId: string, form: Record<string, string | string[]>) {
  return c.post(`/staff/procedures/${procedureId}/form`, { revision: String(await revisionOf(procedureId)), ...form });
}
const ok303 = (r: { status: number; text: string }, what: string) => assert.equal(r.status, 303, `${what}: ${r.status} ${r.text.slice(0, 400)}`);

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  await withTenant(p.deps.db, t.code, async (tx) => {
    for (const code of ['kosodate', 'fukushi'] as const) {
      const [d] = await tx.query<{ id: string }>('INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, $2, $3, $2) RETURNING id', [t.code, code, code === 'kosodate' ? '子育て支援課' : '福祉課']);
      dept[code] = d!.id;
    }
  });
  for (const [key, role, department] of [
    ['admin', 'admin', null],
    ['managerA', 'manager', 'kosodate'],
    ['managerB', 'manager', 'fukushi'],
    ['clerk', 'clerk', 'kosodate'],
  ] as const) {
    const c = t.client();
    await signInStaff(c, await buildStaff(p, t, { roles: [{ role, departmentId: department ? dept[department] : null }] }));
    as[key] = c;
  }
  as.resident = t.client();
  await signInResidentByCard(p, t, as.resident);
});
after(() => p.stop());

let procedureId = '';
let v1: FormDefinition;
let applicationId = '';

test('a manager creates a procedure, builds its form with a group and a condition, previews and publishes version 1', async () => {
  const c = as.managerA;
  const list = await c.get('/staff/procedures');
  assert.equal(list.status, 200);
  assert.match(list.text, /新しい手続を作成する/);

  const created = await c.post('/staff/procedures', details());
  ok303(created, 'create');
  procedureId = /\/staff\/procedures\/([0-9a-f-]{36})\/form\?notice=created/.exec(created.location ?? '')![1]!;
  const [row] = await q<{ name_kana: string; fee_yen: number; processing_days: number; contact_phone: string; keywords: string[]; published: boolean; details: { documents: unknown[] } }>(
    'SELECT name_kana, fee_yen, processing_days, contact_phone, keywords, published, details FROM procedures WHERE id = $1',
    [procedureId],
  );
  assert.deepEqual([row!.name_kana, row!.fee_yen, row!.processing_days, row!.contact_phone, row!.keywords, row!.published], ['いぬのとうろく', 3000, 7, '000-100-2101', ['犬', '鑑札', 'ペット'], false]);
  assert.equal(row!.details.documents.length, 2);
  assert.equal((await as.resident.get('/procedures/dog-registration')).status, 404, 'not in the catalog before its form is published');

  const editor = await c.get(created.location!);
  assert.equal(editor.status, 200);
  assert.match(editor.text, /手続を作成しました/);
  assert.match(editor.text, /申請者（あなた）について/, 'a new procedure starts from the standard form');

  ok303(await edit(c, procedureId, { op: 'addSection', titleJa: '犬について', titleEn: 'About the dog', introJa: '登録する犬を1頭ずつ入力してください。', introEn: 'Add each dog.', formId: 'new-' }), 'add section');
  const form1 = (await q<{ definition: FormDefinition }>('SELECT definition FROM procedure_form_drafts WHERE procedure_id = $1', [procedureId]))[0]!.definition;
  const sectionId = form1.sections.at(-1)!.id;
  ok303(await edit(c, procedureId, { op: 'moveSection', sectionId, direction: 'up' }), 'move section');
  ok303(await edit(c, procedureId, { op: 'moveSection', sectionId, direction: 'up' }), 'move section');

  const yesno = await edit(c, procedureId, { op: 'addField', sectionId, type: 'yesno', labelJa: '初めて犬を登録しますか', labelEn: 'First dog you register?', name: 'firstDog' });
  ok303(yesno, 'add yes/no');
  assert.equal(yesno.location, `/staff/procedures/${procedureId}/form/field?path=firstDog&notice=saved`);
  ok303(await edit(c, procedureId, { op: 'addField', sectionId, type: 'group', labelJa: '登録する犬', labelEn: 'Dogs', name: 'dogs' }), 'add group');
  for (const [type, name, labelJa, labelEn] of [['text', 'breed', '犬の種類', 'Breed'], ['text', 'colour', '毛色', 'Coat colour'], ['date', 'born', '生年月日', 'Date of birth'], ['choice', 'sex', '性別', 'Sex']]) {
    ok303(await edit(c, procedureId, { op: 'addField', sectionId, group: 'dogs', type: type!, labelJa: labelJa!, labelEn: labelEn!, name: name! }), `add ${name}`);
  }
  ok303(
    await edit(c, procedureId, { op: 'updateField', path: 'dogs.sex', labelJa: '性別', labelEn: 'Sex', required: 'yes', options: 'male | オス | Male\nfemale｜メス｜Female', showIfField: '', requiredIfField: '' }),
    'options',
  );
  ok303(await edit(c, procedureId, { op: 'addField', sectionId, type: 'text', labelJa: '前の登録番号', labelEn: 'Previous registration number', name: 'previousNo' }), 'add conditional');
  ok303(
    await edit(c, procedureId, { op: 'updateField', path: 'previousNo', labelJa: '前の登録番号', labelEn: 'Previous registration number', hintJa: '鑑札に書かれています。', hintEn: 'It is on the tag.', maxLength: '２０', showIfField: 'firstDog', 'showIfValues.firstDog': 'no', requiredIfField: 'firstDog', 'requiredIfValues.firstDog': 'no' }),
    'condition',
  );
  ok303(await edit(c, procedureId, { op: 'updateField', path: 'dogs', labelJa: '登録する犬', labelEn: 'Dogs', itemLabelJa: '犬', itemLabelEn: 'Dog', minItems: '1', maxItems: '5', required: 'yes' }), 'group settings');

  const fieldPage = await c.get(`/staff/procedures/${procedureId}/form/field?path=previousNo`);
  assert.equal(fieldPage.status, 200);
  assert.match(fieldPage.text, /value="firstDog" checked/);

  const preview = await c.get(`/staff/procedures/${procedureId}/form/preview?section=${sectionId}`);
  assert.equal(preview.status, 200);
  for (const label of ['犬について', '初めて犬を登録しますか', '犬の種類', '毛色', 'オス', '前の登録番号', '「初めて犬を登録しますか」で「いいえ」を選んだ場合に入力してください。', 'プレビューです']) assert.ok(preview.text.includes(label), label);
  assert.doesNotMatch(preview.text, /method="post"/i, 'the preview form submits nowhere');
  const more = await c.get(`/staff/procedures/${procedureId}/form/preview?section=${sectionId}&dogs.count=1&_action=add%3Adogs`);
  assert.equal((more.text.match(/犬（\d人目）/g) ?? []).length, 2, 'adding an item in the preview shows two dogs');

  const published = await c.post(`/staff/procedures/${procedureId}/form/publish`, { revision: String(await revisionOf(procedureId)) });
  assert.equal(published.location, `/staff/procedures/${procedureId}/form?notice=published&version=1`);
  v1 = await withTenant(p.deps.db, t.code, (tx) => formVersion(tx, t.code, procedureId, 1));
  assert.equal(v1.sections.length, 5);
  assert.deepEqual(v1.sections.at(-3)!.fields.map((f) => f.name), ['firstDog', 'dogs', 'previousNo']);
  assert.equal((await q('SELECT 1 FROM procedure_form_drafts WHERE procedure_id = $1', [procedureId])).length, 0, 'the draft is closed');
  const page = await as.resident.get('/procedures/dog-registration');
  assert.equal(page.status, 200, 'publishing the form lists the procedure');
  assert.match(page.text, /狂犬病予防法第4条/);

  const audits = (await q<{ action: string }>("SELECT action FROM audit_log WHERE tenant_id = $1 AND record_id = $2 ORDER BY seq", [t.code, procedureId])).map((r) => r.action);
  assert.equal(audits[0], 'procedure.create');
  assert.ok(audits.filter((a) => a === 'procedure_form.edit').length >= 10);
  assert.equal(audits.at(-1), 'procedure_form.publish');
});

test('publishing version 2 leaves version 1 as it was; a resident who started on version 1 keeps it', async () => {
  const start = await as.resident.post('/procedures/dog-registration/apply');
  assert.equal(start.status, 303);
  applicationId = /\/applications\/([0-9a-f-]{36})/.exec(start.location ?? '')![1]!;

  const c = as.admin;
  ok303(await edit(c, procedureId, { op: 'addField', sectionId: 'details', type: 'number', labelJa: '飼っている犬の頭数', labelEn: 'Dogs you keep', name: 'dogCount' }), 'v2 field');
  const editor = await c.get(`/staff/procedures/${procedureId}/form`);
  assert.match(editor.text, /下書き（変更 1 回目）/);
  const published = await c.post(`/staff/procedures/${procedureId}/form/publish`, { revision: '1' });
  assert.equal(published.location, `/staff/procedures/${procedureId}/form?notice=published&version=2`);

  assert.deepEqual(await withTenant(p.deps.db, t.code, (tx) => formVersion(tx, t.code, procedureId, 1)), v1, 'version 1 is unchanged');
  const [app] = await q<{ form_version: number }>('SELECT form_version FROM applications WHERE id = $1', [applicationId]);
  assert.equal(app!.form_version, 1);
  const section = await as.resident.get(`/applications/${applicationId}/sections/details`);
  assert.equal(section.status, 200);
  assert.doesNotMatch(section.text, /飼っている犬の頭数/, 'the resident keeps filling in version 1');

  const history = await c.get(`/staff/procedures/${procedureId}/form`);
  assert.match(history.text, /第2版を見る/);
  assert.match(history.text, /第1版を見る/);
  const old = await c.get(`/staff/procedures/${procedureId}/form/preview?version=1&section=details`);
  assert.equal(old.status, 200);
  assert.doesNotMatch(old.text, /飼っている犬の頭数/);
  assert.equal((await c.get(`/staff/procedures/${procedureId}/form/preview?version=99`)).status, 404);

  const unchanged = await edit(c, procedureId, { op: 'moveSection', sectionId: 'applicant', direction: 'up' });
  ok303(unchanged, 'no-op edit');
  assert.equal((await c.post(`/staff/procedures/${procedureId}/form/publish`, { revision: '1' })).location, `/staff/procedures/${procedureId}/form?notice=unchanged&version=2`, 'an unchanged draft makes no version');
});

test('clerks, other departments and signed-out visitors are refused', async () => {
  assert.equal((await as.clerk.get('/staff/procedures')).status, 403);
  assert.equal((await as.clerk.get(`/staff/procedures/${procedureId}/form`)).status, 403);
  assert.equal((await edit(as.clerk, procedureId, { op: 'addSection', titleJa: 'x', titleEn: 'x' })).status, 403);
  const b = as.managerB;
  const list = await b.get('/staff/procedures');
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.text, /犬の登録/, 'another department’s procedures are not listed');
  for (const path of [`/staff/procedures/${procedureId}`, `/staff/procedures/${procedureId}/form`, `/staff/procedures/${procedureId}/form/preview`, `/staff/procedures/${procedureId}/form/field?path=dogs`]) assert.equal((await b.get(path)).status, 403, path);
  assert.equal((await edit(b, procedureId, { op: 'addSection', titleJa: 'x', titleEn: 'x' })).status, 403);
  assert.equal((await b.post(`/staff/procedures/${procedureId}/form/publish`, { revision: '0' })).status, 403);
  assert.equal((await b.post(`/staff/procedures/${procedureId}`, details({ departmentId: dept.fukushi }))).status, 403);
  const moved = await b.post('/staff/procedures', details({ slug: 'b-into-a', departmentId: dept.kosodate }));
  assert.equal(moved.status, 400, 'a manager cannot create a procedure in another department');
  assert.match(moved.text, /「担当課」は選択肢から選んでください/);
  const anonymous = t.client();
  const r = await anonymous.get('/staff/procedures');
  assert.ok([302, 303].includes(r.status) && /\/staff\/login/.test(r.location ?? ''), `signed out: ${r.status} ${r.location}`);
  assert.equal((await as.managerA.get('/staff/procedures/not-a-uuid')).status, 404);
  assert.equal((await as.managerA.get('/staff/procedures/00000000-0000-4000-8000-000000000000/form')).status, 404);
});

test('bad input is refused with messages naming the field; script tags stay text', async () => {
  const c = as.admin;
  const empty = await c.post('/staff/procedures', details({ slug: 'x-empty', nameJa: '   ', nameEn: '' }));
  assert.equal(empty.status, 400);
  assert.match(empty.text, /「手続名（日本語）」を入力してください/);
  assert.match(empty.text, /Enter Procedure name \(English\)|「手続名（英語）」を入力してください/);
  const bad = await c.post('/staff/procedures', details({ slug: 'Bad Slug', nameKana: '犬', feeYen: '-1', contactPhone: '12345', documentsEn: 'only one line', nameJa: 'あ'.repeat(201), lifeEvents: ['nonsense'] }));
  assert.equal(bad.status, 400);
  for (const msg of ['「URLに使う名前」は英小文字', '「手続名のよみがな」はひらがなかカタカナ', '「お問い合わせ電話番号」は0から始まる', '日本語と英語で同じ数の行', '「手続名（日本語）」は200文字以内', '「こんなとき（複数選べます）」は選択肢から']) assert.ok(bad.text.includes(msg), msg);
  assert.match(bad.text, /「手数料（円）」は0から1000000までの整数/);
  assert.equal((await c.post('/staff/procedures', details())).status, 400, 'the URL name is taken');
  const huge = await c.post('/staff/procedures', details({ slug: 'huge', summaryJa: '長'.repeat(100_000) }));
  assert.ok([400, 413].includes(huge.status), `huge: ${huge.status}`);

  const script = await c.post('/staff/procedures', details({ slug: 'script-test', nameJa: '<script>alert(1)</script>届' }));
  ok303(script, 'script name');
  const list = await c.get('/staff/procedures');
  assert.ok(list.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;届'));
  assert.ok(!list.text.includes('<script>alert(1)'));

  const addBad = await edit(c, procedureId, { op: 'addField', sectionId: 'details', type: 'text', labelJa: '', labelEn: 'x', name: '1bad', formId: 'a-details-' });
  assert.equal(addBad.status, 400);
  assert.match(addBad.text, /「表示名（日本語）」を入力してください/);
  assert.match(addBad.text, /「項目名」は英字で始まる英数字/);
  assert.match(addBad.text, /id="f-a-details-labelJa"/, 'the error sits beside the small form that was posted');

  const badOptions = await edit(c, procedureId, { op: 'updateField', path: 'dogs.sex', labelJa: '性別', labelEn: 'Sex', options: 'male | オス\n全角値 | メス | Female' });
  assert.equal(badOptions.status, 400);
  assert.match(badOptions.text, /「選択肢」の1行目は「値 \| 日本語 \| 英語」/);
  assert.match(badOptions.text, /「選択肢」の2行目/);
  const badRange = await edit(c, procedureId, { op: 'updateField', path: 'dogs.born', labelJa: '生年月日', labelEn: 'Born', min: '10', max: '-10' });
  assert.equal(badRange.status, 400);
  assert.match(badRange.text, /最小値が最大値より大きく/);
  const noValues = await edit(c, procedureId, { op: 'updateField', path: 'previousNo', labelJa: '前の登録番号', labelEn: 'Previous', showIfField: 'firstDog' });
  assert.equal(noValues.status, 400);
  assert.match(noValues.text, /値を1つ以上選んでください/);

  ok303(await edit(c, procedureId, { op: 'addField', sectionId: 'details', type: 'group', labelJa: '空のグループ', labelEn: 'Empty group', name: 'emptyGroup' }), 'empty group');
  const refused = await c.post(`/staff/procedures/${procedureId}/form/publish`, { revision: String(await revisionOf(procedureId)) });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /セクション「申請の内容」の項目「空のグループ」: グループの中に項目が1つもありません/);
  const discarded = await c.post(`/staff/procedures/${procedureId}/form/discard`, { revision: String(await revisionOf(procedureId)) });
  assert.equal(discarded.location, `/staff/procedures/${procedureId}/form?notice=discarded`);
  assert.equal((await c.post(`/staff/procedures/${procedureId}/form`, { op: 'addSection', revision: 'abc' })).status, 400);
  const inUse = await edit(c, procedureId, { op: 'deleteField', path: 'firstDog' });
  assert.equal(inUse.status, 400);
  assert.match(inUse.text, /項目「前の登録番号」の条件がこの項目を参照しています/);
});

test('two staff at once: the second edit and the second publication get a clear conflict', async () => {
  const a = as.admin;
  const b = as.managerA;
  const r0 = String(await revisionOf(procedureId));
  const [x, y] = await Promise.all([
    a.post(`/staff/procedures/${procedureId}/form`, { revision: r0, op: 'addSection', titleJa: 'A', titleEn: 'A' }),
    b.post(`/staff/procedures/${procedureId}/form`, { revision: r0, op: 'addSection', titleJa: 'B', titleEn: 'B' }),
  ]);
  assert.deepEqual([x.status, y.status].sort(), [303, 409]);
  assert.match((x.status === 409 ? x : y).text, /ほかの職員がこのフォームの下書きを変更したか、公開しました/);
  const [draft] = await q<{ definition: FormDefinition }>('SELECT definition FROM procedure_form_drafts WHERE procedure_id = $1', [procedureId]);
  const added = draft!.definition.sections.at(-1)!;
  assert.ok(['A', 'B'].includes(added.title.ja), 'only the winner’s section is in the draft');
  assert.equal(draft!.definition.sections.filter((s) => ['A', 'B'].includes(s.title.ja)).length, 1);
  ok303(await edit(b, procedureId, { op: 'addField', sectionId: added.id, type: 'yesno', labelJa: '室内飼いですか', labelEn: 'Kept indoors?', name: 'indoors' }), 'second edit after reload');

  const rev = String(await revisionOf(procedureId));
  const [versionsBefore] = await q<{ n: number }>('SELECT max(version) AS n FROM procedure_forms WHERE procedure_id = $1', [procedureId]);
  const results = await Promise.all([a.post(`/staff/procedures/${procedureId}/form/publish`, { revision: rev }), b.post(`/staff/procedures/${procedureId}/form/publish`, { revision: rev })]);
  assert.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
  const [versionsAfter] = await q<{ n: number }>('SELECT max(version) AS n FROM procedure_forms WHERE procedure_id = $1', [procedureId]);
  assert.equal(versionsAfter!.n, versionsBefore!.n + 1, 'exactly one new version');

  ok303(await edit(a, procedureId, { op: 'addSection', titleJa: '遅れた下書き', titleEn: 'Late draft' }), 'a new draft');
  const seeded = await withTenant(p.deps.db, t.code, async (tx) => publishForm(tx, t.code, procedureId, { sections: [...v1.sections, { id: 'seed', title: { ja: '別経路', en: 'Elsewhere' }, fields: [{ name: 'x', type: 'text', label: { ja: 'x', en: 'x' } }] }] }));
  const outdated = await a.post(`/staff/procedures/${procedureId}/form/publish`, { revision: String(await revisionOf(procedureId)) });
  assert.equal(outdated.status, 409);
  assert.ok(outdated.text.includes(`この下書きを始めた後に、第${seeded}版が公開されました`), 'a version published elsewhere is not overwritten by an older draft');
  ok303(await a.post(`/staff/procedures/${procedureId}/form/discard`, { revision: String(await revisionOf(procedureId)) }), 'discard the outdated draft');

  const stale = await a.get(`/staff/procedures/${procedureId}`);
  const updatedAt = /name="updatedAt" value="([^"]+)"/.exec(stale.text)![1]!;
  ok303(await b.post(`/staff/procedures/${procedureId}`, { ...details(), nameJa: '犬の登録（変更）', updatedAt }), 'first save');
  const second = await a.post(`/staff/procedures/${procedureId}`, { ...details(), updatedAt });
  assert.equal(second.status, 409);
  assert.match(second.text, /ほかの職員が変更しました/);
  const [row] = await q<{ slug: string; name_ja: string }>('SELECT slug, name_ja FROM procedures WHERE id = $1', [procedureId]);
  assert.deepEqual([row!.slug, row!.name_ja], ['dog-registration', '犬の登録（変更）'], 'the URL name never changes on edit');
});

test('the builder speaks English too', async () => {
  const c = as.admin;
  await c.get('/lang/en?next=/staff/procedures');
  const list = await c.get('/staff/procedures');
  assert.match(list.text, /<html lang="en"/);
  assert.match(list.text, /Procedures and forms/);
  const editor = await c.get(`/staff/procedures/${procedureId}/form`);
  assert.match(editor.text, /Sections \(pages\)/);
  assert.match(editor.text, /Add a field to “About the dog”/);
  const field = await c.get(`/staff/procedures/${procedureId}/form/field?path=previousNo`);
  assert.match(field.text, /When “First dog you register\?” is/);
  await c.get('/lang/ja?next=/staff/procedures');
});
