/**
 * Working on a case besides the route: assigning it (担当者), internal notes (staff only) and
 * messages between the department and the resident. Note and message bodies may hold personal
 * data and are stored encrypted with the municipality's cipher.
 */
import type { Queryable } from '../../../platform/db/index.ts';
import { registerEncryptedColumns, type TenantCipher } from '../../../platform/crypto/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { queueMail } from '../../../platform/mail/index.ts';
import { recordEvent, type Application } from '../applications.service.ts';

export const NOTE_FIELD = 'case_notes.body';
export const MESSAGE_FIELD = 'application_messages.body';
registerEncryptedColumns({ table: 'case_notes', key: ['id'], column: 'body_enc', field: NOTE_FIELD }, { table: 'application_messages', key: ['id'], column: 'body_enc', field: MESSAGE_FIELD });

export interface StaffChoice {
  id: string;
  name: string;
}

/** Active staff who handle the department's cases (clerks and managers of it, or of the whole municipality). */
export async function departmentStaff(tx: Queryable, tenant: string, departmentId: string): Promise<StaffChoice[]> {
  const rows = await tx.query<{ id: string; display_name: string }>(
    `SELECT DISTINCT u.id, u.display_name FROM staff_users u JOIN staff_roles r ON r.tenant_id = u.tenant_id AND r.staff_id = u.id
     WHERE u.tenant_id = $1 AND u.status = 'active' AND r.role IN ('clerk', 'manager') AND (r.department_id = $2 OR r.department_id IS NULL)
     ORDER BY u.display_name, u.id`,
    [tenant, departmentId],
  );
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

/** Assigns the case to one of the department's staff, or to nobody (null). Recorded in the staff history. */
export async function assignCase(tx: Queryable, tenant: string, app: Application, input: { assigneeId: string | null; departmentId: string; staffId: string }): Promise<void> {
  const assignee = input.assigneeId ? (await departmentStaff(tx, tenant, input.departmentId)).find((s) => s.id === input.assigneeId) : null;
  if (input.assigneeId && !assignee) throw new AppError('validation_failed', { fields: [{ field: 'assignee', message: { ja: '「担当者」は担当課の職員から選んでください。', en: 'Choose the assignee from the staff of the department.' } }] });
  if (app.assigneeId === input.assigneeId) return;
  await tx.query('UPDATE applications SET assignee_id = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2', [tenant, app.id, input.assigneeId]);
  // The note holds the assignee's name (staff names are not residents' personal data); staff history only.
  await recordEvent(tx, tenant, app.id, { status: app.status, kind: 'assigned', actorKind: 'staff', actorId: input.staffId, note: assignee?.name ?? '' });
}

export interface CaseNote {
  id: string;
  authorName: string;
  body: string;
  at: Date;
}

export async function addNote(tx: Queryable, cipher: TenantCipher, tenant: string, input: { applicationId: string; authorId: string; body: string }): Promise<void> {
  await tx.query('INSERT INTO case_notes (tenant_id, application_id, author_id, body_enc) VALUES ($1, $2, $3, $4)', [tenant, input.applicationId, input.authorId, cipher.encrypt(NOTE_FIELD, input.body)]);
}

/** The case's internal notes, oldest first (decrypted: callers audit the read). */
export async function listNotes(tx: Queryable, cipher: TenantCipher, tenant: string, applicationId: string): Promise<CaseNote[]> {
  const rows = await tx.query<{ id: string; display_name: string; body_enc: string; created_at: Date | string }>(
    `SELECT n.id, u.display_name, n.body_enc, n.created_at FROM case_notes n JOIN staff_users u ON u.tenant_id = n.tenant_id AND u.id = n.author_id
     WHERE n.tenant_id = $1 AND n.application_id = $2 ORDER BY n.created_at, n.id`,
    [tenant, applicationId],
  );
  return rows.map((r) => ({ id: r.id, authorName: r.display_name, body: cipher.decrypt(NOTE_FIELD, r.body_enc) ?? '', at: new Date(r.created_at) }));
}

export interface CaseMessage {
  id: string;
  from: 'staff' | 'resident';
  /** The staff member's name (shown to staff only). */
  senderName: string | null;
  body: string;
  at: Date;
}

/**
 * Stores a message about the application. From staff, the resident is also mailed (one mail per
 * message, deduplicated by its id) at the e-mail address of the application.
 */
export async function sendMessage(
  tx: Queryable,
  cipher: TenantCipher,
  tenant: string,
  app: Application,
  input: { from: 'staff' | 'resident'; senderId: string; body: string; mail?: { procedureName: Text; tenantName: string; link: string } },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    'INSERT INTO application_messages (tenant_id, application_id, sender_kind, sender_id, body_enc) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [tenant, app.id, input.from, input.senderId, cipher.encrypt(MESSAGE_FIELD, input.body)],
  );
  await tx.query('UPDATE applications SET updated_at = now() WHERE tenant_id = $1 AND id = $2', [tenant, app.id]);
  const email = app.answers.email;
  if (input.from === 'staff' && input.mail && typeof email === 'string' && email) {
    const m = input.mail;
    await queueMail(
      tx,
      {
        tenant,
        to: email,
        subject: `【${m.tenantName}】申請についてのお知らせ（受付番号 ${app.receiptNumber}） / A message about your application`,
        text: [
          `受付番号 ${app.receiptNumber}「${m.procedureName.ja}」について、担当課からメッセージが届いています。`,
          `内容の確認と返信はマイページで行えます: ${m.link}`,
          '',
          `The department sent you a message about your application ${app.receiptNumber} "${m.procedureName.en}".`,
          `Read and reply on My page: ${m.link}`,
          '',
          'このメールは送信専用です。 / This address does not receive replies.',
        ].join('\n'),
      },
      `application.message:${row!.id}`,
    );
  }
  return row!.id;
}

/** Messages about the application, oldest first. */
export async function listMessages(tx: Queryable, cipher: TenantCipher, tenant: string, applicationId: string): Promise<CaseMessage[]> {
  const rows = await tx.query<{ id: string; sender_kind: 'staff' | 'resident'; display_name: string | null; body_enc: string; created_at: Date | string }>(
    `SELECT m.id, m.sender_kind, u.display_name, m.body_enc, m.created_at FROM application_messages m
     LEFT JOIN staff_users u ON m.sender_kind = 'staff' AND u.tenant_id = m.tenant_id AND u.id = m.sender_id
     WHERE m.tenant_id = $1 AND m.application_id = $2 ORDER BY m.created_at, m.id`,
    [tenant, applicationId],
  );
  return rows.map((r) => ({ id: r.id, from: r.sender_kind, senderName: r.display_name, body: cipher.decrypt(MESSAGE_FIELD, r.body_enc) ?? '', at: new Date(r.created_at) }));
}
