/**
 * The fast path of subscription mail (ADR 41): a broadcast sends the same message to tens of
 * thousands of people, differing only in the recipient, the Message-ID and the personal links.
 * nodemailer's Mailer composes every message twice on that path (MailComposer, then again around
 * the `raw` buffer, with random boundaries and Message-IDs and a stream pipeline each time); the
 * profile of bench:alerts put that, and the garbage it makes, at a third of the worker's time.
 *
 * Here the message is assembled directly in its one fixed shape (multipart/alternative, text and
 * HTML in base64, UTF-8), with nodemailer's own header encoders (mime-funcs), and handed to a small
 * pool of nodemailer SMTPConnections (its protocol client, as its own pool uses it): MAIL FROM,
 * RCPT TO, DATA per message, RSET after a refused one. Addresses that need SMTPUTF8 (a non-ASCII
 * local part) are left to the caller's general path.
 */
import crypto from 'node:crypto';
import { domainToASCII } from 'node:url';
import { encodeWord, encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface MailParts {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Extra headers, names as written (List-Unsubscribe, …); values must be ASCII. */
  headers: Record<string, string>;
}

const CRLF = '\r\n';
const ASCII = /^[\x20-\x7e]*$/;

/** The ASCII form of an address (the domain as punycode), or null when only SMTPUTF8 could carry it. */
export function asciiAddress(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 1) return null;
  const local = address.slice(0, at);
  const domain = ASCII.test(address.slice(at + 1)) ? address.slice(at + 1) : domainToASCII(address.slice(at + 1));
  if (!domain || !ASCII.test(local) || /[\s<>()[\]\\,;:"]/.test(local)) return null;
  return `${local}@${domain}`;
}

/** "Name <address>" or "address" as a header value; a non-ASCII display name as an encoded word. */
function mailbox(value: string): { header: string; address: string } | null {
  const m = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  const address = asciiAddress(m ? m[2]! : value.trim());
  if (!address) return null;
  const name = m?.[1]?.replace(/^"|"$/g, '') ?? '';
  if (!name) return { header: address, address };
  const shown = ASCII.test(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeWord(name, 'B', 52);
  return { header: `${shown} <${address}>`, address };
}

const base64Lines = (s: string) => Buffer.from(s, 'utf8').toString('base64').replace(/.{76}(?=.)/g, `$&${CRLF}`);

/** Subjects and senders repeat for every recipient of a broadcast: encoded once each. */
const encodedSubjects = new Map<string, string>();
function subjectHeader(subject: string): string {
  let h = encodedSubjects.get(subject);
  if (h === undefined) {
    h = foldLines(`Subject: ${encodeWords(subject.replace(/[\r\n]+/g, ' '), 'B', 52, true)}`, 76);
    if (encodedSubjects.size > 1000) encodedSubjects.clear();
    encodedSubjects.set(subject, h);
  }
  return h;
}

/**
 * The whole message (RFC 5322 + MIME), CRLF line ends, ready for DATA; null when an address needs
 * SMTPUTF8. Header values given in `headers` must not contain line breaks (they are refused).
 */
export function buildMessage(m: MailParts, now = new Date()): { raw: Buffer; from: string; to: string } | null {
  const from = mailbox(m.from);
  const to = asciiAddress(m.to);
  if (!from || !to) return null;
  for (const [k, v] of Object.entries(m.headers)) if (!/^[A-Za-z0-9-]+$/.test(k) || !ASCII.test(v)) throw new Error(`header ${k} must be ASCII on one line`);
  const boundary = `--_yakuba_${crypto.randomBytes(12).toString('hex')}`;
  const head = [
    `From: ${from.header}`,
    `To: ${to}`,
    subjectHeader(m.subject),
    `Date: ${now.toUTCString().replace(/GMT$/, '+0000')}`,
    `Message-ID: ${m.messageId}`,
    'MIME-Version: 1.0',
    ...Object.entries(m.headers).map(([k, v]) => foldLines(`${k}: ${v}`, 998)),
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
  ];
  const part = (type: string, body: string) => `--${boundary}${CRLF}Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${base64Lines(body)}${CRLF}`;
  const raw = `${head.join(CRLF)}${CRLF}${CRLF}${part('text/plain', m.text)}${part('text/html', m.html)}--${boundary}--${CRLF}`;
  return { raw: Buffer.from(raw, 'utf8'), from: from.address, to };
}

interface Job {
  from: string;
  to: string;
  raw: Buffer;
  resolve(): void;
  reject(err: unknown): void;
}

interface Slot {
  conn: SMTPConnection | null;
  busy: boolean;
  /** Settles the message on its way over `conn` if the connection ends before the server answers. */
  abort: ((err: Error) => void) | null;
  /** close() came while a message was on its way: QUIT once it is answered (a QUIT sent mid-message desynchronises the connection). */
  closeAfter: boolean;
}

/** Errors after which the connection is still good once RSET: the server refused this message only. */
const MESSAGE_ONLY = new Set(['EENVELOPE', 'EMESSAGE']);

/** A fixed number of SMTP connections taking messages from one queue; idle connections stay open until `close`. */
export class SmtpPool {
  private readonly options: ReturnType<typeof parseConnectionUrl>;
  private readonly slots: Slot[];
  private queue: Job[] = [];

  constructor(url: string, size: number, timeoutMs: number) {
    this.options = { ...parseConnectionUrl(url), connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs } as ReturnType<typeof parseConnectionUrl>;
    this.slots = Array.from({ length: size }, () => ({ conn: null, busy: false, abort: null, closeAfter: false }));
  }

  /** Resolves once the server accepted the message (250 after DATA); rejects with nodemailer's error (responseCode, command). */
  send(from: string, to: string, raw: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ from, to, raw, resolve, reject });
      for (const slot of this.slots) {
        if (!this.queue.length) break;
        if (!slot.busy) {
          slot.busy = true;
          void this.run(slot);
        }
      }
    });
  }

  /** Drops the connections (one still carrying a message, once it is answered) and fails the waiting messages. */
  close(): void {
    for (const slot of this.slots) {
      if (slot.abort) slot.closeAfter = true;
      else this.drop(slot);
    }
    const waiting = this.queue;
    this.queue = [];
    for (const j of waiting) j.reject(Object.assign(new Error('SMTP pool closed'), { code: 'ECONNECTION' }));
  }

  private async run(slot: Slot): Promise<void> {
    try {
      while (this.queue.length) {
        let conn: SMTPConnection;
        try {
          conn = await this.connection(slot);
        } catch (err) {
          // The server cannot be reached or never greets: every waiting message fails now (and is
          // retried later with back-off) instead of each one waiting out its own timeout.
          const waiting = this.queue;
          this.queue = [];
          for (const j of waiting) j.reject(err);
          return;
        }
        const job = this.queue.shift();
        if (!job) return;
        try {
          await new Promise<void>((resolve, reject) => {
            slot.abort = reject;
            conn.send({ from: job.from, to: [job.to] }, job.raw, (err) => (err ? reject(err) : resolve()));
          }).finally(() => {
            slot.abort = null;
          });
          job.resolve();
          if (slot.closeAfter) {
            slot.closeAfter = false;
            this.drop(slot);
          }
        } catch (err) {
          slot.closeAfter = false;
          job.reject(err);
          const code = (err as { code?: string }).code;
          if (code && MESSAGE_ONLY.has(code) && slot.conn === conn) {
            const ok = await new Promise<boolean>((resolve) => {
              slot.abort = () => resolve(false);
              conn.reset((e) => resolve(!e));
            }).finally(() => {
              slot.abort = null;
            });
            if (!ok) this.drop(slot);
          } else this.drop(slot);
        }
      }
    } finally {
      slot.busy = false;
    }
  }

  private connection(slot: Slot): Promise<SMTPConnection> {
    if (slot.conn) return Promise.resolve(slot.conn);
    const conn = new SMTPConnection(this.options);
    return new Promise<SMTPConnection>((resolve, reject) => {
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        conn.close();
        reject(err);
      };
      // Handshake failures (a 554 greeting, a timeout) arrive as 'error', not through the callback.
      // Later a socket error or close between messages only frees the slot: it reconnects next time.
      // A message on its way when the connection ends is failed here: nodemailer does not always
      // call its callback then, and a promise left waiting would hold its sender job forever.
      conn.on('error', (err) => {
        if (slot.conn === conn) slot.abort?.(err);
        this.forget(slot, conn);
        fail(err);
      });
      conn.on('end', () => {
        const err = Object.assign(new Error('the SMTP server closed the connection'), { code: 'ECONNECTION' });
        if (slot.conn === conn) slot.abort?.(err);
        this.forget(slot, conn);
        fail(err);
      });
      conn.connect((err) => {
        if (err) return fail(err);
        const auth = this.options.auth as { user?: string; pass?: string } | undefined;
        const ready = () => {
          if (settled) return;
          settled = true;
          slot.conn = conn;
          resolve(conn);
        };
        if (!auth?.user) return ready();
        conn.login({ user: auth.user, pass: auth.pass ?? '' }, (e) => (e ? fail(e) : ready()));
      });
    });
  }

  private forget(slot: Slot, conn: SMTPConnection): void {
    if (slot.conn === conn) slot.conn = null;
  }

  private drop(slot: Slot): void {
    const conn = slot.conn;
    slot.conn = null;
    if (conn) {
      try {
        conn.quit();
      } catch {
        conn.close();
      }
    }
  }
}
