/**
 * 補正 (correction requests): staff return chosen answers to the resident with a message; the
 * resident edits only those and re-submits; the case goes back to the approval step where it was.
 * Returned answers are named by path: "field", "group" (the whole repeating group) or
 * "group.2.field" (one field of the third item).
 */
import type { Queryable } from '../../../platform/db/index.ts';
import { registerEncryptedColumns, type TenantCipher } from '../../../platform/crypto/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { ANSWERS_FIELD } from '../applications.schema.ts';
import { recordEvent, type Application } from '../applications.service.ts';
import type { FieldDef, FormDefinition } from '../forms/form-definition.ts';
import { checkForm, type RawAnswers } from '../forms/form-validation.ts';
import { formatDay } from '../views/format.ts';
import { caseWorkText as m } from './cases.messages.ts';
import { scheduleCorrectionDeadline } from './correction-deadlines.service.ts';
import { indexApplicantName } from './search-tokens.ts';

export const CORRECTION_MESSAGE_FIELD = 'correction_requests.message';
registerEncryptedColumns({ table: 'correction_requests', key: ['id'], column: 'message_enc', field: CORRECTION_MESSAGE_FIELD });

export interface CorrectionRequest {
  id: string;
  fields: string[];
  message: string;
  dueOn: string | null;
  requestedAt: Date;
  answeredAt: Date | null;
  /** When the overdue job found it still open on the day after dueOn (ADR 42). */
  overdueAt: Date | null;
}

const itemsOf = (answers: RawAnswers, name: string) => (Array.isArray(answers[name]) ? (answers[name] as Record<string, unknown>[]) : []);

/** Whether `path` names a field of the form that the answers have (a top-level field, a group, or a field of an existing item). */
export function isCorrectablePath(form: FormDefinition, answers: RawAnswers, path: string): boolean {
  const fields = form.sections.flatMap((s) => s.fields);
  const [name, index, sub, ...rest] = path.split('.');
  const f = fields.find((x) => x.name === name);
  if (!f || rest.length) return false;
  // A file field is returned whole: the resident uploads a replacement (the old file stays in the case history).
  if (index === undefined) return true;
  if (f.type !== 'group' || !/^\d{1,2}$/.test(index) || Number(index) >= itemsOf(answers, f.name).length) return false;
  return (f.fields ?? []).some((g) => g.name === sub);
}

/** The answers with only the returned paths taken from `posted` (flat: "field", "group" as items, "group.1.field"). */
export function applyCorrection(answers: RawAnswers, paths: string[], posted: RawAnswers): RawAnswers {
  const out: RawAnswers = { ...answers };
  for (const path of paths) {
    const [name, index, sub] = path.split('.') as [string, string | undefined, string | undefined];
    if (index === undefined) {
      out[name] = posted[name] ?? '';
      continue;
    }
    if (paths.includes(name)) continue;
    const items = itemsOf(out, name).map((it) => ({ ...it }));
    const i = Number(index);
    if (items[i]) items[i] = { ...items[i], [sub!]: typeof posted[path] === 'string' ? posted[path] : '' };
    out[name] = items;
  }
  return out;
}

/** The field definition a path names (for labels), with the item number for item paths. */
export function fieldOfPath(form: FormDefinition, path: string): { field: FieldDef; group?: FieldDef; item?: number } | null {
  const [name, index, sub] = path.split('.');
  const f = form.sections.flatMap((s) => s.fields).find((x) => x.name === name);
  if (!f) return null;
  if (index === undefined) return { field: f };
  const g = (f.fields ?? []).find((x) => x.name === sub);
  return g ? { field: g, group: f, item: Number(index) } : null;
}

/**
 * Sends the chosen answers back to the resident (status 'correction_requested') with a message and
 * an optional deadline, and mails the resident (once per request). With a deadline, the reminder and
 * overdue jobs are enqueued in the same transaction (ADR 42). Throws conflict unless the case
 * waits at an approval step, validation_failed when no valid field is chosen.
 */
export async function requestCorrection(
  tx: Queryable,
  cipher: TenantCipher,
  tenant: string,
  app: Application,
  input: { form: FormDefinition; fields: string[]; message: string; dueOn: string | null; staffId: string; mail: { procedureName: Text; tenantName: string; link: string; origin: string } },
): Promise<string> {
  if (app.status !== 'submitted') throw new AppError('conflict');
  const fields = [...new Set(input.fields)].filter((p) => isCorrectablePath(input.form, app.answers, p));
  if (!fields.length) throw new AppError('validation_failed', { fields: [{ field: 'fields', message: m.chooseFields }] });
  const moved = await tx.query("UPDATE applications SET status = 'correction_requested', updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'submitted' RETURNING id", [tenant, app.id]);
  if (!moved.length) throw new AppError('conflict');
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO correction_requests (tenant_id, application_id, fields, message_enc, due_on, requested_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [tenant, app.id, fields, cipher.encrypt(CORRECTION_MESSAGE_FIELD, input.message), input.dueOn, input.staffId],
  );
  await recordEvent(tx, tenant, app.id, { status: 'correction_requested', actorKind: 'staff', actorId: input.staffId, step: app.currentStep });
  if (input.dueOn) await scheduleCorrectionDeadline(tx, tenant, { correctionId: row!.id, applicationId: app.id, dueOn: input.dueOn, origin: input.mail.origin, tenantName: input.mail.tenantName });
  const email = app.answers.email;
  if (typeof email === 'string' && email) {
    const mm = input.mail;
    await queueMail(
      tx,
      {
        tenant,
        to: email,
        subject: `【${mm.tenantName}】申請内容の補正のお願い（受付番号 ${app.receiptNumber}） / Please correct your application`,
        text: [
          `受付番号 ${app.receiptNumber}「${mm.procedureName.ja}」について、申請内容の一部を直していただく必要があります（補正）。`,
          ...(input.dueOn ? [`期限: ${formatDay(input.dueOn, 'ja')}`] : []),
          `直す項目と担当課からのメッセージは、マイページで確認できます: ${mm.link}`,
          '',
          `Some answers of your application ${app.receiptNumber} "${mm.procedureName.en}" need correcting.`,
          ...(input.dueOn ? [`Deadline: ${formatDay(input.dueOn, 'en')}`] : []),
          `See which ones and the department's message on My page: ${mm.link}`,
          '',
          'このメールは送信専用です。 / This address does not receive replies.',
        ].join('\n'),
      },
      `application.correction:${row!.id}`,
    );
  }
  return row!.id;
}

/** Every correction request of the application, oldest first (messages decrypted). */
export async function listCorrections(tx: Queryable, cipher: TenantCipher, tenant: string, applicationId: string): Promise<CorrectionRequest[]> {
  const rows = await tx.query<{ id: string; fields: string[]; message_enc: string; due_on: string | null; requested_at: Date | string; answered_at: Date | string | null; overdue_at: Date | string | null }>(
    'SELECT id, fields, message_enc, due_on::text AS due_on, requested_at, answered_at, overdue_at FROM correction_requests WHERE tenant_id = $1 AND application_id = $2 ORDER BY requested_at, id',
    [tenant, applicationId],
  );
  return rows.map((r) => ({
    id: r.id,
    fields: r.fields,
    message: cipher.decrypt(CORRECTION_MESSAGE_FIELD, r.message_enc) ?? '',
    dueOn: r.due_on,
    requestedAt: new Date(r.requested_at),
    answeredAt: r.answered_at ? new Date(r.answered_at) : null,
    overdueAt: r.overdue_at ? new Date(r.overdue_at) : null,
  }));
}

/** The open request of the application, or null. */
export async function openCorrection(tx: Queryable, cipher: TenantCipher, tenant: string, applicationId: string): Promise<CorrectionRequest | null> {
  return (await listCorrections(tx, cipher, tenant, applicationId)).find((r) => !r.answeredAt) ?? null;
}

/**
 * The resident's answer to the open request: only the returned paths are taken from `posted`, the
 * whole application is checked again (validation_failed with a message per field), and the case
 * returns to 'submitted' at the step where it was, with the same receipt number. Idempotent: when
 * nothing is open any more (a double submit), returns { alreadyResubmitted: true } and changes
 * nothing. The caller locks the application row.
 */
export async function answerCorrection(
  tx: Queryable,
  cipher: TenantCipher,
  tenant: string,
  input: { app: Application; form: FormDefinition; posted: RawAnswers },
): Promise<{ alreadyResubmitted: boolean }> {
  const { app } = input;
  const open = await openCorrection(tx, cipher, tenant, app.id);
  if (app.status !== 'correction_requested' || !open) {
    // Answered already (a double submit): the same outcome. Withdrawn, or never asked: a conflict.
    const answered = (await listCorrections(tx, cipher, tenant, app.id)).some((r) => r.answeredAt);
    if (answered && app.status !== 'withdrawn') return { alreadyResubmitted: true };
    throw new AppError('conflict');
  }
  const merged = applyCorrection(app.answers, open.fields, input.posted);
  const checked = checkForm(input.form, merged);
  if (!checked.ok) throw new AppError('validation_failed', { fields: checked.errors });
  await tx.query("UPDATE applications SET status = 'submitted', answers_enc = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND status = 'correction_requested'", [
    tenant,
    app.id,
    cipher.encrypt(ANSWERS_FIELD, JSON.stringify(checked.answers)),
  ]);
  await tx.query('UPDATE correction_requests SET answered_at = now() WHERE tenant_id = $1 AND id = $2', [tenant, open.id]);
  await indexApplicantName(tx, cipher, tenant, app.id, input.form, checked.answers);
  await recordEvent(tx, tenant, app.id, { status: 'submitted', kind: 'resubmitted', actorKind: 'resident', actorId: app.residentId, step: app.currentStep });
  return { alreadyResubmitted: false };
}
