import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSmtpServer, mailText } from '../../../test/support/smtp.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { withTenant } from '../tenancy/index.ts';
import { queueCounts } from '../jobs/index.ts';
import { MAIL_QUEUE, queueMail } from './index.ts';

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
