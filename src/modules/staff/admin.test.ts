import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OutgoingMail } from '../../platform/mail/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildStaff, signInStaff } from '../../../test/support/staff.ts';
import { createDepartment } from './index.ts';
import { staffMessages as m } from './staff.messages.ts';
import { currentTotpCode } from './staff.totp.ts';

let p: TestPlatform;
const sent: OutgoingMail[] = [];
before(async () => {
  p = await startTestPlatform({ mailer: { send: async (mail) => void sent.push(mail), close() {} } });
});
after(() => p.stop());

const ADMIN = [{ role: 'admin' as const, departmentId: null }];

async function signedInAdmin(t: TestTenant) {
  const admin = await buildStaff(p, t, { roles: ADMIN, displayName: '管理 一郎' });
  const c = t.client();
  await signInStaff(c, admin);
  return { admin, c };
}

async function auditRows(t: TestTenant, action: string) {
  return p.deps.db.query<{ actor_id: string; record_id: string; details: Record<string, unknown> }>(
    'SELECT actor_id, record_id, details FROM audit_log WHERE tenant_id = $1 AND action = $2 ORDER BY seq',
    [t.code, action],
  );
}

function department(t: TestTenant, code: string, nameJa: string) {
  return withTenant(p.deps.db, t.code, (tx) => createDepartment(tx, t.code, { code, nameJa, nameEn: `${code} division` }));
}

test('an administrator invites staff; the invitee sets a password through the mailed link and enrols', async () => {
  const t = await buildTenant(p);
  const { admin, c } = await signedInAdmin(t);
  const dept = await department(t, 'shimin', '市民課');

  const list = await c.get('/staff/admin/staff');
  assert.equal(list.status, 200);
  assert.match(list.text, /<option value="[0-9a-f-]{36}">市民課<\/option>/);

  const form = { email: 'ＡＢＣ＠example.jp', displayName: '<script>alert(1)</script>', departmentId: dept.id, role: 'clerk' };
  const invited = await c.post('/staff/admin/staff', form);
  assert.equal(invited.status, 303);
  const staffId = /^\/staff\/admin\/staff\/([0-9a-f-]{36})\?done=invited$/.exec(invited.location ?? '')?.[1];
  assert.ok(staffId, invited.location);

  const detail = await c.get(invited.location!);
  assert.match(detail.text, /abc@example\.jp/);
  assert.match(detail.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.doesNotMatch(detail.text, /<script>alert/);
  assert.match(detail.text, new RegExp(m.invitedNotice.ja));
  assert.match(detail.text, /市民課：担当者/);

  const mail = sent.find((x) => x.to === 'abc@example.jp');
  assert.ok(mail, 'invitation mailed');
  assert.equal(mail.tenant, t.code);
  assert.match(mail.subject, /職員アカウントへの招待/);
  const link = /https?:\/\/\S+\/staff\/invitations\/([A-Za-z0-9_-]{43})/.exec(mail.text);
  assert.ok(link);
  const [stored] = await p.deps.db.query<{ token_hash: string }>('SELECT token_hash FROM staff_invitations WHERE tenant_id = $1 AND staff_id = $2', [t.code, staffId]);
  assert.notEqual(stored!.token_hash, link[1], 'only the hash of the token is stored');

  const twice = await c.post('/staff/admin/staff', { ...form, email: 'abc@example.jp' });
  assert.equal(twice.status, 400);
  assert.match(twice.text, /すでに招待を送っています/);
  assert.match(twice.text, /value="abc@example.jp"/, 'the form keeps what was typed');
  const [n] = await p.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_users WHERE tenant_id = $1 AND email = $2', [t.code, 'abc@example.jp']);
  assert.equal(n!.n, 1);
  const [invite] = await auditRows(t, 'staff.invite');
  assert.equal(invite!.actor_id, admin.id);
  assert.equal(invite!.record_id, staffId);

  // The invitee, in another browser.
  const invitee = t.client();
  const path = `/staff/invitations/${link[1]}`;
  const page = await invitee.get(path);
  assert.equal(page.status, 200);
  assert.match(page.text, /autocomplete="new-password"/);
  assert.match(page.text, /&lt;script&gt;/);
  const short = await invitee.post(path, { password: 'short', confirm: 'short' });
  assert.equal(short.status, 400);
  assert.match(short.text, /12文字以上/);
  const common = await invitee.post(path, { password: 'password1234', confirm: 'password1234' });
  assert.equal(common.status, 400);
  assert.match(common.text, /推測されやすい/);
  const mismatch = await invitee.post(path, { password: 'a long and good passphrase', confirm: 'a long and good passphrase!' });
  assert.equal(mismatch.status, 400);
  assert.match(mismatch.text, /一致しません/);

  const accepted = await invitee.post(path, { password: 'a long and good passphrase', confirm: 'a long and good passphrase' });
  assert.equal(accepted.status, 303);
  assert.equal(accepted.location, '/staff/mfa/setup');
  const repeated = await invitee.post(path, { password: 'a long and good passphrase', confirm: 'a long and good passphrase' });
  assert.equal(repeated.location, '/staff/mfa/setup', 'a repeated submit goes on to enrolment');
  assert.equal((await invitee.get('/staff')).status, 303, 'not signed in before a second factor');
  const setup = await invitee.get('/staff/mfa/setup');
  const secret = /<p class="secret"><code>([A-Z2-7 ]+)<\/code>/.exec(setup.text)![1]!.replace(/ /g, '');
  const flow = /name="flow" value="([^"]+)"/.exec(setup.text)![1]!;
  const enrolled = await invitee.post('/staff/mfa/setup/totp', { flow, code: currentTotpCode(secret) });
  assert.equal(enrolled.location, '/staff');
  const home = await invitee.get('/staff');
  assert.equal(home.status, 200);
  assert.match(home.text, /市民課：担当者/);

  assert.equal((await t.client().get(path)).location, '/staff/login', 'a link used moments ago leads to sign-in');
  await p.deps.db.query("UPDATE staff_invitations SET accepted_at = now() - interval '11 minutes' WHERE tenant_id = $1 AND staff_id = $2", [t.code, staffId]);
  assert.equal((await t.client().get(path)).status, 404, 'a used link does not work again');
  assert.equal((await t.client().get('/staff/invitations/not-a-token')).status, 404);
  const actions = (await p.deps.db.query<{ action: string }>('SELECT action FROM audit_log WHERE tenant_id = $1 AND record_id = $2 ORDER BY seq', [t.code, staffId])).map((r) => r.action);
  assert.deepEqual(actions, ['staff.invite', 'staff.invitation_accept', 'staff.mfa_enroll', 'staff.sign_in']);
});

test('the invite form rejects ugly input with a message per field', async () => {
  const t = await buildTenant(p);
  const { c } = await signedInAdmin(t);
  const empty = await c.post('/staff/admin/staff', { email: '', displayName: '', role: '', departmentId: '' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /「メールアドレス」を入力してください。/);
  assert.match(empty.text, /「氏名」を入力してください。/);
  assert.match(empty.text, /「役割」は選択肢から選んでください。/);

  const huge = await c.post('/staff/admin/staff', { email: 'not-an-address', displayName: '名'.repeat(10_000), role: 'superuser', departmentId: 'x' });
  assert.equal(huge.status, 400);
  assert.match(huge.text, /「氏名」は100文字以内で入力してください。/);
  assert.match(huge.text, /メールアドレスの形式/);
  assert.match(huge.text, /「部署」は一覧から選んでください。/);

  const unknownDept = await c.post('/staff/admin/staff', { email: 'x@example.jp', displayName: 'x', role: 'clerk', departmentId: '00000000-0000-4000-8000-000000000000' });
  assert.equal(unknownDept.status, 400);
  assert.match(unknownDept.text, /「部署」は一覧から選んでください。/);
  const [n] = await p.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_users WHERE tenant_id = $1', [t.code]);
  assert.equal(n!.n, 1, 'nothing was created');
});

test('staff without the administrator role get 403 on every administration page', async () => {
  const t = await buildTenant(p);
  const clerk = await buildStaff(p, t);
  const c = t.client();
  await signInStaff(c, clerk);
  for (const path of ['/staff/admin', '/staff/admin/staff', `/staff/admin/staff/${clerk.id}`, '/staff/admin/departments', '/staff/admin/audit'])
    assert.equal((await c.get(path)).status, 403, path);
  assert.equal((await c.post('/staff/admin/staff', { email: 'x@example.jp', displayName: 'x', role: 'admin' })).status, 403);
  assert.equal((await c.post(`/staff/admin/staff/${clerk.id}/roles`, { role: 'admin', departmentId: '' })).status, 403);
  assert.equal((await c.post('/staff/admin/departments', { code: 'x', nameJa: 'x', nameEn: 'x' })).status, 403);
  const [roles] = await p.deps.db.query<{ n: number }>("SELECT count(*)::int AS n FROM staff_roles WHERE tenant_id = $1 AND role = 'admin'", [t.code]);
  assert.equal(roles!.n, 0);

  const anonymous = await t.client().get('/staff/admin/staff');
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.location, '/staff/login?next=%2Fstaff%2Fadmin%2Fstaff');

  // An auditor reads the audit log but manages nothing.
  const auditor = await buildStaff(p, t, { roles: [{ role: 'auditor', departmentId: null }] });
  const a = t.client();
  await signInStaff(a, auditor);
  assert.equal((await a.get('/staff/admin/audit')).status, 200);
  assert.equal((await a.get('/staff/admin/staff')).status, 403);
});

test('disabling an account ends its sessions at once; the last administrator stays', async () => {
  const t = await buildTenant(p);
  const { admin, c } = await signedInAdmin(t);
  const clerk = await buildStaff(p, t);
  const cc = t.client();
  await signInStaff(cc, clerk);
  assert.equal((await cc.get('/staff')).status, 200);

  const disabled = await c.post(`/staff/admin/staff/${clerk.id}/disable`);
  assert.equal(disabled.status, 303);
  assert.equal(disabled.location, `/staff/admin/staff/${clerk.id}?done=disabled&n=1`);
  assert.match((await c.get(disabled.location!)).text, /終了したセッション：1件/);
  assert.equal((await cc.get('/staff')).status, 303, 'the clerk is signed out immediately');
  const relogin = await cc.post('/staff/login', { email: clerk.email, password: clerk.password });
  assert.equal(relogin.status, 401);
  assert.match(relogin.text, new RegExp(m.invalidCredentials.ja));
  assert.equal((await c.post(`/staff/admin/staff/${clerk.id}/disable`)).status, 303, 'a repeated submit is harmless');
  const [d] = await auditRows(t, 'staff.disable');
  assert.deepEqual(d!.details, { sessionsEnded: 1 });

  const self = await c.post(`/staff/admin/staff/${admin.id}/disable`);
  assert.equal(self.status, 403);
  assert.match(self.text, new RegExp(m.cannotDisableSelf.ja));
  const lastRole = await c.post(`/staff/admin/staff/${admin.id}/roles/remove`, { role: 'admin', departmentId: '' });
  assert.equal(lastRole.status, 409);
  assert.match(lastRole.text, /最後の管理者の役割は外せません/);
  assert.equal((await c.get('/staff/admin')).status, 200, 'still an administrator');

  const enabled = await c.post(`/staff/admin/staff/${clerk.id}/enable`);
  assert.equal(enabled.location, `/staff/admin/staff/${clerk.id}?done=enabled`);
  await signInStaff(cc, clerk);

  // Resetting the second factor ends the sessions and forces enrolment at the next sign-in.
  const reset = await c.post(`/staff/admin/staff/${clerk.id}/reset-mfa`);
  assert.equal(reset.location, `/staff/admin/staff/${clerk.id}?done=mfa_reset`);
  assert.equal((await cc.get('/staff')).status, 303);
  const again = await cc.post('/staff/login', { email: clerk.email, password: clerk.password });
  assert.equal(again.location, '/staff/mfa/setup?next=%2Fstaff');
  assert.equal((await c.post(`/staff/admin/staff/${admin.id}/reset-mfa`)).status, 403);

  // With a second administrator, the first one's role can go.
  const second = await buildStaff(p, t, { roles: ADMIN });
  const add = await c.post(`/staff/admin/staff/${clerk.id}/roles`, { role: 'manager', departmentId: '' });
  assert.equal(add.location, `/staff/admin/staff/${clerk.id}?done=role_added`);
  assert.equal((await c.post(`/staff/admin/staff/${clerk.id}/roles`, { role: 'manager', departmentId: '' })).location, `/staff/admin/staff/${clerk.id}?done=role_exists`);
  const sc = t.client();
  await signInStaff(sc, second);
  assert.equal((await sc.post(`/staff/admin/staff/${admin.id}/roles/remove`, { role: 'admin', departmentId: '' })).status, 303);
  assert.equal((await c.get('/staff/admin')).status, 403, 'the change applies on the next request');
  for (const action of ['staff.enable', 'staff.mfa_reset', 'staff.role_add', 'staff.role_remove']) assert.equal((await auditRows(t, action)).length, 1, action);
});

test('ids in addresses are checked: malformed or another municipality’s ids are 404', async () => {
  const t = await buildTenant(p);
  const other = await buildTenant(p);
  const { c } = await signedInAdmin(t);
  const foreign = await buildStaff(p, other, { displayName: '他市の職員' });
  for (const path of ['/staff/admin/staff/not-a-uuid', `/staff/admin/staff/${foreign.id}`, '/staff/admin/staff/00000000-0000-4000-8000-000000000000', "/staff/admin/staff/1'%20OR%201=1"]) {
    const r = await c.get(path);
    assert.equal(r.status, 404, path);
    assert.doesNotMatch(r.text, /他市の職員/);
  }
  for (const action of ['disable', 'enable', 'reset-mfa', 'invitation', 'roles'])
    assert.equal((await c.post(`/staff/admin/staff/${foreign.id}/${action}`, { role: 'clerk', departmentId: '' })).status, 404, action);
  assert.equal((await c.post('/staff/admin/staff/zzz/disable')).status, 404);
  const [u] = await p.deps.db.query<{ status: string }>('SELECT status FROM staff_users WHERE tenant_id = $1 AND id = $2', [other.code, foreign.id]);
  assert.equal(u!.status, 'active');
});

test('departments: list, create, and reject duplicates and bad input', async () => {
  const t = await buildTenant(p);
  const { c } = await signedInAdmin(t);
  const created = await c.post('/staff/admin/departments', { code: 'ＫＯＳＯＤＡＴＥ', nameJa: '子育て支援課', nameEn: 'Child Support' });
  assert.equal(created.status, 303);
  assert.equal(created.location, '/staff/admin/departments?done=created');
  const list = await c.get(created.location!);
  assert.match(list.text, /<code>kosodate<\/code>/);
  assert.match(list.text, new RegExp(m.departmentCreatedNotice.ja));

  const dup = await c.post('/staff/admin/departments', { code: 'kosodate', nameJa: '別の課', nameEn: 'Other' });
  assert.equal(dup.status, 400);
  assert.match(dup.text, /この「部署コード」はすでに使われています/);
  const bad = await c.post('/staff/admin/departments', { code: 'bad code!', nameJa: '', nameEn: 'x'.repeat(101) });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /半角の英小文字・数字・ハイフン/);
  assert.match(bad.text, /「名称（日本語）」を入力してください。/);
  assert.match(bad.text, /「名称（英語）」は100文字以内/);
  assert.equal((await auditRows(t, 'department.create')).length, 1);
});

test('the audit log lists staff actions and verifies its chain', async () => {
  const t = await buildTenant(p);
  const { c } = await signedInAdmin(t);
  const page = await c.get('/staff/admin/audit');
  assert.equal(page.status, 200);
  assert.match(page.text, /<code>staff\.sign_in<\/code>/);
  assert.match(page.text, /管理 一郎/);
  const verified = await c.get('/staff/admin/audit?verify=1');
  assert.match(verified.text, /改ざんは見つかりませんでした（1件を検証）/);
  assert.equal((await auditRows(t, 'audit.verify')).length, 1);

  // An entry altered behind the application's back is found.
  await p.deps.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  await p.deps.db.query("UPDATE audit_log SET action = 'staff.nothing' WHERE tenant_id = $1 AND seq = 1", [t.code]);
  await p.deps.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
  const broken = await c.get('/staff/admin/audit?verify=1');
  assert.match(broken.text, /記録番号1で改ざんまたは欠落が見つかりました/);
  assert.equal((await c.get('/staff/admin/audit?before=abc')).status, 200);
});
