/** Hand-off to core systems over HTTP: batches, export marks, re-download, Shift_JIS report, permissions, audit. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import iconv from 'iconv-lite';
import { applyWithSmallForm, smallTestForm } from '../../../../test/support/applications.ts';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { signInResidentByCard } from '../../../../test/support/residents.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { decideApplication, getApplication } from '../applications.service.ts';
import { publishForm } from '../forms/forms.service.ts';
import { seedDemoProcedures } from '../procedures.seed.ts';
import { exportAcceptedCases, FIXED_COLUMNS } from './export.service.ts';

let p: TestPlatform;
let t: TestTenant;
let manager: TestClient;
let clerk: TestClient;
let otherManager: TestClient;
let admin: TestClient;
let managerId: string;
let procedureId: string;
const apps = {} as { yoshida: string; formula: string; rejected: string; later: string };

const q = <T>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T & Record<string, unknown>>(sql, params));

async function decide(id: string, decision: 'accepted' | 'rejected') {
  await withTenant(p.deps.db, t.code, async (tx) => {
    const cipher = await p.deps.keyring.forTenant(tx, t.code);
    const app = (await getApplication(tx, cipher, t.code, id, { lock: true }))!;
    await decideApplication(tx, t.code, app, { decision, staffId: managerId, note: decision === 'rejected' ? '要件を満たさないため' : '', mail: { procedureName: { ja: '保育', en: 'Nursery' }, tenantName: t.nameJa, link: t.origin } });
  });
}

/** Posts the export form; returns the batch id from the redirect, or null for "nothing to export". */
async function exportVia(client: TestClient, form: Record<string, string>): Promise<string | null> {
  const res = await client.post('/staff/cases/export', { procedure: procedureId, scope: 'new', encoding: 'utf-8', ...form });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  if (res.location === '/staff/cases/export?notice=empty') return null;
  return /\/staff\/cases\/export\/batches\/([0-9a-f-]{36})$/.exec(res.location ?? '')![1]!;
}

before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false' } });
  t = await buildTenant(p);
  await seedDemoProcedures(p.deps, t.code);
  const [proc] = await q<{ id: string; department_id: string }>("SELECT id, department_id FROM procedures WHERE slug = 'nursery-application'");
  procedureId = proc!.id;
  const [fukushi] = await q<{ id: string }>("SELECT id FROM departments WHERE code = 'fukushi'");
  await withTenant(p.deps.db, t.code, (tx) => publishForm(tx, t.code, procedureId, smallTestForm));
  const sign = async (roles: { role: 'manager' | 'clerk' | 'admin'; departmentId: string | null }[]) => {
    const c = t.client();
    const s = await buildStaff(p, t, { roles });
    await signInStaff(c, s);
    return { c, id: s.id };
  };
  const m = await sign([{ role: 'manager', departmentId: proc!.department_id }]);
  manager = m.c;
  managerId = m.id;
  clerk = (await sign([{ role: 'clerk', departmentId: proc!.department_id }])).c;
  otherManager = (await sign([{ role: 'manager', departmentId: fukushi!.id }])).c;
  admin = (await sign([{ role: 'admin', departmentId: null }])).c;
  const resident = t.client();
  await signInResidentByCard(p, t, resident);
  apps.yoshida = await applyWithSmallForm(resident, { name: '𠮷田 花子', children: ['髙橋 一郎', '𠮷田 次郎'] });
  apps.formula = await applyWithSmallForm(resident, { name: '=HYPERLINK("http://evil.example","x")', children: ['@SUM(A1)'], plan: 'west' });
  apps.rejected = await applyWithSmallForm(resident, { name: '却下 太郎', children: ['却下 花子'] });
  apps.later = await applyWithSmallForm(resident, { name: '後日 承認', children: ['後日 子'] });
  await decide(apps.yoshida, 'accepted');
  await decide(apps.formula, 'accepted');
  await decide(apps.rejected, 'rejected');
});
after(() => p.stop());

test('"only new" exports the accepted cases as UTF-8 CSV with documented columns, marks them, and the second one is empty', async () => {
  const page = await manager.get('/staff/cases/export');
  assert.equal(page.status, 200);
  assert.match(page.text, /保育施設等の利用申込/);
  const batchId = (await exportVia(manager, {}))!;
  assert.ok(batchId);
  const result = await manager.get(`/staff/cases/export/batches/${batchId}`);
  assert.match(result.text, /2件の申請をCSVに出力し/);
  assert.match(result.text, new RegExp(`<a href="/staff/cases/${apps.yoshida}">\\d{4}-\\d{6}</a>`), 'the batch page lists the cases it marked');
  const file = await manager.get(`/staff/cases/export/batches/${batchId}/download`);
  assert.equal(file.status, 200);
  assert.equal(file.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(String(file.headers['content-disposition']), /^attachment; filename="cases-nursery-application_\d{8}-\d{6}_utf8\.csv"; filename\*=UTF-8''/);
  assert.deepEqual([...file.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = file.body.subarray(3).toString('utf8').split('\r\n');
  assert.equal(lines.length, 4, 'header, two cases, final CRLF');
  const header = [...FIXED_COLUMNS, 'applicantName', 'email', 'plan', ...[1, 2, 3, 4, 5].map((n) => `children${n}_name`)];
  assert.equal(lines[0], header.map((h) => `"${h}"`).join(','));
  const [receipts] = [await q<{ id: string; receipt_number: string }>('SELECT id, receipt_number FROM applications WHERE id = ANY ($1)', [[apps.yoshida, apps.formula]])];
  const receiptOf = (id: string) => receipts.find((r) => r.id === id)!.receipt_number;
  assert.ok(lines[1]!.startsWith(`"${receiptOf(apps.yoshida)}","${apps.yoshida}","nursery-application","保育施設等の利用申込","2","`));
  assert.match(lines[1]!, /"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00","\d{4}-\d{2}-\d{2}","子育て支援課 第\d{4}-\d{6}号","𠮷田 花子","hanako@example\.jp","east","髙橋 一郎","𠮷田 次郎","","",""$/);
  // Formula injection: the cells are inert text.
  assert.match(lines[2]!, /,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)","hanako@example\.jp","west","'@SUM\(A1\)",/);
  assert.doesNotMatch(file.text, /却下 太郎|後日 承認/, 'only accepted cases');
  // The batch record: who, how many, the file hash; each case marked.
  const [batch] = await q<{ case_count: number; sha256: string; actor_id: string; scope: string }>('SELECT case_count, sha256, actor_id, scope FROM export_batches WHERE id = $1', [batchId]);
  assert.deepEqual({ ...batch }, { case_count: 2, sha256: createHash('sha256').update(file.body).digest('hex'), actor_id: managerId, scope: 'new' });
  const marks = await q<{ application_id: string; row_no: number }>('SELECT application_id, row_no FROM export_batch_cases WHERE batch_id = $1 ORDER BY row_no', [batchId]);
  assert.deepEqual(marks.map((r) => r.application_id), [apps.yoshida, apps.formula]);
  // Nothing new: no batch, nothing marked, the page says so.
  assert.equal(await exportVia(manager, {}), null);
  assert.match((await manager.get('/staff/cases/export?notice=empty')).text, /出力する申請はありませんでした/);
  assert.equal((await q('SELECT 1 FROM export_batches')).length, 1);
  // A case accepted later is the only one in the next "only new" export.
  await decide(apps.later, 'accepted');
  const next = (await exportVia(manager, {}))!;
  const nextFile = await manager.get(`/staff/cases/export/batches/${next}/download`);
  assert.equal(nextFile.body.subarray(3).toString('utf8').split('\r\n').length, 3);
  assert.match(nextFile.text, /後日 承認/);
  // Downloading a past batch again gives the very same bytes.
  assert.ok((await manager.get(`/staff/cases/export/batches/${batchId}/download`)).body.equals(file.body));
  const list = await manager.get('/staff/cases/export');
  assert.equal((list.text.match(/\/download"/g) ?? []).length, 2, 'past batches listed with their download');
  const audits = await q<{ action: string; record_id: string }>("SELECT action, record_id FROM audit_log WHERE action LIKE 'application.export%' ORDER BY seq");
  assert.deepEqual(audits.map((a) => a.action), ['application.export', 'application.export.download', 'application.export', 'application.export.download', 'application.export.download']);
});

test('a period export in Shift_JIS takes every case accepted in it (exported or not), writes 〓 for 𠮷 and 髙 and lists them', async () => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
  const batchId = (await exportVia(manager, { scope: 'period', from: today, to: today, encoding: 'shift_jis' }))!;
  const page = await manager.get(`/staff/cases/export/batches/${batchId}`);
  assert.match(page.text, /3件の申請/);
  assert.match(page.text, /Shift_JISで表せず〓にした文字/);
  assert.match(page.text, /applicantName<\/td>\s*<td>𠮷 \(U\+20BB7\)/);
  assert.match(page.text, /children1_name<\/td>\s*<td>髙 \(U\+9AD9\)/);
  const file = await manager.get(`/staff/cases/export/batches/${batchId}/download`);
  assert.equal(file.headers['content-type'], 'text/csv; charset=Shift_JIS');
  assert.notDeepEqual([...file.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(!file.body.includes(0x3f), 'no silent "?"');
  const text = iconv.decode(file.body, 'Shift_JIS');
  assert.match(text, /"〓田 花子","hanako@example\.jp","east","〓橋 一郎","〓田 次郎"/);
  assert.match(text, /"保育施設等の利用申込"/);
  const [batch] = await q<{ replaced: unknown }>('SELECT replaced FROM export_batches WHERE id = $1', [batchId]);
  const replaced = typeof batch!.replaced === 'string' ? JSON.parse(batch!.replaced) : batch!.replaced;
  assert.equal((replaced as unknown[]).length, 3, '𠮷 in the name, 髙 and 𠮷 in the children');
  const marked = await q<{ n: number }>('SELECT count(*)::int AS n FROM export_batch_cases WHERE application_id = $1', [apps.yoshida]);
  assert.equal(marked[0]!.n, 2, 'the case records both batches it went out in');
});

test('bad input is refused with a message naming the field; nothing is exported', async () => {
  const before = (await q('SELECT 1 FROM export_batches')).length;
  const badDate = await manager.post('/staff/cases/export', { procedure: procedureId, scope: 'period', from: '2026-02-30', to: '', encoding: 'utf-8' });
  assert.equal(badDate.status, 400);
  assert.match(badDate.text, /「承認日（から）」は日付/);
  assert.match(badDate.text, /「承認日（まで）」は日付/);
  const badEncoding = await manager.post('/staff/cases/export', { procedure: procedureId, scope: 'new', encoding: 'latin1' });
  assert.equal(badEncoding.status, 400);
  assert.match(badEncoding.text, /「文字コード」を選んでください/);
  const badProcedure = await manager.post('/staff/cases/export', { procedure: 'not-a-procedure', scope: 'new', encoding: 'utf-8' });
  assert.equal(badProcedure.status, 400);
  assert.match(badProcedure.text, /「手続」を選んでください/);
  const reversed = await manager.post('/staff/cases/export', { procedure: procedureId, scope: 'period', from: '2026-05-02', to: '2026-05-01', encoding: 'utf-8' });
  assert.equal(reversed.status, 400);
  assert.equal((await q('SELECT 1 FROM export_batches')).length, before);
});

test('only managers of the department and administrators export; others get 403, unknown batches 404', async () => {
  const [batch] = await q<{ id: string }>('SELECT id FROM export_batches ORDER BY created_at LIMIT 1');
  assert.equal((await clerk.get('/staff/cases/export')).status, 403);
  assert.equal((await clerk.post('/staff/cases/export', { procedure: procedureId, scope: 'new', encoding: 'utf-8' })).status, 403);
  assert.equal((await clerk.get(`/staff/cases/export/batches/${batch!.id}/download`)).status, 403);
  const other = await otherManager.get('/staff/cases/export');
  assert.equal(other.status, 200);
  assert.doesNotMatch(other.text, /保育施設等の利用申込/, "another department's procedures and batches are not offered");
  assert.equal((await otherManager.post('/staff/cases/export', { procedure: procedureId, scope: 'new', encoding: 'utf-8' })).status, 400);
  assert.equal((await otherManager.get(`/staff/cases/export/batches/${batch!.id}`)).status, 403);
  assert.equal((await otherManager.get(`/staff/cases/export/batches/${batch!.id}/download`)).status, 403);
  assert.equal((await manager.get('/staff/cases/export/batches/00000000-0000-4000-8000-000000000000')).status, 404);
  assert.equal((await manager.get('/staff/cases/export/batches/x/download')).status, 404);
  assert.equal((await admin.get(`/staff/cases/export/batches/${batch!.id}/download`)).status, 200);
  assert.notEqual((await t.client().get('/staff/cases/export')).status, 200);
});

test('the service for the API: exportAcceptedCases returns the file and marks like the page', async () => {
  await withTenant(p.deps.db, t.code, async (tx) => {
    const cipher = await p.deps.keyring.forTenant(tx, t.code);
    const empty = await exportAcceptedCases(tx, cipher, t.code, { procedureId, onlyNew: true, encoding: 'utf-8', exportedBy: { kind: 'api', id: managerId } });
    assert.equal(empty.count, 0);
    assert.equal(empty.batchId, null);
    assert.match(empty.bytes.subarray(3).toString('utf8'), /^"receipt_number",/);
  });
});
