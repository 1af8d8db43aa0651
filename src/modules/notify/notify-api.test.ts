/**
 * The notify JSON API beyond subscribing: DELETE /api/v1/notify/subscriptions/{id} and
 * GET /api/v1/notify/broadcasts[/{id}] — scopes, tenant isolation, unknown and malformed ids, a
 * delete that really ends the subscription, progress counts that match the delivery rows, and the
 * OpenAPI document.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { bearerToken } from '../../../test/support/api-tokens.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { mailText, startSmtpServer, type ReceivedMail } from '../../../test/support/smtp.ts';
import type { TestResponse } from '../../../test/support/client.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { startHttpSink } from './notify.sinks.ts';
import { activeEmailSubscription, alertInput, seedTestAreas, sendBroadcast } from './notify.testkit.ts';
import { createWebhook } from './subscriptions.service.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let hooks: Awaited<ReturnType<typeof startHttpSink>>;
let p: TestPlatform;
let a: TestTenant;
let b: TestTenant;
/** Authorization header values. */
const tok = { aFull: '', aRead: '', aSubs: '', aOther: '', bFull: '' };
const auth = (k: keyof typeof tok) => ({ authorization: tok[k] });

before(async () => {
  smtp = await startSmtpServer({ rejectRecipients: /^nobody@/ });
  hooks = await startHttpSink(200);
  hooks.statusFor = (path) => (path.startsWith('/gone') ? 410 : path.startsWith('/broken') ? 503 : 200);
  p = await startTestPlatform({ env: { SMTP_URL: smtp.url, WORKER: 'false', MAIL_FROM: 'bousai@minatono.example.jp', NOTIFY_SMTP_TIMEOUT_MS: '1000' } });
  a = await buildTenant(p);
  b = await buildTenant(p);
  for (const t of [a, b]) await seedTestAreas(p.deps.db, t.code);
  tok.aFull = await bearerToken(p, a.code, ['notify:subscriptions', 'notify:read']);
  tok.aRead = await bearerToken(p, a.code, ['notify:read'], '閲覧のみ');
  tok.aSubs = await bearerToken(p, a.code, ['notify:subscriptions'], '登録のみ');
  tok.aOther = await bearerToken(p, a.code, ['opendata:read'], '別の権限');
  tok.bFull = await bearerToken(p, b.code, ['notify:subscriptions', 'notify:read']);
});
after(async () => {
  await p.stop();
  for (const s of [hooks, smtp]) await s.stop();
});

const to = (addr: string) => smtp.received.filter((m: ReceivedMail) => m.to.includes(addr));
const decoded = (m: ReceivedMail) => {
  const parts = [...m.raw.matchAll(/Content-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/g)].map((x) => Buffer.from(x[1]!.replace(/\s+/g, ''), 'base64').toString('utf8'));
  return parts.length ? parts.join('\n') : mailText(m.raw);
};

/** The platform's JSON error shape: {error: {code, message: {ja, en}}}. */
function assertError(res: TestResponse, status: number, code: string) {
  assert.equal(res.status, status, res.text);
  assert.match(String(res.headers['content-type']), /application\/json/);
  const body = res.json();
  assert.equal(body.error.code, code, res.text);
  assert.equal(typeof body.error.message.ja, 'string');
  assert.equal(typeof body.error.message.en, 'string');
  assert.ok(body.error.message.ja.length > 0 && body.error.message.en.length > 0);
  return body.error as { code: string; message: { ja: string; en: string }; fields?: { field: string; message: { ja: string; en: string } }[] };
}

const activeEmail = (t: TestTenant, email: string) => activeEmailSubscription(p.deps, t, email);

const subState = async (t: TestTenant, id: string) =>
  (await withTenant(p.deps.db, t.code, (tx) => tx.query<{ state: string; ended: boolean }>('SELECT state, ended_at IS NOT NULL AS ended FROM notify_subscriptions WHERE tenant_id = $1 AND id = $2', [t.code, id])))[0];

const auditCount = async (t: TestTenant, action: string, recordId: string) =>
  Number((await withTenant(p.deps.db, t.code, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = $2 AND record_id = $3', [t.code, action, recordId])))[0]!.n);

/** Makes every retrying delivery and pending job of the municipality due now. */
const makeDue = (t: TestTenant) =>
  withTenant(p.deps.db, t.code, async (tx) => {
    await tx.query("UPDATE notify_deliveries SET next_attempt_at = now() WHERE tenant_id = $1 AND state = 'retrying'", [t.code]);
    await tx.query("UPDATE jobs SET run_at = now() WHERE tenant_id = $1 AND status = 'pending'", [t.code]);
  });

test('scopes: no or malformed token is 401, a token without the scope is 403 naming it, both as JSON errors; nothing changes', async () => {
  const sub = await activeEmail(a, 'scopes@example.jp');
  const { broadcastId } = await sendBroadcast(p.deps.db, alertInput(a.code));
  await p.deps.worker.drain();
  const c = a.client();

  const badHeaders: Record<string, string>[] = [{}, { authorization: 'Bearer nonsense' }, { authorization: `Bearer yk_ABCDEFGH_${'x'.repeat(40)}` }, { authorization: tok.aFull.replace('Bearer ', 'Basic ') }];
  for (const headers of badHeaders) {
    assertError(await c.api('DELETE', `/api/v1/notify/subscriptions/${sub}`, undefined, headers), 401, 'unauthenticated');
    assertError(await c.api('GET', `/api/v1/notify/broadcasts/${broadcastId}`, undefined, headers), 401, 'unauthenticated');
    assertError(await c.api('GET', '/api/v1/notify/broadcasts?sourceKind=alert&sourceId=x', undefined, headers), 401, 'unauthenticated');
  }
  // A's token is unknown at B's host (tokens belong to one municipality).
  assertError(await b.client().api('GET', `/api/v1/notify/broadcasts/${broadcastId}`, undefined, auth('aFull')), 401, 'unauthenticated');

  for (const k of ['aRead', 'aOther'] as const) {
    const denied = assertError(await c.api('DELETE', `/api/v1/notify/subscriptions/${sub}`, undefined, auth(k)), 403, 'forbidden');
    assert.match(denied.message.ja, /notify:subscriptions/);
    assert.match(denied.message.en, /lacks the scope "notify:subscriptions"/);
  }
  for (const k of ['aSubs', 'aOther'] as const) {
    const one = assertError(await c.api('GET', `/api/v1/notify/broadcasts/${broadcastId}`, undefined, auth(k)), 403, 'forbidden');
    assert.match(one.message.en, /notify:read/);
    const list = assertError(await c.api('GET', '/api/v1/notify/broadcasts?sourceKind=alert&sourceId=x', undefined, auth(k)), 403, 'forbidden');
    assert.match(list.message.ja, /notify:read/);
  }
  // A token without the scope learns nothing, not even whether the id exists.
  assertError(await c.api('DELETE', `/api/v1/notify/subscriptions/${crypto.randomUUID()}`, undefined, auth('aRead')), 403, 'forbidden');

  assert.deepEqual(await subState(a, sub), { state: 'active', ended: false }, 'refused deletes changed nothing');
  assert.equal(await auditCount(a, 'notify.subscription.end', sub), 0);

  // With the right scopes both work.
  assert.equal((await c.api('GET', `/api/v1/notify/broadcasts/${broadcastId}`, undefined, auth('aRead'))).status, 200);
  assert.equal((await c.api('DELETE', `/api/v1/notify/subscriptions/${sub}`, undefined, auth('aSubs'))).status, 200);
});

test("tenant isolation: A's token cannot delete or read B's subscription or broadcast (404, nothing changed)", async () => {
  const bSub = await activeEmail(b, 'b-resident@example.jp');
  const bInput = alertInput(b.code);
  const { broadcastId: bBroadcast } = await sendBroadcast(p.deps.db, bInput);
  await p.deps.worker.drain();
  assert.equal(to('b-resident@example.jp').length, 1);
  const c = a.client();

  const del = assertError(await c.api('DELETE', `/api/v1/notify/subscriptions/${bSub}`, undefined, auth('aFull')), 404, 'not_found');
  assert.doesNotMatch(JSON.stringify(del), /b-resident/);
  assert.deepEqual(await subState(b, bSub), { state: 'active', ended: false });
  assert.equal(await auditCount(a, 'notify.subscription.end', bSub), 0);
  assert.equal(await auditCount(b, 'notify.subscription.end', bSub), 0);

  assertError(await c.api('GET', `/api/v1/notify/broadcasts/${bBroadcast}`, undefined, auth('aFull')), 404, 'not_found');
  const list = await c.api('GET', `/api/v1/notify/broadcasts?sourceKind=alert&sourceId=${encodeURIComponent(bInput.source.id)}`, undefined, auth('aFull'));
  assert.equal(list.status, 200);
  assert.deepEqual(list.json(), { broadcasts: [] }, "B's broadcasts are not listed for A");

  // B still has its subscription: the next alert reaches it; B's own token reads and deletes.
  await sendBroadcast(p.deps.db, alertInput(b.code));
  await p.deps.worker.drain();
  assert.equal(to('b-resident@example.jp').length, 2);
  const own = await b.client().api('GET', `/api/v1/notify/broadcasts/${bBroadcast}`, undefined, auth('bFull'));
  assert.equal(own.status, 200);
  assert.equal(own.json().byChannel.email.sent, 1);
  assert.equal((await b.client().api('DELETE', `/api/v1/notify/subscriptions/${bSub}`, undefined, auth('bFull'))).status, 200);
});

test('unknown and malformed ids are 404, bad queries 400 naming the field; never 500', async () => {
  const c = a.client();
  const sub = await activeEmail(a, 'ids@example.jp');
  const { broadcastId } = await sendBroadcast(p.deps.db, alertInput(a.code));
  await p.deps.worker.drain();
  const odd = [
    crypto.randomUUID(),
    '00000000-0000-0000-0000-000000000000',
    'not-a-uuid',
    '123',
    `${crypto.randomUUID()}x`,
    "1' OR '1'='1",
    '%E3%81%82',
    '%00',
    'x'.repeat(5000),
    `${sub.slice(0, -1)}g`,
  ];
  for (const id of odd) {
    const path = id.includes('%') ? id : encodeURIComponent(id);
    assertError(await c.api('DELETE', `/api/v1/notify/subscriptions/${path}`, undefined, auth('aFull')), 404, 'not_found');
    assertError(await c.api('GET', `/api/v1/notify/broadcasts/${path}`, undefined, auth('aFull')), 404, 'not_found');
  }
  assert.deepEqual(await subState(a, sub), { state: 'active', ended: false });

  // A UUID is the same id in upper case (RFC 9562): both routes accept it.
  const upper = await c.api('GET', `/api/v1/notify/broadcasts/${broadcastId.toUpperCase()}`, undefined, auth('aFull'));
  assert.equal(upper.status, 200, upper.text);
  assert.equal(upper.json().broadcastId, broadcastId);
  const upperDel = await c.api('DELETE', `/api/v1/notify/subscriptions/${sub.toUpperCase()}`, undefined, auth('aFull'));
  assert.equal(upperDel.status, 200, upperDel.text);
  assert.deepEqual(await subState(a, sub), { state: 'ended', ended: true });
  assert.equal(await auditCount(a, 'notify.subscription.end', sub), 1, 'audited under the stored (lower-case) id');

  const cases: [string, string][] = [
    ['/api/v1/notify/broadcasts', 'sourceKind'],
    ['/api/v1/notify/broadcasts?sourceKind=alert', 'sourceId'],
    ['/api/v1/notify/broadcasts?sourceKind=alert&sourceId=', 'sourceId'],
    ['/api/v1/notify/broadcasts?sourceKind=weather&sourceId=1', 'sourceKind'],
    [`/api/v1/notify/broadcasts?sourceKind=news&sourceId=${'x'.repeat(101)}`, 'sourceId'],
  ];
  for (const [path, field] of cases) {
    const err = assertError(await c.api('GET', path, undefined, auth('aFull')), 400, 'validation_failed');
    assert.ok(err.fields?.some((f) => f.field === field), `${path}: ${JSON.stringify(err.fields)}`);
    const named = err.fields!.find((f) => f.field === field)!;
    assert.ok(named.message.ja && named.message.en, 'each field error is bilingual');
  }
  const none = await c.api('GET', `/api/v1/notify/broadcasts?sourceKind=news&sourceId=${encodeURIComponent('まだない')}`, undefined, auth('aFull'));
  assert.equal(none.status, 200);
  assert.deepEqual(none.json(), { broadcasts: [] });
});

test('a successful delete ends the subscription (audited, idempotent); a retry queued before it is suppressed and the next broadcast does not reach it', async () => {
  const t = await buildTenant(p);
  await seedTestAreas(p.deps.db, t.code);
  const token = { authorization: await bearerToken(p, t.code, ['notify:subscriptions', 'notify:read']) };
  const c = t.client();

  // Subscribe through the API and confirm through the link in the mail, as a resident would.
  const created = await c.api('POST', '/api/v1/notify/subscriptions', { email: 'api-delete@example.jp', topics: ['bousai'] }, token);
  assert.equal(created.status, 202);
  await p.deps.worker.drain();
  const confirmation = to('api-delete@example.jp')[0];
  assert.ok(confirmation, 'confirmation mail sent');
  const confirmUrl = new URL(/https?:\/\/[^\s"<>]+\/subscribe\/confirm\?token=[^\s"<>]+/.exec(decoded(confirmation))![0]);
  assert.equal((await c.post('/subscribe/confirm', { token: confirmUrl.searchParams.get('token')! })).status, 200);
  const [{ id } = { id: '' }] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ id: string }>("SELECT id FROM notify_subscriptions WHERE tenant_id = $1 AND state = 'active'", [t.code]));
  assert.ok(id);
  const keeper = await activeEmail(t, 'keeper@example.jp');
  // A system whose receiver is failing (503): its delivery waits to be retried.
  const hookPath = `/broken/${t.code}`;
  const hook = await withTenant(p.deps.db, t.code, async (tx) =>
    createWebhook(tx, await p.deps.keyring.forTenant(tx, t.code), t.code, { label: '防災システム', url: `${hooks.url}${hookPath}`, secret: `whsec_${crypto.randomBytes(24).toString('base64')}`, prefs: { topics: ['bousai'], areas: [], language: 'ja' } }),
  );
  const hookCalls = () => hooks.requests.filter((r) => r.path === hookPath).length;

  const first = alertInput(t.code);
  const { broadcastId: firstId } = await sendBroadcast(p.deps.db, first);
  await p.deps.worker.drain();
  assert.equal(to('api-delete@example.jp').length, 2);
  const before = (await c.api('GET', `/api/v1/notify/broadcasts/${firstId}`, undefined, token)).json();
  assert.equal(before.byChannel.email.sent, 2);
  assert.equal(before.byChannel.webhook.retrying, 1, JSON.stringify(before));
  assert.equal(hookCalls(), 1);

  for (const sub of [id, hook]) {
    const del = await c.api('DELETE', `/api/v1/notify/subscriptions/${sub}`, undefined, token);
    assert.equal(del.status, 200, del.text);
    assert.deepEqual(del.json(), { unsubscribed: true });
    assert.deepEqual(await subState(t, sub), { state: 'ended', ended: true });
  }
  const [entry] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ actor_kind: string; actor_id: string }>("SELECT actor_kind, actor_id FROM audit_log WHERE tenant_id = $1 AND action = 'notify.subscription.end' AND record_id = $2", [t.code, id]));
  assert.equal(entry?.actor_kind, 'api');
  assert.ok(entry.actor_id, 'the token is named as the actor');

  const again = await c.api('DELETE', `/api/v1/notify/subscriptions/${id}`, undefined, token);
  assert.equal(again.status, 200, 'deleting an ended subscription again is not an error');
  assert.deepEqual(await subState(t, id), { state: 'ended', ended: true });

  // The retry due for the deleted webhook is suppressed, not sent.
  await makeDue(t);
  await p.deps.worker.drain();
  const afterRetry = (await c.api('GET', `/api/v1/notify/broadcasts/${firstId}`, undefined, token)).json();
  assert.equal(afterRetry.byChannel.webhook.suppressed, 1, JSON.stringify(afterRetry));
  assert.equal(afterRetry.byChannel.webhook.retrying, 0);
  assert.equal(afterRetry.done, true);
  assert.equal(hookCalls(), 1, 'no request after the delete');

  const next = alertInput(t.code);
  const { broadcastId: nextId } = await sendBroadcast(p.deps.db, next);
  await p.deps.worker.drain();
  const progress = (await c.api('GET', `/api/v1/notify/broadcasts/${nextId}`, undefined, token)).json();
  assert.equal(progress.total, 1, 'ended subscriptions are not even queued');
  assert.equal(progress.byChannel.email.sent, 1);
  assert.equal(to('api-delete@example.jp').length, 2, 'nothing more after the delete');
  assert.equal(to('keeper@example.jp').length, 2);
  assert.equal(hookCalls(), 1);
  assert.deepEqual(await subState(t, keeper), { state: 'active', ended: false });
});

test('progress: counts per channel and state, and retried, match the delivery rows; the list has every revision, newest first', async () => {
  const t = await buildTenant(p);
  await seedTestAreas(p.deps.db, t.code);
  const token = { authorization: await bearerToken(p, t.code, ['notify:read']) };
  const c = t.client();
  for (const email of ['p1@example.jp', 'p2@example.jp', 'nobody@example.jp']) await activeEmail(t, email);
  await withTenant(p.deps.db, t.code, async (tx) => {
    const cipher = await p.deps.keyring.forTenant(tx, t.code);
    const prefs = { topics: ['bousai' as const], areas: [], language: 'ja' as const };
    for (const path of ['/ok/1', '/ok/2', '/gone/1', '/broken/1']) await createWebhook(tx, cipher, t.code, { label: path, url: `${hooks.url}${path}`, secret: `whsec_${crypto.randomBytes(24).toString('base64')}`, prefs });
  });

  const input = alertInput(t.code);
  const { broadcastId } = await sendBroadcast(p.deps.db, input);
  await p.deps.worker.drain();
  // The failing webhook is tried again (and fails again): attempts 2, counted as retried.
  await makeDue(t);
  await p.deps.worker.drain();

  const res = await c.api('GET', `/api/v1/notify/broadcasts/${broadcastId}`, undefined, token);
  assert.equal(res.status, 200, res.text);
  const got = res.json();
  const zero = { queued: 0, sent: 0, failed: 0, retrying: 0, deadLetter: 0, suppressed: 0, retried: 0 };
  assert.deepEqual(got, {
    broadcastId,
    total: 7,
    done: false,
    byChannel: {
      email: { ...zero, sent: 2, failed: 1 },
      webpush: zero,
      line: zero,
      webhook: { ...zero, sent: 2, failed: 1, retrying: 1, retried: 1 },
    },
  });

  // The same numbers, counted straight from the delivery rows.
  const rows = await withTenant(p.deps.db, t.code, (tx) =>
    tx.query<{ channel: string; state: string; n: number; retried: number }>(
      'SELECT channel, state, count(*)::int AS n, (count(*) FILTER (WHERE attempts > 1))::int AS retried FROM notify_deliveries WHERE tenant_id = $1 AND broadcast_id = $2 GROUP BY 1, 2',
      [t.code, broadcastId],
    ),
  );
  const key: Record<string, string> = { queued: 'queued', sending: 'queued', sent: 'sent', failed: 'failed', retrying: 'retrying', dead: 'deadLetter', suppressed: 'suppressed' };
  let total = 0;
  for (const r of rows) {
    total += Number(r.n);
    assert.equal((got.byChannel as Record<string, Record<string, number>>)[r.channel]![key[r.state]!], Number(r.n), `${r.channel}/${r.state}`);
  }
  assert.equal(got.total, total);
  const retried = rows.reduce((s, r) => s + Number(r.retried), 0);
  assert.equal(got.byChannel.webhook.retried + got.byChannel.email.retried, retried);

  // Past the retry window the next failure dead-letters it; the broadcast is then done.
  await withTenant(p.deps.db, t.code, (tx) => tx.query("UPDATE notify_deliveries SET created_at = now() - interval '73 hours' WHERE tenant_id = $1 AND state = 'retrying'", [t.code]));
  await makeDue(t);
  await p.deps.worker.drain();
  const dead = (await c.api('GET', `/api/v1/notify/broadcasts/${broadcastId}`, undefined, token)).json();
  assert.deepEqual(dead.byChannel.webhook, { ...zero, sent: 2, failed: 1, deadLetter: 1, retried: 1 });
  assert.equal(dead.done, true);

  // A second revision of the same alert: the list shows both, newest first, each as GET /{id} does.
  const { broadcastId: second } = await sendBroadcast(p.deps.db, { ...input, source: { ...input.source, revision: 2 } });
  await p.deps.worker.drain();
  const list = await c.api('GET', `/api/v1/notify/broadcasts?sourceKind=alert&sourceId=${encodeURIComponent(input.source.id)}`, undefined, token);
  assert.equal(list.status, 200);
  const items = list.json().broadcasts as { broadcastId: string }[];
  assert.deepEqual(items.map((x) => x.broadcastId), [second, broadcastId]);
  assert.deepEqual(items[1], dead);
  assert.deepEqual(items[0], (await c.api('GET', `/api/v1/notify/broadcasts/${second}`, undefined, token)).json());
  assert.equal((await c.api('GET', `/api/v1/notify/broadcasts?sourceKind=news&sourceId=${encodeURIComponent(input.source.id)}`, undefined, token)).json().broadcasts.length, 0, 'the kind is part of the source');
});

test('the routes, their scopes, parameters and error answers are in /api/openapi.json', async () => {
  const res = await a.client().get('/api/openapi.json');
  assert.equal(res.status, 200);
  const doc = res.json();
  const del = doc.paths['/api/v1/notify/subscriptions/{subscriptionId}']?.delete;
  const one = doc.paths['/api/v1/notify/broadcasts/{broadcastId}']?.get;
  const list = doc.paths['/api/v1/notify/broadcasts']?.get;
  for (const [name, op] of [['delete', del], ['get one', one], ['list', list]] as const) {
    assert.ok(op, `${name} is documented`);
    assert.deepEqual(op.security, [{ bearerToken: [] }]);
    for (const status of ['200', '401', '403', '404']) assert.ok(op.responses[status], `${name} documents ${status}`);
  }
  assert.match(del.summary, /notify:subscriptions/);
  assert.match(one.summary, /notify:read/);
  assert.match(list.summary, /notify:read/);
  assert.deepEqual(del.parameters.map((x: { name: string; in: string }) => `${x.in}:${x.name}`), ['path:subscriptionId']);
  assert.deepEqual(one.parameters.map((x: { name: string; in: string }) => `${x.in}:${x.name}`), ['path:broadcastId']);
  assert.deepEqual(list.parameters.map((x: { name: string; in: string }) => `${x.in}:${x.name}`).sort(), ['query:sourceId', 'query:sourceKind']);
  const progress = doc.components.schemas.BroadcastProgress;
  assert.ok(progress, 'BroadcastProgress schema');
  assert.deepEqual(Object.keys(progress.properties.byChannel.properties).sort(), ['email', 'line', 'webhook', 'webpush']);
  assert.deepEqual(Object.keys(progress.properties.byChannel.properties.email.properties).sort(), ['deadLetter', 'failed', 'queued', 'retried', 'retrying', 'sent', 'suppressed']);
});
