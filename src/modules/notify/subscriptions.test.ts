import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mailText, startSmtpServer, type ReceivedMail } from '../../../test/support/smtp.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { alertInput, seedTestAreas, sendBroadcast } from './notify.testkit.ts';
import { broadcastProgress } from './index.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let p: TestPlatform;
let t: TestTenant;

before(async () => {
  smtp = await startSmtpServer({ rejectRecipients: /^nobody@/ });
  p = await startTestPlatform({ env: { SMTP_URL: smtp.url, WORKER: 'false', MAIL_FROM: 'bousai@minatono.example.jp' } });
  t = await buildTenant(p);
  await seedTestAreas(p.deps.db, t.code);
});
after(async () => {
  await p.stop();
  await smtp.stop();
});

const to = (addr: string) => smtp.received.filter((m) => m.to.includes(addr));
const header = (m: ReceivedMail, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(m.raw.replace(/\r\n[ \t]+/g, ' '))?.[1]?.trim();
/** Every text part of a (possibly multipart) message, decoded. */
const body = (m: ReceivedMail) => {
  const parts = [...m.raw.matchAll(/Content-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/g)].map((x) => Buffer.from(x[1]!.replace(/\s+/g, ''), 'base64').toString('utf8'));
  return parts.length ? parts.join('\n') : mailText(m.raw);
};
const linkIn = (m: ReceivedMail, path: string) => {
  const url = new RegExp(`https?://[^\\s"<>]+${path.replace('?', '\\?')}[^\\s"<>]+`).exec(body(m))?.[0];
  assert.ok(url, `no ${path} link in mail`);
  return new URL(url);
};

async function subscribe(client: ReturnType<TestTenant['client']>, email: string, form: Record<string, string | string[]> = {}) {
  return client.post('/subscribe', { email, topics: ['bousai'], language: 'ja', ...form });
}

test('e-mail subscription is double opt-in; a confirmed subscriber gets the alert with List-Unsubscribe and can unsubscribe in one click', async () => {
  const client = t.client();
  const page = await client.get('/subscribe');
  assert.equal(page.status, 200);
  assert.match(page.text, /防災/);
  assert.match(page.text, /本町/);
  assert.match(page.text, /<noscript>/);

  const res = await subscribe(client, 'hanako@example.jp', { areas: ['honmachi'] });
  assert.equal(res.status, 303);
  assert.equal(res.location, '/subscribe/sent');
  await p.deps.worker.drain();
  const [confirmation] = to('hanako@example.jp');
  assert.ok(confirmation);
  const confirmUrl = linkIn(confirmation, '/subscribe/confirm?token=');

  // Unconfirmed: nothing is delivered.
  const early = alertInput(t.code);
  await sendBroadcast(p.deps.db, early);
  await p.deps.worker.drain();
  assert.equal(to('hanako@example.jp').length, 1);
  const [earlyProgress] = await withTenant(p.deps.db, t.code, (tx) => broadcastProgress(tx, t.code, early.source));
  assert.equal(earlyProgress?.done, true, 'the broadcast ran');
  assert.equal(earlyProgress.total, 0, 'with no delivery for the pending address');

  // Opening the link shows a button; pressing it confirms.
  const confirmPage = await client.get(confirmUrl.pathname + confirmUrl.search);
  assert.equal(confirmPage.status, 200);
  assert.match(confirmPage.text, /登録を完了する/);
  const confirmed = await client.post('/subscribe/confirm', { token: confirmUrl.searchParams.get('token')! });
  assert.equal(confirmed.status, 200);
  assert.match(confirmed.text, /配信登録が完了しました/);

  const input = alertInput(t.code, { areas: ['honmachi'], title: { ja: '避難指示 <script>alert(1)</script>', en: 'Evacuation order' } });
  const { broadcastId, created } = await sendBroadcast(p.deps.db, input);
  assert.equal(created, true);
  assert.deepEqual(await sendBroadcast(p.deps.db, input), { broadcastId, created: false });
  await p.deps.worker.drain();
  const mails = to('hanako@example.jp');
  assert.equal(mails.length, 2);
  const alert = mails[1]!;
  assert.match(header(alert, 'List-Unsubscribe')!, /^<https?:\/\/[^>]+\/unsubscribe\?token=[^>]+>, <mailto:bousai@minatono\.example\.jp\?subject=unsubscribe/);
  assert.equal(header(alert, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  const subscriptionId = header(alert, 'X-Yakuba-Delivery')!.split('/')[1];
  assert.equal(header(alert, 'Message-ID'), `<${broadcastId}.${subscriptionId}@minatono.example.jp>`);
  const text = body(alert);
  assert.match(text, /<h1>避難指示 &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/h1>/, 'HTML part escapes the title');
  assert.doesNotMatch(text, /<script>/);
  assert.match(text, /本町に避難指示を発令しました。/);
  const [progress] = await withTenant(p.deps.db, t.code, (tx) => broadcastProgress(tx, t.code, input.source));
  assert.equal(progress!.byChannel.email.sent, 1);
  assert.equal(progress!.done, true);

  // RFC 8058 one-click: a POST from the mail client without cookies or CSRF token.
  const unsub = new URL(/<(https?:\/\/[^>]+)>/.exec(header(alert, 'List-Unsubscribe')!)![1]!);
  const oneClick = await t.client().raw('POST', `/api/notify/unsubscribe${unsub.search}`, 'List-Unsubscribe=One-Click', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(oneClick.status, 200);
  await sendBroadcast(p.deps.db, alertInput(t.code));
  await p.deps.worker.drain();
  assert.equal(to('hanako@example.jp').length, 2, 'an unsubscribed address receives nothing');
});

test('the manage link changes topics, areas and language without an account; area filters apply', async () => {
  const client = t.client();
  await subscribe(client, 'taro@example.jp', { areas: ['yamate'] });
  await p.deps.worker.drain();
  const confirmUrl = linkIn(to('taro@example.jp')[0]!, '/subscribe/confirm?token=');
  await client.post('/subscribe/confirm', { token: confirmUrl.searchParams.get('token')! });

  await sendBroadcast(p.deps.db, alertInput(t.code, { areas: ['honmachi'] }));
  await p.deps.worker.drain();
  assert.equal(to('taro@example.jp').length, 1, 'an alert for another area is not sent');

  await sendBroadcast(p.deps.db, alertInput(t.code, { areas: ['yamate'], status: 'exercise' }));
  await p.deps.worker.drain();
  const drill = to('taro@example.jp')[1]!;
  assert.match(body(drill), /【訓練】/);
  const manage = linkIn(drill, '/subscribe/manage?token=');
  const page = await client.get(manage.pathname + manage.search);
  assert.equal(page.status, 200);
  const saved = await client.post('/subscribe/manage', { token: manage.searchParams.get('token')!, topics: ['bousai', 'kenkou'], areas: [], language: 'en' });
  assert.equal(saved.status, 303);
  await sendBroadcast(p.deps.db, alertInput(t.code, { areas: ['honmachi'] }));
  await p.deps.worker.drain();
  const english = to('taro@example.jp')[2]!;
  assert.match(body(english), /An evacuation order was issued/);

  const bad = await client.post('/subscribe/manage', { token: manage.searchParams.get('token')!, topics: [], language: 'en' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /受け取る情報の分野/);
  const forged = await client.get(`/subscribe/manage?token=${manage.searchParams.get('token')!.slice(0, -2)}xx`);
  assert.equal(forged.status, 400);
});

test('malformed addresses are refused naming the field; 全角 is folded; the same address is one subscription', async () => {
  const t = await buildTenant(p);
  await seedTestAreas(p.deps.db, t.code);
  const client = t.client();
  for (const bad of ['hanako @example.jp', 'hanako@', 'hanako', `${'a'.repeat(300)}@example.jp`, `${'a'.repeat(65)}@example.jp`, '']) {
    const res = await subscribe(client, bad);
    assert.equal(res.status, 400, bad);
    assert.match(res.text, /メールアドレス/);
    assert.match(res.text, /aria-invalid="true"/);
  }
  const pendingNow = async () =>
    (await withTenant(p.deps.db, t.code, (tx) => tx.query<{ n: number; enc: string }>("SELECT count(*)::int AS n, min(address_enc) AS enc FROM notify_subscriptions WHERE tenant_id = $1 AND channel = 'email' AND state = 'pending'", [t.code])))[0]!;
  const pendingBefore = Number((await pendingNow()).n);
  const folded = await subscribe(client, 'ｊｉｒｏ＠example.jp');
  assert.equal(folded.status, 303);
  await subscribe(client, 'jiro@example.jp');
  await p.deps.worker.drain();
  assert.equal(to('jiro@example.jp').length, 2);
  const row = await pendingNow();
  assert.equal(Number(row.n), pendingBefore + 1, '全角 and 半角 forms of one address are one subscription');
  assert.doesNotMatch(row.enc, /@/, 'addresses are stored encrypted');

  const noTopic = await client.post('/subscribe', { email: 'x@example.jp', language: 'ja' });
  assert.equal(noTopic.status, 400);
  assert.match(noTopic.text, /受け取る情報の分野/);
  const unknownArea = await subscribe(client, 'y@example.jp', { areas: ['atlantis'] });
  assert.equal(unknownArea.status, 400);
  assert.match(unknownArea.text, /地区/);
});

test('broadcast refuses an empty or oversized title or body, naming the field', async () => {
  await assert.rejects(sendBroadcast(p.deps.db, alertInput(t.code, { title: { ja: '', en: 'x' } })), (e: { fields: { field: string; message: { ja: string } }[] }) => {
    assert.equal(e.fields[0]!.field, 'title.ja');
    assert.match(e.fields[0]!.message.ja, /件名（日本語）/);
    return true;
  });
  await assert.rejects(sendBroadcast(p.deps.db, alertInput(t.code, { body: { ja: 'あ'.repeat(100_000), en: 'x' } })), (e: { fields: { field: string; message: { ja: string } }[] }) => {
    assert.equal(e.fields[0]!.field, 'body.ja');
    assert.match(e.fields[0]!.message.ja, /4000文字以内/);
    return true;
  });
});

test('the subscribe form is rate limited per client address', async () => {
  const t = await buildTenant(p);
  const client = t.client();
  let last = 0;
  for (let i = 0; i < 21; i++) last = (await subscribe(client, `rl${i}@example.jp`)).status;
  assert.equal(last, 429);
});
