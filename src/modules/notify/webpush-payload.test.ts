/**
 * What a browser decrypts from a Web Push message: the body is cut to at most 1,000 UTF-16 units
 * (bounding the encrypted record well under 4 KB), never inside a surrogate pair such as 𠮷.
 * The test plays the browser: it holds the subscription's private key and decrypts the request
 * the push service received (RFC 8291, aes128gcm).
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import webpush from 'web-push';
import { webpushChannel } from './channels/webpush.ts';
import type { OutgoingDelivery } from './channels/channel.ts';
import { startHttpSink } from './notify.sinks.ts';

let push: Awaited<ReturnType<typeof startHttpSink>>;
before(async () => {
  push = await startHttpSink(201);
});
after(() => push.stop());

const hmac = (key: Buffer, ...data: Buffer[]) => crypto.createHmac('sha256', key).update(Buffer.concat(data)).digest();

/** Decrypts an aes128gcm push message body as the browser does (RFC 8291 §3.4, RFC 8188). */
function decrypt(body: Buffer, ua: crypto.ECDH, auth: Buffer): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  const uaPublic = ua.getPublicKey();
  const ikm = hmac(hmac(auth, ua.computeSecret(asPublic)), Buffer.from('WebPush: info\0'), uaPublic, asPublic, Buffer.from([1]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0'), Buffer.from([1])).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0'), Buffer.from([1])).subarray(0, 12);
  const decipher = crypto.createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  return plain.subarray(0, plain.lastIndexOf(2)).toString('utf8');
}

async function pushed(body: string): Promise<{ title: string; body: string; url: string }> {
  const ua = crypto.createECDH('prime256v1');
  ua.generateKeys();
  const auth = crypto.randomBytes(16);
  const path = `/sub/${crypto.randomUUID()}`;
  const keys = webpush.generateVAPIDKeys();
  const d: OutgoingDelivery = {
    tenant: '990019', broadcastId: crypto.randomUUID(), subscriptionId: crypto.randomUUID(), messageId: crypto.randomUUID(), language: 'ja', urgent: true,
    address: JSON.stringify({ endpoint: `${push.url}${path}`, keys: { p256dh: ua.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } }),
    title: '𠮷野家の前で', body, url: 'https://minatono.example.jp/alerts/1', manageUrl: 'https://minatono.example.jp/m', unsubscribeUrl: 'https://minatono.example.jp/u',
    meta: { topic: 'bousai', status: 'actual', areas: null, sourceKind: 'alert', sourceId: '1', sourceRevision: 1 },
  };
  const outcomes: string[] = [];
  await webpushChannel({ concurrency: 1, timeoutMs: 5000, vapid: () => ({ ...keys, subject: 'mailto:bousai@minatono.example.jp' }) }).send([d], (_d, o) => outcomes.push(o.kind));
  assert.deepEqual(outcomes, ['sent']);
  const req = push.requests.find((r) => r.path === path);
  assert.ok(req);
  assert.ok(req.body.length <= 4096, `${req.body.length} bytes on the wire`);
  return JSON.parse(decrypt(req.body, ua, auth)) as { title: string; body: string; url: string };
}

test('a body whose 1,000th unit starts a surrogate pair is cut before the pair, not through it', async () => {
  const body = `${'a'.repeat(999)}${'𠮷'.repeat(600)}`;
  const got = await pushed(body);
  assert.equal(got.body, 'a'.repeat(999), 'the pair at units 999–1000 is left out whole');
  assert.equal(got.title, '𠮷野家の前で');
  assert.equal(got.url, 'https://minatono.example.jp/alerts/1');
});

test('a body of surrogate pairs is cut on a pair boundary at 1,000 units; a short body arrives whole', async () => {
  const got = await pushed('𠮷'.repeat(4000));
  assert.equal(got.body, '𠮷'.repeat(500));
  assert.doesNotMatch(got.body, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  assert.equal((await pushed('本町に避難指示を発令しました。')).body, '本町に避難指示を発令しました。');
  const cjk = await pushed('あ'.repeat(4000));
  assert.equal(cjk.body, 'あ'.repeat(1000));
});
