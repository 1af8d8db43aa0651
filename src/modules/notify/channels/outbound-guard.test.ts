/**
 * Web Push endpoints and webhook URLs are given to us by others; in production they must not reach
 * the server's own network, also when a host name answers a public address to the check and an
 * internal one to the connection (DNS rebinding). DNS is replaced with mock.method (no resolver
 * answers for made-up names here); the connection attempt is real.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import dnsCallback from 'node:dns';
import dns from 'node:dns/promises';
import { afterEach, mock, test } from 'node:test';
import webpush from 'web-push';
import { startHttpSink } from '../notify.sinks.ts';
import type { OutgoingDelivery } from './channel.ts';
import { guardedLookup, internalTargetReason, INTERNAL, INTERNAL_ADDRESS_CODE, isInternalAddress } from './outbound-guard.ts';
import { webpushChannel } from './webpush.ts';

afterEach(() => mock.restoreAll());

test('internal addresses: loopback, private, link-local (cloud metadata), mapped and special ranges; public ones pass', () => {
  for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])
    assert.equal(isInternalAddress(a), true, a);
  for (const a of ['203.0.113.10', '8.8.8.8', '1.1.1.1', '2001:4860:4860::8888']) assert.equal(isInternalAddress(a), false, a);
});

test('a URL is refused in production only: internal literal or name, user info, plain http', async () => {
  mock.method(dns, 'lookup', (async (host: string) => (host === 'intranet.example' ? [{ address: '10.0.0.5', family: 4 }] : [{ address: '203.0.113.10', family: 4 }])) as unknown as typeof dns.lookup);
  assert.equal(await internalTargetReason('https://127.0.0.1/push', true), INTERNAL);
  assert.equal(await internalTargetReason('https://[::1]/push', true), INTERNAL);
  assert.equal(await internalTargetReason('https://intranet.example/push', true), INTERNAL);
  assert.equal(await internalTargetReason('https://push.example/push', true), null);
  assert.equal(await internalTargetReason('http://push.example/push', true), 'must use https');
  assert.equal(await internalTargetReason('https://u:p@push.example/push', true), 'must not contain a user name or password');
  assert.equal(await internalTargetReason('http://127.0.0.1:8080/push', false), null, 'development sends to local servers');
});

test('guardedLookup refuses an answer with any internal address and passes public ones, in both answer forms', async () => {
  mock.method(dnsCallback, 'lookup', ((host: string, _opts: unknown, cb: (e: null, a: dnsCallback.LookupAddress[]) => void) =>
    cb(null, host === 'mixed.example' ? [{ address: '203.0.113.10', family: 4 }, { address: '127.0.0.1', family: 4 }] : [{ address: '203.0.113.10', family: 4 }])) as unknown as typeof dnsCallback.lookup);
  const lookup = (host: string, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
      (guardedLookup as unknown as (h: string, o: object, cb: (e: NodeJS.ErrnoException | null, a: unknown) => void) => void)(host, { all }, (err, address) => resolve({ err, address })),
    );
  const mixed = await lookup('mixed.example', true);
  assert.equal(mixed.err?.code, INTERNAL_ADDRESS_CODE);
  assert.deepEqual((await lookup('push.example', true)).address, [{ address: '203.0.113.10', family: 4 }]);
  assert.equal((await lookup('push.example', false)).address, '203.0.113.10');
});

function delivery(endpoint: string): OutgoingDelivery {
  const ua = crypto.createECDH('prime256v1');
  ua.generateKeys();
  return {
    tenant: '990019', broadcastId: crypto.randomUUID(), subscriptionId: crypto.randomUUID(), messageId: crypto.randomUUID(), language: 'ja', urgent: true,
    address: JSON.stringify({ endpoint, keys: { p256dh: ua.getPublicKey().toString('base64url'), auth: crypto.randomBytes(16).toString('base64url') } }),
    title: '避難指示', body: '本町に避難指示を発令しました。', url: 'https://minatono.example.jp/alerts/1', manageUrl: 'https://minatono.example.jp/m', unsubscribeUrl: 'https://minatono.example.jp/u',
    meta: { topic: 'bousai', status: 'actual', areas: null, sourceKind: 'alert', sourceId: '1', sourceRevision: 1 },
  };
}

async function send(endpoint: string, production: boolean) {
  const keys = webpush.generateVAPIDKeys();
  const outcomes: { kind: string; error?: string; effect?: string }[] = [];
  await webpushChannel({ concurrency: 1, timeoutMs: 3000, production, vapid: () => ({ ...keys, subject: 'mailto:bousai@minatono.example.jp' }) }).send([delivery(endpoint)], (_d, o) => outcomes.push(o));
  return outcomes[0]!;
}

test('Web Push in production: an endpoint that rebinds to the server itself, or names an internal address, is refused and its subscription removed; nothing is sent', async () => {
  const sink = await startHttpSink(201);
  try {
    const port = new URL(sink.url).port;
    // The check sees a public address; the connection would get loopback.
    mock.method(dns, 'lookup', (async () => [{ address: '203.0.113.10', family: 4 }]) as unknown as typeof dns.lookup);
    mock.method(dnsCallback, 'lookup', ((_host: string, _opts: unknown, cb: (e: null, a: dnsCallback.LookupAddress[]) => void) => cb(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof dnsCallback.lookup);
    const rebinding = `http://push.rebind.example:${port}/sub/1`;
    assert.equal(await internalTargetReason(rebinding.replace('http:', 'https:'), true), null, 'the check alone is fooled');
    const refused = await send(rebinding, true);
    assert.equal(refused.kind, 'permanent');
    assert.equal(refused.effect, 'remove');
    assert.match(refused.error ?? '', /private or loopback/);
    const literal = await send(`${sink.url}/sub/2`, true);
    assert.equal(literal.kind, 'permanent');
    assert.equal(literal.effect, 'remove');
    assert.equal(sink.count, 0, 'no request reached the server');
    // Outside production the same local push service is used (development, tests).
    assert.equal((await send(`${sink.url}/sub/3`, false)).kind, 'sent');
    assert.equal(sink.count, 1);
  } finally {
    await sink.stop();
  }
});
