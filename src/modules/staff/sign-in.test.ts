import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildStaff, noteTotpStepUsed, signInStaff, totpCodeFor, type TestStaff } from '../../../test/support/staff.ts';
import type { TestClient } from '../../../test/support/client.ts';
import { rotateTenantDataKey } from '../../platform/crypto/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { DEMO_STAFF, seedDemoStaff } from './index.ts';
import { staffMessages as m } from './staff.messages.ts';
import { currentTotpCode } from './staff.totp.ts';

let p: TestPlatform;
before(async () => {
  p = await startTestPlatform();
});
after(() => p.stop());

async function auditActions(t: TestTenant, recordId?: string): Promise<string[]> {
  const rows = await p.deps.db.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE tenant_id = $1 AND ($2::text IS NULL OR record_id = $2) ORDER BY seq',
    [t.code, recordId ?? null],
  );
  return rows.map((r) => r.action);
}

/** A 6-digit code that is none of the codes valid right now. */
function wrongCode(secret: string): string {
  const valid = new Set([-1, 0, 1].map((d) => currentTotpCode(secret, Date.now() + d * 30_000)));
  for (let n = 123456; ; n++) if (!valid.has(String(n))) return String(n);
}

async function passwordStep(c: TestClient, s: TestStaff, next = '/staff') {
  return c.post('/staff/login', { email: s.email, password: s.password, next });
}

test('staff sign in with password and TOTP, reach their home, and sign out', async () => {
  const t = await buildTenant(p);
  const s = await buildStaff(p, t, { displayName: '市民 花子' });
  const c = t.client();

  const guarded = await c.get('/staff');
  assert.equal(guarded.status, 303);
  assert.equal(guarded.location, '/staff/login?next=%2Fstaff');

  const page = await c.get('/staff/login?next=%2Fstaff%2Faccount');
  assert.equal(page.status, 200);
  assert.match(page.text, /autocomplete="username"/);
  assert.match(page.text, /autocomplete="current-password"/);
  assert.match(page.text, /<input type="hidden" name="next" value="\/staff\/account"\/>/);
  assert.equal(page.text.match(/<h1>/g)?.length, 1);

  const pw = await passwordStep(c, s, '/staff/account');
  assert.equal(pw.status, 303);
  assert.equal(pw.location, '/staff/login/mfa?next=%2Fstaff%2Faccount');
  // Password alone is not a sign-in.
  assert.equal((await c.get('/staff')).status, 303);

  const mfaPage = await c.get(pw.location!);
  assert.equal(mfaPage.status, 200);
  assert.match(mfaPage.text, /autocomplete="one-time-code"/);
  assert.match(mfaPage.text, /inputmode="numeric"/);

  const mfa = await c.post('/staff/login/mfa', { code: await totpCodeFor(s), next: '/staff/account' });
  assert.equal(mfa.status, 303);
  assert.equal(mfa.location, '/staff/account');

  const home = await c.get('/staff');
  assert.equal(home.status, 200);
  assert.match(home.text, /市民 花子/);
  assert.match(home.text, new RegExp(m.roleClerk.ja));
  assert.doesNotMatch(home.text, /\/staff\/admin\/staff/);
  const account = await c.get('/staff/account');
  assert.match(account.text, new RegExp(s.email));
  assert.deepEqual(await auditActions(t, s.id), ['staff.sign_in']);
  const [u] = await p.deps.db.query<{ last_sign_in_at: Date | null }>('SELECT last_sign_in_at FROM staff_users WHERE tenant_id = $1 AND id = $2', [t.code, s.id]);
  assert.ok(u?.last_sign_in_at);

  const out = await c.post('/staff/logout');
  assert.equal(out.status, 303);
  assert.equal(out.location, '/staff/login?signed_out=1');
  assert.match((await c.get(out.location!)).text, new RegExp(m.signedOutNotice.ja));
  assert.equal((await c.get('/staff')).status, 303);
  assert.deepEqual(await auditActions(t, s.id), ['staff.sign_in', 'staff.sign_out']);
});

test('a wrong password and an unknown address get the same answer', async () => {
  const t = await buildTenant(p);
  const s = await buildStaff(p, t);
  const c = t.client();
  const wrong = await c.post('/staff/login', { email: s.email, password: 'not the password at all' });
  const unknown = await c.post('/staff/login', { email: 'nobody@example.jp', password: 'not the password at all' });
  for (const r of [wrong, unknown]) {
    assert.equal(r.status, 401);
    assert.match(r.text, new RegExp(m.invalidCredentials.ja));
    assert.doesNotMatch(r.text, /not the password at all/);
  }
  assert.match(unknown.text, /value="nobody@example.jp"/);
  assert.equal(c.cookies.has('yakuba-s'), false);
  assert.deepEqual(await auditActions(t, s.id), ['staff.sign_in_failed']);

  const empty = await c.post('/staff/login', { email: '', password: '' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /「メールアドレス」を入力してください。/);
  assert.match(empty.text, /「パスワード」を入力してください。/);
  assert.match(empty.text, /href="#f-email"/);
  assert.match(empty.text, /aria-invalid="true"/);
});

test('a 全角 e-mail address is folded to 半角 at sign-in', async () => {
  const t = await buildTenant(p);
  const s = await buildStaff(p, t, { email: 'abc@example.jp' });
  const c = t.client();
  const r = await c.post('/staff/login', { email: 'ＡＢＣ＠ｅｘａｍｐｌｅ．ｊｐ', password: s.password });
  assert.equal(r.status, 303);
  assert.match(r.location ?? '', /^\/staff\/login\/mfa/);
});

test('wrong and replayed TOTP codes are refused', async () => {
  const t = await buildTenant(p);
  const s = await buildStaff(p, t);
  const c = t.client();
  assert.equal((await passwordStep(c, s)).status, 303);

  const wrong = await c.post('/staff/login/mfa', { code: wrongCode(s.totpSecret) });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /確認コード（6桁）」が正しくないか、すでに使われています/);
  const malformed = await c.post('/staff/login/mfa', { code: '12ab' });
  assert.equal(malformed.status, 400);
  assert.match(malformed.text, /6桁の数字で入力してください/);
  assert.equal((await c.get('/staff')).status, 303);

  // 全角 digits are accepted.
  const code = await totpCodeFor(s);
  const ok = await c.post('/staff/login/mfa', { code: code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) });
  assert.equal(ok.status, 303);
  assert.equal((await c.post('/staff/login/mfa', { code })).location, '/staff', 'a repeated submit is not an error');
  await c.post('/staff/logout');

  const again = t.client();
  assert.equal((await passwordStep(again, s)).status, 303);
  const replay = await again.post('/staff/login/mfa', { code });
  assert.equal(replay.status, 400);
  assert.equal((await again.get('/staff')).status, 303);
  assert.deepEqual(await auditActions(t, s.id), ['staff.sign_in_failed', 'staff.sign_in', 'staff.sign_out', 'staff.sign_in_failed']);
});

test('five wrong passwords in a row lock the account for a while', async () => {
  const t = await buildTenant(p);
  const s = await buildStaff(p, t);
  const c = t.client();
  for (let i = 1; i <= 4; i++) {
    const r = await c.post('/staff/login', { email: s.email, password: `wrong password ${i}` });
    assert.equal(r.status, 401);
    assert.match(r.text, new RegExp(m.invalidCredentials.ja));
  }
  const fifth = await c.post('/staff/login', { email: s.email, password: 'wrong password 5' });
  assert.equal(fifth.status, 401);
  assert.match(fifth.text, /一時的にロックされています/);
  const right = await c.post('/staff/login', { email: s.email, password: s.password });
  assert.equal(right.status, 401, 'the right password does not open a locked account');
  assert.match(right.text, /15分ほど待って/);
  const [u] = await p.deps.db.query<{ locked_until: Date | null }>('SELECT locked_until FROM staff_users WHERE tenant_id = $1 AND id = $2', [t.code, s.id]);
  assert.ok(u?.locked_until && new Date(u.locked_until).getTime() > Date.now() + 14 * 60_000);

  // Once the lock has passed, the right password works again.
  await p.deps.db.query("UPDATE staff_users SET locked_until = now() - interval '1 second' WHERE tenant_id = $1 AND id = $2", [t.code, s.id]);
  assert.equal((await c.post('/staff/login', { email: s.email, password: s.password })).status, 303);
});

test('sign-in attempts are rate limited per account and per address', async () => {
  const t = await buildTenant(p);
  const c = t.client();
  for (let i = 0; i < 10; i++) assert.equal((await c.post('/staff/login', { email: 'target@example.jp', password: `guess ${i}` })).status, 401);
  const limited = await c.post('/staff/login', { email: 'target@example.jp', password: 'guess 10' });
  assert.equal(limited.status, 429);
  assert.ok(Number(limited.headers['retry-after']) > 0);
  // Another address from the same place still gets an answer, until the per-address budget is spent.
  assert.equal((await c.post('/staff/login', { email: 'other@example.jp', password: 'guess' })).status, 401);
  await p.deps.db.query("UPDATE rate_limits SET hits = 30 WHERE tenant_id = $1 AND bucket LIKE 'staff-login:ip:%'", [t.code]);
  assert.equal((await c.post('/staff/login', { email: 'third@example.jp', password: 'guess' })).status, 429);
});

test('wrong one-time codes are rate limited', async () => {
  const t = await buildTenant(p);
  const s = await buildStaff(p, t);
  const c = t.client();
  await passwordStep(c, s);
  const bad = wrongCode(s.totpSecret);
  for (let i = 0; i < 10; i++) assert.equal((await c.post('/staff/login/mfa', { code: bad })).status, 400);
  assert.equal((await c.post('/staff/login/mfa', { code: await totpCodeFor(s) })).status, 429);
});

test('an account without a second factor must set up an authenticator app first', async () => {
  const t = await buildTenant(p);
  const s = await buildStaff(p, t, { totp: false });
  const c = t.client();
  const pw = await passwordStep(c, s, '/staff/account');
  assert.equal(pw.location, '/staff/mfa/setup?next=%2Fstaff%2Faccount');
  assert.equal((await c.get('/staff')).status, 303);
  assert.equal((await c.get('/staff/login/mfa')).location, '/staff/mfa/setup?next=%2Fstaff');

  const setup = await c.get(pw.location!);
  assert.equal(setup.status, 200);
  assert.match(setup.text, /<svg[^>]*viewBox/);
  assert.match(setup.text, /role="img" aria-label="認証アプリに登録するためのQRコード"/);
  assert.match(setup.text, /data-passkey="register"[^>]*/);
  assert.match(setup.text, /<script type="module" src="\/assets\/js\/passkey\.js/);
  const secret = /<p class="secret"><code>([A-Z2-7 ]+)<\/code>/.exec(setup.text)![1]!.replace(/ /g, '');
  const flow = /name="flow" value="([^"]+)"/.exec(setup.text)![1]!;

  const wrong = await c.post('/staff/mfa/setup/totp', { flow, code: wrongCode(secret), next: '/staff/account' });
  assert.equal(wrong.status, 400);
  assert.ok(wrong.text.includes(`value="${flow}"`), 'the same secret is offered again');
  assert.ok(wrong.text.includes(secret.slice(0, 4)));

  const forged = await c.post('/staff/mfa/setup/totp', { flow: 'x'.repeat(32), code: currentTotpCode(secret), next: '/staff/account' });
  assert.equal(forged.status, 400);
  assert.match(forged.text, /有効期限が切れました/);

  const done = await c.post('/staff/mfa/setup/totp', { flow, code: currentTotpCode(secret), next: '/staff/account' });
  assert.equal(done.status, 303);
  assert.equal(done.location, '/staff/account');
  noteTotpStepUsed(s.id);
  const repeated = await c.post('/staff/mfa/setup/totp', { flow, code: currentTotpCode(secret), next: '/staff/account' });
  assert.equal(repeated.location, '/staff/account?done=totp', 'a repeated submit finds the work done');
  assert.equal((await c.get('/staff')).status, 200);

  const [u] = await p.deps.db.query<{ totp_secret: string }>('SELECT totp_secret FROM staff_users WHERE tenant_id = $1 AND id = $2', [t.code, s.id]);
  assert.match(u!.totp_secret, /^v1\.\d+\./, 'stored encrypted');
  assert.ok(!u!.totp_secret.includes(secret));
  assert.deepEqual(await auditActions(t, s.id), ['staff.mfa_enroll', 'staff.sign_in']);

  // Now that a factor exists, the password alone cannot reach enrolment again.
  const other = t.client();
  await passwordStep(other, s);
  assert.equal((await other.get('/staff/mfa/setup')).location, '/staff/login/mfa?next=%2Fstaff');
  const options = await other.api('POST', '/staff/mfa/passkey/options', {}, { 'x-csrf-token': await other.csrf() });
  assert.equal(options.status, 403);
  const post = await other.post('/staff/mfa/setup/totp', { flow, code: '000000' });
  assert.equal(post.location, '/staff/login/mfa?next=%2Fstaff');
});

test('the TOTP secret is re-encrypted when the municipality rotates its data key', async () => {
  const t = await buildTenant(p);
  const s = await buildStaff(p, t);
  const read = async () => (await p.deps.db.query<{ totp_secret: string }>('SELECT totp_secret FROM staff_users WHERE tenant_id = $1 AND id = $2', [t.code, s.id]))[0]!.totp_secret;
  const before = await read();
  const { version } = await withTenant(p.deps.db, t.code, (tx) => rotateTenantDataKey(p.deps.keyring, tx, t.code));
  const after = await read();
  assert.notEqual(after, before);
  assert.ok(after.startsWith(`v1.${version}.`));
  await signInStaff(t.client(), s);
});

describe('passkeys', () => {
  test('registration options are bound to the signed-in person and a bogus response is refused', async () => {
    const t = await buildTenant(p);
    const s = await buildStaff(p, t);
    const c = t.client();
    await signInStaff(c, s);
    const csrf = { 'x-csrf-token': await c.csrf() };

    assert.equal((await c.api('POST', '/staff/mfa/passkey/options', {})).status, 403, 'CSRF header required');
    const res = await c.api('POST', '/staff/mfa/passkey/options', {}, csrf);
    assert.equal(res.status, 200);
    const { flow, options } = res.json<{ flow: string; options: { challenge: string; rp: { id: string }; user: { name: string }; attestation: string } }>();
    assert.equal(options.rp.id, 'localhost');
    assert.equal(options.user.name, s.email);
    assert.ok(options.challenge.length >= 20);

    const bogus = {
      flow,
      label: '執務用PC',
      response: { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'e30', attestationObject: 'AAAA' }, clientExtensionResults: {} },
    };
    const verify = await c.api('POST', '/staff/mfa/passkey/verify', bogus, csrf);
    assert.equal(verify.status, 400);
    assert.equal(verify.json().error.code, 'validation_failed');
    assert.equal(verify.json().error.message.ja, m.passkeyFailed.ja);
    // The challenge was used up by the failed attempt.
    assert.equal((await c.api('POST', '/staff/mfa/passkey/verify', bogus, csrf)).status, 400);
    const malformed = await c.api('POST', '/staff/mfa/passkey/verify', { flow, response: 'nope' }, csrf);
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json().error.fields[0].field, 'response');
    const [n] = await p.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webauthn_credentials WHERE tenant_id = $1', [t.code]);
    assert.equal(n!.n, 0);
    assert.ok((await auditActions(t, s.id)).includes('staff.passkey_add_failed'));

    // Another person's session cannot answer this person's challenge.
    const { flow: flow2 } = (await c.api('POST', '/staff/mfa/passkey/options', {}, csrf)).json<{ flow: string }>();
    const intruder = t.client();
    await signInStaff(intruder, await buildStaff(p, t));
    const stolen = await intruder.api('POST', '/staff/mfa/passkey/verify', { ...bogus, flow: flow2 }, { 'x-csrf-token': await intruder.csrf() });
    assert.equal(stolen.status, 400);
  });

  test('sign-in with a passkey offers the person’s own keys and refuses a forged assertion', async () => {
    const t = await buildTenant(p);
    const s = await buildStaff(p, t, { totp: false });
    await p.deps.db.query(
      "INSERT INTO webauthn_credentials (tenant_id, id, staff_id, public_key, label) VALUES ($1, 'cred-one_A', $2, 'pQECAyYgASFYIA', 'セキュリティキー')",
      [t.code, s.id],
    );
    const c = t.client();
    const pw = await passwordStep(c, s);
    assert.equal(pw.location, '/staff/login/mfa?next=%2Fstaff');
    const page = await c.get(pw.location!);
    assert.match(page.text, /data-passkey="authenticate"/);
    assert.doesNotMatch(page.text, /name="code"/, 'no TOTP form without an authenticator app');

    const csrf = { 'x-csrf-token': await c.csrf() };
    const res = await c.api('POST', '/staff/login/passkey/options', {}, csrf);
    assert.equal(res.status, 200);
    const { flow, options } = res.json<{ flow: string; options: { rpId: string; allowCredentials: { id: string }[] } }>();
    assert.equal(options.rpId, 'localhost');
    assert.deepEqual(options.allowCredentials.map((x) => x.id), ['cred-one_A']);

    const forged = await c.api(
      'POST',
      '/staff/login/passkey/verify',
      { flow, response: { id: 'cred-one_A', rawId: 'cred-one_A', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' }, clientExtensionResults: {} } },
      csrf,
    );
    assert.equal(forged.status, 400);
    assert.equal((await c.get('/staff')).status, 303, 'still not signed in');
    assert.deepEqual(await auditActions(t, s.id), ['staff.sign_in_failed']);

    // Someone not past the password gets no options at all.
    const stranger = t.client();
    assert.equal((await stranger.api('POST', '/staff/login/passkey/options', {}, { 'x-csrf-token': await stranger.csrf() })).status, 401);
  });

  test('passkeys are listed and removed on the account page, but never the last second factor', async () => {
    const t = await buildTenant(p);
    const s = await buildStaff(p, t);
    await p.deps.db.query("INSERT INTO webauthn_credentials (tenant_id, id, staff_id, public_key, label) VALUES ($1, 'key-1', $2, 'x', '<b>ノートPC</b>')", [t.code, s.id]);
    const c = t.client();
    await signInStaff(c, s);
    const account = await c.get('/staff/account');
    assert.match(account.text, /&lt;b&gt;ノートPC&lt;\/b&gt;/);
    const removed = await c.post('/staff/account/passkeys/key-1/remove');
    assert.equal(removed.location, '/staff/account?done=passkey_removed');
    assert.equal((await c.post('/staff/account/passkeys/key-1/remove')).location, '/staff/account?done=passkey_removed', 'a repeated submit is harmless');
    assert.match((await c.get('/staff/account')).text, new RegExp(m.noPasskeys.ja));
    assert.ok((await auditActions(t, 'key-1')).includes('staff.passkey_remove'));

    // With no authenticator app, the only passkey stays.
    await p.deps.db.query('UPDATE staff_users SET totp_secret = NULL WHERE tenant_id = $1 AND id = $2', [t.code, s.id]);
    await p.deps.db.query("INSERT INTO webauthn_credentials (tenant_id, id, staff_id, public_key, label) VALUES ($1, 'key-2', $2, 'x', 'last')", [t.code, s.id]);
    const refused = await c.post('/staff/account/passkeys/key-2/remove');
    assert.equal(refused.status, 409);
    assert.match(refused.text, /最後の2段階認証の手段は削除できません/);
  });
});

test('sign out everywhere ends every session of the person', async () => {
  const t = await buildTenant(p);
  const s = await buildStaff(p, t);
  const laptop = t.client();
  const phone = t.client();
  await signInStaff(laptop, s);
  await signInStaff(phone, s);
  assert.match((await laptop.get('/staff/account')).text, /現在、2件のセッション/);
  const out = await laptop.post('/staff/logout-everywhere');
  assert.equal(out.status, 303);
  assert.equal(out.location, '/staff/login?signed_out=all');
  assert.equal((await laptop.get('/staff')).status, 303);
  assert.equal((await phone.get('/staff/account')).status, 303);
  const [n] = await p.deps.db.query<{ n: number }>("SELECT count(*)::int AS n FROM sessions WHERE tenant_id = $1 AND kind = 'staff'", [t.code]);
  assert.equal(n!.n, 0);
  assert.ok((await auditActions(t, s.id)).includes('staff.sign_out_everywhere'));
  // Without a session it is a sign-in prompt, not an error.
  assert.equal((await phone.post('/staff/logout-everywhere')).status, 401);
});

test('the demo staff are seeded idempotently and the demo administrator can sign in', async () => {
  const t = await buildTenant(p);
  const first = await seedDemoStaff(p.deps, t.code);
  await p.deps.db.query("UPDATE staff_users SET status = 'disabled', failed_logins = 3 WHERE tenant_id = $1 AND email = $2", [t.code, first.adminEmail]);
  const second = await seedDemoStaff(p.deps, t.code);
  assert.deepEqual(second, first);
  assert.equal(first.adminEmail, 'admin@minatono.example.jp');
  const [counts] = await p.deps.db.query<{ d: number; s: number; r: number }>(
    `SELECT (SELECT count(*)::int FROM departments WHERE tenant_id = $1) AS d, (SELECT count(*)::int FROM staff_users WHERE tenant_id = $1) AS s,
            (SELECT count(*)::int FROM staff_roles WHERE tenant_id = $1) AS r`,
    [t.code],
  );
  const accounts = Object.keys(DEMO_STAFF).length;
  assert.deepEqual(counts, { d: 6, s: accounts, r: accounts });
  const [admin] = await p.deps.db.query<{ id: string }>('SELECT id FROM staff_users WHERE tenant_id = $1 AND email = $2', [t.code, first.adminEmail]);
  const c = t.client();
  await signInStaff(c, { id: admin!.id, email: first.adminEmail, password: first.adminPassword, totpSecret: first.adminTotpSecret });
  const home = await c.get('/staff');
  assert.match(home.text, new RegExp(DEMO_STAFF.admin.displayName));
  assert.match(home.text, /href="\/staff\/admin\/staff"/);
});

test('an idle staff session ends and the sign-in page says why', async () => {
  const idle = await startTestPlatform({ env: { STAFF_IDLE_MINUTES: '1' } });
  try {
    const t = await buildTenant(idle);
    const s = await buildStaff(idle, t);
    const c = t.client();
    await signInStaff(c, s);
    assert.equal((await c.get('/staff')).status, 200);
    await idle.deps.db.query("UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE tenant_id = $1", [t.code]);
    const r = await c.get('/staff/account');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/staff/login?next=%2Fstaff%2Faccount&expired=1');
    const login = await c.get(r.location!);
    assert.match(login.text, new RegExp(m.expiredNotice.ja));
    assert.equal((await c.get('/staff')).status, 303, 'the session is gone');
  } finally {
    await idle.stop();
  }
});
