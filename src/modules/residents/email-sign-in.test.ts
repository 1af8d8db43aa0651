import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OutgoingMail } from '../../platform/mail/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { latestCode, signInResidentByEmail, signedInResidentId } from '../../../test/support/residents.ts';

const sent: OutgoingMail[] = [];
let p: TestPlatform;

before(async () => {
  p = await startTestPlatform({ mailer: { send: async (m) => void sent.push(m), close() {} } });
});
after(() => p.stop());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function requestCode(t: TestTenant, email: string, extra: Record<string, string> = {}) {
  const client = t.client();
  const res = await client.post('/auth/email', { email, ...extra });
  return { client, res };
}

test('e-mail sign-in: code by mail in both languages, level-1 session, address stored only encrypted', async () => {
  const t = await buildTenant(p);
  const { client, res } = await requestCode(t, '  Hanako.Minato@Example.JP ');
  assert.equal(res.status, 303);
  assert.equal(res.location, '/auth/email/verify');

  const mail = sent.at(-1)!;
  assert.equal(mail.tenant, t.code);
  assert.equal(mail.to, 'hanako.minato@example.jp');
  assert.match(mail.subject, /確認コード/);
  assert.match(mail.subject, /sign-in code/);
  assert.match(mail.text, /確認コード: \d{6}/);
  assert.match(mail.text, /Code: \d{6}/);
  assert.match(mail.text, /10分/);
  assert.ok(mail.text.includes(`${t.origin}/auth/email/verify`));

  const form = await client.get('/auth/email/verify');
  assert.equal(form.status, 200);
  assert.match(form.text, /hanako\.minato@example\.jp/);
  assert.match(form.text, /autocomplete="one-time-code"/);

  const done = await client.post('/auth/email/verify', { code: latestCode(sent, t, 'hanako.minato@example.jp') });
  assert.equal(done.status, 303);
  assert.equal(done.location, '/mypage');
  const residentId = await signedInResidentId(p, t, client);

  const page = text((await client.get('/mypage')).text);
  assert.match(page, /hanako\.minato@example\.jp/);
  assert.match(page, /メールアドレスで確認済み（一部の手続には、マイナンバーカードでのサインインが必要です）/);

  const [row] = await withTenant(p.deps.db, t.code, (tx) =>
    tx.query<Record<string, unknown>>('SELECT * FROM residents WHERE tenant_id = $1 AND id = $2', [t.code, residentId]),
  );
  assert.equal(row!.assurance, 1);
  assert.match(String(row!.email_enc), /^v1\./);
  assert.ok(row!.email_bidx);
  assert.ok(!JSON.stringify(row).includes('hanako'), 'no address in clear');
  const [session] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ assurance: number }>("SELECT assurance FROM sessions WHERE tenant_id = $1 AND kind = 'resident'", [t.code]));
  assert.equal(session!.assurance, 1);
  const audits = await withTenant(p.deps.db, t.code, (tx) =>
    tx.query<{ action: string; details: { method: string } }>("SELECT action, details FROM audit_log WHERE tenant_id = $1 AND action = 'resident.sign_in'", [t.code]),
  );
  assert.deepEqual(audits.map((a) => a.details.method), ['email']);
});

test('the same address signs in to the same resident; 全角 address and code are accepted', async () => {
  const t = await buildTenant(p);
  const first = await signInResidentByEmail(p, t, t.client(), 'taro@example.jp', sent);
  const { client } = await requestCode(t, 'ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ');
  assert.equal(sent.at(-1)!.to, 'taro@example.jp');
  const code = latestCode(sent, t, 'taro@example.jp');
  const wide = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
  const done = await client.post('/auth/email/verify', { code: `${wide.slice(0, 3)} ${wide.slice(3)}` });
  assert.equal(done.status, 303);
  assert.equal(await signedInResidentId(p, t, client), first.residentId);
});

test('known and unknown addresses get exactly the same response', async () => {
  const t = await buildTenant(p);
  await signInResidentByEmail(p, t, t.client(), 'known@example.jp', sent);
  const known = await requestCode(t, 'known@example.jp');
  const unknown = await requestCode(t, 'nobody@example.jp');
  assert.equal(known.res.status, unknown.res.status);
  assert.equal(known.res.location, unknown.res.location);
  assert.equal(known.res.text, unknown.res.text);
  const pageOf = async (c: typeof known) => (await c.client.get('/auth/email/verify')).text.replace(/[a-z]+@example\.jp/g, 'ADDRESS').replace(/name="_csrf" value="[^"]+"/, '');
  assert.equal(await pageOf(known), await pageOf(unknown));
  const mails = sent.slice(-2);
  assert.equal(mails[0]!.text.replace(/\d{6}/g, ''), mails[1]!.text.replace(/\d{6}/g, ''));
});

test('a wrong code says so next to the field, keeps what was typed and counts down the tries', async () => {
  const t = await buildTenant(p);
  const { client } = await requestCode(t, 'wrong@example.jp');
  const res = await client.post('/auth/email/verify', { code: wrongCodeFor(latestCode(sent, t, 'wrong@example.jp')) });
  assert.equal(res.status, 400);
  assert.match(res.text, /id="error-summary"/);
  assert.match(res.text, /href="#f-code"/);
  assert.match(res.text, /確認コードが違います。.*あと4回/);
  assert.match(res.text, /aria-invalid="true"/);
  assert.match(res.text, new RegExp(`value="${wrongCodeFor(latestCode(sent, t, 'wrong@example.jp'))}"`));
  assert.equal(![...client.cookies.keys()].some((k) => k.endsWith('yakuba-r')), true);
});

test('a malformed code is a field error and does not use up a try', async () => {
  const t = await buildTenant(p);
  const { client } = await requestCode(t, 'malformed@example.jp');
  for (const bad of ['', 'abc', '12345', '1234567', '<script>alert(1)</script>', '１２３４５']) {
    const res = await client.post('/auth/email/verify', { code: bad });
    assert.equal(res.status, 400, bad);
    assert.match(res.text, /確認コード（6桁の数字）/);
    assert.ok(!res.text.includes('<script>alert'));
  }
  const [flow] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ attempts: number }>("SELECT attempts FROM auth_flows WHERE tenant_id = $1 AND kind = 'resident-email'", [t.code]));
  assert.equal(flow!.attempts, 0);
  assert.equal((await client.post('/auth/email/verify', { code: latestCode(sent, t, 'malformed@example.jp') })).status, 303);
});

test('after 5 wrong codes the code stops working, even the right one', async () => {
  const t = await buildTenant(p);
  const { client } = await requestCode(t, 'guess@example.jp');
  const code = latestCode(sent, t, 'guess@example.jp');
  for (let i = 1; i <= 4; i++) assert.equal((await client.post('/auth/email/verify', { code: wrongCodeFor(code) })).status, 400);
  const fifth = await client.post('/auth/email/verify', { code: wrongCodeFor(code) });
  assert.equal(fifth.status, 400);
  assert.match(fifth.text, /確認コードを5回まちがえました/);
  assert.match(fifth.text, /href="\/login"/);
  const right = await client.post('/auth/email/verify', { code });
  assert.equal(right.status, 400);
  assert.ok(![...client.cookies.keys()].some((k) => k.endsWith('yakuba-r')));
});

test('an expired code gets a clear message and a way to ask for a new one', async () => {
  const t = await buildTenant(p);
  const { client } = await requestCode(t, 'late@example.jp');
  await p.deps.db.query("UPDATE auth_flows SET expires_at = now() - interval '1 minute' WHERE tenant_id = $1", [t.code]);
  const res = await client.post('/auth/email/verify', { code: latestCode(sent, t, 'late@example.jp') });
  assert.equal(res.status, 400);
  assert.match(res.text, /確認コードの有効期限が切れました/);
  assert.match(res.text, /<a class="btn btn-primary" href="\/login">確認コードを送り直す<\/a>/);
  const page = await client.get('/auth/email/verify');
  assert.match(page.text, /確認コードの有効期限が切れました/);
});

test('a code is used once, and only by the browser that asked for it', async () => {
  const t = await buildTenant(p);
  const { client } = await requestCode(t, 'once@example.jp');
  const code = latestCode(sent, t, 'once@example.jp');
  const elsewhere = t.client();
  assert.equal((await elsewhere.post('/auth/email/verify', { code })).status, 400);
  const flowCookie = [...client.cookies].find(([k]) => k.endsWith('yakuba-email-flow'))!;
  assert.equal((await client.post('/auth/email/verify', { code })).status, 303);
  client.cookies.set(flowCookie[0], flowCookie[1]);
  const again = await client.post('/auth/email/verify', { code });
  assert.equal(again.status, 400);
  assert.match(again.text, /有効期限が切れました/);
});

test('the page asked for before sign-in is where the e-mail sign-in ends', async () => {
  const t = await buildTenant(p);
  const { client } = await requestCode(t, 'next@example.jp', { next: '/mypage?from=mail' });
  const done = await client.post('/auth/email/verify', { code: latestCode(sent, t, 'next@example.jp') });
  assert.equal(done.location, '/mypage?from=mail');
});

test('ugly addresses re-render the form with the typed value and a field error, never a server error', async () => {
  const t = await buildTenant(p);
  const cases: [string, RegExp][] = [
    ['', /「メールアドレス」を入力してください/],
    ['not-an-address', /メールアドレスの形式/],
    ['<script>alert(1)</script>@example.jp', /メールアドレスの形式/],
    [`${'a'.repeat(300)}@example.jp`, /254文字以内/],
    ['a@b.jp\r\nBcc: victim@example.jp', /メールアドレスの形式/],
    ['a\u0000@example.jp', /使えない文字/],
  ];
  const before = sent.length;
  for (const [email, message] of cases) {
    const res = await t.client().post('/auth/email', { email });
    assert.equal(res.status, 400, JSON.stringify(email));
    assert.match(res.text, message);
    assert.match(res.text, /id="error-summary"/);
    assert.ok(!res.text.includes('<script>alert'), 'escaped');
    if (email.startsWith('<script>')) assert.ok(res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;@example.jp'), 'typed value kept');
  }
  const huge = await t.client().post('/auth/email', { email: 'x'.repeat(200_000) });
  assert.equal(huge.status, 400);
  const missing = await t.client().post('/auth/email', {});
  assert.equal(missing.status, 400);
  assert.equal(sent.length, before, 'no mail for invalid input');
});

test('asking for codes is rate-limited per address', async () => {
  const t = await buildTenant(p);
  for (let i = 0; i < 5; i++) assert.equal((await requestCode(t, 'flood@example.jp')).res.status, 303);
  const limited = await requestCode(t, 'FLOOD@example.jp');
  assert.equal(limited.res.status, 429);
  assert.ok(Number(limited.res.headers['retry-after']) > 0);
  assert.equal((await requestCode(t, 'someone-else@example.jp')).res.status, 303);
});

test('asking for codes is rate-limited per client address too', async () => {
  const t = await buildTenant(p);
  for (let i = 0; i < 30; i++) assert.equal((await requestCode(t, `person${i}@example.jp`)).res.status, 303);
  assert.equal((await requestCode(t, 'one-more@example.jp')).res.status, 429);
});
