/**
 * Outgoing mail. Production sends through SMTP_URL (nodemailer). Development without SMTP_URL keeps
 * each message in the development mailbox (/dev/mailbox) so sign-in codes can be read without a
 * mail server; production refuses to start without SMTP_URL.
 */
import nodemailer from 'nodemailer';
import type { Db } from '../db/index.ts';
import { withTenant } from '../tenancy/index.ts';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMail {
  tenant: string;
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url, { from });
  return {
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: mail.headers,
        textEncoding: 'base64',
        attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      });
    },
    close: () => transport.close(),
  };
}

/** The development mailbox keeps text only; it lists what would have been attached. */
function withAttachmentNames(mail: OutgoingMail): string {
  const names = (mail.attachments ?? []).map((a) => `[添付 / attachment] ${a.filename} (${a.content.length} bytes)`);
  return names.length ? `${mail.text}\n\n${names.join('\n')}` : mail.text;
}

export function devMailboxMailer(db: Db): Mailer {
  return {
    async send(mail) {
      await withTenant(db, mail.tenant, (tx) =>
        tx.query('INSERT INTO dev_mailbox (tenant_id, recipient, subject, body) VALUES ($1, $2, $3, $4)', [mail.tenant, mail.to, mail.subject, withAttachmentNames(mail)]),
      );
    },
    close: () => undefined,
  };
}
