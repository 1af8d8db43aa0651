/** The staff side: inbox per department with filters and paging, the audited case page, approve and reject. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import { mailText, startSmtpServer } from '../../../../test/support/smtp.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { seedDemoProcedures } from '../procedures.seed.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let p: TestPlatform;
let t: TestTenant;
let resident: TestClient;
let kosodateManager: TestClient;
let kosodateClerk: TestClient;
let fukushiClerk: TestClient;
const ids: Record<string, string> = {};

const q = <T>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T & Record<string, unknown>>(sql, params));

/** Submits the general form of `slug` through the resident's pages; returns the application id. */
async function apply(slug: string): Promise<string> {
  const start = await resident.post(`/procedures/${slug}/apply`);
  const id = /\/applications\/([0-9a-f-]{36})/.exec(start.location ?? '')![1]!;
  const post = (section: string, form: Record<string, string>) => resident.post(`/applications/${id}/sections/${section}`, { _action: 'next', ...form });
  await post('applicant', { applicantName: '𠮷田 花子', applicantKana: 'ヨシダ ハナコ', applicantBirthdate: '1985-04-01', postalCode: '0000011', address: '架空県みなと野市本町一丁目2番3号' });
  await post('details', { forWhom: 'self', details: '秘密の申請内容です' });
  await post('contact', { phone: '0901234567', email: 'hanako@example.jp' });
  await post('declaration', { consent: 'yes' });
  assert.equal((await resident.post(`/applications/${id}/submit`)).location, `/applications/${id}`);
  return id;
}

before(async () => {
  smtp = await startSmtpServer();
  p = await startTestPlatform({ env: { SMTP_URL: smtp.url, WORKER: 'false' } });
  t = await buildTenant(p);
  await seedDemoProcedures(p.deps, t.code);
  const [kosodate] = await q<{ id: string }>("SELECT id FROM departments WHERE code = 'kosodate'");
  const [fukushi] = await q<{ id: string }>("SELECT id FROM departments WHERE code = 'fukushi'");
  resident = t.client();
  await signInResidentByCard(p, t, resident);
  const sign = async (role: 'manager' | 'clerk', departmentId: string) => {
    const c = t.client();
    await signInStaff(c, await buildStaff(p, t, { roles: [{ role, departmentId }] }));
    return c;
  };
  kosodateManager = await sign('manager', kosodate!.id);
  kosodateClerk = await sign('clerk', kosodate!.id);
  fukushiClerk = await sign('clerk', fukushi!.id);
  ids.pregnancy = await apply('pregnancy-notification'); // 健康づくり課
  ids.nursery = await apply('nursery-application'); // 子育て支援課
  ids.nursery2 = await apply('nursery-application');
  ids.care = await apply('care-certification'); // 福祉課
});
after(async () => {
  await p.stop();
  await smtp.stop();
});

test('each department sees only its own applications; filters and duplicates work; no personal data in the list', async () => {
  const inbox = await kosodateClerk.get('/staff/cases');
  assert.equal(inbox.status, 200);
  assert.equal((inbox.text.match(/保育施設等の利用申込/g) ?? []).length >= 2, true);
  assert.doesNotMatch(inbox.text, /要介護・要支援認定の申請<\/td>/);
  assert.doesNotMatch(inbox.text, /𠮷田|秘密の申請内容/);
  assert.match(inbox.text, /重複の疑い/);
  const care = await fukushiClerk.get('/staff/cases');
  assert.match(care.text, /要介護・要支援認定の申請/);
  assert.doesNotMatch(care.text, /保育施設等の利用申込<\/td>/);
  const dup = await kosodateClerk.get('/staff/cases?duplicates=1');
  assert.equal((dup.text.match(/href="\/staff\/cases\/[0-9a-f-]{36}"/g) ?? []).length, 1);
  const none = await kosodateClerk.get('/staff/cases?status=accepted');
  assert.match(none.text, /該当する申請はありません/);
  const today = new Date().toISOString().slice(0, 10);
  const period = await kosodateClerk.get(`/staff/cases?from=${today}&to=${today}`);
  assert.equal((period.text.match(/href="\/staff\/cases\/[0-9a-f-]{36}"/g) ?? []).length, 2);
  const badDate = await kosodateClerk.get('/staff/cases?from=2026-02-30');
  assert.equal(badDate.status, 400);
  assert.match(badDate.text, /「受付日（から）」は日付/);
  assert.equal((await t.client().get('/staff/cases')).status, 303);
});

test('opening a case shows the answers and writes an audit entry; another department is refused', async () => {
  const page = await kosodateClerk.get(`/staff/cases/${ids.nursery2}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /秘密の申請内容です/);
  assert.match(page.text, /同じ手続の申請（受付番号/);
  assert.match(page.text, /審査結果の登録は、担当課の管理職が行います/);
  const audits = await q<{ actor_kind: string; reason: string }>("SELECT actor_kind, reason FROM audit_log WHERE action = 'application.read' AND record_id = $1", [ids.nursery2]);
  assert.equal(audits.length, 1);
  assert.equal(audits[0]!.actor_kind, 'staff');
  assert.match(audits[0]!.reason, /^case \d{4}-\d{6}$/);
  assert.equal((await fukushiClerk.get(`/staff/cases/${ids.nursery}`)).status, 403);
  assert.equal((await kosodateClerk.post(`/staff/cases/${ids.nursery}/decision`, { decision: 'accepted' })).status, 403);
});

test('a manager approves or rejects (with a reason); the resident sees it and gets one mail', async () => {
  const noReason = await kosodateManager.post(`/staff/cases/${ids.nursery2}/decision`, { decision: 'rejected', note: '' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /理由を入力してください/);
  const reject = await kosodateManager.post(`/staff/cases/${ids.nursery2}/decision`, { decision: 'rejected', note: '重複した申請のため' });
  assert.equal(reject.location, `/staff/cases/${ids.nursery2}?notice=decided`);
  const approve = await kosodateManager.post(`/staff/cases/${ids.nursery}/decision`, { decision: 'accepted', note: '' });
  assert.equal(approve.status, 303);
  assert.equal((await kosodateManager.post(`/staff/cases/${ids.nursery}/decision`, { decision: 'rejected', note: 'x' })).status, 409);
  const mine = await resident.get(`/applications/${ids.nursery2}`);
  assert.match(mine.text, /却下/);
  assert.match(mine.text, /重複した申請のため/);
  assert.equal((await resident.post(`/applications/${ids.nursery}/withdraw`)).status, 409, 'a decided application cannot be withdrawn');
  smtp.received.length = 0;
  await p.deps.worker.drain();
  const decisions = smtp.received.map((r) => mailText(r.raw)).filter((text) => /審査結果/.test(text) || /承認されました|却下されました/.test(text));
  assert.equal(decisions.length, 2);
  const actions = await q<{ action: string }>("SELECT action FROM audit_log WHERE action IN ('application.approve', 'application.reject') ORDER BY seq");
  assert.deepEqual(actions.map((a) => a.action), ['application.reject', 'application.approve']);
});
