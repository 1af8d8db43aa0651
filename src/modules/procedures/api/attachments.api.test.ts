/**
 * Attachments through the resident API, through the real HTTP app: upload (multipart, the same
 * content checks and limits as the web form, stored encrypted for the resident only), then name
 * the id in a file field's answer of a one-request submission or a draft. Ids of another resident,
 * procedure or field, used ones, expired ones and non-ids are refused with 422 naming the field;
 * the submitted file reaches the staff case page.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import type { TestClient } from '../../../../test/support/client.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { buildJpeg, buildPdf } from '../../../../test/support/images.ts';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { bearerToken } from '../../../../test/support/api-tokens.ts';
import { addPendingUpload, MAX_PENDING_UPLOADS } from '../attachments/attachments.service.ts';
import { UPLOADS_PER_HOUR } from '../attachments/store-uploads.ts';
import { createTenFieldProcedure, FILE_FIELD_SLUG, fileFieldForm, TEN_FIELD_SLUG, tenFieldAnswers } from './testkit.ts';

let p: TestPlatform;
let t: TestTenant;
let resident: TestClient;
let residentId: string;
let csrf: string;
let other: TestClient;
let otherCsrf: string;

const UPLOAD_LIMIT = 8 * 1024 * 1024;
/** A second procedure with the same form: its uploads are not this one's. */
const OTHER_FILE_SLUG = 'api-file-notice-other';

before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false', UPLOAD_LIMIT_BYTES: String(UPLOAD_LIMIT) } });
  t = await buildTenant(p);
  await createTenFieldProcedure(p.deps, t.code);
  await createTenFieldProcedure(p.deps, t.code, { slug: FILE_FIELD_SLUG, form: fileFieldForm });
  await createTenFieldProcedure(p.deps, t.code, { slug: OTHER_FILE_SLUG, form: fileFieldForm });
  resident = t.client();
  ({ residentId } = await signInResidentByCard(p, t, resident));
  csrf = (await resident.api('GET', '/api/resident/v1/session')).json().csrfToken;
  other = t.client();
  await signInResidentByCard(p, t, other, 'demo-takahashi-kenta');
  otherCsrf = (await other.api('GET', '/api/resident/v1/session')).json().csrfToken;
});
after(() => p.stop());

const q = <T>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T & Record<string, unknown>>(sql, params));

/** multipart/form-data as an app's FormData would send it, with the resident API's headers. */
function multipart(client: TestClient, fields: Record<string, string>, file?: { name: string; content: Buffer; type?: string }, headers: Record<string, string> = {}) {
  const boundary = `----yakuba${crypto.randomUUID()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return client.raw('POST', '/api/resident/v1/attachments', Buffer.concat(parts), { 'content-type': `multipart/form-data; boundary=${boundary}`, accept: 'application/json', ...headers });
}

const upload = (client: TestClient, token: string, field: string, file: { name: string; content: Buffer; type?: string }, procedure = FILE_FIELD_SLUG) =>
  multipart(client, { procedure, field }, file, { 'x-csrf-token': token });

async function uploadedId(client: TestClient, token: string, field = 'idDocument', procedure = FILE_FIELD_SLUG): Promise<string> {
  const r = await upload(client, token, field, { name: '在留カード.pdf', content: buildPdf() }, procedure);
  assert.equal(r.status, 201, r.text);
  return r.json().id;
}

const submitPath = `/api/resident/v1/procedures/${FILE_FIELD_SLUG}/applications`;
const submit = (answers: Record<string, unknown>, headers: Record<string, string> = {}) => resident.api('POST', submitPath, { answers }, { 'x-csrf-token': csrf, 'idempotency-key': crypto.randomUUID(), ...headers });

test('the OpenAPI document has the upload operation, multipart, with its errors', async () => {
  const doc = (await t.client().api('GET', '/api/openapi.json')).json();
  const op = doc.paths['/api/resident/v1/attachments']?.post;
  assert.ok(op, 'listed');
  const schema = op.requestBody.content['multipart/form-data'].schema;
  const props = (schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema).properties;
  assert.deepEqual(Object.keys(props).sort(), ['field', 'file', 'procedure']);
  assert.equal(props.file.format, 'binary');
  for (const status of ['201', '401', '403', '413', '422', '429']) assert.ok(op.responses[status], status);
  assert.ok(doc.components.schemas.UploadedAttachment);
  assert.deepEqual(op.security, [{ residentSession: [] }]);
});

test('a PDF is stored encrypted for the resident, pending until an answer names it; the name loses its path', async () => {
  const pdf = buildPdf({ text: 'my identity card' });
  const r = await upload(resident, csrf, 'idDocument', { name: 'C:\\scans\\在留カード.pdf', content: pdf, type: 'text/html' });
  assert.equal(r.status, 201, r.text);
  const body = r.json();
  assert.match(body.id, /^[0-9a-f-]{36}$/);
  assert.deepEqual({ ...body, id: '', expiresAt: '' }, { id: '', procedure: FILE_FIELD_SLUG, field: 'idDocument', fileName: '在留カード.pdf', contentType: 'application/pdf', size: pdf.length, expiresAt: '' });
  const hours = (new Date(body.expiresAt).getTime() - Date.now()) / 3600_000;
  assert.ok(hours > 23.9 && hours <= 24, String(hours));
  const [row] = await q<{ application_id: string | null; resident_id: string; content_enc: Uint8Array }>('SELECT application_id, resident_id, content_enc FROM application_attachments WHERE id = $1', [body.id]);
  assert.equal(row!.application_id, null);
  assert.equal(row!.resident_id, residentId);
  assert.ok(!Buffer.from(row!.content_enc).includes(Buffer.from('%PDF')), 'encrypted at rest');
  // An image is accepted too (the field takes both), with the type from the content.
  const jpeg = await upload(resident, csrf, 'idDocument', { name: 'photo.pdf', content: buildJpeg() });
  assert.equal(jpeg.status, 201, jpeg.text);
  assert.equal(jpeg.json().contentType, 'image/jpeg');
  assert.equal(jpeg.json().fileName, 'photo.jpg');
});

test('refused uploads name the field in Japanese and English; nothing is stored', async () => {
  const count = async () => (await q<{ n: number }>('SELECT count(*)::int AS n FROM application_attachments'))[0]!.n;
  const before = await count();
  const renamed = await upload(resident, csrf, 'idDocument', { name: 'passport.pdf', content: Buffer.from('<html><script>alert(1)</script></html>'), type: 'application/pdf' });
  assert.equal(renamed.status, 422, renamed.text);
  assert.equal(renamed.json().error.code, 'invalid_attachment');
  const [problem] = renamed.json().error.fields;
  assert.equal(problem.field, 'file');
  assert.match(problem.message.ja, /「本人確認書類」にはPDFまたは画像（JPEG・PNG・WebP）のファイルを選んでください（ファイル名を変えても種類は変わりません）/);
  assert.match(problem.message.en, /Proof of identity/);

  const big = await upload(resident, csrf, 'idDocument', { name: 'big.pdf', content: Buffer.concat([buildPdf(), Buffer.alloc(5 * 1024 * 1024)]) });
  assert.equal(big.status, 422);
  assert.match(big.json().error.fields[0].message.ja, /「本人確認書類」のファイルが大きすぎます（1ファイル5 MBまで）/);
  assert.match(big.json().error.fields[0].message.en, /too large \(up to 5 MB per file\)/);
  const plan = await upload(resident, csrf, 'floorPlan', { name: 'plan.pdf', content: Buffer.concat([buildPdf(), Buffer.alloc(100 * 1024)]) });
  assert.equal(plan.status, 422);
  assert.match(plan.json().error.fields[0].message.ja, /「間取り図」のファイルが大きすぎます（1ファイル100 KBまで）/);
  const image = await upload(resident, csrf, 'floorPlan', { name: 'plan.jpg', content: buildJpeg() });
  assert.equal(image.status, 422, 'the field takes PDFs only');
  assert.match(image.json().error.fields[0].message.ja, /「間取り図」にはPDFのファイルを選んでください/);
  const active = await upload(resident, csrf, 'idDocument', { name: 'x.pdf', content: buildPdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' }) });
  assert.equal(active.status, 422);
  assert.match(active.json().error.fields[0].message.ja, /スクリプトや埋め込みファイル/);
  const empty = await upload(resident, csrf, 'idDocument', { name: 'empty.pdf', content: Buffer.alloc(0) });
  assert.equal(empty.status, 422);
  assert.match(empty.json().error.fields[0].message.ja, /「本人確認書類」のファイルが空です/);
  const none = await multipart(resident, { procedure: FILE_FIELD_SLUG, field: 'idDocument' }, undefined, { 'x-csrf-token': csrf });
  assert.equal(none.status, 400);
  assert.equal(none.json().error.fields[0].field, 'file');
  assert.match(none.json().error.fields[0].message.ja, /「file」/);

  const huge = await upload(resident, csrf, 'idDocument', { name: 'huge.pdf', content: Buffer.alloc(UPLOAD_LIMIT + 1024) });
  assert.equal(huge.status, 413);
  assert.equal(huge.json().error.code, 'payload_too_large');

  for (const [fields, field] of [
    [{ procedure: 'no-such-procedure', field: 'idDocument' }, 'procedure'],
    [{ procedure: 'NOT A SLUG', field: 'idDocument' }, 'procedure'],
    [{ procedure: FILE_FIELD_SLUG, field: 'applicantName' }, 'field'],
    [{ procedure: FILE_FIELD_SLUG, field: 'nothing' }, 'field'],
    [{ procedure: FILE_FIELD_SLUG, field: '../../etc' }, 'field'],
    [{ procedure: TEN_FIELD_SLUG, field: 'idDocument' }, 'field'],
    [{ field: 'idDocument' }, 'procedure'],
  ] as const) {
    const r = await multipart(resident, fields, { name: 'a.pdf', content: buildPdf() }, { 'x-csrf-token': csrf });
    assert.equal(r.status, 400, JSON.stringify(fields) + r.text);
    const named = r.json().error.fields.find((f: { field: string }) => f.field === field);
    assert.ok(named, `${JSON.stringify(fields)}: ${r.text}`);
    assert.ok(named.message.ja && named.message.en);
  }
  const asJson = await resident.api('POST', '/api/resident/v1/attachments', { procedure: FILE_FIELD_SLUG, field: 'idDocument', file: 'JVBERi0=' }, { 'x-csrf-token': csrf });
  assert.ok([400, 415].includes(asJson.status), String(asJson.status));
  assert.equal(await count(), before);
});

test('sign-in and CSRF are required; uploads share the per-resident rate limit', async () => {
  const anonymous = t.client();
  const token = (await anonymous.api('GET', '/api/resident/v1/session')).json().csrfToken;
  assert.equal((await upload(anonymous, token, 'idDocument', { name: 'a.pdf', content: buildPdf() })).status, 401);
  const noCsrf = await multipart(resident, { procedure: FILE_FIELD_SLUG, field: 'idDocument' }, { name: 'a.pdf', content: buildPdf() });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.json().error.code, 'csrf_failed');
  assert.equal((await multipart(resident, { procedure: FILE_FIELD_SLUG, field: 'idDocument' }, { name: 'a.pdf', content: buildPdf() }, { 'x-csrf-token': csrf, origin: 'https://evil.example' })).status, 403);

  const limited = t.client();
  const { residentId: limitedId } = await signInResidentByCard(p, t, limited, 'demo-watanabe-sakura');
  const limitedCsrf = (await limited.api('GET', '/api/resident/v1/session')).json().csrfToken;
  const windowStart = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
  await q('INSERT INTO rate_limits (tenant_id, bucket, window_start, hits) VALUES ($1, $2, $3, $4)', [t.code, `attachment-upload:${limitedId}`, windowStart, UPLOADS_PER_HOUR]);
  const r = await upload(limited, limitedCsrf, 'idDocument', { name: 'a.pdf', content: buildPdf() });
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers['retry-after']) > 0);
});

test('a submission names its upload; staff see and download it; the id cannot be used again; a retry replays', async () => {
  const id = await uploadedId(resident, csrf);
  const key = crypto.randomUUID();
  const made = await submit({ ...tenFieldAnswers(1), idDocument: id }, { 'idempotency-key': key });
  assert.equal(made.status, 201, made.text);
  const appId = made.json().id;
  const [row] = await q<{ application_id: string }>('SELECT application_id FROM application_attachments WHERE id = $1', [id]);
  assert.equal(row!.application_id, appId);
  const mine = (await resident.api('GET', `/api/resident/v1/applications/${appId}`)).json();
  assert.deepEqual(mine.answers.idDocument.map((a: { id: string; fileName: string }) => [a.id, a.fileName]), [[id, '在留カード.pdf']]);
  assert.equal((await resident.get(`/applications/${appId}/attachments/${id}`)).status, 200, 'the resident downloads it on the web');

  // The same key again replays (the id is now the application's, which would otherwise be refused).
  const replayed = await submit({ ...tenFieldAnswers(1), idDocument: id }, { 'idempotency-key': key });
  assert.equal(replayed.status, 201);
  assert.equal(replayed.headers['idempotent-replayed'], 'true');
  assert.equal(replayed.json().id, appId);
  const reused = await submit({ ...tenFieldAnswers(2), idDocument: id });
  assert.equal(reused.status, 422);
  assert.equal(reused.json().error.fields[0].field, 'answers.idDocument');

  const [dept] = await q<{ id: string }>("SELECT id FROM departments WHERE code = 'api-test'");
  const clerk = await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: dept!.id }] });
  const staff = t.client();
  await signInStaff(staff, clerk);
  const page = await staff.get(`/staff/cases/${appId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`<a href="/staff/cases/${appId}/attachments/${id}">在留カード\\.pdf</a>`));
  const file = await staff.get(`/staff/cases/${appId}/attachments/${id}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers['content-type'], 'application/pdf');
  assert.match(String(file.headers['content-disposition']), /^attachment;/);
  assert.ok(file.body.subarray(0, 5).equals(Buffer.from('%PDF-')));

  // Through the APIs: the resident's own file, and a core system's with a cases:read token (audited).
  const ownApi = await resident.api('GET', `/api/resident/v1/applications/${appId}/attachments/${id}`);
  assert.equal(ownApi.status, 200);
  assert.equal(ownApi.headers['content-type'], 'application/pdf');
  assert.match(String(ownApi.headers['content-security-policy']), /sandbox/);
  assert.equal(ownApi.headers['x-content-type-options'], 'nosniff');
  assert.ok(ownApi.body.equals(file.body), 'the same bytes as the staff download');
  assert.equal((await other.api('GET', `/api/resident/v1/applications/${appId}/attachments/${id}`)).status, 404, "another resident's file is not found");
  assert.equal((await resident.api('GET', `/api/resident/v1/applications/${appId}/attachments/${crypto.randomUUID()}`)).status, 404);
  assert.equal((await resident.api('GET', `/api/resident/v1/applications/${appId}/attachments/not-an-id`)).status, 400);
  const token = (scopes: string[]) => bearerToken(p, t.code, scopes);
  const system = await t.client().api('GET', `/api/v1/cases/${appId}/attachments/${id}`, undefined, { authorization: await token(['cases:read']) });
  assert.equal(system.status, 200);
  assert.ok(system.body.equals(file.body));
  assert.match(String(system.headers['content-disposition']), /filename\*=UTF-8''%E5%9C%A8%E7%95%99/);
  const [read] = await q<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'application.attachment.read' AND actor_kind = 'api' AND record_id = $1", [id]);
  assert.equal(read!.n, 1, 'the read is audit-logged with the token as actor');
  assert.equal((await t.client().api('GET', `/api/v1/cases/${appId}/attachments/${id}`, undefined, { authorization: await token(['cases:export']) })).status, 403);
  assert.equal((await t.client().api('GET', `/api/v1/cases/${appId}/attachments/${id}`)).status, 401);
});

test("ids the field may not use are refused with 422 naming the field: another resident's, procedure's or field's, expired, unknown, not ids", async () => {
  const theirs = await uploadedId(other, otherCsrf);
  const plan = await (async () => {
    const r = await upload(resident, csrf, 'floorPlan', { name: 'plan.pdf', content: buildPdf() });
    assert.equal(r.status, 201, r.text);
    return r.json().id as string;
  })();
  const elsewhere = await uploadedId(resident, csrf, 'idDocument', OTHER_FILE_SLUG);
  const expired = await uploadedId(resident, csrf);
  const two = [await uploadedId(resident, csrf), await uploadedId(resident, csrf)];
  // Past its 24 hours but not yet deleted (that happens at the next upload): still refused.
  await q("UPDATE application_attachments SET created_at = now() - interval '25 hours' WHERE id = $1", [expired]);
  const count = async () => (await q<{ n: number }>("SELECT count(*)::int AS n FROM applications WHERE status <> 'draft'"))[0]!.n;
  const before = await count();
  for (const [value, pattern] of [
    [theirs, /「本人確認書類」の添付ファイル .* は使えません/],
    [plan, /は使えません/],
    [elsewhere, /この手続のこの項目のため/],
    [expired, /24時間以内/],
    [crypto.randomUUID(), /は使えません/],
    ['not-an-id', /not-an-id/],
    [two, /「本人確認書類」は1ファイルまでです/],
    [[{ name: 'x' }], /アップロード（POST \/api\/resident\/v1\/attachments）で受け取ったID/],
    [{ id: theirs }, /受け取ったID/],
  ] as const) {
    const r = await submit({ ...tenFieldAnswers(3), idDocument: value });
    assert.equal(r.status, 422, `${JSON.stringify(value)}: ${r.text}`);
    assert.equal(r.json().error.code, 'invalid_attachment');
    const [f] = r.json().error.fields;
    assert.equal(f.field, 'answers.idDocument');
    assert.match(f.message.ja, pattern);
    assert.match(f.message.en, /Proof of identity/);
  }
  // A form without the field: the answer is an unknown field.
  const noField = await resident.api('POST', `/api/resident/v1/procedures/${TEN_FIELD_SLUG}/applications`, { answers: { ...tenFieldAnswers(4), idDocument: two[0] } }, { 'x-csrf-token': csrf, 'idempotency-key': crypto.randomUUID() });
  assert.equal(noField.status, 400);
  assert.equal(noField.json().error.fields[0].field, 'answers.idDocument');
  // A required file field left out is named like any missing answer.
  const missing = await submit(tenFieldAnswers(5));
  assert.equal(missing.status, 400);
  assert.ok(missing.json().error.fields.some((f: { field: string; message: { ja: string } }) => f.field === 'answers.idDocument' && /「本人確認書類」のファイルを選んでください/.test(f.message.ja)));
  assert.equal(await count(), before);
  const [still] = await q<{ application_id: string | null }>('SELECT application_id FROM application_attachments WHERE id = $1', [theirs]);
  assert.equal(still!.application_id, null, "the other resident's upload is untouched");
});

test('drafts: an answer names the upload, a new id replaces it, submission keeps exactly that file; another draft cannot take it', async () => {
  const h = { 'x-csrf-token': csrf };
  const draft = (await resident.api('POST', `/api/resident/v1/procedures/${FILE_FIELD_SLUG}/drafts`, undefined, h)).json().id;
  const first = await uploadedId(resident, csrf);
  const saved = await resident.api('PUT', `/api/resident/v1/applications/${draft}/answers`, { answers: { ...tenFieldAnswers(6), idDocument: [first] } }, h);
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json().complete, true);
  assert.deepEqual(saved.json().answers.idDocument.map((a: { id: string }) => a.id), [first]);
  // Saving what was read back keeps it.
  const again = await resident.api('PUT', `/api/resident/v1/applications/${draft}/answers`, { answers: { idDocument: saved.json().answers.idDocument } }, h);
  assert.equal(again.status, 200, again.text);
  const second = await uploadedId(resident, csrf);
  const replaced = await resident.api('PUT', `/api/resident/v1/applications/${draft}/answers`, { answers: { idDocument: second } }, h);
  assert.equal(replaced.status, 200);
  const files = await q<{ id: string }>('SELECT id FROM application_attachments WHERE application_id = $1', [draft]);
  assert.deepEqual(files.map((f) => f.id), [second], 'the earlier file of the field is removed');
  // Another resident's draft cannot name it.
  const theirDraft = (await other.api('POST', `/api/resident/v1/procedures/${FILE_FIELD_SLUG}/drafts`, undefined, { 'x-csrf-token': otherCsrf })).json().id;
  const stolen = await other.api('PUT', `/api/resident/v1/applications/${theirDraft}/answers`, { answers: { idDocument: second } }, { 'x-csrf-token': otherCsrf });
  assert.equal(stolen.status, 422);
  assert.equal(stolen.json().error.fields[0].field, 'answers.idDocument');
  assert.match(stolen.json().error.fields[0].message.en, /cannot be used for Proof of identity/);
  const sent = await resident.api('POST', `/api/resident/v1/applications/${draft}/submit`, undefined, { ...h, 'idempotency-key': crypto.randomUUID() });
  assert.equal(sent.status, 201, sent.text);
  const read = (await resident.api('GET', `/api/resident/v1/applications/${draft}`)).json();
  assert.deepEqual(read.answers.idDocument.map((a: { id: string }) => a.id), [second]);
  assert.equal((await resident.api('PUT', `/api/resident/v1/applications/${draft}/answers`, { answers: { idDocument: '' } }, h)).status, 409);
});

test('concurrent submissions naming one upload make one application; the others get 422 and the rest of their group still commits', async () => {
  const id = await uploadedId(resident, csrf);
  const others = await Promise.all([0, 1, 2].map(() => uploadedId(resident, csrf)));
  const results = await Promise.all([
    ...Array.from({ length: 4 }, (_, i) => submit({ ...tenFieldAnswers(20 + i), idDocument: id })),
    ...others.map((other, i) => submit({ ...tenFieldAnswers(30 + i), idDocument: other })),
  ]);
  const same = results.slice(0, 4);
  assert.deepEqual(same.map((r) => r.status).sort(), [201, 422, 422, 422], same.map((r) => r.text).join('\n'));
  for (const r of same.filter((x) => x.status === 422)) assert.equal(r.json().error.fields[0].field, 'answers.idDocument');
  assert.ok(results.slice(4).every((r) => r.status === 201), 'submissions with their own uploads are not affected');
  const winner = same.find((r) => r.status === 201)!.json().id;
  const [row] = await q<{ application_id: string }>('SELECT application_id FROM application_attachments WHERE id = $1', [id]);
  assert.equal(row!.application_id, winner);
  const apps = await q<{ n: number }>("SELECT count(*)::int AS n FROM applications WHERE status = 'submitted' AND id = ANY ($1::uuid[])", [results.filter((r) => r.status === 201).map((r) => r.json().id)]);
  assert.equal(apps[0]!.n, 4);
});

test('a resident holds at most MAX_PENDING_UPLOADS unused uploads; expired ones are deleted at the next upload', async () => {
  const holder = t.client();
  const { residentId: holderId } = await signInResidentByCard(p, t, holder, 'demo-sato-sho');
  const holderCsrf = (await holder.api('GET', '/api/resident/v1/session')).json().csrfToken;
  const ids = await withTenant(p.deps.db, t.code, async (tx) => {
    const cipher = await p.deps.keyring.forTenant(tx, t.code);
    const [proc] = await tx.query<{ id: string }>('SELECT id FROM procedures WHERE slug = $1', [FILE_FIELD_SLUG]);
    const out: string[] = [];
    for (let i = 0; i < MAX_PENDING_UPLOADS; i++) out.push((await addPendingUpload(tx, cipher, t.code, { residentId: holderId, procedureId: proc!.id, field: 'idDocument', fileName: `${i}.pdf`, contentType: 'application/pdf', content: buildPdf() }))!.id);
    return out;
  });
  const full = await upload(holder, holderCsrf, 'idDocument', { name: 'one-more.pdf', content: buildPdf() });
  assert.equal(full.status, 422);
  assert.equal(full.json().error.fields[0].field, 'file');
  assert.match(full.json().error.fields[0].message.ja, new RegExp(`まだ申請に使っていない添付ファイルが多すぎます（${MAX_PENDING_UPLOADS}件まで）`));
  await q("UPDATE application_attachments SET created_at = now() - interval '25 hours' WHERE id = $1", [ids[0]]);
  const next = await upload(holder, holderCsrf, 'idDocument', { name: 'one-more.pdf', content: buildPdf() });
  assert.equal(next.status, 201, next.text);
  assert.equal((await q('SELECT 1 FROM application_attachments WHERE id = $1', [ids[0]])).length, 0, 'the expired upload is gone');
});
