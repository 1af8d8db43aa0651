/**
 * Outgoing webhooks (channels/webhook.ts): registered by an administrator at /staff/notify/webhooks;
 * a receiver answering 410 ends the subscription; 5xx is retried with the same webhook-id; in
 * production, URLs into the server's own network (private, loopback, link-local, or a host name
 * resolving there) are refused with a permanent outcome, and a public URL is attempted.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import { after, before, mock, test } from 'node:test';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { startSmtpServer } from '../../../test/support/smtp.ts';
import { buildStaff, signInStaff } from '../../../test/support/staff.ts';
import type { TestClient } from '../../../test/support/client.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import type { OutgoingDelivery, Outcome } from './channels/channel.ts';
import { signWebhook, unsafeWebhookUrl, webhookChannel } from './channels/webhook.ts';
import { broadcastProgress } from './index.ts';
import { startHttpSink } from './notify.sinks.ts';
import { alertInput, seedTestAreas, sendBroadcast } from './notify.testkit.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let sink: Awaited<ReturnType<typeof startHttpSink>>;
let p: TestPlatform;
/** Status per request path; anything not listed answers 200. */
const statusByPath = new Map<string, number[]>();

before(async () => {
  smtp = await startSmtpServer();
  sink = await startHttpSink(200);
  sink.statusFor = (path) => statusByPath.get(path)?.shift() ?? 200;
  p = await startTestPlatform({ env: { SMTP_URL: smtp.url, WORKER: 'false', MAIL_FROM: 'bousai@minatono.example.jp' } });
});
after(async () => {
  await p.stop();
  await sink.stop();
  await smtp.stop();
});

interface Registered {
  t: TestTenant;
  staff: TestClient;
  id: string;
  secret: string;
  path: string;
}

/** A municipality whose administrator registers a webhook to the sink on the real staff page. */
async function registerWebhook(path: string): Promise<Registered> {
  const t = await buildTenant(p);
  await seedTestAreas(p.deps.db, t.code);
  const admin = await buildStaff(p, t, { roles: [{ role: 'admin', departmentId: null }] });
  const staff = t.client();
  await signInStaff(staff, admin, '/staff/notify/webhooks');
  const res = await staff.post('/staff/notify/webhooks', { label: '防災行政無線システム', url: `${sink.url}${path}`, topics: ['bousai'], language: 'ja' });
  assert.equal(res.status, 200, res.text);
  const secret = /<code class="secret">(whsec_[A-Za-z0-9+/=]+)<\/code>/.exec(res.text)?.[1];
  assert.ok(secret, 'the new secret is shown once');
  const id = /\/staff\/notify\/webhooks\/([0-9a-f-]{36})\/remove/.exec(res.text)?.[1];
  assert.ok(id, 'the webhook is listed with a remove button');
  return { t, staff, id, secret, path };
}

const subscription = async (r: Registered) =>
  (await withTenant(p.deps.db, r.t.code, (tx) => tx.query<{ state: string; ended: boolean }>('SELECT state, ended_at IS NOT NULL AS ended FROM notify_subscriptions WHERE tenant_id = $1 AND id = $2', [r.t.code, r.id])))[0];
const deliveries = (r: Registered, broadcastId: string) =>
  withTenant(p.deps.db, r.t.code, (tx) => tx.query<{ state: string; attempts: number; last_error: string | null }>('SELECT state, attempts, last_error FROM notify_deliveries WHERE tenant_id = $1 AND broadcast_id = $2', [r.t.code, broadcastId]));
const received = (r: Registered) => sink.requests.filter((x) => x.path === r.path);
const progressOf = async (t: TestTenant, source: { kind: 'alert' | 'news'; id: string }) => (await withTenant(p.deps.db, t.code, (tx) => broadcastProgress(tx, t.code, source)))[0]!;
const makeDue = (t: TestTenant) =>
  withTenant(p.deps.db, t.code, async (tx) => {
    await tx.query("UPDATE notify_deliveries SET next_attempt_at = now() WHERE tenant_id = $1 AND state = 'retrying'", [t.code]);
    await tx.query("UPDATE jobs SET run_at = now() WHERE tenant_id = $1 AND status = 'pending'", [t.code]);
  });

test('the staff page registers a webhook (refusing a URL that is not http(s) or carries a password, naming the field); deliveries are signed with the secret shown', async () => {
  const r = await registerWebhook('/hook/registered');
  for (const url of ['ftp://example.jp/hook', 'https://user:pw@example.jp/hook', 'not a url', '']) {
    const bad = await r.staff.post('/staff/notify/webhooks', { label: 'x', url, topics: ['bousai'], language: 'ja' });
    assert.equal(bad.status, 400, url);
    assert.match(bad.text, /URL/);
    assert.match(bad.text, /aria-invalid="true"/);
    assert.doesNotMatch(bad.text, /class="secret"/, 'no secret for a refused registration');
  }
  const { broadcastId } = await sendBroadcast(p.deps.db, alertInput(r.t.code));
  await p.deps.worker.drain();
  const [req] = received(r);
  assert.ok(req, 'the receiver got the message');
  assert.equal(req.headers['webhook-id'], `${broadcastId}.${r.id}`);
  assert.equal(req.headers['webhook-signature'], signWebhook(r.secret, String(req.headers['webhook-id']), Number(req.headers['webhook-timestamp']), req.body.toString()));
});

test('a receiver answering 410 ends the subscription: the delivery fails, nothing more is sent to it', async () => {
  const r = await registerWebhook('/hook/gone');
  statusByPath.set(r.path, [410]);
  const input = alertInput(r.t.code);
  const { broadcastId } = await sendBroadcast(p.deps.db, input);
  await p.deps.worker.drain();
  assert.equal(received(r).length, 1);
  const [d] = await deliveries(r, broadcastId);
  assert.equal(d?.state, 'failed');
  assert.equal(d.attempts, 1);
  assert.match(d.last_error ?? '', /410/);
  assert.deepEqual(await subscription(r), { state: 'ended', ended: true });
  const progress = await progressOf(r.t, input.source);
  assert.equal(progress.byChannel.webhook.failed, 1);
  assert.equal(progress.done, true, 'a 410 is not retried');

  // Not retried later either, and the next broadcasts do not reach it.
  await makeDue(r.t);
  await p.deps.worker.drain();
  const next = alertInput(r.t.code);
  await sendBroadcast(p.deps.db, next);
  await p.deps.worker.drain();
  assert.equal(received(r).length, 1, 'no request after the 410');
  assert.equal((await progressOf(r.t, next.source)).total, 0, 'an ended webhook is not queued');
  const page = await r.staff.get('/staff/notify/webhooks');
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, new RegExp(r.id), 'the ended webhook is no longer listed');
});

test('5xx is retried with the same webhook-id (each attempt signed afresh), then delivered once; counted as retried', async () => {
  const r = await registerWebhook('/hook/flaky');
  statusByPath.set(r.path, [500, 503]);
  const input = alertInput(r.t.code);
  const { broadcastId } = await sendBroadcast(p.deps.db, input);
  await p.deps.worker.drain();
  let [d] = await deliveries(r, broadcastId);
  assert.equal(d?.state, 'retrying');
  assert.match(d.last_error ?? '', /500/);
  assert.deepEqual(await subscription(r), { state: 'active', ended: false }, 'a 5xx does not end the subscription');
  await makeDue(r.t);
  await p.deps.worker.drain();
  [d] = await deliveries(r, broadcastId);
  assert.equal(d?.state, 'retrying');
  assert.match(d.last_error ?? '', /503/);
  await makeDue(r.t);
  await p.deps.worker.drain();
  [d] = await deliveries(r, broadcastId);
  assert.equal(d?.state, 'sent');
  assert.equal(d.attempts, 3);

  const reqs = received(r);
  assert.equal(reqs.length, 3);
  const ids = reqs.map((x) => x.headers['webhook-id']);
  assert.deepEqual(ids, Array(3).fill(`${broadcastId}.${r.id}`), 'every attempt carries the same webhook-id');
  for (const x of reqs) {
    assert.equal(x.headers['webhook-signature'], signWebhook(r.secret, String(x.headers['webhook-id']), Number(x.headers['webhook-timestamp']), x.body.toString()));
    assert.equal(JSON.parse(x.body.toString()).data.id, `${broadcastId}.${r.id}`);
  }
  const progress = await progressOf(r.t, input.source);
  assert.equal(progress.byChannel.webhook.sent, 1);
  assert.equal(progress.byChannel.webhook.retried, 1);
  assert.equal(progress.done, true);
});

test('an administrator removing the webhook ends it; nothing more is sent', async () => {
  const r = await registerWebhook('/hook/removed');
  const removed = await r.staff.post(`/staff/notify/webhooks/${r.id}/remove`);
  assert.equal(removed.status, 303);
  assert.deepEqual(await subscription(r), { state: 'ended', ended: true });
  assert.equal((await r.staff.post(`/staff/notify/webhooks/${crypto.randomUUID()}/remove`)).status, 404);
  const input = alertInput(r.t.code);
  await sendBroadcast(p.deps.db, input);
  await p.deps.worker.drain();
  assert.equal(received(r).length, 0);
  assert.equal((await progressOf(r.t, input.source)).total, 0);
});

// ---- Production: the SSRF guard at send time, on webhookChannel itself ----

function delivery(url: string): OutgoingDelivery {
  return {
    tenant: '990019',
    broadcastId: crypto.randomUUID(),
    subscriptionId: crypto.randomUUID(),
    messageId: `${crypto.randomUUID()}.${crypto.randomUUID()}`,
    address: JSON.stringify({ url, secret: `whsec_${crypto.randomBytes(24).toString('base64')}` }),
    language: 'ja',
    urgent: true,
    title: '避難指示',
    body: '本町に避難指示を発令しました。',
    url: 'https://minatono.example.jp/alerts/1',
    manageUrl: '',
    unsubscribeUrl: '',
    meta: { topic: 'bousai', status: 'actual', areas: null, sourceKind: 'alert', sourceId: '1', sourceRevision: 1 },
  };
}

/** Host names of the tests resolve as given here; any other name goes to the real resolver. */
const fakeDns: Record<string, { address: string; family: number }[] | Error> = {
  'internal.example.test': [{ address: '127.0.0.1', family: 4 }],
  'mixed.example.test': [
    { address: '93.184.215.14', family: 4 },
    { address: '10.1.2.3', family: 4 },
  ],
  'v6-internal.example.test': [{ address: 'fd00::5', family: 6 }],
  'hooks.example.com': [{ address: '93.184.215.14', family: 4 }],
  'flaky-dns.example.com': Object.assign(new Error('getaddrinfo EAI_AGAIN flaky-dns.example.com'), { code: 'EAI_AGAIN' }),
};

async function sendInProduction(urls: string[]) {
  const realLookup = dns.lookup.bind(dns);
  const lookup = mock.method(dns, 'lookup', (async (host: string, opts: unknown) => {
    const fake = fakeDns[host];
    if (fake instanceof Error) throw fake;
    return fake ?? realLookup(host, opts as { all: true });
  }) as typeof dns.lookup);
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchMock = mock.method(globalThis, 'fetch', async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response('{}', { status: 200 });
  });
  const outcomes = new Map<string, Outcome>();
  try {
    const batch = urls.map(delivery);
    await webhookChannel({ concurrency: 4, timeoutMs: 2000, production: true }).send(batch, (d, o) => outcomes.set(JSON.parse(d.address).url, o));
    assert.equal(outcomes.size, urls.length, 'every delivery has an outcome');
    return { outcomes, calls, lookups: lookup.mock.callCount() };
  } finally {
    lookup.mock.restore();
    fetchMock.mock.restore();
  }
}

test('production: URLs to loopback, private, link-local and other internal addresses (also by host name) are refused for good, without a request', async () => {
  const internal = [
    'https://127.0.0.1/hook',
    'https://127.5.6.7:8443/hook',
    'https://[::1]/hook',
    'https://10.0.0.8/hook',
    'https://192.168.1.20/hook',
    'https://172.16.4.4/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/hook',
    'https://0.0.0.0/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:a9fe:a9fe]/hook',
    'https://[::ffff:10.0.0.1]/hook',
    'https://[fe80::1]/hook',
    'https://[fd12:3456::1]/hook',
    'https://2130706433/hook',
    'https://0x7f.1/hook',
    'https://localhost/hook',
    'https://localhost:3000/hook',
    'https://internal.example.test/hook',
    'https://mixed.example.test/hook',
    'https://v6-internal.example.test/hook',
  ];
  const { outcomes, calls } = await sendInProduction(internal);
  for (const url of internal) {
    const o = outcomes.get(url)!;
    assert.equal(o.kind, 'permanent', `${url}: ${JSON.stringify(o)}`);
    assert.ok(o.kind === 'permanent');
    assert.equal(o.effect, 'none', 'the subscription stays for the administrator to fix');
    assert.match(o.error, /^webhook URL refused: points to a private or loopback address$/, url);
  }
  assert.deepEqual(calls, [], 'no request was made to any of them');
});

test('production: plain http is refused; a public https URL is attempted, with the signed headers', async () => {
  // (Every IPv4 address was once refused: a rule for IPv4-mapped IPv6 addresses matched them all.)
  const { outcomes, calls } = await sendInProduction(['http://hooks.example.com/yakuba', 'https://hooks.example.com/yakuba', 'https://93.184.215.14/yakuba', 'https://[::ffff:5db8:d70e]/yakuba']);
  const http = outcomes.get('http://hooks.example.com/yakuba')!;
  assert.deepEqual(http, { kind: 'permanent', error: 'webhook URL refused: must use https', effect: 'none' });
  assert.deepEqual(outcomes.get('https://hooks.example.com/yakuba'), { kind: 'sent' });
  assert.deepEqual(outcomes.get('https://93.184.215.14/yakuba'), { kind: 'sent' });
  assert.deepEqual(outcomes.get('https://[::ffff:5db8:d70e]/yakuba'), { kind: 'sent' }, 'a public address written IPv4-mapped');
  assert.deepEqual(calls.map((c) => c.url).sort(), ['https://93.184.215.14/yakuba', 'https://[::ffff:5db8:d70e]/yakuba', 'https://hooks.example.com/yakuba']);
  for (const c of calls) {
    const h = c.init.headers as Record<string, string>;
    assert.ok(h['webhook-id'] && h['webhook-timestamp'] && /^v1,/.test(h['webhook-signature']!));
    assert.equal(c.init.redirect, 'manual', 'redirects are not followed (they could lead inside)');
  }
});

test('production: a host name that cannot be resolved just now is retried, not failed for good', async () => {
  const { outcomes, calls } = await sendInProduction(['https://flaky-dns.example.com/hook']);
  const o = outcomes.get('https://flaky-dns.example.com/hook')!;
  assert.equal(o.kind, 'transient', JSON.stringify(o));
  assert.match((o as { error: string }).error, /does not resolve/);
  assert.equal(calls.length, 0);
});

test('registration check: the same rules as at send time; outside production only the scheme and credentials are checked', async () => {
  assert.equal(await unsafeWebhookUrl('https://169.254.169.254/', true), 'points to a private or loopback address');
  assert.equal(await unsafeWebhookUrl('https://[::1]:8080/', true), 'points to a private or loopback address');
  assert.equal(await unsafeWebhookUrl('https://localhost/', true), 'points to a private or loopback address');
  assert.equal(await unsafeWebhookUrl('http://93.184.215.14/', true), 'must use https');
  assert.equal(await unsafeWebhookUrl('https://u:p@93.184.215.14/', true), 'must not contain a user name or password');
  assert.equal(await unsafeWebhookUrl('https://93.184.215.14/hook', true), null);
  assert.equal(await unsafeWebhookUrl('http://127.0.0.1:9/hook', false), null, 'local receivers are allowed in development and tests');
  assert.equal(await unsafeWebhookUrl('ftp://127.0.0.1/', false), 'must use https');
  assert.equal(await unsafeWebhookUrl('nonsense', false), 'not a URL');
});
