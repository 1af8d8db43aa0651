/**
 * 補正 of a file field through the real pages, without JavaScript: staff tick the file field, the
 * resident's correction page is a multipart form with a file input, a refused file is named, a
 * replacement chosen while another answer is wrong is kept (no second choice needed), and on
 * re-submission the new file is the answer while the old one stays in the case history for staff.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import type { TestClient } from '../../../../test/support/client.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { buildPdf } from '../../../../test/support/images.ts';
import { postMultipart } from '../../../../test/support/multipart.ts';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { addPendingUpload } from '../attachments/attachments.service.ts';
import { createTenFieldProcedure, FILE_FIELD_SLUG, fileFieldForm, tenFieldAnswers } from '../api/testkit.ts';

let p: TestPlatform;
let t: TestTenant;
let resident: TestClient;
let staff: TestClient;
let appId: string;
let firstFile: string;

const q = <T>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T & Record<string, unknown>>(sql, params));
const correct = (fields: Record<string, string>, files: Parameters<typeof postMultipart>[3] = []) => postMultipart(resident, `/applications/${appId}/correction`, fields, files);
const statusOf = async () => (await q<{ status: string }>('SELECT status FROM applications WHERE id = $1', [appId]))[0]!.status;

before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false' } });
  t = await buildTenant(p);
  await createTenFieldProcedure(p.deps, t.code, { slug: FILE_FIELD_SLUG, form: fileFieldForm });
  resident = t.client();
  await signInResidentByCard(p, t, resident);
  const csrf = (await resident.api('GET', '/api/resident/v1/session')).json().csrfToken;
  const boundary = `----yakuba${crypto.randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="procedure"\r\n\r\n${FILE_FIELD_SLUG}\r\n--${boundary}\r\nContent-Disposition: form-data; name="field"\r\n\r\nidDocument\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="old-card.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    buildPdf({ text: 'old card' }),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const uploaded = await resident.raw('POST', '/api/resident/v1/attachments', body, { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'application/json', 'x-csrf-token': csrf });
  assert.equal(uploaded.status, 201, uploaded.text);
  firstFile = uploaded.json().id;
  const made = await resident.api('POST', `/api/resident/v1/procedures/${FILE_FIELD_SLUG}/applications`, { answers: { ...tenFieldAnswers(1), idDocument: firstFile } }, { 'x-csrf-token': csrf, 'idempotency-key': crypto.randomUUID() });
  assert.equal(made.status, 201, made.text);
  appId = made.json().id;
  const [dept] = await q<{ id: string }>("SELECT id FROM departments WHERE code = 'api-test'");
  staff = t.client();
  await signInStaff(staff, await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: dept!.id }] }));
});
after(() => p.stop());

test('staff can return a file field; the resident gets a multipart correction page with the file and a file input', async () => {
  const page = await staff.get(`/staff/cases/${appId}`);
  assert.match(page.text, /<input type="checkbox" name="fields" value="idDocument"/);
  const asked = await staff.post(`/staff/cases/${appId}/correction`, { fields: ['idDocument', 'phone'], message: '本人確認書類が読み取れません。撮り直して添付してください。' });
  assert.equal(asked.status, 303, asked.text);
  assert.equal(await statusOf(), 'correction_requested');
  const form = await resident.get(`/applications/${appId}/correction`);
  assert.equal(form.status, 200);
  assert.match(form.text, /<form method="post" action="\/applications\/[0-9a-f-]+\/correction" enctype="multipart\/form-data"/);
  assert.match(form.text, /<input class="input" type="file" id="f-idDocument" name="idDocument"/);
  assert.match(form.text, new RegExp(`<a href="/applications/${appId}/attachments/${firstFile}">old-card\\.pdf</a>`));
  assert.match(form.text, /新しいファイルを選ぶと、いま添付されているファイルと置き換わります/);
  assert.match(form.text, /name="phone"/);
});

test('a refused file is named and nothing changes; a replacement chosen beside a wrong answer is kept; re-submitting swaps the file and keeps the old one for staff', async () => {
  const renamed = await correct({ phone: '090-1111-2222' }, [{ field: 'idDocument', name: 'card.pdf', content: Buffer.from('<html><body>not a pdf</body></html>'), type: 'application/pdf' }]);
  assert.equal(renamed.status, 400);
  assert.match(renamed.text, /「本人確認書類」にはPDFまたは画像（JPEG・PNG・WebP）のファイルを選んでください/);
  assert.equal(await statusOf(), 'correction_requested');

  const wrongPhone = await correct({ phone: 'でんわ' }, [{ field: 'idDocument', name: 'new-card.pdf', content: buildPdf({ text: 'new card' }) }]);
  assert.equal(wrongPhone.status, 400);
  assert.match(wrongPhone.text, /「電話番号」/);
  assert.match(wrongPhone.text, /差し替えるファイル: new-card\.pdf/);
  const kept = /name="idDocument\.replacement" value="([0-9a-f-]{36})"/.exec(wrongPhone.text);
  assert.ok(kept, 'the replacement rides along in the page');
  assert.equal(await statusOf(), 'correction_requested');
  const [pending] = await q<{ application_id: string | null }>('SELECT application_id FROM application_attachments WHERE id = $1', [kept[1]]);
  assert.equal(pending!.application_id, null, 'held for the resident, not yet the application\'s');

  const sent = await correct({ phone: '090-1111-2222', 'idDocument.replacement': kept[1]! });
  assert.equal(sent.status, 303, sent.text);
  assert.equal(sent.location, `/applications/${appId}?notice=resubmitted`);
  assert.equal(await statusOf(), 'submitted');
  const rows = await q<{ id: string; file_name: string; replaced_at: Date | null; replaced_by_correction: string | null }>('SELECT id, file_name, replaced_at, replaced_by_correction FROM application_attachments WHERE application_id = $1 ORDER BY created_at', [appId]);
  const [request] = await q<{ id: string }>('SELECT id FROM correction_requests WHERE application_id = $1', [appId]);
  assert.deepEqual(rows.map((r) => [r.id, r.file_name, r.replaced_at !== null, r.replaced_by_correction]), [
    [firstFile, 'old-card.pdf', true, request!.id],
    [kept[1], 'new-card.pdf', false, null],
  ]);
  const audit = await q<{ details: { replacedFiles: string[] } }>("SELECT details FROM audit_log WHERE action = 'application.resubmit' AND record_id = $1", [appId]);
  assert.deepEqual(audit[0]!.details.replacedFiles, ['idDocument']);

  const mine = await resident.get(`/applications/${appId}`);
  assert.match(mine.text, new RegExp(`href="/applications/${appId}/attachments/${kept[1]}"`));
  assert.doesNotMatch(mine.text, new RegExp(firstFile), 'the resident sees what is submitted now');

  const page = await staff.get(`/staff/cases/${appId}`);
  assert.match(page.text, new RegExp(`<a href="/staff/cases/${appId}/attachments/${kept[1]}">new-card\\.pdf</a>`));
  assert.match(page.text, /<h2 id="replaced-files">補正で差し替えられたファイル<\/h2>/);
  assert.match(page.text, new RegExp(`本人確認書類: <a href="/staff/cases/${appId}/attachments/${firstFile}">old-card\\.pdf</a>`));
  const old = await staff.get(`/staff/cases/${appId}/attachments/${firstFile}`);
  assert.equal(old.status, 200);
  assert.ok(old.body.includes(Buffer.from('old card')), 'the replaced file is still readable by staff');
});

test('a second 補正: no new file keeps the current one; a replacement id that is not the resident\'s upload is refused', async () => {
  assert.equal((await staff.post(`/staff/cases/${appId}/correction`, { fields: ['idDocument'], message: 'もう一度確認してください' })).status, 303);
  const [current] = await q<{ id: string }>('SELECT id FROM application_attachments WHERE application_id = $1 AND replaced_at IS NULL', [appId]);
  const [other] = await q<{ id: string }>('SELECT id FROM residents WHERE id <> (SELECT resident_id FROM applications WHERE id = $1) LIMIT 1', [appId]);
  const otherResident = other?.id ?? crypto.randomUUID();
  const foreign = await withTenant(p.deps.db, t.code, async (tx) => {
    const [proc] = await tx.query<{ id: string }>('SELECT id FROM procedures WHERE slug = $1', [FILE_FIELD_SLUG]);
    const saved = await addPendingUpload(tx, await p.deps.keyring.forTenant(tx, t.code), t.code, { residentId: otherResident, procedureId: proc!.id, field: 'idDocument', fileName: 'x.pdf', contentType: 'application/pdf', content: buildPdf() });
    return saved!.id;
  });
  const refused = await correct({ 'idDocument.replacement': foreign });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /「本人確認書類」の差し替えファイルが見つかりません.*もう一度選んでください。/);
  assert.equal(await statusOf(), 'correction_requested');

  const unchanged = await correct({});
  assert.equal(unchanged.status, 303, unchanged.text);
  const files = await q<{ id: string }>('SELECT id FROM application_attachments WHERE application_id = $1 AND replaced_at IS NULL', [appId]);
  assert.deepEqual(files.map((f) => f.id), [current!.id]);
  assert.equal((await q('SELECT 1 FROM application_attachments WHERE application_id = $1 AND replaced_at IS NOT NULL', [appId])).length, 1);
});
