/**
 * Subscription mail: one pool of SMTP connections per process (SMTP_URL, smtp-sender.ts), with
 * configurable timeouts so a server that hangs becomes a transient failure instead of a stuck sender. Every
 * message carries List-Unsubscribe (https and mailto) with List-Unsubscribe-Post (RFC 8058) and a
 * stable Message-ID. Without SMTP_URL (development) mail goes to the platform mailer (the
 * development mailbox).
 */
import nodemailer from 'nodemailer';
import type { Mailer } from '../../../platform/mail/index.ts';
import { escapeHtml } from '../compose.ts';
import { errorText, type OutgoingDelivery, type Outcome, type SendBatch } from './channel.ts';
import { mailText } from '../notify.messages.ts';
import { buildMessage, SmtpPool } from './smtp-sender.ts';

export interface EmailChannelOptions {
  smtpUrl: string | undefined;
  from: string;
  pool: number;
  timeoutMs: number;
  /** Where mailto: unsubscribe requests go (the sender's domain). */
  unsubscribeMailbox: string;
  fallback: Mailer;
}

export function renderMail(d: OutgoingDelivery, unsubscribeMailbox: string) {
  const t = d.language === 'en' ? 'en' : 'ja';
  const footer = [mailText.footerManage[t], d.manageUrl, mailText.footerUnsubscribe[t], d.unsubscribeUrl];
  const text = [d.body, '', `${mailText.more[t]} ${d.url}`, '', '--', ...footer].join('\n');
  const html =
    `<!DOCTYPE html><html lang="${t}"><head><meta charset="utf-8"><title>${escapeHtml(d.title)}</title></head><body>` +
    `<h1>${escapeHtml(d.title)}</h1><p>${escapeHtml(d.body).replace(/\n/g, '<br>')}</p>` +
    `<p><a href="${escapeHtml(d.url)}">${escapeHtml(mailText.more[t])}</a></p><hr>` +
    `<p><a href="${escapeHtml(d.manageUrl)}">${escapeHtml(mailText.footerManage[t])}</a> | <a href="${escapeHtml(d.unsubscribeUrl)}">${escapeHtml(mailText.footerUnsubscribe[t])}</a></p></body></html>`;
  const headers = {
    'List-Unsubscribe': `<${d.unsubscribeUrl}>, <mailto:${unsubscribeMailbox}?subject=unsubscribe%20${d.subscriptionId}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    'Auto-Submitted': 'auto-generated',
    'X-Yakuba-Delivery': `${d.broadcastId}/${d.subscriptionId}`,
  };
  return { subject: d.title, text, html, headers };
}

/** 5xx to RCPT TO: the address does not exist (a hard bounce). Other 5xx replies refuse this message. Anything else may pass later. */
export function classifySmtpError(err: unknown): Outcome {
  const e = err as { responseCode?: number; command?: string; code?: string };
  const error = errorText(err);
  if (e.responseCode && e.responseCode >= 500) {
    if (e.command && /RCPT/i.test(e.command)) return { kind: 'permanent', error, effect: 'bounce' };
    if (e.command && /DATA|MAIL/i.test(e.command)) return { kind: 'permanent', error, effect: 'none' };
  }
  return { kind: 'transient', error };
}

type Transport = ReturnType<typeof nodemailer.createTransport>;
const IDLE_CLOSE_MS = 2000;
interface Shared {
  key: string;
  pool: SmtpPool;
  /** nodemailer's own pool, made only for addresses that need SMTPUTF8 (a non-ASCII local part). */
  transport: Transport | null;
  idle: NodeJS.Timeout | null;
  /** Sender jobs using it now: it is closed only after the last one let go (and 2 s passed). */
  users: number;
}
let shared: Shared | null = null;

function closeShared(s: Shared): void {
  s.pool.close();
  s.transport?.close();
}

/**
 * One set of SMTP connections per process, kept across sender jobs (reconnecting for every
 * slice would cost more than the sending) and closed after 2 s without use.
 */
function connections(opts: EmailChannelOptions & { smtpUrl: string }): Shared {
  const key = `${opts.smtpUrl}|${opts.pool}|${opts.timeoutMs}`;
  if (!shared || shared.key !== key) {
    if (shared) closeShared(shared);
    shared = { key, idle: null, pool: new SmtpPool(opts.smtpUrl, opts.pool, opts.timeoutMs), transport: null, users: 0 };
  }
  if (shared.idle) clearTimeout(shared.idle);
  shared.idle = null;
  shared.users++;
  return shared;
}

function generalTransport(s: Shared, opts: EmailChannelOptions & { smtpUrl: string }): Transport {
  s.transport ??= nodemailer.createTransport({
    url: opts.smtpUrl,
    pool: true,
    maxConnections: 1,
    connectionTimeout: opts.timeoutMs,
    greetingTimeout: opts.timeoutMs,
    socketTimeout: opts.timeoutMs,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return s.transport;
}

function release(s: Shared | null): void {
  if (!s) return;
  s.users--;
  if (s.users > 0) return;
  // Replaced (after a failure) while this sender still used it: nobody takes it any more.
  if (shared !== s) return closeShared(s);
  if (s.idle) clearTimeout(s.idle);
  s.idle = setTimeout(() => {
    closeShared(s);
    if (shared === s) shared = null;
  }, IDLE_CLOSE_MS);
  s.idle.unref();
}

export function emailChannel(opts: EmailChannelOptions): { send: SendBatch; close(): void } {
  const smtpUrl = opts.smtpUrl;
  const conn = smtpUrl ? connections({ ...opts, smtpUrl }) : null;
  const mailDomain = opts.from.split('@')[1]?.replace(/>.*$/, '') ?? 'localhost';
  return {
    async send(batch, report) {
      let broken = false;
      await Promise.all(
        batch.map(async (d) => {
          const m = renderMail(d, opts.unsubscribeMailbox);
          const messageId = `<${d.messageId}@${mailDomain}>`;
          try {
            if (conn && smtpUrl) {
              const built = buildMessage({ from: opts.from, to: d.address, subject: m.subject, text: m.text, html: m.html, messageId, headers: m.headers });
              if (built) await conn.pool.send(built.from, built.to, built.raw);
              else await generalTransport(conn, { ...opts, smtpUrl }).sendMail({ from: opts.from, to: d.address, subject: m.subject, text: m.text, html: m.html, headers: m.headers, messageId, textEncoding: 'base64' });
            } else await opts.fallback.send({ tenant: d.tenant, to: d.address, subject: m.subject, text: m.text, headers: { ...m.headers, 'Message-ID': messageId } });
            report(d, { kind: 'sent' });
          } catch (err) {
            const outcome = classifySmtpError(err);
            if (outcome.kind === 'transient') broken = true;
            report(d, outcome);
          }
        }),
      );
      // A refusing or hanging server may leave connections in a bad state: start afresh next time.
      if (broken && conn && shared === conn) {
        shared = null;
        closeShared(conn);
      }
    },
    close: () => release(conn),
  };
}
