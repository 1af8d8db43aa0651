/**
 * 補正の期限 (ADR 42). When staff give a correction request a due date, two durable jobs are
 * enqueued in the same transaction as the request: a reminder to the resident three days before
 * the date (at once when it is closer), and the overdue check on the day after it. Each job looks
 * at the request again when it runs and does nothing once it was answered, or the application was
 * withdrawn or decided. Nothing here rejects an application: under 行政手続法 a decision on an
 * application stays with staff, so an overdue request is only marked, recorded and told.
 */
import type { TenantCipher } from '../../../platform/crypto/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import { enqueue } from '../../../platform/jobs/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { getApplication, recordEvent } from '../applications.service.ts';
import { japanDay } from '../documents/document-dates.ts';
import { getProcedureById } from '../procedures.service.ts';
import { formatDay } from '../views/format.ts';

export const CORRECTION_REMINDER_QUEUE = 'procedures.correction-reminder';
export const CORRECTION_OVERDUE_QUEUE = 'procedures.correction-overdue';

/** What both jobs carry: which request, and what their mails need that is not in the database row. */
export interface CorrectionDeadlineJob {
  correctionId: string;
  applicationId: string;
  /** The municipality's site, for the links in the mails. */
  origin: string;
  tenantName: string;
}

/** How many days before the due date the resident is reminded. */
export const REMINDER_DAYS_BEFORE = 3;

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * When the jobs of a request due on `dueOn` (YYYY-MM-DD, Japan) run: the reminder at 09:00 Japan
 * time three days before (or `now` when that has passed), the overdue check at the start of the
 * day after the due date in Japan.
 */
export function deadlineSchedule(dueOn: string, now: Date): { remindAt: Date; overdueAt: Date } {
  const remind = new Date(`${addDays(dueOn, -REMINDER_DAYS_BEFORE)}T09:00:00+09:00`);
  return { remindAt: remind > now ? remind : now, overdueAt: new Date(`${addDays(dueOn, 1)}T00:00:00+09:00`) };
}

/** Enqueues the reminder and the overdue check of a new request with a due date, in the caller's transaction (once per request). */
export async function scheduleCorrectionDeadline(tx: Queryable, tenant: string, job: CorrectionDeadlineJob & { dueOn: string }, now = new Date()): Promise<void> {
  const { dueOn, ...payload } = job;
  const at = deadlineSchedule(dueOn, now);
  await enqueue(tx, tenant, CORRECTION_REMINDER_QUEUE, payload, { runAt: at.remindAt, dedupeKey: job.correctionId });
  // An overdue check that runs early (clock skew) is retried: many attempts, so it is not lost.
  await enqueue(tx, tenant, CORRECTION_OVERDUE_QUEUE, payload, { runAt: at.overdueAt, dedupeKey: job.correctionId, maxAttempts: 50 });
}

/** The request and its application as the jobs see them, with the application row locked (answering locks it too). */
async function loadOpenRequest(tx: Queryable, tenant: string, job: CorrectionDeadlineJob) {
  const [row] = await tx.query<{ due_on: string | null; answered_at: Date | null; overdue_at: Date | null; status: string; receipt_number: string; procedure_id: string; assignee_id: string | null; current_step: number }>(
    `SELECT cr.due_on::text AS due_on, cr.answered_at, cr.overdue_at, a.status, a.receipt_number, a.procedure_id, a.assignee_id, a.current_step
     FROM correction_requests cr JOIN applications a ON a.tenant_id = cr.tenant_id AND a.id = cr.application_id
     WHERE cr.tenant_id = $1 AND cr.id = $2 AND cr.application_id = $3
     FOR UPDATE OF a`,
    [tenant, job.correctionId, job.applicationId],
  );
  // Answered, withdrawn (which closes the request) or decided: nothing is waiting for the resident.
  if (!row || !row.due_on || row.answered_at || row.status !== 'correction_requested') return null;
  return { ...row, due_on: row.due_on };
}

export type ReminderOutcome = 'queued' | 'skipped';

/**
 * The reminder job: queues one mail (ja + en) to the applicant's address naming the procedure, the
 * receipt number, the due date (和暦 and 西暦) and the page in マイページ. Skipped when the request
 * is no longer open, its date has passed, or the application has no e-mail address. Running it
 * again queues nothing more (the mail's dedupe key).
 */
export async function remindOfCorrection(tx: Queryable, cipher: TenantCipher, tenant: string, job: CorrectionDeadlineJob, now = new Date()): Promise<ReminderOutcome> {
  const open = await loadOpenRequest(tx, tenant, job);
  if (!open || japanDay(now) > open.due_on) return 'skipped';
  const app = await getApplication(tx, cipher, tenant, job.applicationId);
  const email = app?.answers.email;
  if (typeof email !== 'string' || !email) return 'skipped';
  const procedure = (await getProcedureById(tx, tenant, open.procedure_id))!;
  const link = `${job.origin}/applications/${job.applicationId}`;
  const queued = await queueMail(
    tx,
    {
      tenant,
      to: email,
      subject: `【${job.tenantName}】補正の期限が近づいています（受付番号 ${open.receipt_number}） / Reminder: your correction is due soon`,
      text: [
        `受付番号 ${open.receipt_number}「${procedure.name.ja}」について、お願いしている補正（申請内容の修正）の期限が近づいています。`,
        `期限: ${formatDay(open.due_on, 'ja')}`,
        `直す項目はマイページで確認し、直して再提出してください: ${link}`,
        'このメールと行き違いで再提出いただいた場合は、ご容赦ください。',
        '',
        `The correction we asked for on your application ${open.receipt_number} "${procedure.name.en}" is due soon.`,
        `Deadline: ${formatDay(open.due_on, 'en')}`,
        `See what to correct and send it again on My page: ${link}`,
        'If you have already sent it, please ignore this mail.',
        '',
        'このメールは送信専用です。 / This address does not receive replies.',
      ].join('\n'),
    },
    `application.correction-reminder:${job.correctionId}`,
  );
  return queued ? 'queued' : 'skipped';
}

export type OverdueOutcome = 'marked' | 'skipped' | 'early';

/**
 * The overdue job, on the day after the due date: if the request is still open, sets its
 * overdue_at, adds 'correction_overdue' to the application's history (staff and resident see it)
 * and mails the assignee, if the case has an active one. Idempotent: a request already marked is
 * skipped, so running twice gives one event and one mail. Returns 'early' when the due date has
 * not passed yet in Japan (the caller retries later). Never changes the application's status.
 */
export async function markCorrectionOverdue(tx: Queryable, tenant: string, job: CorrectionDeadlineJob, now = new Date()): Promise<OverdueOutcome> {
  const open = await loadOpenRequest(tx, tenant, job);
  if (!open || open.overdue_at) return 'skipped';
  if (japanDay(now) <= open.due_on) return 'early';
  const marked = await tx.query('UPDATE correction_requests SET overdue_at = $3 WHERE tenant_id = $1 AND id = $2 AND overdue_at IS NULL AND answered_at IS NULL RETURNING id', [tenant, job.correctionId, now]);
  if (!marked.length) return 'skipped';
  await recordEvent(tx, tenant, job.applicationId, { status: 'correction_requested', kind: 'correction_overdue', actorKind: 'system', actorId: null, step: open.current_step });
  if (open.assignee_id) {
    const [assignee] = await tx.query<{ email: string }>("SELECT email FROM staff_users WHERE tenant_id = $1 AND id = $2 AND status = 'active'", [tenant, open.assignee_id]);
    if (assignee) {
      const procedure = (await getProcedureById(tx, tenant, open.procedure_id))!;
      const link = `${job.origin}/staff/cases/${job.applicationId}`;
      await queueMail(
        tx,
        {
          tenant,
          to: assignee.email,
          subject: `【${job.tenantName}】補正の期限が過ぎました（受付番号 ${open.receipt_number}） / A correction deadline has passed`,
          text: [
            `担当の申請 受付番号 ${open.receipt_number}「${procedure.name.ja}」について、補正の期限（${formatDay(open.due_on, 'ja')}）が過ぎましたが、申請者からの再提出はまだありません。`,
            '申請は自動では却下されません。申請者への連絡やその後の処理を判断してください。',
            `案件: ${link}`,
            '',
            `The correction deadline (${formatDay(open.due_on, 'en')}) of application ${open.receipt_number} "${procedure.name.en}", assigned to you, has passed and the applicant has not sent it yet.`,
            'Nothing is rejected automatically. Contact the applicant or decide how to continue.',
            `Case: ${link}`,
          ].join('\n'),
        },
        `application.correction-overdue:${job.correctionId}`,
      );
    }
  }
  return 'marked';
}
