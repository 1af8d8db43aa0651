import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { startSmtpServer } from '../../../test/support/smtp.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { buildStaff, signInStaff } from '../../../test/support/staff.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { createApiToken } from '../api/index.ts';
import { saveLineChannel } from './channel-settings.ts';
import { LINE_TEXT_MAX, lineSignature, lineText, retryKey } from './channels/line.ts';
import { signWebhook } from './channels/webhook.ts';
import { broadcastProgress } from './index.ts';
import { startHttpSink, startLineApi, startSmtpFront } from './notify.sinks.ts';
import { activeEmailSubscription, alertInput, seedTestAreas, sendBroadcast } from './notify.testkit.ts';
import { ADDRESS_FIELD, createWebhook } from './subscriptions.service.ts';
import { verifyToken } from './tokens.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let front: Awaited<ReturnType<typeof startSmtpFront>>;
let push: Awaited<ReturnType<typeof startHttpSink>>;
let line: Awaited<ReturnType<typeof startLineApi>>;
let hooks: Awaited<ReturnType<typeof startHttpSink>>;
let p: TestPlatform;

before(async () => {
  smtp = await startSmtpServer({ rejectRecipients: /^nobody@/ });
  front = await startSmtpFront(smtp.url);
  push = await startHttpSink(201);
  push.statusFor = (path) => (path.startsWith('/gone') ? 410 : 201);
  line = await startLineApi(['line-token-123', 'line-token-456']);
  hooks = await startHttpSink(200);
  p = await startTestPlatform({ env: { SMTP_URL: front.url, WORKER: 'false', MAIL_FROM: 'bousai@minatono.example.jp', LINE_API_BASE_URL: line.url, NOTIFY_SMTP_TIMEOUT_MS: '500', NOTIFY_BOUNCE_LIMIT: '2' } });
});
after(async () => {
  await p.stop();
  for (const s of [front, push, line, hooks, smtp]) await s.stop();
});

async function tenantWithAreas(): Promise<TestTenant> {
  const t = await buildTenant(p);
  await seedTestAreas(p.deps.db, t.code);
  return t;
}

const confirmedEmail = (t: TestTenant, email: string) => activeEmailSubscription(p.deps, t, email);

const progressOf = async (t: TestTenant, source: { kind: 'alert' | 'news'; id: string }) => (await withTenant(p.deps.db, t.code, (tx) => broadcastProgress(tx, t.code, source)))[0]!;

function browserKeys() {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: crypto.randomBytes(16).toString('base64url') };
}

test('Web Push: the browser posts its subscription; the push service gets an encrypted VAPID request; 410 removes the subscription', async () => {
  const t = await tenantWithAreas();
  const client = t.client();
  const page = await client.get('/subscribe');
  const vapidKey = /data-vapid-key="([^"]+)"/.exec(page.text)?.[1];
  assert.ok(vapidKey && vapidKey.length > 80, 'the page carries the municipality VAPID public key');
  assert.match(page.text, /プッシュ通知にはJavaScriptが必要です/);
  const csrf = await client.csrf();
  for (const path of ['/live/1', '/gone/1']) {
    const res = await client.api('POST', '/notify/push', { subscription: { endpoint: `${push.url}${path}`, keys: browserKeys() }, topics: ['bousai'], areas: [], language: 'en' }, { 'x-csrf-token': csrf });
    assert.equal(res.status, 201, res.text);
    assert.match(res.json().manageUrl, /^\/subscribe\/manage\?token=/);
  }
  const badKeys = await client.api('POST', '/notify/push', { subscription: { endpoint: `${push.url}/x`, keys: { p256dh: 'short', auth: 'x' } }, topics: ['bousai'] }, { 'x-csrf-token': csrf });
  assert.equal(badKeys.status, 400);

  const input = alertInput(t.code);
  await sendBroadcast(p.deps.db, input);
  await p.deps.worker.drain();
  const got = push.requests.filter((r) => r.path === '/live/1');
  assert.equal(got.length, 1);
  const h = got[0]!.headers;
  assert.equal(h['content-encoding'], 'aes128gcm');
  assert.equal(h['urgency'], 'high');
  assert.match(String(h['authorization']), /^vapid t=.+, k=/);
  assert.equal(String(h['authorization']).split('k=')[1], vapidKey);
  assert.ok(Number(h['ttl']) > 0);
  assert.ok(!got[0]!.body.includes(Buffer.from('Evacuation')), 'the payload is encrypted');

  const progress = await progressOf(t, input.source);
  assert.equal(progress.byChannel.webpush.sent, 1);
  assert.equal(progress.byChannel.webpush.failed, 1);
  const left = await withTenant(p.deps.db, t.code, (tx) => tx.query("SELECT 1 FROM notify_subscriptions WHERE tenant_id = $1 AND channel = 'webpush'", [t.code]));
  assert.equal(left.length, 1, 'the subscription the push service called gone is removed');
});

test('LINE: signed follow events create a subscription; each person gets a push with plain text, their own signed manage link and X-Line-Retry-Key; unfollow ends it', async () => {
  const t = await tenantWithAreas();
  const secret = crypto.randomBytes(16).toString('hex');
  await withTenant(p.deps.db, t.code, async (tx) => saveLineChannel(tx, await p.deps.keyring.forTenant(tx, t.code), t.code, 'line-token-123', secret));
  const users = [`U${crypto.randomBytes(16).toString('hex')}`, `U${crypto.randomBytes(16).toString('hex')}`];
  const event = (type: string, userId: string) => JSON.stringify({ destination: 'Ubot', events: [{ type, timestamp: Date.now(), source: { type: 'user', userId }, mode: 'active', webhookEventId: crypto.randomUUID() }] });
  const client = t.client();
  const forged = await client.raw('POST', '/api/notify/line/webhook', event('follow', users[0]!), { 'content-type': 'application/json', 'x-line-signature': lineSignature('wrong', event('follow', users[0]!)) });
  assert.equal(forged.status, 401);
  for (const userId of users) {
    const body = event('follow', userId);
    const ok = await client.raw('POST', '/api/notify/line/webhook', body, { 'content-type': 'application/json', 'x-line-signature': lineSignature(secret, body) });
    assert.equal(ok.status, 200);
  }

  const input = alertInput(t.code, { title: { ja: '避難指示 <b>本町</b>', en: 'x' } });
  const { broadcastId } = await sendBroadcast(p.deps.db, input);
  await p.deps.worker.drain();
  const calls = line.requests.filter((r) => r.headers['authorization'] === 'Bearer line-token-123');
  assert.equal(calls.length, 2, 'one push per person');
  const subs = await withTenant(p.deps.db, t.code, async (tx) => {
    const cipher = await p.deps.keyring.forTenant(tx, t.code);
    const rows = await tx.query<{ id: string; address_enc: string }>("SELECT id, address_enc FROM notify_subscriptions WHERE tenant_id = $1 AND channel = 'line'", [t.code]);
    return new Map(rows.map((r) => [cipher.decrypt(ADDRESS_FIELD, r.address_enc)!, r.id]));
  });
  const links = new Set<string>();
  for (const call of calls) {
    assert.equal(call.path, '/v2/bot/message/push');
    const sent = JSON.parse(call.body.toString()) as { to: string; messages: { type: string; text: string }[] };
    const subId = subs.get(sent.to);
    assert.ok(subId, 'addressed to one follower');
    assert.equal(call.headers['x-line-retry-key'], retryKey(broadcastId, [subId]));
    const text = sent.messages[0]!.text;
    assert.match(text, /^避難指示 <b>本町<\/b>\n\n本町に避難指示を発令しました。/, 'LINE gets plain text, not HTML-escaped');
    assert.ok(text.includes(input.url), 'the alert page link');
    const manage = /配信内容の変更・配信停止:\n(\S+)$/.exec(text)?.[1] ?? '';
    assert.ok(manage.startsWith(`${t.origin}/subscribe/manage?token=m.${subId}.`), `the person's own manage link: ${text}`);
    const token = new URL(manage).searchParams.get('token')!;
    assert.equal(await withTenant(p.deps.db, t.code, async (tx) => verifyToken(await p.deps.keyring.forTenant(tx, t.code), 'manage', token)), subId, 'signed with the notify token helpers');
    links.add(manage);
  }
  assert.equal(links.size, 2, 'each person has their own link');

  // The link lands on the manage page e-mail uses; unsubscribing there stops this person's messages.
  const [first] = [...links];
  const page = await client.get(new URL(first!).pathname + new URL(first!).search);
  assert.equal(page.status, 200);
  assert.match(page.text, /配信内容の変更/);
  assert.match(page.text, /LINE/);
  const token = new URL(first!).searchParams.get('token')!;
  assert.equal((await client.post('/unsubscribe', { token })).status, 200);

  const unsubscribed = /token=m\.([0-9a-f-]{36})\./.exec(first!)![1];
  const unfollow = event('unfollow', users.find((u) => subs.get(u) !== unsubscribed)!);
  await client.raw('POST', '/api/notify/line/webhook', unfollow, { 'content-type': 'application/json', 'x-line-signature': lineSignature(secret, unfollow) });
  await sendBroadcast(p.deps.db, alertInput(t.code));
  await p.deps.worker.drain();
  assert.equal(line.requests.filter((r) => r.headers['authorization'] === 'Bearer line-token-123').length, 2, 'nothing after unsubscribing on the manage page or unfollowing');
});

test('LINE: a 500 or 429 is retried with the same X-Line-Retry-Key; an answer lost after LINE accepted gets 409 on the retry and the person has it once; a refused token fails for good', async () => {
  const t = await tenantWithAreas();
  const secret = crypto.randomBytes(16).toString('hex');
  await withTenant(p.deps.db, t.code, async (tx) => saveLineChannel(tx, await p.deps.keyring.forTenant(tx, t.code), t.code, 'line-token-456', secret));
  const user = `U${crypto.randomBytes(16).toString('hex')}`;
  const follow = JSON.stringify({ destination: 'Ubot', events: [{ type: 'follow', timestamp: Date.now(), source: { type: 'user', userId: user }, mode: 'active', webhookEventId: crypto.randomUUID() }] });
  assert.equal((await t.client().raw('POST', '/api/notify/line/webhook', follow, { 'content-type': 'application/json', 'x-line-signature': lineSignature(secret, follow) })).status, 200);
  const toUser = () => line.delivered.filter((m) => m.to === user);
  const due = () =>
    withTenant(p.deps.db, t.code, async (tx) => {
      await tx.query("UPDATE notify_deliveries SET next_attempt_at = now() WHERE tenant_id = $1 AND state = 'retrying'", [t.code]);
      await tx.query("UPDATE jobs SET run_at = now() WHERE tenant_id = $1 AND status = 'pending'", [t.code]);
    });
  const state = async () => (await withTenant(p.deps.db, t.code, (tx) => tx.query<{ state: string; attempts: number; last_error: string | null }>("SELECT state, attempts, last_error FROM notify_deliveries WHERE tenant_id = $1 AND channel = 'line'", [t.code])))[0]!;

  // 1. LINE is busy (429), then has an internal error (500): both retried, then delivered once.
  line.failures.push(429, 500);
  const first = alertInput(t.code);
  await sendBroadcast(p.deps.db, first);
  await p.deps.worker.drain();
  assert.equal((await state()).state, 'retrying');
  assert.match((await state()).last_error ?? '', /429/);
  await due();
  await p.deps.worker.drain();
  assert.match((await state()).last_error ?? '', /500/);
  await due();
  await p.deps.worker.drain();
  assert.equal((await state()).state, 'sent');
  assert.equal(toUser().length, 1);
  const keys = line.requests.filter((r) => r.headers['authorization'] === 'Bearer line-token-456').map((r) => r.headers['x-line-retry-key']);
  assert.deepEqual(keys, Array(3).fill(keys[0]), 'every attempt carries the same retry key');
  assert.equal(keys[0], toUser()[0]!.retryKey);
  assert.equal((await progressOf(t, first.source)).byChannel.line.retried, 1);

  // 2. LINE accepted, but its answer was lost (here: a 500 after accepting). The retry is answered
  // 409 for the known key: recorded as sent, and LINE delivered it once.
  line.failures.push('accepted-then-500');
  const second = alertInput(t.code, { title: { ja: '避難指示（続報）', en: 'Evacuation order (update)' } });
  await sendBroadcast(p.deps.db, second);
  await p.deps.worker.drain();
  const lost = (await withTenant(p.deps.db, t.code, (tx) => tx.query<{ state: string }>("SELECT d.state FROM notify_deliveries d JOIN notify_broadcasts b ON b.id = d.broadcast_id WHERE d.tenant_id = $1 AND b.source_id = $2", [t.code, second.source.id])))[0]!;
  assert.equal(lost.state, 'retrying', 'the sender could not know it went out');
  assert.equal(toUser().length, 2);
  await due();
  await p.deps.worker.drain();
  assert.equal((await progressOf(t, second.source)).byChannel.line.sent, 1);
  assert.equal(toUser().length, 2, 'the retry was not delivered again');
  assert.equal(toUser().filter((m) => m.text.startsWith('避難指示（続報）')).length, 1);

  // 3. A token LINE refuses (401): a permanent failure with LINE's message, not retried for 72 hours.
  await withTenant(p.deps.db, t.code, async (tx) => saveLineChannel(tx, await p.deps.keyring.forTenant(tx, t.code), t.code, 'revoked-token', secret));
  const third = alertInput(t.code);
  await sendBroadcast(p.deps.db, third);
  await p.deps.worker.drain();
  const refused = (await withTenant(p.deps.db, t.code, (tx) => tx.query<{ state: string; last_error: string }>("SELECT d.state, d.last_error FROM notify_deliveries d JOIN notify_broadcasts b ON b.id = d.broadcast_id WHERE d.tenant_id = $1 AND b.source_id = $2", [t.code, third.source.id])))[0]!;
  assert.equal(refused.state, 'failed');
  assert.match(refused.last_error, /401 .*access token/);
});

test('LINE text: an over-long message is cut in the body, so the page link and the manage link arrive whole', () => {
  const d = {
    tenant: '990019', broadcastId: crypto.randomUUID(), subscriptionId: crypto.randomUUID(), messageId: 'x', address: 'U1', language: 'ja' as const, urgent: true,
    title: '避難指示', body: '𠮷'.repeat(3000), url: 'https://minatono.example.jp/alerts/1', manageUrl: 'https://minatono.example.jp/subscribe/manage?token=m.abc', unsubscribeUrl: 'https://minatono.example.jp/unsubscribe?token=m.abc',
    meta: { topic: 'bousai', status: 'actual', areas: null, sourceKind: 'alert', sourceId: '1', sourceRevision: 1 },
  };
  const text = lineText(d);
  assert.ok(text.length <= LINE_TEXT_MAX, `${text.length} characters`);
  assert.ok(text.endsWith('\n\nhttps://minatono.example.jp/alerts/1\n\n配信内容の変更・配信停止:\nhttps://minatono.example.jp/subscribe/manage?token=m.abc'));
  assert.doesNotMatch(text, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no surrogate pair is split');
  assert.match(text, /𠮷…\n\n/);
  const en = lineText({ ...d, language: 'en', body: 'short' });
  assert.equal(en, '避難指示\n\nshort\n\nhttps://minatono.example.jp/alerts/1\n\nChange or stop these messages:\nhttps://minatono.example.jp/subscribe/manage?token=m.abc');
});

test('webhooks are signed per Standard Webhooks with a stable webhook-id', async () => {
  const t = await tenantWithAreas();
  const secret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
  const id = await withTenant(p.deps.db, t.code, async (tx) =>
    createWebhook(tx, await p.deps.keyring.forTenant(tx, t.code), t.code, { label: '防災システム', url: `${hooks.url}/hook/${t.code}`, secret, prefs: { topics: ['bousai'], areas: [], language: 'ja' } }),
  );
  const { broadcastId } = await sendBroadcast(p.deps.db, alertInput(t.code, { status: 'exercise' }));
  await p.deps.worker.drain();
  const [req] = hooks.requests.filter((r) => r.path === `/hook/${t.code}`);
  assert.ok(req);
  const wid = String(req.headers['webhook-id']);
  assert.equal(wid, `${broadcastId}.${id}`);
  const ts = Number(req.headers['webhook-timestamp']);
  assert.ok(Math.abs(ts - Date.now() / 1000) < 120);
  assert.equal(req.headers['webhook-signature'], signWebhook(secret, wid, ts, req.body.toString()));
  const payload = JSON.parse(req.body.toString()) as { type: string; data: { title: string; status: string; topic: string } };
  assert.equal(payload.type, 'notify.message');
  assert.match(payload.data.title, /^【訓練】/);
  assert.equal(payload.data.status, 'exercise');
});

test('an SMTP server that refuses or hangs: retried with back-off, dead-lettered after the retry window, then "retry now" delivers; nothing lost', async () => {
  const t = await tenantWithAreas();
  await confirmedEmail(t, 'kazuko@example.jp');
  front.mode = 'refuse';
  const input = alertInput(t.code);
  await sendBroadcast(p.deps.db, input);
  await p.deps.worker.drain();
  let progress = await progressOf(t, input.source);
  assert.equal(progress.byChannel.email.retrying, 1);
  const [d] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ last_error: string; wait: number }>('SELECT last_error, extract(epoch FROM next_attempt_at - now())::int AS wait FROM notify_deliveries WHERE tenant_id = $1', [t.code]));
  assert.match(d!.last_error, /554|refused|Greeting/i);
  assert.ok(d!.wait >= 5 && d!.wait <= 15, `first retry after ~10 s, was ${d!.wait}`);

  // A hanging server times out (NOTIFY_SMTP_TIMEOUT_MS) and is retried too.
  front.mode = 'hang';
  const due = () => withTenant(p.deps.db, t.code, async (tx) => {
    await tx.query("UPDATE notify_deliveries SET next_attempt_at = now() WHERE tenant_id = $1 AND state = 'retrying'", [t.code]);
    await tx.query("UPDATE jobs SET run_at = now() WHERE tenant_id = $1 AND status = 'pending'", [t.code]);
  });
  await due();
  await p.deps.worker.drain();
  progress = await progressOf(t, input.source);
  assert.equal(progress.byChannel.email.retrying, 1);
  assert.equal(progress.byChannel.email.retried, 1, 'sent twice so far: counted as retried');
  const [d2] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ last_error: string; attempts: number }>('SELECT last_error, attempts FROM notify_deliveries WHERE tenant_id = $1', [t.code]));
  assert.match(d2!.last_error, /timeout|greeting never received/i);
  assert.equal(d2!.attempts, 2);

  // Past NOTIFY_RETRY_HOURS (72 h) the next failure dead-letters it.
  await withTenant(p.deps.db, t.code, (tx) => tx.query("UPDATE notify_deliveries SET created_at = now() - interval '73 hours' WHERE tenant_id = $1", [t.code]));
  front.mode = 'refuse';
  await due();
  await p.deps.worker.drain();
  progress = await progressOf(t, input.source);
  const rowNow = async () => JSON.stringify(await withTenant(p.deps.db, t.code, (tx) => tx.query('SELECT state, attempts, last_error, next_attempt_at > now() AS later FROM notify_deliveries WHERE tenant_id = $1', [t.code])));
  assert.equal(progress.byChannel.email.deadLetter, 1, await rowNow());
  assert.equal(progress.done, true);

  // Staff see it in the dead-letter list with the error and retry it once the server is back.
  const admin = await buildStaff(p, t, { roles: [{ role: 'admin', departmentId: null }] });
  const staff = t.client();
  await signInStaff(staff, admin, '/staff/notify/dead-letter');
  const list = await staff.get('/staff/notify/dead-letter');
  assert.equal(list.status, 200);
  assert.match(list.text, /554|refused/i);
  const form = /name="broadcastId" value="([^"]+)"[\s\S]*?name="channel" value="([^"]+)"[\s\S]*?name="subscriptionId" value="([^"]+)"/.exec(list.text)!;
  front.mode = 'pass';
  const before = smtp.received.length;
  const retried = await staff.post('/staff/notify/dead-letter/retry', { broadcastId: form[1]!, channel: form[2]!, subscriptionId: form[3]! });
  assert.equal(retried.status, 303);
  await p.deps.worker.drain();
  assert.equal(smtp.received.length, before + 1);
  progress = await progressOf(t, input.source);
  assert.equal(progress.byChannel.email.sent, 1);
  assert.equal(progress.byChannel.email.retried, 1, 'sent in the end, and still counted as retried');
  const audit = await withTenant(p.deps.db, t.code, (tx) => tx.query("SELECT 1 FROM audit_log WHERE tenant_id = $1 AND action = 'notify.delivery.retry'", [t.code]));
  assert.equal(audit.length, 1);

  const overview = await staff.get('/staff/notify');
  assert.equal(overview.status, 200);
  assert.match(overview.text, /避難指示（本町）/);
  const bid = /\/staff\/notify\/broadcasts\/([0-9a-f-]{36})/.exec(overview.text)![1]!;
  const detail = await staff.get(`/staff/notify/broadcasts/${bid}`);
  assert.match(detail.text, /<progress/);
  assert.match(detail.text, />更新</);
  assert.match(detail.text, /notify\/progress\.js/);
});

test('hard bounces are counted and suspend the address; a suspended or unsubscribed address receives nothing', async () => {
  front.mode = 'pass';
  const t = await tenantWithAreas();
  await confirmedEmail(t, 'nobody@example.jp');
  for (let i = 0; i < 2; i++) {
    await sendBroadcast(p.deps.db, alertInput(t.code));
    await p.deps.worker.drain();
  }
  const [sub] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ state: string; hard_bounces: number }>("SELECT state, hard_bounces FROM notify_subscriptions WHERE tenant_id = $1 AND channel = 'email'", [t.code]));
  assert.deepEqual(sub, { state: 'suspended', hard_bounces: 2 });
  const input = alertInput(t.code);
  await sendBroadcast(p.deps.db, input);
  await p.deps.worker.drain();
  assert.equal((await progressOf(t, input.source)).total, 0, 'a suspended address is not even queued');

  // Bounce reports from the mail relay through the API.
  const admin = await buildStaff(p, t, { roles: [{ role: 'admin', departmentId: null }] });
  await confirmedEmail(t, 'bounced@example.jp');
  const { token } = await withTenant(p.deps.db, t.code, (tx) => createApiToken(tx, t.code, { name: 'relay', scopes: ['notify:bounces', 'notify:subscriptions', 'notify:read'], expiresInDays: 1, createdBy: admin.id }));
  const api = t.client();
  const auth = { authorization: `Bearer ${token}` };
  for (let i = 0; i < 2; i++) assert.deepEqual((await api.api('POST', '/api/v1/notify/bounces', { email: 'Bounced@Example.jp' }, auth)).json(), { known: true });
  const [b] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ state: string }>("SELECT state FROM notify_subscriptions WHERE tenant_id = $1 AND hard_bounces = 2 AND state = 'suspended' AND last_error = 'bounce report'", [t.code]));
  assert.ok(b);
  const bad = await api.api('POST', '/api/v1/notify/bounces', { email: 'not an address' }, auth);
  assert.equal(bad.status, 400);
  assert.equal(bad.json().error.fields[0].field, 'email');

  // The API subscribes with double opt-in and reads delivery status.
  const created = await api.api('POST', '/api/v1/notify/subscriptions', { email: 'api@example.jp', topics: ['bousai'], areas: ['honmachi'] }, auth);
  assert.equal(created.status, 202);
  const wrongArea = await api.api('POST', '/api/v1/notify/subscriptions', { email: 'api@example.jp', topics: ['bousai'], areas: ['nowhere'] }, auth);
  assert.equal(wrongArea.status, 400);
  const status = await api.api('GET', `/api/v1/notify/broadcasts?sourceKind=alert&sourceId=${encodeURIComponent(input.source.id)}`, undefined, auth);
  assert.equal(status.status, 200);
  assert.equal(status.json().broadcasts[0].total, 0);
  const doc = await api.get('/api/openapi.json');
  assert.match(doc.text, /\/api\/v1\/notify\/subscriptions/);
});
