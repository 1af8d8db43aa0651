/** A real SMTP server on a free loopback port that keeps every message it receives. */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export async function startSmtpServer(opts: { rejectRecipients?: RegExp } = {}): Promise<{ url: string; received: ReceivedMail[]; stop(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (opts.rejectRecipients?.test(address.address)) return cb(new Error('550 mailbox unavailable'));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, received, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Decodes a received message's body parts (base64 or quoted-printable) to text. */
export function mailText(raw: string): string {
  const out: string[] = [];
  const parts = raw.split(/\r?\n\r?\n/);
  const headers = parts[0] ?? '';
  const body = parts.slice(1).join('\n\n');
  if (/Content-Transfer-Encoding: base64/i.test(headers)) out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
  else if (/Content-Transfer-Encoding: quoted-printable/i.test(headers))
    out.push(Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
  else out.push(body);
  return out.join('\n');
}
