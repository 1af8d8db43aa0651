/** The fast mail path against a real SMTP server: message shape, encodings, refusals and a dead server. */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { startSmtpServer } from '../../../../test/support/smtp.ts';
import { asciiAddress, buildMessage, SmtpPool } from './smtp-sender.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
before(async () => {
  smtp = await startSmtpServer({ rejectRecipients: /^nobody@/ });
});
after(() => smtp.stop());

/** RFC 2047 encoded words back to text (B encoding, as written here). */
const decodeWords = (s: string) =>
  s
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
const headerOf = (raw: string, name: string) => new RegExp(`^${name}: ((?:.*)(?:\\r\\n[ \\t].*)*)`, 'mi').exec(raw)?.[1];
function parts(raw: string): Record<string, string> {
  const boundary = /boundary="([^"]+)"/.exec(raw)![1]!;
  const out: Record<string, string> = {};
  for (const p of raw.split(`--${boundary}`).slice(1, -1)) {
    const [head, ...body] = p.split('\r\n\r\n');
    const type = /Content-Type: ([^;]+)/.exec(head!)![1]!;
    out[type] = Buffer.from(body.join('\r\n\r\n').replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return out;
}

const parts0 = {
  from: 'みなと野市 防災 <bousai@minatono.example.jp>',
  subject: '【避難指示】𠮷田町・髙橋地区に避難指示を発令しました。直ちに安全な場所へ避難してください（長い件名の折り返し確認）',
  text: '本文 𠮷 髙\n.leading dot line\n' + 'あ'.repeat(300),
  html: '<p>本文 &lt;script&gt;</p>',
  headers: { 'List-Unsubscribe': '<https://minatono.example.jp/unsubscribe?token=abc>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
};

test('a message reaches a real SMTP server whole: encoded subject and sender, both parts, headers, line lengths', async () => {
  const pool = new SmtpPool(smtp.url, 2, 2000);
  try {
    const built = buildMessage({ ...parts0, to: 'kazuko@example.jp', messageId: '<b1.s1@minatono.example.jp>' })!;
    await pool.send(built.from, built.to, built.raw);
    const got = smtp.received.at(-1)!;
    assert.equal(got.from, 'bousai@minatono.example.jp');
    assert.deepEqual(got.to, ['kazuko@example.jp']);
    assert.equal(decodeWords(headerOf(got.raw, 'Subject')!), parts0.subject);
    assert.equal(decodeWords(headerOf(got.raw, 'From')!), 'みなと野市 防災 <bousai@minatono.example.jp>');
    assert.equal(headerOf(got.raw, 'Message-ID'), '<b1.s1@minatono.example.jp>');
    assert.equal(headerOf(got.raw, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    assert.match(headerOf(got.raw, 'Date')!, /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    const body = parts(got.raw);
    assert.equal(body['text/plain'], parts0.text);
    assert.equal(body['text/html'], parts0.html);
    assert.ok(got.raw.split('\r\n').every((l) => l.length <= 998), 'no line over 998 octets');
    assert.ok(headerOf(got.raw, 'Subject')!.split('\r\n').every((l) => l.length <= 78), 'the subject is folded');
  } finally {
    pool.close();
  }
});

test('a refused recipient fails only its own message; the connection goes on after RSET', async () => {
  const pool = new SmtpPool(smtp.url, 1, 2000);
  try {
    const to = (a: string, i: number) => buildMessage({ ...parts0, to: a, messageId: `<m${i}@x>` })!;
    const before = smtp.received.length;
    const results = await Promise.allSettled(['a@example.jp', 'nobody@example.jp', 'b@example.jp'].map((a, i) => pool.send(to(a, i).from, to(a, i).to, to(a, i).raw)));
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    const err = (results[1] as PromiseRejectedResult).reason as { responseCode?: number; command?: string };
    assert.equal(err.responseCode, 550);
    assert.match(String(err.command), /RCPT/);
    assert.equal(smtp.received.length, before + 2);
  } finally {
    pool.close();
  }
});

test('a server that refuses at the greeting fails every waiting message at once, with the reply', async () => {
  const refusing = net.createServer((c) => c.end('554 5.3.2 not today\r\n'));
  await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
  const pool = new SmtpPool(`smtp://127.0.0.1:${(refusing.address() as net.AddressInfo).port}`, 2, 2000);
  try {
    const m = buildMessage({ ...parts0, to: 'a@example.jp', messageId: '<r@x>' })!;
    const t0 = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => pool.send(m.from, m.to, m.raw)));
    assert.ok(results.every((r) => r.status === 'rejected'));
    assert.match(String(((results[0] as PromiseRejectedResult).reason as Error).message), /554|not today/);
    assert.ok(performance.now() - t0 < 1500, 'no message waits for a timeout of its own');
  } finally {
    pool.close();
    await new Promise<void>((r) => refusing.close(() => r()));
  }
});

test('addresses: IDN domains become punycode; a non-ASCII local part or broken input is left to the general path', () => {
  assert.match(asciiAddress('taro@みなと野.example.jp')!, /^taro@xn--[a-z0-9-]+\.example\.jp$/);
  assert.equal(asciiAddress('たろう@example.jp'), null);
  assert.equal(asciiAddress('no-at-sign'), null);
  assert.equal(buildMessage({ ...parts0, to: 'たろう@example.jp', messageId: '<x@y>' }), null);
  assert.throws(() => buildMessage({ ...parts0, to: 'a@example.jp', messageId: '<x@y>', headers: { 'X-Bad': 'line\r\nBcc: evil@example.jp' } }), /ASCII on one line/);
});
