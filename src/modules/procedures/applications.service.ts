/**
 * Use cases on applications (申請): start or resume a draft (prefilled), save answers, submit
 * (idempotent, with receipt number, duplicate flag and receipt mail), list and read one's own,
 * withdraw. Answers are stored encrypted; callers run these inside the municipality's transaction.
 */
import type { Queryable } from '../../platform/db/index.ts';
import type { TenantCipher } from '../../platform/crypto/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { Text } from '../../platform/i18n/index.ts';
import { queueMail } from '../../platform/mail/index.ts';
import { decisionNoticeAttachment, issueDecisionNotice } from './documents/decision-notices.ts';
import { ANSWERS_FIELD, OPEN_STATUSES, type ApplicationRow, type ApplicationStatus } from './applications.schema.ts';
import type { Answers, FormDefinition, Prefill } from './forms/form-definition.ts';
import { attachmentRefs, checkForm, type RawAnswers } from './forms/form-validation.ts';
import { keepOnlyAttachments } from './attachments/attachments.service.ts';
import { formVersion } from './forms/forms.service.ts';
import { indexApplicantName } from './cases/search-tokens.ts';

export interface Application {
  id: string;
  procedureId: string;
  formVersion: number;
  residentId: string;
  status: ApplicationStatus;
  /** While a draft: what the resident typed, possibly not yet valid. After submission: checked answers. */
  answers: RawAnswers;
  receiptNumber: string | null;
  duplicateOf: string | null;
  submittedAt: Date | null;
  decidedAt: Date | null;
  /** The approval route the case follows, once its first step was acted on (else the procedure's). */
  approvalRoute: unknown;
  /** Index of the approval step the case waits for. */
  currentStep: number;
  /** The staff member in charge (担当者), if any. */
  assigneeId: string | null;
  createdAt: Date;
}

const toDate = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

function present(cipher: TenantCipher, r: ApplicationRow): Application {
  return {
    id: r.id,
    procedureId: r.procedure_id,
    formVersion: r.form_version,
    residentId: r.resident_id,
    status: r.status,
    answers: JSON.parse(cipher.decrypt(ANSWERS_FIELD, r.answers_enc) ?? '{}') as RawAnswers,
    receiptNumber: r.receipt_number,
    duplicateOf: r.duplicate_of,
    submittedAt: toDate(r.submitted_at),
    decidedAt: toDate(r.decided_at),
    approvalRoute: r.approval_route ?? null,
    currentStep: r.current_step ?? 0,
    assigneeId: r.assignee_id ?? null,
    createdAt: new Date(r.created_at),
  };
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/**
 * Fields that carry over from the resident's last submitted application (once-only), by field name;
 * a bank account field takes the bank account the resident gave last, whatever the field was called.
 */
const CARRY_OVER = ['applicantKana', 'postalCode', 'phone', 'email'];

/** The bank account answer of an earlier application: the same field's, else any bank account answer in it. */
function earlierBankAccount(earlier: RawAnswers, name: string): Record<string, string> | null {
  const isAccount = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Record<string, unknown>).bankCode === 'string';
  const same = earlier[name];
  if (isAccount(same)) return same;
  return Object.values(earlier).find(isAccount) ?? null;
}

/**
 * The resident's open draft for the procedure, or a new one filled from `profile` (基本4情報) and
 * from their most recent submitted application. Starting twice (double click, two tabs) gives the
 * same draft: at most one draft per person and procedure exists (unique index).
 */
export async function startApplication(
  tx: Queryable,
  cipher: TenantCipher,
  tenant: string,
  input: { residentId: string; procedureId: string; formVersion: number; form: FormDefinition; profile: Partial<Record<Prefill, string | null>> },
): Promise<{ id: string; resumed: boolean }> {
  const [existing] = await tx.query<{ id: string }>("SELECT id FROM applications WHERE tenant_id = $1 AND resident_id = $2 AND procedure_id = $3 AND status = 'draft'", [tenant, input.residentId, input.procedureId]);
  if (existing) return { id: existing.id, resumed: true };
  const answers: Answers = {};
  const [last] = await tx.query<ApplicationRow>(
    "SELECT * FROM applications WHERE tenant_id = $1 AND resident_id = $2 AND status <> 'draft' ORDER BY submitted_at DESC LIMIT 1",
    [tenant, input.residentId],
  );
  const earlier = last ? present(cipher, last).answers : {};
  for (const f of input.form.sections.flatMap((s) => s.fields)) {
    const fromProfile = f.prefill ? input.profile[f.prefill] : null;
    if (fromProfile) answers[f.name] = fromProfile;
    else if (CARRY_OVER.includes(f.name) && typeof earlier[f.name] === 'string') answers[f.name] = earlier[f.name] as string;
    else if (f.type === 'bankAccount') {
      const account = earlierBankAccount(earlier, f.name);
      if (account) answers[f.name] = account;
    }
  }
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO applications (tenant_id, procedure_id, form_version, resident_id, status, answers_enc)
     VALUES ($1, $2, $3, $4, 'draft', $5)
     ON CONFLICT (tenant_id, resident_id, procedure_id) WHERE status = 'draft' DO NOTHING RETURNING id`,
    [tenant, input.procedureId, input.formVersion, input.residentId, cipher.encrypt(ANSWERS_FIELD, JSON.stringify(answers))],
  );
  if (row) return { id: row.id, resumed: false };
  const [raced] = await tx.query<{ id: string }>("SELECT id FROM applications WHERE tenant_id = $1 AND resident_id = $2 AND procedure_id = $3 AND status = 'draft'", [tenant, input.residentId, input.procedureId]);
  return { id: raced!.id, resumed: true };
}

/** The resident's own application, or null (also for another person's or municipality's id). */
export async function getOwnApplication(tx: Queryable, cipher: TenantCipher, tenant: string, id: string, residentId: string, opts: { lock?: boolean } = {}): Promise<Application | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.query<ApplicationRow>(`SELECT * FROM applications WHERE tenant_id = $1 AND id = $2 AND resident_id = $3${opts.lock ? ' FOR UPDATE' : ''}`, [tenant, id, residentId]);
  return row ? present(cipher, row) : null;
}

/** Any application of the municipality by id (staff side), or null. */
export async function getApplication(tx: Queryable, cipher: TenantCipher, tenant: string, id: string, opts: { lock?: boolean } = {}): Promise<Application | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.query<ApplicationRow>(`SELECT * FROM applications WHERE tenant_id = $1 AND id = $2${opts.lock ? ' FOR UPDATE' : ''}`, [tenant, id]);
  return row ? present(cipher, row) : null;
}

/** Replaces the draft's answers. Throws conflict when it is no longer a draft. */
export async function saveDraft(tx: Queryable, cipher: TenantCipher, tenant: string, app: Application, answers: RawAnswers): Promise<void> {
  const rows = await tx.query(
    "UPDATE applications SET answers_enc = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'draft' RETURNING id",
    [tenant, app.id, cipher.encrypt(ANSWERS_FIELD, JSON.stringify(answers))],
  );
  if (!rows.length) throw new AppError('conflict');
}

async function nextReceiptNumber(tx: Queryable, tenant: string, at: Date): Promise<string> {
  const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Tokyo' }).format(at));
  const [row] = await tx.query<{ last: number }>(
    `INSERT INTO receipt_counters (tenant_id, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (tenant_id, year) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last`,
    [tenant, year],
  );
  return `${year}-${String(row!.last).padStart(6, '0')}`;
}

/** What happened to an application; `kind` defaults to the status it moved to. */
export type EventKind = 'submitted' | 'step_approved' | 'returned' | 'correction_requested' | 'correction_overdue' | 'resubmitted' | 'assigned' | 'accepted' | 'rejected' | 'withdrawn';

/** Appends to the application's history (the resident's timeline and the staff history). */
export async function recordEvent(
  tx: Queryable,
  tenant: string,
  applicationId: string,
  e: { status: ApplicationStatus; kind?: EventKind; actorKind: 'resident' | 'staff' | 'system'; actorId: string | null; note?: string; step?: number | null; onBehalfOf?: string | null },
) {
  await tx.query('INSERT INTO application_events (tenant_id, application_id, status, actor_kind, actor_id, note, kind, step, on_behalf_of) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
    tenant,
    applicationId,
    e.status,
    e.actorKind,
    e.actorId,
    e.note ?? '',
    e.kind ?? e.status,
    e.step ?? null,
    e.onBehalfOf ?? null,
  ]);
}

export interface SubmitResult {
  receiptNumber: string;
  duplicateOf: string | null;
  /** True when this call found the application already submitted (a double click or a retry). */
  alreadySubmitted: boolean;
}

/**
 * Submits the resident's draft. Idempotent: the row is locked, and a second call for the same
 * draft (double click, retry, resent request) returns the first result and changes nothing.
 * Checks every answer against the form version the draft was started on (AppError
 * 'validation_failed' with a message per field). Flags the application when the same person has
 * another open application for the procedure, and queues the receipt mail (deduplicated) in the
 * same transaction.
 */
export async function submitApplication(
  tx: Queryable,
  cipher: TenantCipher,
  tenant: string,
  input: { id: string; residentId: string; mail: { procedureName: Text; tenantName: string; link: string } },
): Promise<SubmitResult> {
  const app = await getOwnApplication(tx, cipher, tenant, input.id, input.residentId, { lock: true });
  if (!app) throw new AppError('not_found');
  if (app.status !== 'draft') {
    if (!app.receiptNumber) throw new AppError('conflict');
    return { receiptNumber: app.receiptNumber, duplicateOf: app.duplicateOf, alreadySubmitted: true };
  }
  const form = await formVersion(tx, tenant, app.procedureId, app.formVersion);
  const checked = checkForm(form, app.answers);
  if (!checked.ok) throw new AppError('validation_failed', { fields: checked.errors });
  const fileFields = form.sections.flatMap((s) => s.fields).filter((f) => f.type === 'file');
  await keepOnlyAttachments(tx, tenant, app.id, fileFields.flatMap((f) => attachmentRefs(checked.answers[f.name]).map((a) => a.id)));
  const now = new Date();
  const receiptNumber = await nextReceiptNumber(tx, tenant, now);
  const [dup] = await tx.query<{ id: string }>(
    'SELECT id FROM applications WHERE tenant_id = $1 AND resident_id = $2 AND procedure_id = $3 AND id <> $4 AND status = ANY ($5) ORDER BY submitted_at LIMIT 1',
    [tenant, input.residentId, app.procedureId, app.id, OPEN_STATUSES],
  );
  await tx.query(
    "UPDATE applications SET status = 'submitted', answers_enc = $3, receipt_number = $4, duplicate_of = $5, submitted_at = $6, updated_at = $6 WHERE tenant_id = $1 AND id = $2",
    [tenant, app.id, cipher.encrypt(ANSWERS_FIELD, JSON.stringify(checked.answers)), receiptNumber, dup?.id ?? null, now],
  );
  await indexApplicantName(tx, cipher, tenant, app.id, form, checked.answers);
  await recordEvent(tx, tenant, app.id, { status: 'submitted', actorKind: 'resident', actorId: input.residentId });
  const email = checked.answers.email;
  if (typeof email === 'string' && email) {
    const m = input.mail;
    await queueMail(
      tx,
      {
        tenant,
        to: email,
        subject: `【${m.tenantName}】申請を受け付けました（受付番号 ${receiptNumber}） / Application received`,
        text: [
          `「${m.procedureName.ja}」の申請を受け付けました。`,
          `受付番号: ${receiptNumber}`,
          `審査の状況はマイページで確認できます: ${m.link}`,
          '',
          `We have received your application "${m.procedureName.en}".`,
          `Receipt number: ${receiptNumber}`,
          `Follow its progress on My page: ${m.link}`,
          '',
          'このメールは送信専用です。 / This address does not receive replies.',
        ].join('\n'),
      },
      `application.receipt:${app.id}`,
    );
  }
  return { receiptNumber, duplicateOf: dup?.id ?? null, alreadySubmitted: false };
}

export interface ApplicationSummary {
  id: string;
  procedureSlug: string;
  procedureName: Text;
  status: ApplicationStatus;
  receiptNumber: string | null;
  duplicateOf: string | null;
  submittedAt: Date | null;
  updatedAt: Date;
}

/** The resident's applications and drafts, newest first (no answers: nothing to decrypt). */
export async function listResidentApplications(tx: Queryable, tenant: string, residentId: string): Promise<ApplicationSummary[]> {
  const rows = await tx.query<{ id: string; slug: string; name_ja: string; name_en: string; status: ApplicationStatus; receipt_number: string | null; duplicate_of: string | null; submitted_at: Date | string | null; updated_at: Date | string }>(
    `SELECT a.id, p.slug, p.name_ja, p.name_en, a.status, a.receipt_number, a.duplicate_of, a.submitted_at, a.updated_at
     FROM applications a JOIN procedures p ON p.tenant_id = a.tenant_id AND p.id = a.procedure_id
     WHERE a.tenant_id = $1 AND a.resident_id = $2 ORDER BY a.updated_at DESC LIMIT 200`,
    [tenant, residentId],
  );
  return rows.map((r) => ({ id: r.id, procedureSlug: r.slug, procedureName: { ja: r.name_ja, en: r.name_en }, status: r.status, receiptNumber: r.receipt_number, duplicateOf: r.duplicate_of, submittedAt: toDate(r.submitted_at), updatedAt: new Date(r.updated_at) }));
}

export interface ApplicationEvent {
  at: Date;
  status: ApplicationStatus;
  kind: EventKind;
  actorKind: 'resident' | 'staff' | 'system';
  /** Staff events: who acted, and for whom when acting as a delegate (代決). Names for the staff history. */
  actorName: string | null;
  onBehalfOfName: string | null;
  step: number | null;
  note: string;
}

/** The application's history, oldest first, with staff names (the resident's view shows none of them). */
export async function applicationEvents(tx: Queryable, tenant: string, applicationId: string): Promise<ApplicationEvent[]> {
  const rows = await tx.query<{ at: Date | string; status: ApplicationStatus; kind: string; actor_kind: 'resident' | 'staff' | 'system'; actor_name: string | null; behalf_name: string | null; step: number | null; note: string }>(
    `SELECT e.at, e.status, e.kind, e.actor_kind, s.display_name AS actor_name, b.display_name AS behalf_name, e.step, e.note
     FROM application_events e
     LEFT JOIN staff_users s ON e.actor_kind = 'staff' AND s.tenant_id = e.tenant_id AND s.id::text = e.actor_id
     LEFT JOIN staff_users b ON b.tenant_id = e.tenant_id AND b.id = e.on_behalf_of
     WHERE e.tenant_id = $1 AND e.application_id = $2 ORDER BY e.at, e.id`,
    [tenant, applicationId],
  );
  return rows.map((r) => ({
    at: new Date(r.at),
    status: r.status,
    kind: (r.kind || r.status) as EventKind,
    actorKind: r.actor_kind,
    actorName: r.actor_name,
    onBehalfOfName: r.behalf_name,
    step: r.step,
    note: r.note,
  }));
}

/** Withdraws (取下げ) an application not yet decided (also while a correction is requested), or discards a draft. Throws conflict otherwise. */
export async function withdrawApplication(tx: Queryable, tenant: string, app: Application): Promise<void> {
  if (app.status === 'draft') {
    await tx.query("DELETE FROM applications WHERE tenant_id = $1 AND id = $2 AND status = 'draft'", [tenant, app.id]);
    return;
  }
  const rows = await tx.query("UPDATE applications SET status = 'withdrawn', decided_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = ANY ($3) RETURNING id", [tenant, app.id, OPEN_STATUSES]);
  if (!rows.length) throw new AppError('conflict');
  // A correction request still open is closed: nothing is waiting for the resident any more.
  await tx.query('UPDATE correction_requests SET answered_at = now() WHERE tenant_id = $1 AND application_id = $2 AND answered_at IS NULL', [tenant, app.id]);
  await recordEvent(tx, tenant, app.id, { status: 'withdrawn', actorKind: 'resident', actorId: app.residentId });
}

/**
 * The final decision: approve or reject a submitted application, with a note the resident sees, and
 * a mail telling the resident (deduplicated per application). Throws conflict when it is no longer
 * waiting for a decision (withdrawn, waiting for a correction, or decided by someone else meanwhile).
 * Staff pages reach it through the approval route (cases/approvals.service.ts: actOnStep), which
 * checks who may decide; `step` and `onBehalfOf` record the route step and a delegate's principal.
 */
export async function decideApplication(
  tx: Queryable,
  tenant: string,
  app: Application,
  input: { decision: 'accepted' | 'rejected'; staffId: string; note: string; step?: number; onBehalfOf?: string | null; mail: { procedureName: Text; tenantName: string; link: string } },
): Promise<void> {
  const rows = await tx.query("UPDATE applications SET status = $3, decided_at = now(), updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'submitted' RETURNING id", [tenant, app.id, input.decision]);
  if (!rows.length) throw new AppError('conflict');
  await recordEvent(tx, tenant, app.id, { status: input.decision, actorKind: 'staff', actorId: input.staffId, note: input.note, step: input.step ?? null, onBehalfOf: input.onBehalfOf ?? null });
  // The notice (決定通知書・却下通知書) is issued with the decision, mail or not: マイページ offers it.
  await issueDecisionNotice(tx, tenant, { applicationId: app.id, decision: input.decision, reason: input.note });
  const email = app.answers.email;
  if (typeof email !== 'string' || !email) return;
  const m = input.mail;
  const result = input.decision === 'accepted' ? { ja: '承認されました', en: 'approved' } : { ja: '却下されました', en: 'rejected' };
  await queueMail(
    tx,
    {
      tenant,
      to: email,
      subject: `【${m.tenantName}】申請の審査結果（受付番号 ${app.receiptNumber}） / Decision on your application`,
      text: [
        `受付番号 ${app.receiptNumber}「${m.procedureName.ja}」の申請は${result.ja}。`,
        ...(input.note ? [`担当課からのお知らせ: ${input.note}`] : []),
        `詳しくはマイページをご覧ください: ${m.link}`,
        '通知書（PDF）を添付しています。マイページからもダウンロードできます。',
        '',
        `Your application ${app.receiptNumber} "${m.procedureName.en}" was ${result.en}.`,
        `Details on My page: ${m.link}`,
        'The notice is attached as a PDF; you can also download it on My page.',
      ].join('\n'),
      attachments: [decisionNoticeAttachment(app.id, app.receiptNumber!)],
    },
    `application.decision:${app.id}`,
  );
}
