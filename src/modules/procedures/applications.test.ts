/**
 * Applying online through the real HTTP app: prefill from the card, section-by-section checks with
 * field-named errors, repeating groups without JavaScript, drafts, the check page, idempotent
 * submission with receipt number and one receipt mail through a real SMTP server, duplicate flag,
 * マイページ and withdrawal, encryption at rest, immutable form versions.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { signInResidentByCard } from '../../../test/support/residents.ts';
import { mailText, startSmtpServer } from '../../../test/support/smtp.ts';
import type { TestClient } from '../../../test/support/client.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { generalForm } from './forms/demo-forms.ts';
import { publishForm } from './forms/forms.service.ts';
import { seedDemoProcedures } from './procedures.seed.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let p: TestPlatform;
let t: TestTenant;
let resident: TestClient;

before(async () => {
  smtp = await startSmtpServer();
  p = await startTestPlatform({ env: { SMTP_URL: smtp.url, WORKER: 'false' } });
  t = await buildTenant(p);
  await seedDemoProcedures(p.deps, t.code);
  resident = t.client();
  await signInResidentByCard(p, t, resident);
});
after(async () => {
  await p.stop();
  await smtp.stop();
});

const q = <T>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T & Record<string, unknown>>(sql, params));
const idFrom = (location: string | undefined) => /\/applications\/([0-9a-f-]{36})/.exec(location ?? '')![1]!;

async function start(client: TestClient, slug: string): Promise<{ id: string; location: string }> {
  const res = await client.post(`/procedures/${slug}/apply`);
  assert.equal(res.status, 303, res.text.slice(0, 300));
  return { id: idFrom(res.location), location: res.location! };
}

async function postSection(client: TestClient, id: string, section: string, form: Record<string, string>) {
  return client.post(`/applications/${id}/sections/${section}`, { _action: 'next', ...form });
}

const applicant = { applicantName: '𠮷田 花子', applicantKana: 'よしだ はなこ', applicantBirthdate: '昭和60年4月1日', postalCode: '０００－００１１', address: '架空県みなと野市本町一丁目2番3号', occupation: 'employee', insurance: 'kosei', spouse: 'no' };
const child = (i: number, name: string, birth: string) => ({ [`children.${i}.name`]: name, [`children.${i}.kana`]: 'ヨシダ タロウ', [`children.${i}.birthdate`]: birth, [`children.${i}.relationship`]: 'child', [`children.${i}.livesTogether`]: 'yes' });

async function fillChildAllowance(client: TestClient, id: string) {
  assert.equal((await postSection(client, id, 'applicant', applicant)).location, `/applications/${id}/sections/children`);
  assert.equal((await client.post(`/applications/${id}/sections/children`, { _action: 'add:children', 'children.count': '0' })).status, 303);
  assert.equal((await client.post(`/applications/${id}/sections/children`, { _action: 'add:children', 'children.count': '1', ...child(0, '𠮷田 太郎', 'R2.6.15') })).status, 303);
  const kids = await postSection(client, id, 'children', { 'children.count': '2', ...child(0, '𠮷田 太郎', 'R2.6.15'), ...child(1, '𠮷田 次郎', '2023/1/5') });
  assert.equal(kids.location, `/applications/${id}/sections/payment`);
  await postSection(client, id, 'payment', { 'payeeAccount.bankCode': '0001', 'payeeAccount.branchCode': '001', 'payeeAccount.accountType': 'ordinary', 'payeeAccount.accountNumber': '１２３４５６７', 'payeeAccount.accountHolder': 'ヨシダ ハナコ' });
  await postSection(client, id, 'contact', { phone: '090-1234-5678', email: 'hanako@example.jp' });
  assert.equal((await postSection(client, id, 'declaration', { consent: 'yes' })).location, `/applications/${id}/check`);
}

test('児童手当の認定請求 end to end: prefill, errors by field, two children, check page, one submission, one mail', async () => {
  const { id, location } = await start(resident, 'child-allowance-claim');
  assert.equal(location, `/applications/${id}/sections/applicant`);
  const first = await resident.get(location);
  assert.equal(first.status, 200);
  assert.match(first.text, /value="𠮷田 花子"/, 'name prefilled from 基本4情報');
  assert.match(first.text, /value="1985-04-01"/);
  assert.match(first.text, /ステップ 1 \/ 6/);

  const bad = await postSection(resident, id, 'applicant', { ...applicant, applicantKana: 'Yoshida', postalCode: '12', spouse: 'yes', spouseName: '' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /「フリガナ」はカタカナで入力してください/);
  assert.match(bad.text, /「郵便番号」は7桁の数字で入力してください/);
  assert.match(bad.text, /「配偶者の氏名」を入力してください/);
  assert.match(bad.text, /value="Yoshida"/, 'what was typed is kept');
  const saved = await q<{ answers_enc: string }>('SELECT answers_enc FROM applications WHERE id = $1', [id]);
  assert.doesNotMatch(saved[0]!.answers_enc, /𠮷田|Yoshida/, 'answers are encrypted at rest');

  await fillChildAllowance(resident, id);
  const check = await resident.get(`/applications/${id}/check`);
  assert.equal(check.status, 200);
  for (const s of ['ヨシダ ハナコ', '〒000-0011', '令和2年6月15日', '子ども（2人目）', '𠮷田 次郎', '1234567', '申請する']) assert.ok(check.text.includes(s), s);

  const [a, b] = await Promise.all([resident.post(`/applications/${id}/submit`, { idempotencyKey: id }), resident.post(`/applications/${id}/submit`, { idempotencyKey: id })]);
  assert.deepEqual([a.status, b.status, a.location, b.location], [303, 303, `/applications/${id}`, `/applications/${id}`]);
  const again = await resident.post(`/applications/${id}/submit`, { idempotencyKey: id });
  assert.equal(again.location, `/applications/${id}`);
  const rows = await q<{ status: string; receipt_number: string }>('SELECT status, receipt_number FROM applications WHERE resident_id = (SELECT resident_id FROM applications WHERE id = $1)', [id]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.status, 'submitted');
  assert.match(rows[0]!.receipt_number, /^\d{4}-000001$/);
  const page = await resident.get(`/applications/${id}`);
  assert.match(page.text, new RegExp(rows[0]!.receipt_number));
  assert.match(page.text, /申請を受け付けました/);
  assert.equal(await p.deps.worker.drain(), 1);
  assert.equal(smtp.received.length, 1);
  assert.deepEqual(smtp.received[0]!.to, ['hanako@example.jp']);
  assert.match(mailText(smtp.received[0]!.raw), new RegExp(`受付番号: ${rows[0]!.receipt_number}`));
  const audits = await q<{ action: string }>("SELECT action FROM audit_log WHERE record_id = $1 ORDER BY seq", [id]);
  assert.deepEqual(audits.map((r) => r.action), ['application.start', 'application.submit']);
});

test('a second open application for the same procedure is flagged and the resident is told; withdrawing works', async () => {
  const { id } = await start(resident, 'child-allowance-claim');
  const draft = await resident.get(`/applications/${id}/sections/applicant`);
  assert.match(draft.text, /value="ヨシダ ハナコ"/, 'フリガナ carried over from the earlier application');
  await fillChildAllowance(resident, id);
  await resident.post(`/applications/${id}/submit`, { idempotencyKey: id });
  const page = await resident.get(`/applications/${id}`);
  assert.match(page.text, /同じ手続の申請が、すでに受付中です/);
  const [row] = await q<{ duplicate_of: string | null }>('SELECT duplicate_of FROM applications WHERE id = $1', [id]);
  assert.ok(row!.duplicate_of);

  const list = await resident.get('/mypage/applications');
  assert.equal(list.status, 200);
  assert.equal((list.text.match(/受付済み（審査中）/g) ?? []).length, 2);
  const w = await resident.post(`/applications/${id}/withdraw`);
  assert.equal(w.location, `/applications/${id}?notice=withdrawn`);
  assert.match((await resident.get(w.location!)).text, /取下げ/);
  assert.equal((await resident.post(`/applications/${id}/withdraw`)).status, 409);
});

test('drafts: starting twice resumes one draft; save and resume later; discard', async () => {
  const one = await start(resident, 'residence-certificate');
  const two = await resident.post('/procedures/residence-certificate/apply');
  assert.equal(idFrom(two.location), one.id);
  assert.match(two.location!, /notice=resumed/);
  const save = await resident.post(`/applications/${one.id}/sections/applicant`, { _action: 'save', ...applicant, applicantKana: 'まちがい1' });
  assert.equal(save.location, '/mypage/applications?notice=saved');
  const mypage = await resident.get(save.location!);
  assert.match(mypage.text, /下書き/);
  assert.match(mypage.text, /下書きを保存しました/);
  const resume = await resident.get(`/applications/${one.id}`);
  assert.equal(resume.location, `/applications/${one.id}/sections/applicant`);
  assert.match((await resident.get(resume.location!)).text, /value="まちがい1"/);
  const [row] = await q<{ n: number }>("SELECT count(*)::int AS n FROM applications WHERE procedure_id = (SELECT id FROM procedures WHERE slug = 'residence-certificate') AND status = 'draft'");
  assert.equal(row!.n, 1);
  const discard = await resident.post(`/applications/${one.id}/withdraw`);
  assert.equal(discard.location, '/mypage/applications?notice=discarded');
  assert.equal((await resident.get(`/applications/${one.id}`)).status, 404);
});

test('the submit button of an incomplete draft sends the resident back to the check page with what is missing', async () => {
  const { id } = await start(resident, 'disaster-certificate');
  const res = await resident.post(`/applications/${id}/submit`, { idempotencyKey: id });
  assert.equal(res.location, `/applications/${id}/check`);
  const check = await resident.get(res.location!);
  assert.match(check.text, /まだ入力が終わっていない項目があります/);
  assert.match(check.text, /「被害を受けた箇所と様子」を入力してください/);
  assert.match(check.text, /「上記のとおり被災したことに相違なく[^」]*」に同意してください/);
  assert.match(check.text, /「災害の種類」を選択肢から選んでください/);
  assert.match(check.text, /09012345678/, 'the phone number carried over from the earlier application (once-only)');
  assert.doesNotMatch(check.text, /申請する<\/button>/);
});

test('another resident, a signed-out visitor and another municipality cannot reach an application', async () => {
  const { id } = await start(resident, 'pregnancy-notification');
  const other = t.client();
  await signInResidentByCard(p, t, other, 'demo-takahashi-kenta');
  assert.equal((await other.get(`/applications/${id}/sections/applicant`)).status, 404);
  assert.equal((await other.post(`/applications/${id}/submit`)).status, 404);
  const anon = await t.client().get(`/applications/${id}`);
  assert.equal(anon.status, 303);
  assert.match(anon.location ?? '', /^\/login/);
  const elsewhere = await buildTenant(p);
  assert.equal((await elsewhere.client().get(`/procedures/pregnancy-notification`)).status, 404);
});

test('a published form version never changes; a new version leaves earlier applications on theirs', async () => {
  const [proc] = await q<{ id: string }>("SELECT id FROM procedures WHERE slug = 'care-certification'");
  await assert.rejects(q('UPDATE procedure_forms SET definition = $2 WHERE procedure_id = $1', [proc!.id, '{}']), /cannot be changed/);
  const { id } = await start(resident, 'care-certification');
  const changed = { sections: [...generalForm.sections, { id: 'extra', title: { ja: '追加', en: 'Extra' }, fields: [] }] };
  const v2 = await withTenant(p.deps.db, t.code, (tx) => publishForm(tx, t.code, proc!.id, changed));
  assert.equal(v2, 2);
  assert.equal(await withTenant(p.deps.db, t.code, (tx) => publishForm(tx, t.code, proc!.id, changed)), 2, 'publishing the same form again makes no version');
  const [row] = await q<{ form_version: number }>('SELECT form_version FROM applications WHERE id = $1', [id]);
  assert.equal(row!.form_version, 1);
  await seedDemoProcedures(p.deps, t.code);
  const versions = await q<{ version: number }>('SELECT version FROM procedure_forms WHERE procedure_id = $1 ORDER BY version', [proc!.id]);
  assert.deepEqual(versions.map((v) => v.version), [1, 2, 3], 'the seed publishes its form again as a new version');
  const [count] = await q<{ n: number }>('SELECT count(*)::int AS n FROM procedure_forms');
  assert.equal(count!.n, 30, 'and leaves every other form as it was');
});
