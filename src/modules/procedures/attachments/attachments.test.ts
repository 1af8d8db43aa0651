/**
 * Attachments through the real HTTP app, without JavaScript (multipart form posts): the type is
 * detected from the content (a renamed file is refused with the field's name), size limits, image
 * metadata removed, encrypted at rest (and after key rotation), replace and remove before
 * submitting, the resident's own download, and the staff's safe rendition with an audit entry and
 * the case policy. The bank account field is posted in the same section.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestClient } from '../../../../test/support/client.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { buildJpeg, buildPdf, gpsExifSegment } from '../../../../test/support/images.ts';
import { postMultipart } from '../../../../test/support/multipart.ts';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import { rotateTenantDataKey } from '../../../platform/crypto/index.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { seedDemoProcedures } from '../procedures.seed.ts';
import { addAttachment, listAttachments } from './attachments.service.ts';

let p: TestPlatform;
let t: TestTenant;
let resident: TestClient;
let appId: string;

const q = <T>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T & Record<string, unknown>>(sql, params));
const account = { 'payeeAccount.bankCode': '０００１', 'payeeAccount.branchCode': '001', 'payeeAccount.accountType': 'ordinary', 'payeeAccount.accountNumber': '12345', 'payeeAccount.accountHolder': 'よしだ　はなこ' };
const payment = (fields: Record<string, string>, files: Parameters<typeof postMultipart>[3]) => postMultipart(resident, `/applications/${appId}/sections/payment`, { _action: 'next', ...account, ...fields }, files);

before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false' } });
  t = await buildTenant(p);
  await seedDemoProcedures(p.deps, t.code);
  resident = t.client();
  await signInResidentByCard(p, t, resident);
  const started = await resident.post('/procedures/child-allowance-claim/apply');
  appId = /\/applications\/([0-9a-f-]{36})/.exec(started.location ?? '')![1]!;
  const go = (section: string, form: Record<string, string>) => resident.post(`/applications/${appId}/sections/${section}`, { _action: 'next', ...form });
  assert.equal((await go('applicant', { applicantName: '𠮷田 花子', applicantKana: 'ヨシダ ハナコ', applicantBirthdate: '1985/4/1', postalCode: '000-0011', address: '架空県みなと野市本町一丁目2番3号', occupation: 'employee', insurance: 'kosei', spouse: 'no' })).status, 303);
  assert.equal((await go('children', { 'children.count': '1', 'children.0.name': '𠮷田 太郎', 'children.0.kana': 'ヨシダ タロウ', 'children.0.birthdate': 'R2.6.15', 'children.0.relationship': 'child', 'children.0.livesTogether': 'yes' })).status, 303);
});
after(() => p.stop());

test('the payment section is a multipart form with the bank account parts and a file input', async () => {
  const page = await resident.get(`/applications/${appId}/sections/payment`);
  assert.equal(page.status, 200);
  assert.match(page.text, /enctype="multipart\/form-data"/);
  assert.match(page.text, /name="payeeAccount.bankCode"/);
  assert.match(page.text, /ゆうちょ銀行は、記号・番号ではなく/);
  assert.match(page.text, /type="file"[^>]*name="accountDocument"|name="accountDocument"[^>]*type="file"/);
  assert.match(page.text, /PDFまたは画像（JPEG・PNG・WebP）、1ファイル5 MBまで/);
});

test('a file renamed to .pdf, an empty file and an oversized file are refused with the field named; nothing is stored, typed answers are kept', async () => {
  const renamed = await payment({}, [{ field: 'accountDocument', name: '通帳.pdf', content: Buffer.from('<html><script>alert(1)</script></html>'), type: 'application/pdf' }]);
  assert.equal(renamed.status, 400);
  assert.match(renamed.text, /「口座確認書類」にはPDFまたは画像（JPEG・PNG・WebP）のファイルを選んでください（ファイル名を変えても種類は変わりません）/);
  assert.match(renamed.text, /value="12345"/, 'the typed account number is kept');
  const active = await payment({}, [{ field: 'accountDocument', name: 'statement.pdf', content: buildPdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' }) }]);
  assert.equal(active.status, 400);
  assert.match(active.text, /「口座確認書類」のPDFにはスクリプトや埋め込みファイルが含まれている/);
  const big = await payment({}, [{ field: 'accountDocument', name: 'big.jpg', content: Buffer.concat([buildJpeg(), Buffer.alloc(5 * 1024 * 1024)]) }]);
  assert.equal(big.status, 400);
  assert.match(big.text, /「口座確認書類」のファイルが大きすぎます（1ファイル5 MBまで）/);
  assert.deepEqual(await withTenant(p.deps.db, t.code, (tx) => listAttachments(tx, t.code, appId)), []);
});

test('an image is stored cleaned and encrypted, replaced by a new upload, downloadable by its owner, removable before submitting', async () => {
  const photo = buildJpeg({ segments: [gpsExifSegment()] });
  const ok = await payment({}, [{ field: 'accountDocument', name: 'C:\\Users\\hanako\\通帳 表紙.jpg', content: photo, type: 'text/html' }]);
  assert.equal(ok.status, 303, ok.text.slice(0, 500));
  assert.equal(ok.location, `/applications/${appId}/sections/contact`);
  const [row] = await q<{ id: string; file_name: string; content_type: string; size: number; content_enc: Uint8Array }>('SELECT id, file_name, content_type, size, content_enc FROM application_attachments WHERE application_id = $1', [appId]);
  assert.equal(row!.content_type, 'image/jpeg', 'type from the content, not the claimed text/html');
  assert.equal(row!.file_name, '通帳 表紙.jpg', 'the path is dropped');
  assert.ok(!Buffer.from(row!.content_enc).includes(Buffer.from([0xff, 0xd8, 0xff])), 'content encrypted at rest');
  const [draft] = await q<{ answers_enc: string }>('SELECT answers_enc FROM applications WHERE id = $1', [appId]);
  assert.doesNotMatch(draft!.answers_enc, /通帳/);

  const download = await resident.get(`/applications/${appId}/attachments/${row!.id}`);
  assert.equal(download.status, 200);
  assert.equal(download.headers['content-type'], 'image/jpeg');
  assert.equal(download.headers['x-content-type-options'], 'nosniff');
  assert.match(String(download.headers['content-security-policy']), /sandbox/);
  assert.ok(!download.body.includes(Buffer.from('SecretCam')), 'camera and GPS metadata removed');
  assert.equal(download.body.length, Number(row!.size));

  // The check page links the file; the section shows it with a remove button.
  assert.match((await resident.get(`/applications/${appId}/check`)).text, new RegExp(`<a href="/applications/${appId}/attachments/${row!.id}">通帳 表紙\\.jpg</a>`));
  const section = await resident.get(`/applications/${appId}/sections/payment`);
  assert.match(section.text, /みずほ（0001）/);
  assert.match(section.text, /value="detach:/);

  // A second upload replaces the first (one file allowed).
  const pdf = buildPdf();
  assert.equal((await payment({}, [{ field: 'accountDocument', name: 'card.pdf', content: pdf }])).status, 303);
  const rows = await q<{ id: string; content_type: string }>('SELECT id, content_type FROM application_attachments WHERE application_id = $1', [appId]);
  assert.deepEqual(rows.map((r) => r.content_type), ['application/pdf']);

  // Remove it, then attach the image again (kept for the staff tests below).
  const removed = await postMultipart(resident, `/applications/${appId}/sections/payment`, { _action: `detach:${rows[0]!.id}`, ...account });
  assert.equal(removed.status, 303);
  assert.match(removed.location ?? '', /notice=file-removed/);
  assert.equal((await q('SELECT 1 FROM application_attachments WHERE application_id = $1', [appId])).length, 0);
  assert.equal((await payment({}, [{ field: 'accountDocument', name: 'passbook.jpg', content: photo }])).status, 303);
  const listed = await withTenant(p.deps.db, t.code, (tx) => listAttachments(tx, t.code, appId));
  assert.deepEqual(listed.map((a) => [a.field, a.fileName, a.contentType]), [['accountDocument', 'passbook.jpg', 'image/jpeg']]);

  // Another resident cannot download it.
  const other = t.client();
  await signInResidentByCard(p, t, other, 'demo-takahashi-kenta');
  assert.equal((await other.get(`/applications/${appId}/attachments/${row!.id}`)).status, 404);
});

test('after submission staff who may read the case get a safe rendition, audit-logged; others are refused; key rotation keeps it readable', async () => {
  assert.equal((await resident.post(`/applications/${appId}/sections/contact`, { _action: 'next', phone: '090-1234-5678', email: 'hanako@example.jp' })).status, 303);
  assert.equal((await resident.post(`/applications/${appId}/sections/declaration`, { _action: 'next', consent: 'yes' })).status, 303);
  // A file left behind by a field the answers no longer list (e.g. hidden by a condition) is not submitted.
  await withTenant(p.deps.db, t.code, async (tx) => addAttachment(tx, await p.deps.keyring.forTenant(tx, t.code), t.code, { applicationId: appId, field: 'hiddenField', fileName: 'left.pdf', contentType: 'application/pdf', content: buildPdf() }));
  const submitted = await resident.post(`/applications/${appId}/submit`, { idempotencyKey: appId });
  assert.equal(submitted.status, 303);
  const attachments = await q<{ id: string }>('SELECT id FROM application_attachments WHERE application_id = $1', [appId]);
  assert.equal(attachments.length, 1, 'exactly the submitted file');
  const attachment = attachments[0];
  assert.match((await resident.get(`/applications/${appId}`)).text, new RegExp(`href="/applications/${appId}/attachments/${attachment!.id}"`), 'the resident keeps a link to what was submitted');
  const [answers] = await q<{ status: string }>('SELECT status FROM applications WHERE id = $1', [appId]);
  assert.equal(answers!.status, 'submitted');
  const [dept] = await q<{ department_id: string }>("SELECT department_id FROM procedures WHERE slug = 'child-allowance-claim'");
  const clerk = await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: dept!.department_id }] });
  const staff = t.client();
  await signInStaff(staff, clerk);
  const url = `/staff/cases/${appId}/attachments/${attachment!.id}`;
  const image = await staff.get(url);
  assert.equal(image.status, 200);
  assert.equal(image.headers['content-type'], 'image/jpeg');
  assert.match(String(image.headers['content-disposition']), /^inline; filename="passbook.jpg"/);
  assert.match(String(image.headers['content-security-policy']), /sandbox/);
  assert.equal(image.headers['x-content-type-options'], 'nosniff');
  const audits = await q<{ action: string; actor_id: string }>("SELECT action, actor_id FROM audit_log WHERE action = 'application.attachment.read' AND record_id = $1", [attachment!.id]);
  assert.equal(audits.length, 1);
  assert.equal(audits[0]!.actor_id, clerk.id);

  const outsider = await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: (await q<{ id: string }>('SELECT id FROM departments WHERE id <> $1 LIMIT 1', [dept!.department_id]))[0]!.id }] });
  const outsiderClient = t.client();
  await signInStaff(outsiderClient, outsider);
  assert.equal((await outsiderClient.get(url)).status, 403);

  await withTenant(p.deps.db, t.code, (tx) => rotateTenantDataKey(p.deps.keyring, tx, t.code));
  const again = await staff.get(url);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, image.body, 'the same bytes after the data key was rotated');
});
