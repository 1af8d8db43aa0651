/**
 * The staff side after receipt, through the real pages: inbox per department with search (receipt
 * number, blind-indexed name) and filters; the audited case page; the approval route (起案 → 審査 →
 * 決裁) with separation of duties, return and rejection; delegation while absent; correction
 * requests answered by the resident editing only the returned answers; messages both ways;
 * assignment and encrypted internal notes; editing a procedure's route.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import { mailText, startSmtpServer } from '../../../../test/support/smtp.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { generalForm } from '../forms/demo-forms.ts';
import { publishForm } from '../forms/forms.service.ts';
import { demoProcedures } from '../procedures.seed.ts';
import { saveProcedure } from '../procedures.service.ts';
import { DEFAULT_ROUTE, saveApprovalRoute, THREE_STEP_ROUTE } from './approval-route.ts';
import { applyCorrection, isCorrectablePath } from './corrections.service.ts';
import { nameWords } from './search-tokens.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let p: TestPlatform;
let t: TestTenant;
let resident: TestClient;
const staff: Record<'clerkA' | 'clerkB' | 'managerA' | 'managerB' | 'fukushiClerk', TestClient> = {} as never;
const staffIds: Record<string, string> = {};
const ids: Record<string, string> = {};

const q = <T>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T & Record<string, unknown>>(sql, params));

/** The general form with a repeating group of children, so corrections of group items are exercised. */
const testForm: FormDefinition = {
  sections: [
    ...generalForm.sections.slice(0, 2),
    {
      id: 'children',
      title: { ja: '子ども', en: 'Children' },
      fields: [
        {
          name: 'children', type: 'group', label: { ja: '子ども', en: 'Children' }, itemLabel: { ja: '子ども', en: 'Child' }, required: true, minItems: 1, maxItems: 5,
          fields: [
            { name: 'name', type: 'name', label: { ja: '子どもの氏名', en: "Child's name" }, required: true },
            { name: 'birthdate', type: 'date', label: { ja: '生年月日', en: 'Date of birth' }, required: true, max: 0 },
          ],
        },
      ],
    },
    ...generalForm.sections.slice(2),
  ],
};

/** Submits the test form of `slug` through the resident's pages; returns the application id. */
async function apply(slug: string, details = '秘密の申請内容です'): Promise<string> {
  const start = await resident.post(`/procedures/${slug}/apply`);
  const id = /\/applications\/([0-9a-f-]{36})/.exec(start.location ?? '')![1]!;
  const post = async (section: string, form: Record<string, string>) => {
    const r = await resident.post(`/applications/${id}/sections/${section}`, { _action: 'next', ...form });
    assert.equal(r.status, 303, `${section}: ${r.status} ${r.text.slice(0, 300)}`);
  };
  await post('applicant', { applicantName: '𠮷田 花子', applicantKana: 'ヨシダ ハナコ', applicantBirthdate: '1985-04-01', postalCode: '0000011', address: '架空県みなと野市本町一丁目2番3号' });
  await post('details', { forWhom: 'self', details });
  if (slug === 'test-benefit') await post('children', { 'children.count': '2', 'children.0.name': '𠮷田 一郎', 'children.0.birthdate': '2020-05-05', 'children.1.name': '𠮷田 二郎', 'children.1.birthdate': '2022-06-06' });
  await post('contact', { phone: '0901234567', email: 'hanako@example.jp' });
  await post('declaration', { consent: 'yes' });
  assert.equal((await resident.post(`/applications/${id}/submit`)).location, `/applications/${id}`);
  return id;
}

const step = (c: TestClient, id: string, action: string, note = '') => c.post(`/staff/cases/${id}/step`, { action, note });
const stateOf = async (id: string) => (await q<{ status: string; current_step: number; receipt_number: string }>('SELECT status, current_step, receipt_number FROM applications WHERE id = $1', [id]))[0]!;

before(async () => {
  smtp = await startSmtpServer();
  p = await startTestPlatform({ env: { SMTP_URL: smtp.url, WORKER: 'false' } });
  t = await buildTenant(p);
  const departments: Record<string, string> = {};
  await withTenant(p.deps.db, t.code, async (tx) => {
    for (const code of ['kosodate', 'fukushi']) {
      const [d] = await tx.query<{ id: string }>("INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, $2, $3, $2) RETURNING id", [t.code, code, code === 'kosodate' ? '子育て支援課' : '福祉課']);
      departments[code] = d!.id;
    }
    const base = demoProcedures()[0]!;
    for (const [slug, dept, nameJa, route, form] of [
      ['test-benefit', 'kosodate', '試験の給付', THREE_STEP_ROUTE, testForm],
      ['test-notice', 'fukushi', '試験の届出', DEFAULT_ROUTE, generalForm],
    ] as const) {
      const { department: _d, ...input } = base;
      const id = await saveProcedure(tx, t.code, { ...input, slug, nationalNo: null, name: { ja: nameJa, en: slug }, departmentId: departments[dept]!, assurance: 1 });
      await publishForm(tx, t.code, id, form);
      await saveApprovalRoute(tx, t.code, id, route);
      ids[slug] = id;
    }
  });
  resident = t.client();
  await signInResidentByCard(p, t, resident);
  const sign = async (key: keyof typeof staff, role: 'manager' | 'clerk', dept: string, displayName: string) => {
    const c = t.client();
    const s = await buildStaff(p, t, { roles: [{ role, departmentId: departments[dept]! }], displayName });
    await signInStaff(c, s);
    staff[key] = c;
    staffIds[key] = s.id;
  };
  await sign('clerkA', 'clerk', 'kosodate', '起案 花子');
  await sign('clerkB', 'clerk', 'kosodate', '代理 次郎');
  await sign('managerA', 'manager', 'kosodate', '審査 一郎');
  await sign('managerB', 'manager', 'kosodate', '決裁 三郎');
  await sign('fukushiClerk', 'clerk', 'fukushi', '福祉 四郎');
  ids.route = await apply('test-benefit');
  ids.delegated = await apply('test-benefit');
  ids.correction = await apply('test-benefit');
  ids.notice = await apply('test-notice');
});
after(async () => {
  await p.stop();
  await smtp.stop();
});

test('name words and correction paths (pure)', () => {
  assert.deepEqual(nameWords('𠮷田\u3000花子'), ['𠮷田花子', '𠮷田', '花子']);
  assert.deepEqual(nameWords(' ﾖｼﾀﾞ ﾊﾅｺ '), ['よしだはなこ', 'よしだ', 'はなこ'], 'half-width katakana folds to the same words');
  assert.deepEqual(nameWords('葛\uFE00城'), ['葛城'], 'variation selectors are dropped');
  const answers = { details: 'a', children: [{ name: 'x', birthdate: '2020-01-01' }, { name: 'y', birthdate: '2021-01-01' }] };
  assert.equal(isCorrectablePath(testForm, answers, 'children.1.birthdate'), true);
  assert.equal(isCorrectablePath(testForm, answers, 'children.2.birthdate'), false, 'no third child');
  assert.equal(isCorrectablePath(testForm, answers, 'children.0.unknown'), false);
  assert.equal(isCorrectablePath(testForm, answers, 'nothing'), false);
  const merged = applyCorrection(answers, ['children.1.birthdate'], { 'children.1.birthdate': '2021-02-02', details: 'ignored' });
  assert.deepEqual(merged, { details: 'a', children: [{ name: 'x', birthdate: '2020-01-01' }, { name: 'y', birthdate: '2021-02-02' }] });
  assert.deepEqual(answers.children[1], { name: 'y', birthdate: '2021-01-01' }, 'the original answers are not changed');
});

test('inbox: departments, search by receipt number and by name without decrypting, assignee filter', async () => {
  const inbox = await staff.clerkA.get('/staff/cases');
  assert.equal(inbox.status, 200);
  assert.equal((inbox.text.match(/試験の給付/g) ?? []).length >= 3, true);
  assert.doesNotMatch(inbox.text, /試験の届出<\/td>/);
  assert.doesNotMatch(inbox.text, /𠮷田|秘密の申請内容/);
  const { receipt_number: receipt } = await stateOf(ids.route!);
  const wide = receipt.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace('-', 'ー');
  const byReceipt = await staff.clerkA.get(`/staff/cases?q=${encodeURIComponent(wide)}`);
  assert.equal((byReceipt.text.match(/href="\/staff\/cases\/[0-9a-f-]{36}"/g) ?? []).length, 1);
  assert.match(byReceipt.text, new RegExp(`/staff/cases/${ids.route}`));
  const byName = await staff.clerkA.get(`/staff/cases?q=${encodeURIComponent('ヨシダ　ハナコ')}`);
  assert.equal((byName.text.match(/href="\/staff\/cases\/[0-9a-f-]{36}"/g) ?? []).length, 3, 'the three cases of the department');
  const byFamily = await staff.clerkA.get(`/staff/cases?q=${encodeURIComponent('𠮷田')}`);
  assert.equal((byFamily.text.match(/href="\/staff\/cases\/[0-9a-f-]{36}"/g) ?? []).length, 3);
  const partial = await staff.clerkA.get(`/staff/cases?q=${encodeURIComponent('ヨシ')}`);
  assert.match(partial.text, /該当する申請はありません/, 'part of a word does not match (documented trade-off)');
  const tokens = await q<{ token: string }>('SELECT unnest(name_tokens) AS token FROM applications WHERE id = $1', [ids.route]);
  assert.ok(tokens.length >= 6);
  assert.ok(tokens.every((r) => !/𠮷|よしだ|ヨシダ/.test(r.token)), 'only keyed hashes are stored');
  assert.ok((await q("SELECT 1 FROM audit_log WHERE action = 'application.search'")).length >= 1, 'a name search is audited');

  assert.equal((await staff.clerkA.post(`/staff/cases/${ids.correction}/assign`, { assignee: staffIds.clerkA! })).status, 303);
  const mine = await staff.clerkA.get('/staff/cases?assignee=me');
  assert.equal((mine.text.match(/href="\/staff\/cases\/[0-9a-f-]{36}"/g) ?? []).length, 1);
  assert.match(mine.text, /起案 花子/);
  const none = await staff.clerkA.get('/staff/cases?assignee=none');
  assert.equal((none.text.match(/href="\/staff\/cases\/[0-9a-f-]{36}"/g) ?? []).length, 2);
  const foreign = await staff.clerkA.post(`/staff/cases/${ids.correction}/assign`, { assignee: staffIds.fukushiClerk! });
  assert.equal(foreign.status, 400);
  assert.match(foreign.text, /「担当者」は担当課の職員から選んでください/);
  const care = await staff.fukushiClerk.get('/staff/cases');
  assert.match(care.text, /試験の届出/);
  assert.equal((await staff.fukushiClerk.get(`/staff/cases/${ids.route}`)).status, 403);
});

test('approval route: 起案 → 審査 → 決裁 by different people; separation of duties; 差し戻し; every step in the history', async () => {
  const id = ids.route!;
  const page = await staff.clerkA.get(`/staff/cases/${id}`);
  assert.match(page.text, /秘密の申請内容です/);
  assert.match(page.text, /第1段階（全3段階）: 起案/);
  const audits = await q<{ reason: string }>("SELECT reason FROM audit_log WHERE action = 'application.read' AND record_id = $1", [id]);
  assert.ok(audits.length >= 1 && /^case \d{4}-\d{6}$/.test(audits[0]!.reason));

  assert.equal((await step(staff.clerkA, id, 'approve')).location, `/staff/cases/${id}?notice=advanced`);
  assert.deepEqual({ ...(await stateOf(id)), receipt_number: '' }, { status: 'submitted', current_step: 1, receipt_number: '' });
  const clerkAgain = await step(staff.clerkB, id, 'approve');
  assert.equal(clerkAgain.status, 403, '審査 needs a manager');
  assert.match(clerkAgain.text, /管理職/);
  assert.equal((await step(staff.managerA, id, 'approve', '問題ありません')).status, 303);
  const same = await step(staff.managerA, id, 'approve');
  assert.equal(same.status, 403);
  assert.match(same.text, /同じ職員が一つの申請の二つの段階を承認することはできません/);
  assert.match((await staff.managerA.get(`/staff/cases/${id}`)).text, /同じ職員が一つの申請の二つの段階を承認することはできません/);

  const noReason = await step(staff.managerB, id, 'return');
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /「コメント・理由」を入力してください/);
  assert.equal((await step(staff.managerB, id, 'return', '添付の確認をやり直してください')).location, `/staff/cases/${id}?notice=returned`);
  assert.equal((await stateOf(id)).current_step, 1, 'back from 決裁 to 審査');
  assert.equal((await q('SELECT 1 FROM case_approvals WHERE application_id = $1', [id])).length, 1, 'only 起案 stands after the return');
  assert.equal((await step(staff.managerB, id, 'approve')).status, 303, '審査 again, by the other manager');
  smtp.received.length = 0;
  assert.equal((await step(staff.managerA, id, 'approve', '承認します')).location, `/staff/cases/${id}?notice=accepted`);
  assert.equal((await stateOf(id)).status, 'accepted');
  assert.equal((await step(staff.managerB, id, 'approve')).status, 409);

  const history = (await staff.clerkA.get(`/staff/cases/${id}`)).text;
  assert.match(history, /「起案」を承認 （起案 花子）/);
  assert.match(history, /「決裁」から差し戻し （決裁 三郎）: 添付の確認をやり直してください/);
  assert.match(history, /決裁（承認） （審査 一郎）/);
  const mine = await resident.get(`/applications/${id}`);
  assert.match(mine.text, /決裁・承認: 申請が承認されました/);
  assert.match(mine.text, /審査中: 「起案」が済み/);
  assert.doesNotMatch(mine.text, /審査 一郎|起案 花子|差し戻し|添付の確認をやり直してください/, 'staff names and internal returns are not shown to the resident');
  await p.deps.worker.drain();
  // The decision mail carries the notice PDF (multipart): counted by its dedupe key and recipient.
  assert.equal((await q("SELECT 1 FROM jobs WHERE dedupe_key = $1 AND status = 'done'", [`application.decision:${id}`])).length, 1, 'the decision mail was sent once');
  const actions = await q<{ action: string }>("SELECT action FROM audit_log WHERE record_id = $1 AND action LIKE 'application.%' AND action <> 'application.read' ORDER BY seq", [id]);
  assert.deepEqual(actions.map((a) => a.action).filter((a) => a !== 'application.submit' && a !== 'application.start'), ['application.step_approve', 'application.step_approve', 'application.return', 'application.step_approve', 'application.approve']);
});

test('delegation: while a manager is away, the delegate acts on their step, recorded as on behalf of', async () => {
  const id = ids.delegated!;
  assert.equal((await step(staff.clerkA, id, 'approve')).status, 303);
  assert.equal((await step(staff.managerA, id, 'approve')).status, 303);
  assert.equal((await step(staff.clerkB, id, 'approve')).status, 403, 'not yet a delegate');
  const form = await staff.managerB.get('/staff/absences');
  assert.equal(form.status, 200);
  const dept = (await q<{ id: string }>("SELECT id FROM departments WHERE code = 'kosodate'"))[0]!.id;
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
  const self = await staff.managerB.post('/staff/absences', { departmentId: dept, staffId: staffIds.managerB!, delegateId: staffIds.managerB!, startsOn: today, endsOn: today });
  assert.equal(self.status, 400);
  assert.match(self.text, /「代理者」には不在の職員と別の人を選んでください/);
  const badDate = await staff.managerB.post('/staff/absences', { departmentId: dept, staffId: staffIds.managerB!, delegateId: staffIds.clerkB!, startsOn: '2026-02-30', endsOn: today });
  assert.equal(badDate.status, 400);
  assert.match(badDate.text, /「不在の開始日」は日付/);
  const ok = await staff.managerB.post('/staff/absences', { departmentId: dept, staffId: staffIds.managerB!, delegateId: staffIds.clerkB!, startsOn: today, endsOn: '令和20年1月1日' });
  assert.equal(ok.location, '/staff/absences?notice=added');
  assert.match((await staff.clerkB.get('/staff/absences')).text, /決裁 三郎/);
  assert.match((await staff.clerkB.get(`/staff/cases/${id}`)).text, /決裁 三郎さんの不在中の代理として処理します/);
  assert.equal((await step(staff.clerkB, id, 'approve')).location, `/staff/cases/${id}?notice=accepted`);
  const [approval] = await q<{ staff_id: string; on_behalf_of: string }>('SELECT staff_id, on_behalf_of FROM case_approvals WHERE application_id = $1 AND step = 2', [id]);
  assert.deepEqual(approval, { staff_id: staffIds.clerkB, on_behalf_of: staffIds.managerB });
  assert.match((await staff.managerA.get(`/staff/cases/${id}`)).text, /決裁（承認） （代理 次郎（決裁 三郎の代理））/);
  const [absence] = await q<{ id: string }>('SELECT id FROM staff_absences');
  assert.equal((await staff.fukushiClerk.post(`/staff/absences/${absence!.id}/cancel`)).status, 403);
  assert.equal((await staff.managerB.post(`/staff/absences/${absence!.id}/cancel`)).location, '/staff/absences?notice=cancelled');
});

test('補正: staff return chosen answers; the resident edits only those, re-submits once, and the case goes back to its step', async () => {
  const id = ids.correction!;
  assert.equal((await step(staff.clerkA, id, 'approve')).status, 303);
  const { receipt_number: receipt } = await stateOf(id);
  const page = await staff.clerkA.get(`/staff/cases/${id}`);
  assert.match(page.text, /value="children\.1\.birthdate"/);
  assert.match(page.text, /value="children"/, 'the whole group can be returned');
  const none = await staff.clerkA.post(`/staff/cases/${id}/correction`, { message: '直してください' });
  assert.equal(none.status, 400);
  assert.match(none.text, /「直してもらう項目」を一つ以上選んでください/);
  const past = await staff.clerkA.post(`/staff/cases/${id}/correction`, { fields: ['details'], message: 'x', dueOn: '2000-01-01' });
  assert.match(past.text, /「補正の期限」は今日以降の日付/);
  smtp.received.length = 0;
  const ask = await staff.clerkA.post(`/staff/cases/${id}/correction`, { fields: ['details', 'children.1.birthdate', 'bogus.9.x'], message: '二人目のお子さんの生年月日と申請内容を確認してください', dueOn: '令和20年1月31日' });
  assert.equal(ask.location, `/staff/cases/${id}?notice=correction`);
  assert.equal((await stateOf(id)).status, 'correction_requested');
  const [request] = await q<{ fields: string[]; message_enc: string }>('SELECT fields, message_enc FROM correction_requests WHERE application_id = $1', [id]);
  assert.deepEqual(request!.fields, ['details', 'children.1.birthdate']);
  assert.doesNotMatch(request!.message_enc, /生年月日/, 'the message is encrypted at rest');
  assert.equal((await step(staff.managerA, id, 'approve')).status, 409, 'no approval while waiting for the resident');

  const mine = await resident.get(`/applications/${id}`);
  assert.match(mine.text, /担当課から補正（申請内容の修正）の依頼が届いています/);
  assert.match(mine.text, /二人目のお子さんの生年月日と申請内容を確認してください/);
  assert.match(mine.text, /補正の期限: 令和20年1月31日（2038年1月31日）/);
  assert.match(mine.text, /aria-current="step"><strong>補正依頼/);
  const form = await resident.get(`/applications/${id}/correction`);
  assert.equal(form.status, 200);
  assert.match(form.text, /name="details"/);
  assert.match(form.text, /name="children\.1\.birthdate"/);
  assert.doesNotMatch(form.text, /name="applicantName"|name="children\.0\.birthdate"|name="children\.1\.name"/, 'other answers are read-only');
  assert.match(form.text, /𠮷田 花子/);
  const bad = await resident.post(`/applications/${id}/correction`, { details: '直しました', 'children.1.birthdate': '2099-01-01', applicantName: '別人 太郎' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /「子どもの生年月日」/);
  assert.match(bad.text, /value="2099-01-01"/, 'what was typed is kept');
  const good = { details: '直した申請内容です', 'children.1.birthdate': '令和4年7月7日', applicantName: '別人 太郎' };
  const [a, b] = await Promise.all([resident.post(`/applications/${id}/correction`, good), resident.post(`/applications/${id}/correction`, good)]);
  assert.equal(a.location, `/applications/${id}?notice=resubmitted`);
  assert.equal(b.location, `/applications/${id}?notice=resubmitted`, 'a double submit is answered the same way');
  const after = await stateOf(id);
  assert.deepEqual(after, { status: 'submitted', current_step: 1, receipt_number: receipt }, 'same receipt number, back at the step where it was');
  assert.equal((await q("SELECT 1 FROM application_events WHERE application_id = $1 AND kind = 'resubmitted'", [id])).length, 1);
  const staffView = (await staff.managerA.get(`/staff/cases/${id}`)).text;
  assert.match(staffView, /直した申請内容です/);
  assert.match(staffView, /令和4年7月7日/);
  assert.match(staffView, /𠮷田 花子/);
  assert.doesNotMatch(staffView, /別人 太郎/, 'an answer not returned cannot be changed');
  assert.match(staffView, /補正後に再提出/);
  assert.equal((await resident.get(`/applications/${id}/correction`)).location, `/applications/${id}`);
  const timeline = (await resident.get(`/applications/${id}`)).text;
  assert.match(timeline, /補正依頼: 申請内容の一部を直してください。[\s\S]*再提出: 直した申請を受け付けました。/);
  await p.deps.worker.drain();
  assert.equal(smtp.received.map((r) => mailText(r.raw)).filter((x) => /補正/.test(x)).length, 1, 'one correction mail');
});

test('messages both ways, internal notes never shown to the resident, withdrawal while a correction is open', async () => {
  const id = ids.notice!;
  smtp.received.length = 0;
  const empty = await staff.fukushiClerk.post(`/staff/cases/${id}/messages`, { messageBody: '  ' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /「メッセージ」を入力してください/);
  const long = await staff.fukushiClerk.post(`/staff/cases/${id}/messages`, { messageBody: 'あ'.repeat(1001) });
  assert.equal(long.status, 400);
  assert.match(long.text, /「メッセージ」は1000文字以内/);
  const script = await staff.fukushiClerk.post(`/staff/cases/${id}/notes`, { noteBody: '\u202Eevil' });
  assert.equal(script.status, 400, 'bidi override refused');
  assert.match(script.text, /「メモ」/);
  assert.equal((await staff.fukushiClerk.post(`/staff/cases/${id}/messages`, { messageBody: '保険証の番号を教えてください' })).location, `/staff/cases/${id}?notice=message`);
  assert.equal((await staff.fukushiClerk.post(`/staff/cases/${id}/notes`, { noteBody: '電話で本人確認済み（内部メモ）' })).status, 303);
  const mine = await resident.get(`/applications/${id}`);
  assert.match(mine.text, /担当課からのメッセージ[\s\S]*保険証の番号を教えてください/);
  assert.doesNotMatch(mine.text, /内部メモ|福祉 四郎/);
  const emptyReply = await resident.post(`/applications/${id}/messages`, { body: '' });
  assert.equal(emptyReply.status, 400);
  assert.match(emptyReply.text, /「担当課へのメッセージ・返信」を入力してください/);
  assert.equal((await resident.post(`/applications/${id}/messages`, { body: '12345678です <script>x</script>' })).location, `/applications/${id}?notice=replied#timeline`);
  assert.match((await staff.fukushiClerk.get('/staff/cases')).text, /申請者から返信あり/, 'the inbox shows a reply is waiting');
  const casePage = (await staff.fukushiClerk.get(`/staff/cases/${id}`)).text;
  await staff.fukushiClerk.get(`/lang/en?next=/staff/cases/${id}`);
  const english = (await staff.fukushiClerk.get(`/staff/cases/${id}`)).text;
  assert.match(english, /Approval route[\s\S]*Messages with the applicant[\s\S]*Internal notes \(staff only\)/);
  await staff.fukushiClerk.get(`/lang/ja?next=/staff/cases/${id}`);
  assert.match(casePage, /12345678です &lt;script&gt;/);
  assert.match(casePage, /電話で本人確認済み（内部メモ）/);
  const [note] = await q<{ body_enc: string }>('SELECT body_enc FROM case_notes WHERE application_id = $1', [id]);
  assert.doesNotMatch(note!.body_enc, /本人確認/, 'notes are encrypted at rest');
  await p.deps.worker.drain();
  assert.equal(smtp.received.map((r) => mailText(r.raw)).filter((x) => /担当課からメッセージが届いています/.test(x)).length, 1);
  assert.equal((await resident.post(`/applications/${ids.route}/messages`, { body: 'x' })).status, 303, 'a reply after the decision is still possible');
  assert.equal((await staff.fukushiClerk.post(`/staff/cases/${id}/correction`, { fields: ['phone'], message: '電話番号を確認してください' })).status, 303);
  assert.equal((await resident.post(`/applications/${id}/withdraw`)).status, 303);
  assert.equal((await stateOf(id)).status, 'withdrawn');
  assert.equal((await q('SELECT 1 FROM correction_requests WHERE application_id = $1 AND answered_at IS NULL', [id])).length, 0);
});

test('approval route editor: the department manager edits; cases under way keep theirs; bad input is named', async () => {
  const procedure = ids['test-benefit']!;
  assert.equal((await staff.clerkA.get(`/staff/procedures/${procedure}/route`)).status, 403);
  assert.equal((await staff.fukushiClerk.get('/staff/approval-routes')).status, 403);
  const list = await staff.managerA.get('/staff/approval-routes');
  assert.match(list.text, /起案 → 審査 → 決裁/);
  assert.doesNotMatch(list.text, /試験の届出/, 'only the departments one manages');
  const page = await staff.managerA.get(`/staff/procedures/${procedure}/route`);
  assert.match(page.text, /name="steps\.2\.ja"[^>]*value="決裁"/);
  const lastClerk = await staff.managerA.post(`/staff/procedures/${procedure}/route`, { 'steps.0.ja': '起案', 'steps.0.role': 'clerk', 'steps.1.ja': '確認', 'steps.1.role': 'clerk' });
  assert.equal(lastClerk.status, 400);
  assert.match(lastClerk.text, /最後の段階（決裁）は「担当課の管理職」にしてください/);
  const empty = await staff.managerA.post(`/staff/procedures/${procedure}/route`, {});
  assert.match(empty.text, /段階を一つ以上設定してください/);
  const long = await staff.managerA.post(`/staff/procedures/${procedure}/route`, { 'steps.0.ja': 'あ'.repeat(21), 'steps.0.role': 'manager' });
  assert.match(long.text, /「第1段階」の名前は20文字以内/);
  const saved = await staff.managerA.post(`/staff/procedures/${procedure}/route`, { 'steps.0.ja': '起案', 'steps.0.role': 'clerk', 'steps.1.ja': '決裁', 'steps.1.en': 'Final', 'steps.1.role': 'manager' });
  assert.equal(saved.location, `/staff/procedures/${procedure}/route?notice=saved`);
  const [row] = await q<{ approval_route: { name: { ja: string } }[] }>('SELECT approval_route FROM procedures WHERE id = $1', [procedure]);
  assert.deepEqual(row!.approval_route.map((s) => s.name.ja), ['起案', '決裁']);
  const [kept] = await q<{ approval_route: { name: { ja: string } }[] }>('SELECT approval_route FROM applications WHERE id = $1', [ids.correction]);
  assert.deepEqual(kept!.approval_route.map((s) => s.name.ja), ['起案', '審査', '決裁'], 'a case under way keeps the route it started with');
  assert.match((await staff.managerA.get(`/staff/cases/${ids.correction}`)).text, /<strong>審査<\/strong>/);
});

test('補正 of a whole repeating group: the resident may add a child without JavaScript, then re-submits', async () => {
  const id = await apply('test-benefit', '子どもを追加します');
  assert.equal((await staff.clerkB.post(`/staff/cases/${id}/correction`, { fields: ['children'], message: '3人目のお子さんも追加してください' })).status, 303);
  const form = await resident.get(`/applications/${id}/correction`);
  assert.match(form.text, /name="children\.count" value="2"/);
  const added = await resident.post(`/applications/${id}/correction`, {
    _action: 'add:children', 'children.count': '2',
    'children.0.name': '𠮷田 一郎', 'children.0.birthdate': '2020-05-05', 'children.1.name': '𠮷田 二郎', 'children.1.birthdate': '2022-06-06',
  });
  assert.equal(added.status, 200, 'the page again with one more item, nothing saved yet');
  assert.match(added.text, /name="children\.count" value="3"/);
  assert.match(added.text, /value="𠮷田 二郎"/, 'what was typed is kept');
  assert.equal((await stateOf(id)).status, 'correction_requested');
  const sent = await resident.post(`/applications/${id}/correction`, {
    'children.count': '3',
    'children.0.name': '𠮷田 一郎', 'children.0.birthdate': '2020-05-05', 'children.1.name': '𠮷田 二郎', 'children.1.birthdate': '2022-06-06', 'children.2.name': '𠮷田 三郎', 'children.2.birthdate': '令和6年1月1日',
  });
  assert.equal(sent.location, `/applications/${id}?notice=resubmitted`);
  const page = (await staff.clerkB.get(`/staff/cases/${id}`)).text;
  assert.match(page, /子ども（3人目）[\s\S]*𠮷田 三郎[\s\S]*令和6年1月1日/);
});
