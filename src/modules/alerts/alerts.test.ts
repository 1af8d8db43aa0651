/**
 * Emergency alerts through the real server: templates, second-person approval, the override and
 * its audit entry, update/cancel chains, labels of exercises and tests on every channel we own,
 * the banner on resident and staff pages (and its removal on cancel and expiry), CAP documents
 * validated against the schema, the API, bad input, and reference-data edits that never send.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { buildStaff, signInStaff, type TestStaff } from '../../../test/support/staff.ts';
import type { TestClient } from '../../../test/support/client.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { createApiToken } from '../api/index.ts';
import { seedNotifyAreas } from '../notify/index.ts';
import { seedDemoOpenData } from '../opendata/index.ts';
import type { Actor } from './alert.ts';
import { contentFromInput, createDraft, refuseSend, sendAlert, shapedBy } from './alerts.service.ts';
import { alertInputSchema } from './alerts.schema.ts';
import { CAP_XSD_PATH, validateCap } from './cap/cap.ts';
import { fillTemplate } from './templates.ts';
import { valuesOf } from './staff.routes.tsx';
import { assertWellFormed } from '../../../test/support/xml.ts';

const REFERENCE_XSD = fs.existsSync('/work/shared/reference/cap12.xsd') ? '/work/shared/reference/cap12.xsd' : CAP_XSD_PATH;

let p: TestPlatform;
let t: TestTenant;
let clerk: TestStaff;
let manager: TestStaff;
let admin: TestStaff;
let clerkC: TestClient;
let managerC: TestClient;
let adminC: TestClient;
let shelterId: string;
let shelterLocalId: string;

const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T>(sql, params));
const broadcasts = () => q<{ source_id: string; source_revision: number; status: string; urgent: boolean; areas: string[] | null; title: { ja: string; en: string; easy?: string }; url: string }>('SELECT source_id, source_revision, status, urgent, areas, title, url FROM notify_broadcasts WHERE tenant_id = $1 ORDER BY created_at', [t.code]);

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p, { nameJa: 'テスト市', nameEn: 'Test City' });
  await withTenant(p.deps.db, t.code, (tx) => seedNotifyAreas(tx, t.code));
  await seedDemoOpenData(p.deps, t.code);
  const [s] = await q<{ id: string; local_id: string }>("SELECT id, local_id FROM places WHERE tenant_id = $1 AND kind = 'shelter' ORDER BY local_id LIMIT 1", [t.code]);
  shelterId = s!.id;
  shelterLocalId = s!.local_id;
  clerk = await buildStaff(p, t, { displayName: '防災 担当', roles: [{ role: 'clerk', departmentId: null }] });
  manager = await buildStaff(p, t, { displayName: '危機管理 課長', roles: [{ role: 'manager', departmentId: null }] });
  admin = await buildStaff(p, t, { displayName: '管理者', roles: [{ role: 'admin', departmentId: null }] });
  clerkC = t.client();
  managerC = t.client();
  adminC = t.client();
  await signInStaff(clerkC, clerk);
  await signInStaff(managerC, manager);
  await signInStaff(adminC, admin);
});
after(() => p.stop());

/** The form a template fills, as a browser would post it back (with overrides). */
async function templateForm(client: TestClient, query: string, over: Record<string, string | string[]> = {}): Promise<Record<string, string | string[]>> {
  const page = await client.get(`/staff/alerts/new?${query}`);
  assert.equal(page.status, 200);
  const form: Record<string, string | string[]> = {};
  for (const m of page.text.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
    const tag = m[0];
    const name = m[1]!;
    const value = /value="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (/type="(checkbox|radio)"/.test(tag)) {
      if (!/checked/.test(tag)) continue;
      if (name === 'areas' || name === 'shelters') form[name] = [...((form[name] as string[] | undefined) ?? []), value];
      else form[name] = value;
    } else if (name !== '_csrf') form[name] = value;
  }
  for (const m of page.text.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) form[m[1]!] = m[2]!;
  for (const m of page.text.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) form[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  for (const k of Object.keys(form)) form[k] = Array.isArray(form[k]) ? (form[k] as string[]).map(unescape) : unescape(form[k] as string);
  return { ...form, ...over };
}

async function draft(client: TestClient, query: string, over: Record<string, string | string[]> = {}): Promise<string> {
  const r = await client.post('/staff/alerts', await templateForm(client, query, over));
  assert.equal(r.status, 303, r.text.slice(0, 3000));
  return /\/staff\/alerts\/([0-9a-f-]{36})/.exec(r.location!)![1]!;
}


const bannerOf = (html: string) => /<aside class="site-banners"[\s\S]*?<\/aside>/.exec(html)?.[0] ?? '';

test('a template fills the three languages with the chosen areas and shelters', async () => {
  const page = await clerkC.get(`/staff/alerts/new?template=level4&hazard=flood&areas=honmachi&areas=minatomachi&shelters=${shelterId}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /【警戒レベル4】本町、港町に避難指示を発令しました（洪水）/);
  assert.match(page.text, /【レベル4】本町、港町の 人は みんな 逃げて ください/);
  assert.match(page.text, /Alert Level 4: Evacuation Instruction for Honmachi, Minatomachi \(flood\)/);
  assert.match(page.text, /開設している避難所:\n・みなと野市立本町小学校/);
  assert.match(page.text, /Honmachi Elementary School/);
  const chooser = await clerkC.get('/staff/alerts/new');
  assert.match(chooser.text, /【警戒レベル3】高齢者等避難/);
  assert.match(chooser.text, /【警戒レベル5】緊急安全確保/);
  assert.match(chooser.text, /避難所開設のお知らせ/);
  for (const key of ['level3', 'level5', 'lift', 'shelterOpen'] as const) {
    const f = fillTemplate(key, { hazard: 'landslide', areas: [], shelters: [], municipality: { ja: 'テスト市', en: 'Test City' }, now: new Date() });
    assert.ok(f.headline.ja && f.headline.easy && f.headline.en && f.description.ja && f.description.easy && f.description.en, key);
    assert.match(f.headline.ja + f.description.ja, /市内全域|避難所/);
  }
});

test('an actual alert needs a second person: the author cannot approve; a manager approves and it is sent once', async () => {
  const before = (await broadcasts()).length;
  const id = await draft(clerkC, `template=level4&hazard=flood&areas=honmachi&shelters=${shelterId}`);
  // The clerk may not send it alone, nor approve it.
  const alone = await clerkC.post(`/staff/alerts/${id}/send`);
  assert.equal(alone.status, 403);
  assert.match(alone.text, /作成者以外の承認が必要です/);
  assert.equal((await clerkC.post(`/staff/alerts/${id}/submit`)).status, 303);
  const self = await clerkC.post(`/staff/alerts/${id}/approve`);
  assert.equal(self.status, 403);
  assert.equal((await broadcasts()).length, before, 'nothing was sent');
  // A manager who wrote an alert cannot approve it either.
  const own = await draft(managerC, 'template=level3&hazard=landslide');
  assert.equal((await managerC.post(`/staff/alerts/${own}/submit`)).status, 303);
  const ownApprove = await managerC.post(`/staff/alerts/${own}/approve`);
  assert.equal(ownApprove.status, 403);
  assert.match(ownApprove.text, /自分が作成した緊急情報は承認できません/);
  assert.equal(refuseSend({ author: { kind: 'staff', id: 'x', name: '' }, status: 'actual', msgType: 'alert' } as never, { kind: 'staff', id: 'x', name: '' }, { kind: 'approve' }, true)?.ja, '自分が作成した緊急情報は承認できません。別の所属長または管理者に承認を依頼してください。承認者がいない緊急時は、理由を記録する特例送信を使ってください。');

  const approved = await managerC.post(`/staff/alerts/${id}/approve`);
  assert.equal(approved.status, 303);
  const again = await managerC.post(`/staff/alerts/${id}/approve`);
  assert.equal(again.status, 409, 'a second approval sends nothing');
  const after = await broadcasts();
  assert.equal(after.length, before + 1);
  const b = after[after.length - 1]!;
  assert.equal(b.source_id, id);
  assert.equal(b.source_revision, 1);
  assert.equal(b.urgent, true);
  assert.equal(b.status, 'actual');
  assert.deepEqual(b.areas, ['honmachi']);
  assert.match(b.title.ja, /避難指示/);
  assert.equal(b.url, `${t.origin}/alerts/${id}`);
  const [row] = await q<{ approver_id: string; author_id: string }>('SELECT approver_id, author_id FROM alerts WHERE tenant_id = $1 AND id = $2', [t.code, id]);
  assert.equal(row!.approver_id, manager.id);
  assert.equal(row!.author_id, clerk.id);
  const audits = await q<{ action: string; actor_id: string }>("SELECT action, actor_id FROM audit_log WHERE tenant_id = $1 AND record_id = $2 ORDER BY seq", [t.code, id]);
  assert.deepEqual(audits.map((a) => a.action), ['alert.draft', 'alert.submit', 'alert.approve', 'alert.send']);
  // The staff page shows delivery progress; the public CAP validates.
  const staffPage = await clerkC.get(`/staff/alerts/${id}`);
  assert.match(staffPage.text, /id="delivery-progress"/);
  const cap = await t.client().get(`/alerts/${id}/cap.xml`);
  assert.equal(cap.status, 200);
  assert.match(String(cap.headers['content-type']), /application\/cap\+xml/);
  assert.ok((await validateCap(cap.text, REFERENCE_XSD)).valid);
  // Cancel it so later tests start without a banner.
  const cancel = await clerkC.post(`/staff/alerts/${id}/follow-up`, { type: 'cancel' });
  const cancelId = /\/staff\/alerts\/([0-9a-f-]{36})\/edit/.exec(cancel.location!)![1]!;
  assert.equal((await clerkC.post(`/staff/alerts/${cancelId}/send`)).status, 303);
});

test('the banner is on every resident and staff page while an alert is in force, and goes on cancel', async () => {
  const id = await draft(clerkC, 'template=level5&hazard=landslide&areas=yamate');
  await clerkC.post(`/staff/alerts/${id}/submit`);
  await adminC.post(`/staff/alerts/${id}/approve`);
  const resident = t.client();
  for (const [client, path] of [[resident, '/'], [resident, '/alerts'], [resident, '/shelters'], [resident, '/no-such-page'], [clerkC, '/staff'], [clerkC, '/staff/alerts'], [adminC, '/staff/admin']] as const) {
    const r = await client.get(path);
    const banner = bannerOf(r.text);
    assert.match(banner, /【警戒レベル5】山手に緊急安全確保を発令しました/, path);
    assert.match(banner, /対象: 山手/, path);
    assert.match(banner, new RegExp(`href="/alerts/${id}"`), path);
    assert.match(banner, /発表/, path);
    assert.doesNotMatch(banner, /訓練|テスト/, path);
  }
  const en = t.client();
  en.cookies.set('yakuba-lang', 'en');
  assert.match(bannerOf((await en.get('/')).text), /Alert Level 5: Emergency Safety Measure for Yamate/);
  // Update: sequence 2, references the alert, needs approval again.
  const up = await clerkC.post(`/staff/alerts/${id}/follow-up`, { type: 'update' });
  const upId = /\/staff\/alerts\/([0-9a-f-]{36})\/edit/.exec(up.location!)![1]!;
  const form = await templateForm(clerkC, 'template=level5&hazard=landslide&areas=yamate', { headlineJa: '【警戒レベル5】山手・新田に緊急安全確保を発令しました（土砂災害）', areas: ['yamate', 'shinden'] });
  assert.equal((await clerkC.post(`/staff/alerts/${upId}/edit`, form)).status, 303);
  assert.equal((await clerkC.post(`/staff/alerts/${upId}/send`)).status, 403);
  await clerkC.post(`/staff/alerts/${upId}/submit`);
  assert.equal((await managerC.post(`/staff/alerts/${upId}/approve`)).status, 303);
  const banner2 = bannerOf((await resident.get('/')).text);
  assert.match(banner2, /山手・新田/);
  assert.equal([...banner2.matchAll(/class="emergency-banner /g)].length, 1, 'the update replaces the alert in the banner');
  const [u] = await q<{ sequence: number; references_id: string; chain_id: string }>('SELECT sequence, references_id, chain_id FROM alerts WHERE tenant_id = $1 AND id = $2', [t.code, upId]);
  assert.deepEqual({ ...u, sequence: Number(u!.sequence) }, { sequence: 2, references_id: id, chain_id: id });
  // Cancel: one person may send it; the banner goes at once.
  const cancel = await clerkC.post(`/staff/alerts/${upId}/follow-up`, { type: 'cancel' });
  const cancelId = /\/staff\/alerts\/([0-9a-f-]{36})\/edit/.exec(cancel.location!)![1]!;
  const cancelPage = await clerkC.get(`/staff/alerts/${cancelId}/edit`);
  assert.match(cancelPage.text, /避難情報を解除しました/);
  assert.equal((await clerkC.post(`/staff/alerts/${cancelId}/send`)).status, 303);
  for (const [client, path] of [[resident, '/'], [clerkC, '/staff']] as const) assert.equal(bannerOf((await client.get(path)).text), '', path);
  const cap = await resident.get(`/alerts/${cancelId}/cap.xml`);
  assert.match(cap.text, /<msgType>Cancel<\/msgType>/);
  assert.match(cap.text, new RegExp(`<references>[^<]*yakuba-${t.code}-${id},[^<]* [^<]*yakuba-${t.code}-${upId},[^<]*</references>`));
  assert.ok((await validateCap(cap.text, REFERENCE_XSD)).valid);
  const revs = (await broadcasts()).filter((b) => b.source_id === id).map((b) => b.source_revision);
  assert.deepEqual(revs, [1, 2, 3]);
  // Nothing more can follow a cancel.
  assert.equal((await clerkC.post(`/staff/alerts/${cancelId}/follow-up`, { type: 'update' })).status, 409);
  // Public pages: the old message says it was cancelled; the list shows it under past alerts.
  const old = await resident.get(`/alerts/${id}`);
  assert.match(old.text, /取り消し・解除されました/);
  const list = await resident.get('/alerts');
  assert.match(list.text, /現在、発表中の緊急情報はありません/);
  assert.match(list.text, /<link rel="alternate" type="application\/rss\+xml" href="\/alerts\/rss.xml"/);
  assert.match(list.text, /<link rel="alternate" type="application\/atom\+xml" href="\/alerts\/cap.xml"/);
});

test('the override lets a manager send alone with a reason, audit-logged and shown on the page and in the list', async () => {
  const id = await draft(managerC, 'template=level4&hazard=stormSurge&areas=shiomidai');
  const noReason = await managerC.post(`/staff/alerts/${id}/override`, { confirm: '1', reason: '' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /「特例送信の理由」を入力してください/);
  const noTick = await managerC.post(`/staff/alerts/${id}/override`, { reason: '夜間で承認者不在' });
  assert.equal(noTick.status, 400);
  const clerkOverride = await draft(clerkC, 'template=level4&hazard=flood');
  assert.equal((await clerkC.post(`/staff/alerts/${clerkOverride}/override`, { confirm: '1', reason: '急ぎ' })).status, 403, 'a clerk may not override');
  const ok = await managerC.post(`/staff/alerts/${id}/override`, { confirm: '1', reason: '夜間で承認者不在のため（𠮷田課長に電話連絡済み）' });
  assert.equal(ok.status, 303);
  const [entry] = await q<{ actor_id: string; reason: string }>("SELECT actor_id, reason FROM audit_log WHERE tenant_id = $1 AND record_id = $2 AND action = 'alert.override'", [t.code, id]);
  assert.equal(entry!.actor_id, manager.id);
  assert.equal(entry!.reason, '夜間で承認者不在のため（𠮷田課長に電話連絡済み）');
  const page = await clerkC.get(`/staff/alerts/${id}`);
  assert.match(page.text, /承認を経ずに1人で送信されました。理由: 夜間で承認者不在のため（𠮷田課長に電話連絡済み）/);
  const list = await clerkC.get('/staff/alerts');
  assert.match(list.text, /class="tag-override">特例送信/);
  await clerkC.post(`/staff/alerts/${clerkOverride}/discard`);
  const cancel = await managerC.post(`/staff/alerts/${id}/follow-up`, { type: 'cancel' });
  await managerC.post(`/staff/alerts/${/\/staff\/alerts\/([0-9a-f-]{36})\/edit/.exec(cancel.location!)![1]!}/send`);
});

/** Follows a sent message with a cancel and sends it, so later tests start without a banner. */
async function cancelChain(client: TestClient, id: string) {
  const c = await client.post(`/staff/alerts/${id}/follow-up`, { type: 'cancel' });
  assert.equal(c.status, 303);
  assert.equal((await client.post(`/staff/alerts/${/\/staff\/alerts\/([0-9a-f-]{36})\/edit/.exec(c.location!)![1]!}/send`)).status, 303);
}

test('whoever edited or submitted someone else\'s draft cannot approve it; a third person can; the override stays open and audited', async () => {
  const before = (await broadcasts()).length;
  const auditsOf = async (id: string) => (await q<{ action: string; actor_id: string }>('SELECT action, actor_id FROM audit_log WHERE tenant_id = $1 AND record_id = $2 ORDER BY seq', [t.code, id])).map((a) => `${a.action}:${a.actor_id}`);

  // 1. Manager B rewrites clerk A's draft and submits it: B is not a second person.
  const edited = await draft(clerkC, 'template=level4&hazard=flood&areas=honmachi');
  const rewrite = await templateForm(managerC, 'template=level5&hazard=flood&areas=honmachi', { headlineJa: '【警戒レベル5】課長が書き換えた見出し' });
  assert.equal((await managerC.post(`/staff/alerts/${edited}/edit`, rewrite)).status, 303);
  assert.equal((await managerC.post(`/staff/alerts/${edited}/submit`)).status, 303);
  const page = await managerC.get(`/staff/alerts/${edited}`);
  assert.doesNotMatch(page.text, /action="\/staff\/alerts\/[^"]+\/approve"/, 'no approve button for the editor');
  assert.match(page.text, /この緊急情報の内容を編集したため、承認できません/);
  const refusedEdit = await managerC.post(`/staff/alerts/${edited}/approve`);
  assert.equal(refusedEdit.status, 403);
  assert.match(refusedEdit.text, /この緊急情報の内容を編集したため、承認できません/);
  assert.match(refusedEdit.text, /特例送信/);
  const en = t.client();
  en.cookies.set('yakuba-lang', 'en');
  await signInStaff(en, manager);
  const refusedEn = await en.post(`/staff/alerts/${edited}/approve`);
  assert.equal(refusedEn.status, 403);
  assert.match(refusedEn.text, /because you edited it/);
  assert.match(refusedEn.text, /emergency override/);
  assert.equal((await broadcasts()).length, before, 'nothing was sent');
  // The database refuses the same approver even if the service check were bypassed.
  await assert.rejects(q('UPDATE alerts SET approver_kind = $3, approver_id = $4, approver_name = $5 WHERE tenant_id = $1 AND id = $2', [t.code, edited, 'staff', manager.id, 'x']), (e: { code?: string }) => e.code === '23514');
  // C (the administrator), who took no part, approves: sent once, approved by C.
  const byC = await adminC.post(`/staff/alerts/${edited}/approve`);
  assert.equal(byC.status, 303, byC.text.slice(0, 2000));
  const [row] = await q<{ approver_id: string; author_id: string; state: string }>('SELECT approver_id, author_id, state FROM alerts WHERE tenant_id = $1 AND id = $2', [t.code, edited]);
  assert.deepEqual({ ...row }, { approver_id: admin.id, author_id: clerk.id, state: 'sent' });
  assert.deepEqual(await auditsOf(edited), [`alert.draft:${clerk.id}`, `alert.edit:${manager.id}`, `alert.submit:${manager.id}`, `alert.approve:${admin.id}`, `alert.send:${admin.id}`]);
  assert.equal((await broadcasts()).length, before + 1);
  await cancelChain(clerkC, edited);

  // 2. B only submits A's draft (no edit): still not a second person.
  const submitted = await draft(clerkC, 'template=level3&hazard=landslide&areas=yamate');
  assert.equal((await managerC.post(`/staff/alerts/${submitted}/submit`)).status, 303);
  const refusedSubmit = await managerC.post(`/staff/alerts/${submitted}/approve`);
  assert.equal(refusedSubmit.status, 403);
  assert.match(refusedSubmit.text, /この緊急情報の承認を依頼したため、承認できません/);
  // A taking it back to draft and submitting again does not clear B's part.
  assert.equal((await clerkC.post(`/staff/alerts/${submitted}/edit`, await templateForm(clerkC, 'template=level3&hazard=landslide&areas=yamate'))).status, 303);
  assert.equal((await clerkC.post(`/staff/alerts/${submitted}/submit`)).status, 303);
  assert.equal((await managerC.post(`/staff/alerts/${submitted}/approve`)).status, 403);
  assert.equal((await adminC.post(`/staff/alerts/${submitted}/approve`)).status, 303);
  await cancelChain(clerkC, submitted);

  // 3. The editor may still send alone under the documented override, which is audit-logged.
  const overridden = await draft(clerkC, 'template=level4&hazard=stormSurge&areas=shiomidai');
  assert.equal((await managerC.post(`/staff/alerts/${overridden}/edit`, await templateForm(managerC, 'template=level4&hazard=stormSurge&areas=shiomidai', { headlineJa: '【警戒レベル4】課長が直した高潮の避難指示' }))).status, 303);
  assert.equal((await managerC.post(`/staff/alerts/${overridden}/submit`)).status, 303);
  assert.equal((await managerC.post(`/staff/alerts/${overridden}/approve`)).status, 403);
  const ok = await managerC.post(`/staff/alerts/${overridden}/override`, { confirm: '1', reason: '承認者が全員避難所対応中のため' });
  assert.equal(ok.status, 303, ok.text.slice(0, 2000));
  const [entry] = await q<{ actor_id: string; reason: string }>("SELECT actor_id, reason FROM audit_log WHERE tenant_id = $1 AND record_id = $2 AND action = 'alert.override'", [t.code, overridden]);
  assert.deepEqual({ ...entry }, { actor_id: manager.id, reason: '承認者が全員避難所対応中のため' });
  const [sent] = await q<{ approver_id: string | null; override_reason: string; state: string }>('SELECT approver_id, override_reason, state FROM alerts WHERE tenant_id = $1 AND id = $2', [t.code, overridden]);
  assert.deepEqual({ ...sent }, { approver_id: null, override_reason: '承認者が全員避難所対応中のため', state: 'sent' });
  await cancelChain(clerkC, overridden);
});

test('exercise and test messages are sent by one person and labelled on the banner, pages, feeds, CAP and the broadcast', async () => {
  const ex = await draft(clerkC, 'template=level3&hazard=flood&areas=shinden', { status: 'exercise' });
  assert.equal((await clerkC.post(`/staff/alerts/${ex}/send`)).status, 303);
  const tst = await draft(clerkC, 'template=shelterOpen&hazard=flood', { status: 'test' });
  assert.equal((await clerkC.post(`/staff/alerts/${tst}/send`)).status, 303);
  const resident = t.client();
  const banner = bannerOf((await resident.get('/')).text);
  assert.match(banner, /emergency-banner-drill[\s\S]*【訓練】/);
  assert.match(banner, /【テスト】/);
  assert.doesNotMatch(banner, /emergency-banner-emergency/);
  const page = await resident.get(`/alerts/${ex}`);
  assert.match(page.text, /<title>【訓練】/);
  assert.match(page.text, /これは訓練用の情報です。実際の災害情報ではありません。/);
  const rss = await resident.get('/alerts/rss.xml');
  assert.match(String(rss.headers['content-type']), /application\/rss\+xml/);
  assert.match(rss.text, /<title><!\[CDATA\[【訓練】【警戒レベル3】新田に高齢者等避難/);
  assert.match(rss.text, /【テスト】避難所を開設しました/);
  const atom = await resident.get('/alerts/atom.xml?lang=en');
  assert.match(atom.text, /\[EXERCISE\] Alert Level 3/);
  const capIndex = await resident.get('/alerts/cap.xml');
  assert.match(capIndex.text, new RegExp(`/alerts/${ex}/cap.xml`));
  assert.match(capIndex.text, new RegExp(`<link rel="alternate" type="application/cap\\+xml" href="[^"]+/alerts/${ex}/cap.xml"/>`));
  for (const feed of [rss.text, atom.text, capIndex.text]) await assertWellFormed(feed);
  const cap = await resident.get(`/alerts/${ex}/cap.xml`);
  assert.match(cap.text, /<status>Exercise<\/status>/);
  assert.match(cap.text, /<headline>【訓練】/);
  assert.ok((await validateCap(cap.text, REFERENCE_XSD)).valid);
  const capTest = await resident.get(`/alerts/${tst}/cap.xml`);
  assert.match(capTest.text, /<status>Test<\/status>/);
  assert.ok((await validateCap(capTest.text, REFERENCE_XSD)).valid);
  const sent = (await broadcasts()).filter((b) => b.source_id === ex || b.source_id === tst);
  assert.deepEqual(sent.map((b) => b.status).sort(), ['exercise', 'test']);
  for (const id of [ex, tst]) {
    const c = await clerkC.post(`/staff/alerts/${id}/follow-up`, { type: 'cancel' });
    assert.equal((await clerkC.post(`/staff/alerts/${/\/staff\/alerts\/([0-9a-f-]{36})\/edit/.exec(c.location!)![1]!}/send`)).status, 303);
  }
});

test('the banner goes away when the alert expires', async () => {
  const actor: Actor = { kind: 'staff', id: manager.id, name: '危機管理 課長' };
  const filled = fillTemplate('level4', { hazard: 'flood', areas: [], shelters: [], municipality: { ja: 'テスト市', en: 'Test City' }, now: new Date() });
  const id = await withTenant(p.deps.db, t.code, async (tx) => {
    const id = await createDraft(tx, t.code, actor, { ...filled, status: 'exercise', headline: { ...filled.headline, ja: 'まもなく期限切れの訓練' }, expiresAt: new Date(Date.now() + 1500) });
    await sendAlert(tx, t.code, id, actor, { kind: 'alone' }, { municipality: { code: t.code, nameJa: t.nameJa, nameEn: t.nameEn, origin: t.origin }, actorMayApprove: true });
    return id;
  });
  const resident = t.client();
  assert.match(bannerOf((await resident.get('/')).text), /まもなく期限切れの訓練/);
  await new Promise((r) => setTimeout(r, 1700));
  assert.equal(bannerOf((await resident.get('/')).text), '');
  assert.match((await resident.get(`/alerts/${id}`)).text, /有効期限を過ぎています/);
});

test('editing reference data (a shelter address, an area name, shelter status) never sends anything', async () => {
  const id = await draft(clerkC, `template=shelterOpen&hazard=flood&areas=honmachi&shelters=${shelterId}`, { status: 'exercise' });
  await clerkC.post(`/staff/alerts/${id}/send`);
  const before = await broadcasts();
  const alertsBefore = await q('SELECT id, state, shelters, areas, updated_at FROM alerts WHERE tenant_id = $1 ORDER BY id', [t.code]);
  const { token } = await withTenant(p.deps.db, t.code, (tx) => createApiToken(tx, t.code, { name: '台帳連携', scopes: ['places:write', 'shelters:write'], expiresInDays: 1, createdBy: admin.id }));
  const auth = { authorization: `Bearer ${token}` };
  const c = t.client();
  const put = await c.api('PUT', `/api/v1/places/shelter/${shelterLocalId}`, { values: { 名称: 'みなと野市立本町小学校', 所在地_連結表記: '架空県みなと野市本町九丁目9番9号', 緯度: '34.604', 経度: '133.764' } }, auth);
  assert.ok(put.status === 200, put.text);
  const open = await c.api('PUT', `/api/v1/shelters/${shelterId}/status`, { action: 'open' }, auth);
  assert.equal(open.status, 200);
  await q("UPDATE notify_areas SET name_ja = '本町（改）' WHERE tenant_id = $1 AND code = 'honmachi'", [t.code]);
  assert.deepEqual(await broadcasts(), before, 'no broadcast row appeared');
  assert.deepEqual(await q('SELECT id, state, shelters, areas, updated_at FROM alerts WHERE tenant_id = $1 ORDER BY id', [t.code]), alertsBefore, 'sent messages keep what they said');
  const page = await t.client().get(`/alerts/${id}`);
  assert.doesNotMatch(page.text, /本町九丁目9番9号|本町（改）/);
  const cancel = await clerkC.post(`/staff/alerts/${id}/follow-up`, { type: 'cancel' });
  await clerkC.post(`/staff/alerts/${/\/staff\/alerts\/([0-9a-f-]{36})\/edit/.exec(cancel.location!)![1]!}/send`);
});

test('bad input: empty, huge, control characters and unknown areas get messages naming the field; HTML is escaped; 𠮷 and 異体字 are kept', async () => {
  const empty = await clerkC.post('/staff/alerts', { status: 'actual' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /「見出し（日本語）」を入力してください/);
  assert.match(empty.text, /「有効期限（日時）」/);
  assert.match(empty.text, /「緊急度（CAP urgency）」は選択肢から選んでください/);
  const huge = await clerkC.post('/staff/alerts', await templateForm(clerkC, 'template=level4&hazard=flood', { headlineJa: 'あ'.repeat(10_000) }));
  assert.equal(huge.status, 400);
  assert.match(huge.text, /「見出し（日本語）」は150文字以内で入力してください/);
  const ctrl = await clerkC.post('/staff/alerts', await templateForm(clerkC, 'template=level4&hazard=flood', { headlineJa: 'a\u202Eb' }));
  assert.equal(ctrl.status, 400);
  assert.match(ctrl.text, /使えない文字/);
  const area = await clerkC.post('/staff/alerts', await templateForm(clerkC, 'template=level4&hazard=flood', { areas: ['nowhere'] }));
  assert.equal(area.status, 400);
  assert.match(area.text, /登録されていない地区/);
  const past = await clerkC.post('/staff/alerts', await templateForm(clerkC, 'template=level4&hazard=flood', { expires: '2020-01-01T00:00' }));
  assert.equal(past.status, 400);
  assert.match(past.text, /現在より後の日時/);

  const hostile = '<script>alert(1)</script>𠮷田・髙橋・葛󠄀城 "&"';
  const id = await draft(clerkC, 'template=level4&hazard=flood', { status: 'exercise', headlineJa: hostile, headlineEn: hostile, descriptionJa: `${hostile}\n2行目` });
  assert.equal((await clerkC.post(`/staff/alerts/${id}/send`)).status, 303);
  const resident = t.client();
  for (const html of [(await resident.get(`/alerts/${id}`)).text, (await resident.get('/')).text, (await clerkC.get(`/staff/alerts/${id}`)).text, (await clerkC.get('/staff/alerts')).text]) {
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;𠮷田・髙橋・葛󠄀城'));
  }
  const cap = await resident.get(`/alerts/${id}/cap.xml`);
  assert.ok(cap.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;𠮷田・髙橋・葛󠄀城 &quot;&amp;&quot;'));
  assert.ok((await validateCap(cap.text, REFERENCE_XSD)).valid);
  const rss = await resident.get('/alerts/rss.xml');
  assert.ok(!rss.text.includes('<script>'), 'feed readers get escaped text, even inside CDATA');
  assert.ok(rss.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;𠮷田・髙橋・葛󠄀城'));
  const capIndex = await resident.get('/alerts/cap.xml');
  assert.ok(!capIndex.text.includes('<script>'));
  for (const feed of [rss.text, capIndex.text, (await resident.get('/alerts/atom.xml')).text]) await assertWellFormed(feed);
  const [b] = (await broadcasts()).filter((x) => x.source_id === id);
  assert.equal(b!.title.ja, hostile, 'notify gets the plain text and escapes it for each channel');
  const cancel = await clerkC.post(`/staff/alerts/${id}/follow-up`, { type: 'cancel' });
  await clerkC.post(`/staff/alerts/${/\/staff\/alerts\/([0-9a-f-]{36})\/edit/.exec(cancel.location!)![1]!}/send`);
  // Routes answer 404 for ids that are not alerts, never 500.
  for (const path of ['/alerts/not-an-id', '/alerts/00000000-0000-4000-8000-000000000000', '/alerts/x/cap.xml', '/staff/alerts/zzz', '/staff/alerts/zzz/edit']) assert.equal((await clerkC.get(path)).status, 404, path);
  assert.equal((await clerkC.post('/staff/alerts/zzz/submit')).status, 404);
});

test('residents and staff without an alert role cannot reach the staff pages', async () => {
  const auditor = await buildStaff(p, t, { roles: [{ role: 'auditor', departmentId: null }] });
  const c = t.client();
  await signInStaff(c, auditor);
  assert.equal((await c.get('/staff/alerts')).status, 403);
  assert.equal((await t.client().get('/staff/alerts')).status, 303);
});

test('the API: drafting, approval by another token, the public read, and cancel', async () => {
  const mk = (scopes: string[]) => withTenant(p.deps.db, t.code, (tx) => createApiToken(tx, t.code, { name: `防災システム ${scopes.join(',')}`, scopes, expiresInDays: 1, createdBy: admin.id }));
  const writer = (await mk(['alerts:write', 'alerts:approve'])).token;
  const approver = (await mk(['alerts:approve'])).token;
  const c = t.client();
  const body = { ...valuesOf({ ...fillTemplate('level4', { hazard: 'flood', areas: [], shelters: [], municipality: { ja: 'テスト市', en: 'Test City' }, now: new Date() }), status: 'actual' }), level: 4 };
  const bad = await c.api('POST', '/api/v1/alerts', { ...body, headlineJa: '' }, { authorization: `Bearer ${writer}` });
  assert.equal(bad.status, 400);
  assert.equal(bad.json().error.fields[0].field, 'headlineJa');
  const created = await c.api('POST', '/api/v1/alerts', { ...body, expires: new Date(Date.now() + 3600_000).toISOString() }, { authorization: `Bearer ${writer}` });
  assert.equal(created.status, 201, created.text);
  const id = created.json().id as string;
  assert.equal(created.json().state, 'draft');
  assert.equal((await c.api('POST', `/api/v1/alerts/${id}/send`, {}, { authorization: `Bearer ${writer}` })).status, 403);
  assert.equal((await c.api('POST', `/api/v1/alerts/${id}/submit`, undefined, { authorization: `Bearer ${writer}` })).status, 200);
  const self = await c.api('POST', `/api/v1/alerts/${id}/approve`, undefined, { authorization: `Bearer ${writer}` });
  assert.equal(self.status, 403);
  const ok = await c.api('POST', `/api/v1/alerts/${id}/approve`, undefined, { authorization: `Bearer ${approver}` });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json().state, 'sent');
  const pub = await c.api('GET', '/api/public/alerts?current=true');
  assert.equal(pub.status, 200);
  assert.ok(pub.json().alerts.some((a: { id: string }) => a.id === id));
  assert.equal((await c.api('GET', `/api/public/alerts/${id}`)).json().capUrl, `${t.origin}/alerts/${id}/cap.xml`);
  const cancelled = await c.api('POST', `/api/v1/alerts/${id}/cancel`, undefined, { authorization: `Bearer ${writer}` });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json().msgType, 'cancel');
  assert.equal(cancelled.json().referencesId, id);
  assert.ok(!(await c.api('GET', '/api/public/alerts?current=true')).json().alerts.some((a: { chainId: string }) => a.chainId === id));
  // Override through the API needs a reason.
  const second = await c.api('POST', '/api/v1/alerts', { ...body, expires: new Date(Date.now() + 3600_000).toISOString() }, { authorization: `Bearer ${writer}` });
  const noReason = await c.api('POST', `/api/v1/alerts/${second.json().id}/send`, { override: { reason: ' ' } }, { authorization: `Bearer ${writer}` });
  assert.equal(noReason.status, 400);
  assert.equal(noReason.json().error.fields[0].field, 'reason');
  const overridden = await c.api('POST', `/api/v1/alerts/${second.json().id}/send`, { override: { reason: '防災システムからの自動発令' } }, { authorization: `Bearer ${writer}` });
  assert.equal(overridden.status, 200, overridden.text);
  await c.api('POST', `/api/v1/alerts/${second.json().id}/cancel`, undefined, { authorization: `Bearer ${writer}` });
  const doc = (await c.api('GET', '/api/openapi.json')).json();
  assert.ok(doc.paths['/api/public/alerts'].get);
  assert.ok(doc.paths['/api/v1/alerts/{alertId}/approve'].post);
});

test('the API: a token that submitted another\'s draft cannot approve it; another token can', async () => {
  const mk = (name: string, scopes: string[]) => withTenant(p.deps.db, t.code, (tx) => createApiToken(tx, t.code, { name, scopes, expiresInDays: 1, createdBy: admin.id }));
  const author = `Bearer ${(await mk('防災システムA', ['alerts:write'])).token}`;
  const submitter = `Bearer ${(await mk('防災システムB', ['alerts:write', 'alerts:approve'])).token}`;
  const third = `Bearer ${(await mk('防災システムC', ['alerts:approve'])).token}`;
  const c = t.client();
  const body = { ...valuesOf({ ...fillTemplate('level4', { hazard: 'flood', areas: [], shelters: [], municipality: { ja: 'テスト市', en: 'Test City' }, now: new Date() }), status: 'actual' }), level: 4, expires: new Date(Date.now() + 3600_000).toISOString() };
  const id = (await c.api('POST', '/api/v1/alerts', body, { authorization: author })).json().id as string;
  assert.equal((await c.api('POST', `/api/v1/alerts/${id}/submit`, undefined, { authorization: submitter })).status, 200);
  const refused = await c.api('POST', `/api/v1/alerts/${id}/approve`, undefined, { authorization: submitter });
  assert.equal(refused.status, 403);
  assert.equal(refused.json().error.code, 'forbidden');
  assert.match(refused.json().error.message.ja, /承認を依頼したため、承認できません/);
  assert.match(refused.json().error.message.en, /because you submitted it for approval/);
  // A staff manager who took no part may approve what tokens wrote and submitted.
  const ok = await c.api('POST', `/api/v1/alerts/${id}/approve`, undefined, { authorization: third });
  assert.equal(ok.status, 200, ok.text);
  const [row] = await q<{ approver_id: string }>('SELECT approver_id FROM alerts WHERE tenant_id = $1 AND id = $2', [t.code, id]);
  assert.match(row!.approver_id, /^token:/);
  assert.equal((await c.api('POST', `/api/v1/alerts/${id}/cancel`, undefined, { authorization: author })).status, 200);
  // The rule itself, on its own.
  const a = { author: { kind: 'staff', id: 'a', name: '' }, status: 'actual', msgType: 'alert' } as const;
  const events = [{ action: 'draft', actorId: 'a' }, { action: 'edit', actorId: 'b' }, { action: 'submit', actorId: 'b' }, { action: 'submit', actorId: 'c' }];
  assert.deepEqual(['a', 'b', 'c', 'd'].map((who) => shapedBy(a, events, who)), ['wrote', 'edited', 'submitted', null]);
  assert.equal(refuseSend(a as never, { kind: 'staff', id: 'd', name: '' }, { kind: 'approve' }, true, null), null);
  assert.match(refuseSend(a as never, { kind: 'staff', id: 'b', name: '' }, { kind: 'approve' }, true, 'edited')!.en, /because you edited it/);
});

test('the API edits drafts (PUT) and drafts updates and cancels of sent alerts (follow-up), audited, with errors naming fields', async () => {
  const mk = (name: string, scopes: string[]) => withTenant(p.deps.db, t.code, async (tx) => `Bearer ${(await createApiToken(tx, t.code, { name, scopes, expiresInDays: 1, createdBy: admin.id })).token}`);
  const writer = await mk('防災システム（作成）', ['alerts:write']);
  const editor = await mk('防災システム（編集）', ['alerts:write', 'alerts:approve']);
  const approver = await mk('防災システム（承認）', ['alerts:approve']);
  const c = t.client();
  const as = (token: string) => ({ authorization: token });
  const expires = new Date(Date.now() + 3 * 3600_000).toISOString();
  const body = { ...valuesOf({ ...fillTemplate('level4', { hazard: 'flood', areas: [], shelters: [], municipality: { ja: 'テスト市', en: 'Test City' }, now: new Date() }), status: 'actual' }), level: 4, areas: ['honmachi'], expires };
  const id = (await c.api('POST', '/api/v1/alerts', body, as(writer))).json().id as string;
  const auditsOf = async (recordId: string) => (await q<{ action: string; actor_id: string }>('SELECT action, actor_id FROM audit_log WHERE tenant_id = $1 AND record_id = $2 ORDER BY seq', [t.code, recordId])).map((a) => a.action);

  // PUT: errors name the field; unknown ids are 404; a token without alerts:write is refused.
  const bad = await c.api('PUT', `/api/v1/alerts/${id}`, { ...body, headlineJa: '', areas: ['nowhere'] }, as(editor));
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json().error.fields.map((f: { field: string }) => f.field), ['headlineJa']);
  assert.match(bad.json().error.fields[0].message.ja, /見出し（日本語）/);
  const unknownArea = await c.api('PUT', `/api/v1/alerts/${id}`, { ...body, areas: ['nowhere'] }, as(editor));
  assert.equal(unknownArea.status, 400);
  assert.equal(unknownArea.json().error.fields[0].field, 'areas');
  assert.equal((await c.api('PUT', '/api/v1/alerts/not-an-id', body, as(editor))).status, 404);
  assert.equal((await c.api('PUT', '/api/v1/alerts/00000000-0000-4000-8000-000000000000', body, as(editor))).status, 404);
  assert.equal((await c.api('PUT', `/api/v1/alerts/${id}`, body, as(approver))).status, 403);
  assert.equal((await c.api('PUT', `/api/v1/alerts/${id}`, body)).status, 401);
  assert.ok([400, 415].includes((await c.api('PUT', `/api/v1/alerts/${id}`, undefined, as(editor))).status));
  // Another token rewrites the draft and submits it: it may not approve it; a third may.
  assert.equal((await c.api('POST', `/api/v1/alerts/${id}/submit`, undefined, as(writer))).status, 200);
  const put = await c.api('PUT', `/api/v1/alerts/${id}`, { ...body, headlineJa: '【警戒レベル4】本町に避難指示（APIで修正）' }, as(editor));
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json().headline.ja, '【警戒レベル4】本町に避難指示（APIで修正）');
  assert.equal(put.json().state, 'draft', 'editing a message awaiting approval takes it back to draft');
  assert.equal((await c.api('POST', `/api/v1/alerts/${id}/approve`, undefined, as(approver))).status, 409, 'nothing to approve until asked again');
  assert.equal((await c.api('POST', `/api/v1/alerts/${id}/submit`, undefined, as(writer))).status, 200);
  const selfish = await c.api('POST', `/api/v1/alerts/${id}/approve`, undefined, as(editor));
  assert.equal(selfish.status, 403);
  assert.match(selfish.json().error.message.ja, /編集したため、承認できません/);
  const sent = await c.api('POST', `/api/v1/alerts/${id}/approve`, undefined, as(approver));
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.json().headline.ja, '【警戒レベル4】本町に避難指示（APIで修正）', 'what was approved is what was sent');
  assert.deepEqual(await auditsOf(id), ['alert.draft', 'alert.submit', 'alert.edit', 'alert.submit', 'alert.approve', 'alert.send']);
  assert.equal((await c.api('PUT', `/api/v1/alerts/${id}`, body, as(editor))).status, 409, 'a sent message cannot be edited');

  // Follow-up: bad requests name the field and leave no draft behind.
  const openDrafts = async () => Number((await q<{ n: number }>("SELECT count(*)::int AS n FROM alerts WHERE tenant_id = $1 AND state IN ('draft', 'pending')", [t.code]))[0]!.n);
  const draftsBefore = await openDrafts();
  for (const [req, field] of [[{}, 'msgType'], [{ msgType: 'bogus' }, 'msgType'], [{ msgType: 'update', headlineJa: 'あ'.repeat(1000) }, 'headlineJa'], [{ msgType: 'update', status: 'exercise' }, 'status'], [{ msgType: 'update', expires: '2020-01-01T00:00' }, 'expires']] as const) {
    const r = await c.api('POST', `/api/v1/alerts/${id}/follow-up`, req, as(writer));
    assert.equal(r.status, 400, JSON.stringify(req));
    assert.equal(r.json().error.fields[0].field, field, JSON.stringify(req));
    assert.ok(r.json().error.fields[0].message.ja && r.json().error.fields[0].message.en);
  }
  assert.ok([400, 415].includes((await c.api('POST', `/api/v1/alerts/${id}/follow-up`, undefined, as(writer))).status));
  assert.equal((await c.api('POST', `/api/v1/alerts/${id}/follow-up`, { msgType: 'update' }, as(approver))).status, 403);
  assert.equal(await openDrafts(), draftsBefore, 'no stray draft');
  // An update with a new headline and areas: a draft following the alert, the rest kept; it needs approval.
  const up = await c.api('POST', `/api/v1/alerts/${id}/follow-up`, { msgType: 'update', headlineJa: '【警戒レベル4】本町・港町に避難指示（続報）', areas: ['honmachi', 'minatomachi'] }, as(writer));
  assert.equal(up.status, 201, up.text);
  const u = up.json();
  assert.deepEqual([u.msgType, u.state, u.status, u.referencesId, u.chainId, u.sequence], ['update', 'draft', 'actual', id, id, null]);
  assert.equal(u.headline.ja, '【警戒レベル4】本町・港町に避難指示（続報）');
  assert.deepEqual(u.areas.map((a: { code: string }) => a.code), ['honmachi', 'minatomachi']);
  assert.equal(u.description.ja, sent.json().description.ja, 'fields not given come from the latest message');
  assert.deepEqual(await auditsOf(u.id), ['alert.draft_update', 'alert.edit']);
  assert.equal((await c.api('POST', `/api/v1/alerts/${u.id}/send`, {}, as(writer))).status, 403, 'an actual update needs approval');
  assert.equal((await c.api('POST', `/api/v1/alerts/${u.id}/submit`, undefined, as(writer))).status, 200);
  assert.equal((await c.api('POST', `/api/v1/alerts/${u.id}/approve`, undefined, as(writer))).status, 403);
  const upSent = await c.api('POST', `/api/v1/alerts/${u.id}/approve`, undefined, as(approver));
  assert.equal(upSent.status, 200, upSent.text);
  assert.equal(upSent.json().sequence, 2);
  // A cancel with no fields: the lifting text, sent by one token.
  const cancel = await c.api('POST', `/api/v1/alerts/${u.id}/follow-up`, { msgType: 'cancel' }, as(writer));
  assert.equal(cancel.status, 201, cancel.text);
  assert.deepEqual([cancel.json().msgType, cancel.json().referencesId], ['cancel', u.id]);
  assert.match(cancel.json().headline.ja, /解除/);
  assert.deepEqual(await auditsOf(cancel.json().id), ['alert.draft_cancel']);
  const cancelled = await c.api('POST', `/api/v1/alerts/${cancel.json().id}/send`, {}, as(writer));
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json().sequence, 3);
  assert.equal((await c.api('POST', `/api/v1/alerts/${id}/follow-up`, { msgType: 'update' }, as(writer))).status, 409, 'nothing follows a cancel');
  const draftOnly = (await c.api('POST', '/api/v1/alerts', body, as(writer))).json().id as string;
  assert.equal((await c.api('POST', `/api/v1/alerts/${draftOnly}/follow-up`, { msgType: 'update' }, as(writer))).status, 404, 'only sent messages are followed up');
  assert.equal((await c.api('POST', '/api/v1/alerts/zzz/follow-up', { msgType: 'cancel' }, as(writer))).status, 404);
  // Both are in the OpenAPI document.
  const doc = (await c.api('GET', '/api/openapi.json')).json();
  assert.ok(doc.paths['/api/v1/alerts/{alertId}'].put);
  assert.ok(doc.paths['/api/v1/alerts/{alertId}/follow-up'].post);
  assert.deepEqual(doc.components.schemas.AlertFollowUpInput.required, ['msgType']);
  assert.deepEqual(doc.components.schemas.AlertFollowUpInput.properties.msgType.enum, ['update', 'cancel']);
});

test('the input schema and content keep 𠮷 and 異体字 intact (NFC, code points)', async () => {
  const input = alertInputSchema.parse({ ...valuesOf({ ...fillTemplate('lift', { hazard: '', areas: [], shelters: [], municipality: { ja: 'テスト市', en: 'Test City' }, now: new Date() }), status: 'test' }), headlineJa: '　𠮷田の葛󠄀城　' });
  assert.equal(input.headlineJa, '𠮷田の葛󠄀城');
  const content = await withTenant(p.deps.db, t.code, (tx) => contentFromInput(tx, t.code, input));
  assert.equal(content.headline.ja, '𠮷田の葛󠄀城');
});
