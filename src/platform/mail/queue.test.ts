import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSmtpServer, mailText } from '../../../test/support/smtp.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { withTenant } from '../tenancy/index.ts';
import { queueCounts } from '../jobs/index.ts';
import { MAIL_QUEUE, queueMail, registerMailAttachmentSource } from './index.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let p: TestPlatform;
let t: TestTenant;
before(async () => {
  smtp = await startSmtpServer({ rejectRecipients: /^gone@/ });
  p = await startTestPlatform({ env: { SMTP_URL: smtp.url, WORKER: 'false' } });
  t = await buildTenant(p);
});
after(async () => {
  await p.stop();
  await smtp.stop();
});

test('queued mail is sent once by the worker through SMTP, even if queued twice', async () => {
  for (let i = 0; i < 2; i++)
    await withTenant(p.deps.db, t.code, (tx) => queueMail(tx, { tenant: t.code, to: 'resident@example.jp', subject: '受付しました', text: '受付番号 A-0001' }, 'receipt:A-0001'));
  assert.equal(await p.deps.worker.drain(), 1);
  assert.equal(smtp.received.length, 1);
  assert.match(mailText(smtp.received[0]!.raw), /受付番号 A-0001/);
});

test('a permanently refused address is not retried; the job is dead with the reason', async () => {
  await withTenant(p.deps.db, t.code, (tx) => queueMail(tx, { tenant: t.code, to: 'gone@example.jp', subject: 'x', text: 'x' }));
  await p.deps.worker.drain();
  const counts = await withTenant(p.deps.db, t.code, (tx) => queueCounts(tx, t.code, MAIL_QUEUE));
  assert.equal(counts.dead, 1);
  const [job] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ last_error: string }>("SELECT last_error FROM jobs WHERE status = 'dead'"));
  assert.match(job!.last_error, /550/);
});

test('an attachment is rendered by its registered source when the mail is sent; the job keeps only the reference', async () => {
  registerMailAttachmentSource('test.greeting', async (tx, cipher, tenant, ref) => {
    const [row] = await tx.query<{ name_ja: string }>('SELECT name_ja FROM tenants WHERE code = $1', [tenant]);
    const text = `${row!.name_ja} ${ref} ${cipher.decrypt('test.field', cipher.encrypt('test.field', '𠮷'))}`;
    return async () => Buffer.from(text, 'utf8');
  });
  await withTenant(p.deps.db, t.code, (tx) =>
    queueMail(tx, { tenant: t.code, to: 'resident@example.jp', subject: '添付', text: '本文', attachments: [{ filename: '通知書.bin', contentType: 'application/octet-stream', source: 'test.greeting', ref: 'R-1' }] }, 'attach:R-1'),
  );
  const [job] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ payload: string }>("SELECT payload::text AS payload FROM jobs WHERE dedupe_key = 'attach:R-1'"));
  assert.doesNotMatch(job!.payload, /"content"|base64/);
  smtp.received.length = 0;
  await p.deps.worker.drain();
  const raw = smtp.received[0]!.raw;
  const part = /Content-Disposition: attachment[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(raw);
  assert.ok(part, 'the mail has the attachment part');
  assert.equal(Buffer.from(part[1]!.replace(/\s+/g, ''), 'base64').toString('utf8'), `${t.nameJa} R-1 𠮷`);
});

test('an attachment whose source is unknown makes the mail job fail permanently with the reason', async () => {
  await withTenant(p.deps.db, t.code, (tx) => queueMail(tx, { tenant: t.code, to: 'resident@example.jp', subject: 'x', text: 'x', attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', source: 'nobody.registered', ref: '1' }] }, 'attach:unknown'));
  await p.deps.worker.drain();
  const [job] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ status: string; last_error: string }>("SELECT status, last_error FROM jobs WHERE dedupe_key = 'attach:unknown'"));
  assert.equal(job!.status, 'dead');
  assert.match(job!.last_error, /nobody\.registered is not registered/);
});
