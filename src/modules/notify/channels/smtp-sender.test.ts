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

test('a connection that drops in the middle of a message fails that message (to be retried) instead of leaving it waiting forever', async () => {
  // Greets and takes the envelope, then closes the connection when the message body starts.
  const dropping = net.createServer((c) => {
    c.write('220 drop.example ESMTP\r\n');
    let buf = '';
    c.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let i;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (/^(EHLO|HELO)/i.test(line)) c.write('250-drop.example\r\n250 PIPELINING\r\n');
        else if (/^(MAIL|RCPT)/i.test(line)) c.write('250 OK\r\n');
        else if (/^DATA/i.test(line)) {
          c.write('354 go on\r\n');
          setTimeout(() => c.destroy(), 50);
          return;
        }
      }
    });
    c.on('error', () => undefined);
  });
  await new Promise<void>((r) => dropping.listen(0, '127.0.0.1', r));
  const pool = new SmtpPool(`smtp://127.0.0.1:${(dropping.address() as net.AddressInfo).port}`, 2, 5000);
  try {
    const m = buildMessage({ ...parts0, to: 'a@example.jp', messageId: '<d@x>' })!;
    const t0 = performance.now();
    const results = await Promise.race([
      Promise.allSettled(Array.from({ length: 3 }, () => pool.send(m.from, m.to, m.raw))),
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 4000).unref()),
    ]);
    assert.notEqual(results, 'hung', 'every message settled');
    assert.ok((results as PromiseSettledResult<void>[]).every((r) => r.status === 'rejected'));
    assert.ok(performance.now() - t0 < 3000);
  } finally {
    pool.close();
    await new Promise<void>((r) => dropping.close(() => r()));
  }
});

test('closing the pool while a message is on its way settles it', async () => {
  const pool = new SmtpPool(smtp.url, 1, 5000);
  const m = buildMessage({ ...parts0, to: 'close@example.jp', messageId: '<c@x>' })!;
  const sending = Promise.allSettled([pool.send(m.from, m.to, m.raw), pool.send(m.from, m.to, m.raw)]);
  await new Promise((r) => setImmediate(r));
  pool.close();
  const results = await Promise.race([sending, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 4000).unref())]);
  assert.notEqual(results, 'hung', 'both messages settled (sent or failed)');
});

test('addresses: IDN domains become punycode; a non-ASCII local part or broken input is left to the general path', () => {
  assert.match(asciiAddress('taro@みなと野.example.jp')!, /^taro@xn--[a-z0-9-]+\.example\.jp$/);
  assert.equal(asciiAddress('たろう@example.jp'), null);
  assert.equal(asciiAddress('no-at-sign'), null);
  assert.equal(buildMessage({ ...parts0, to: 'たろう@example.jp', messageId: '<x@y>' }), null);
  assert.throws(() => buildMessage({ ...parts0, to: 'a@example.jp', messageId: '<x@y>', headers: { 'X-Bad': 'line\r\nBcc: evil@example.jp' } }), /ASCII on one line/);
});
