import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mailText, startSmtpServer } from '../../../test/support/smtp.ts';
import { smtpMailer } from './index.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
before(async () => {
  smtp = await startSmtpServer({ rejectRecipients: /^bounce@/ });
});
after(() => smtp.stop());

test('mail goes out through a real SMTP server with Japanese subject and body intact', async () => {
  const mailer = smtpMailer(smtp.url, 'no-reply@minatono.example.jp');
  await mailer.send({ tenant: '990019', to: '𠮷田@example.jp'.replace('𠮷田', 'yoshida'), subject: '【みなと野市】確認コード', text: '確認コードは 123456 です。\n𠮷田 様', headers: { 'X-Yakuba-Tenant': '990019' } });
  mailer.close();
  assert.equal(smtp.received.length, 1);
  const m = smtp.received[0]!;
  assert.deepEqual(m.to, ['yoshida@example.jp']);
  assert.equal(m.from, 'no-reply@minatono.example.jp');
  assert.match(m.raw, /Subject: =\?UTF-8\?/);
  assert.match(mailText(m.raw), /確認コードは 123456 です。\n𠮷田 様/);
  assert.match(m.raw, /X-Yakuba-Tenant: 990019/);
});

test('a refused recipient surfaces as an error the caller can handle', async () => {
  const mailer = smtpMailer(smtp.url, 'no-reply@minatono.example.jp');
  await assert.rejects(mailer.send({ tenant: '990019', to: 'bounce@example.jp', subject: 'x', text: 'x' }));
  mailer.close();
});
