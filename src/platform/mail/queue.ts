/**
 * Mail that must not be lost (receipts, notices) goes through the job queue: enqueued in the same
 * transaction as the record it tells about, sent by the worker with retries and back-off. A
 * dedupe key (e.g. "receipt:<application id>") makes sure one event sends one mail.
 *
 * Attachments are not stored in the job: a queued attachment names a registered source and a
 * reference (e.g. the decision notice of application X), and the worker loads what it needs in a
 * short transaction of the job's municipality, renders the bytes after it, and sends. The job row
 * stays a few hundred bytes and holds no copy of the document (ADR 34).
 */
import type { TenantCipher, Keyring } from '../crypto/index.ts';
import type { Queryable } from '../db/index.ts';
import { enqueue, PermanentJobError, type JobHandler } from '../jobs/index.ts';
import type { Mailer, OutgoingMail } from './mailer.ts';

export const MAIL_QUEUE = 'mail.send';

export interface QueuedAttachment {
  filename: string;
  contentType: string;
  /** Name of a source registered with registerMailAttachmentSource. */
  source: string;
  /** What the source should render, e.g. an application id. */
  ref: string;
}

export type QueuedMail = Omit<OutgoingMail, 'attachments'> & { attachments?: QueuedAttachment[] };

/**
 * Loads what an attachment needs in the job's transaction and returns the function that renders
 * its bytes after that transaction (rendering must not hold it), or null when the thing it refers
 * to is gone.
 */
export type MailAttachmentSource = (tx: Queryable, cipher: TenantCipher, tenant: string, ref: string) => Promise<(() => Promise<Buffer>) | null>;

const sources = new Map<string, MailAttachmentSource>();

/** Modules register their attachment sources when loaded (like encrypted columns). */
export function registerMailAttachmentSource(name: string, source: MailAttachmentSource): void {
  sources.set(name, source);
}

export function queueMail(tx: Queryable, mail: QueuedMail, dedupeKey?: string): Promise<string | null> {
  return enqueue(tx, mail.tenant, MAIL_QUEUE, mail, { maxAttempts: 20, ...(dedupeKey ? { dedupeKey } : {}) });
}

/** The worker's handler: SMTP 5xx answers are permanent, anything else is retried. */
export function mailJobHandler(mailer: Mailer, opts: { keyring: Keyring }): JobHandler<QueuedMail> {
  return async (job, ctx) => {
    const { attachments: queued, ...mail } = job.payload;
    const attachments = [];
    for (const a of queued ?? []) {
      const source = sources.get(a.source);
      if (!source) throw new PermanentJobError(`mail attachment source ${a.source} is not registered`);
      const render = await ctx.tx(async (tx) => source(tx, await opts.keyring.forTenant(tx, job.tenantId), job.tenantId, a.ref));
      if (!render) throw new PermanentJobError(`mail attachment ${a.source}:${a.ref} no longer exists`);
      attachments.push({ filename: a.filename, contentType: a.contentType, content: await render() });
    }
    try {
      await mailer.send(attachments.length ? { ...mail, attachments } : mail);
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (code && code >= 500) throw new PermanentJobError(err instanceof Error ? err.message : String(err));
      throw err;
    }
  };
}
