/**
 * Mail that must not be lost (receipts, notices) goes through the job queue: enqueued in the same
 * transaction as the record it tells about, sent by the worker with retries and back-off. A
 * dedupe key (e.g. "receipt:<application id>") makes sure one event sends one mail.
 */
import type { Queryable } from '../db/index.ts';
import { enqueue, PermanentJobError, type JobHandler } from '../jobs/index.ts';
import type { Mailer, OutgoingMail } from './mailer.ts';

export const MAIL_QUEUE = 'mail.send';

export function queueMail(tx: Queryable, mail: OutgoingMail, dedupeKey?: string): Promise<string | null> {
  return enqueue(tx, mail.tenant, MAIL_QUEUE, mail, { maxAttempts: 20, ...(dedupeKey ? { dedupeKey } : {}) });
}

/** The worker's handler: SMTP 5xx answers are permanent, anything else is retried. */
export function mailJobHandler(mailer: Mailer): JobHandler<OutgoingMail> {
  return async (job) => {
    try {
      await mailer.send(job.payload);
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (code && code >= 500) throw new PermanentJobError(err instanceof Error ? err.message : String(err));
      throw err;
    }
  };
}
