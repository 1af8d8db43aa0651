/**
 * Outgoing mail. Production sends through SMTP_URL (nodemailer). Development without SMTP_URL keeps
 * each message in the development mailbox (/dev/mailbox) so sign-in codes can be read without a
 * mail server; production refuses to start without SMTP_URL.
 */
import nodemailer from 'nodemailer';
import type { Db } from '../db/index.ts';
import { withTenant } from '../tenancy/index.ts';

export interface OutgoingMail {
  tenant: string;
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
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
      });
    },
    close: () => transport.close(),
  };
}

export function devMailboxMailer(db: Db): Mailer {
  return {
    async send(mail) {
      await withTenant(db, mail.tenant, (tx) =>
        tx.query('INSERT INTO dev_mailbox (tenant_id, recipient, subject, body) VALUES ($1, $2, $3, $4)', [mail.tenant, mail.to, mail.subject, mail.text]),
      );
    },
    close: () => undefined,
  };
}
