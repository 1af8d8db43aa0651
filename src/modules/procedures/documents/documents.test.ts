/** Submission copy and decision notice over HTTP and mail: who may download, audit, the notice attached through real SMTP. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { applyWithSmallForm, smallTestForm } from '../../../../test/support/applications.ts';
import { pdfPlainText } from '../../../../test/support/pdf-text.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import { startSmtpServer } from '../../../../test/support/smtp.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { decideApplication, getApplication } from '../applications.service.ts';
import { publishForm } from '../forms/forms.service.ts';
import { seedDemoProcedures } from '../procedures.seed.ts';
import { getIssuedNotice, setDocumentIssuer } from './decision-notices.ts';

const t2 = (ja: string, en: string) => ({ ja, en });

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let p: TestPlatform;
let t: TestTenant;
let resident: TestClient;
let other: TestClient;
let clerk: TestClient;
let foreignClerk: TestClient;
let managerId: string;
let appId: string;

const q = <T>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T & Record<string, unknown>>(sql, params));

before(async () => {
  smtp = await startSmtpServer();
  p = await startTestPlatform({ env: { SMTP_URL: smtp.url, WORKER: 'false' } });
  t = await buildTenant(p);
  await seedDemoProcedures(p.deps, t.code);
  const [proc] = await q<{ id: string; department_id: string }>("SELECT id, department_id FROM procedures WHERE slug = 'nursery-application'");
  const [fukushi] = await q<{ id: string }>("SELECT id FROM departments WHERE code = 'fukushi'");
  await withTenant(p.deps.db, t.code, async (tx) => {
    await publishForm(tx, t.code, proc!.id, smallTestForm);
    await setDocumentIssuer(tx, t.code, { title: t2('みなと野市長', 'Mayor of Minatono'), name: t2('港野 一郎', 'Ichiro Minatono') });
  });
  resident = t.client();
  await signInResidentByCard(p, t, resident);
  other = t.client();
  await signInResidentByCard(p, t, other, 'demo-takahashi-kenta');
  clerk = t.client();
  await signInStaff(clerk, await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: proc!.department_id }] }));
  foreignClerk = t.client();
  await signInStaff(foreignClerk, await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: fukushi!.id }] }));
  managerId = (await buildStaff(p, t, { roles: [{ role: 'manager', departmentId: proc!.department_id }] })).id;
  appId = await applyWithSmallForm(resident);
});
after(async () => {
  await p.stop();
  await smtp.stop();
});

test('the applicant downloads the copy of what was submitted; the confirmation page links it', async () => {
  const page = await resident.get(`/applications/${appId}`);
  assert.match(page.text, new RegExp(`href="/mypage/applications/${appId}/copy.pdf"`));
  assert.doesNotMatch(page.text, /notice\.pdf/, 'no notice before the decision');
  const res = await resident.get(`/mypage/applications/${appId}/copy.pdf`);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/pdf');
  assert.equal(res.headers['cache-control'], 'private, no-store');
  const [receipt] = await q<{ receipt_number: string }>('SELECT receipt_number FROM applications WHERE id = $1', [appId]);
  assert.equal(res.headers['content-disposition'], `attachment; filename="application-copy-${receipt!.receipt_number}.pdf"; filename*=UTF-8''${encodeURIComponent(`申請書控え_${receipt!.receipt_number}.pdf`)}`);
  const text = pdfPlainText(res.body);
  for (const s of ['申請書の控え', '保育施設等の利用申込', receipt!.receipt_number, '𠮷田 花子', '髙橋 一郎', '𠮷田 次郎', 'みなと野東保育園', '子ども（2人目）', '第2版']) assert.ok(text.includes(s), `${s} in the copy`);
  assert.ok((await resident.get(`/mypage/applications/${appId}/copy.pdf`)).body.equals(res.body), 'the same document every time');
});

test('nobody else gets the documents: another resident, signed-out, another municipality id form', async () => {
  assert.equal((await other.get(`/mypage/applications/${appId}/copy.pdf`)).status, 404);
  assert.equal((await other.get(`/mypage/applications/${appId}/notice.pdf`)).status, 404);
  assert.equal((await other.get('/mypage/applications/not-a-uuid/copy.pdf')).status, 404);
  const anonymous = await t.client().get(`/mypage/applications/${appId}/copy.pdf`);
  assert.notEqual(anonymous.status, 200);
  assert.equal((await resident.get(`/mypage/applications/${appId}/notice.pdf`)).status, 404, 'no notice before the decision');
});

test('staff who may read the case download the copy (audited); a clerk of another department is refused', async () => {
  const res = await clerk.get(`/staff/cases/${appId}/copy.pdf`);
  assert.equal(res.status, 200);
  assert.ok(pdfPlainText(res.body).includes('𠮷田 花子'));
  const audits = await q<{ reason: string; actor_kind: string }>("SELECT reason, actor_kind FROM audit_log WHERE action = 'application.read' AND record_id = $1", [appId]);
  assert.equal(audits.length, 1);
  assert.match(audits[0]!.reason, /^case \d{4}-\d{6} copy\.pdf$/);
  assert.equal(audits[0]!.actor_kind, 'staff');
  assert.equal((await foreignClerk.get(`/staff/cases/${appId}/copy.pdf`)).status, 403);
  assert.equal((await resident.get(`/staff/cases/${appId}/copy.pdf`)).status === 200, false);
});

test('a decision issues the notice: attached to the mail through real SMTP, the same PDF in マイページ', async () => {
  await withTenant(p.deps.db, t.code, async (tx) => {
    const cipher = await p.deps.keyring.forTenant(tx, t.code);
    const app = (await getApplication(tx, cipher, t.code, appId, { lock: true }))!;
    await decideApplication(tx, t.code, app, { decision: 'rejected', staffId: managerId, note: '定員に達しているため（髙橋様ほか）', mail: { procedureName: t2('保育施設等の利用申込', 'Nursery'), tenantName: t.nameJa, link: `${t.origin}/applications/${appId}` } });
  });
  const notice = await withTenant(p.deps.db, t.code, (tx) => getIssuedNotice(tx, t.code, appId));
  assert.ok(notice);
  assert.match(notice.documentNumber, /^子育て支援課 第\d{4}-000001号$/);
  assert.equal(notice.issuer, 'みなと野市長　港野 一郎');
  const job = await q<{ payload: string }>("SELECT payload::text AS payload FROM jobs WHERE queue = 'mail.send' AND dedupe_key = $1", [`application.decision:${appId}`]);
  assert.ok(job[0]!.payload.length < 2000, 'the job holds a reference, not the PDF');
  smtp.received.length = 0;
  await p.deps.worker.drain();
  const mail = smtp.received.find((r) => /application\/pdf/.test(r.raw));
  assert.ok(mail, 'the decision mail has a PDF part');
  const part = /Content-Type: application\/pdf[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(mail.raw);
  assert.ok(part);
  assert.ok(/filename\*0\*=utf-8''%E9%80%9A%E7%9F%A5%E6%9B%B8_/i.test(mail.raw), 'the part is named 通知書_<receipt>.pdf');
  const attached = Buffer.from(part[1]!.replace(/\s+/g, ''), 'base64');
  const text = pdfPlainText(attached);
  for (const s of ['却下通知書', '𠮷田 花子 様', 'みなと野市長　港野 一郎', notice.documentNumber, '定員に達しているため（髙橋様ほか）', '教示']) assert.ok(text.includes(s), `${s} in the notice`);
  const page = await resident.get(`/applications/${appId}`);
  assert.match(page.text, new RegExp(`href="/mypage/applications/${appId}/notice.pdf"`));
  const list = await resident.get('/mypage/applications');
  assert.match(list.text, /通知書（PDF、受付番号 \d{4}-\d{6}）/);
  const download = await resident.get(`/mypage/applications/${appId}/notice.pdf`);
  assert.equal(download.status, 200);
  assert.ok(download.body.equals(attached), 'マイページ gives the very document that was mailed');
  // A new mayor does not re-sign an issued notice.
  await withTenant(p.deps.db, t.code, (tx) => setDocumentIssuer(tx, t.code, { title: t2('みなと野市長', 'Mayor'), name: t2('新町 二郎', 'Jiro Shinmachi') }));
  assert.ok((await resident.get(`/mypage/applications/${appId}/notice.pdf`)).body.equals(attached));
  const staffNotice = await clerk.get(`/staff/cases/${appId}/notice.pdf`);
  assert.equal(staffNotice.status, 200);
  assert.equal((await foreignClerk.get(`/staff/cases/${appId}/notice.pdf`)).status, 403);
});
