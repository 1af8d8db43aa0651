/**
 * Files attached to an application (添付書類): add (after the content check), list, read, remove.
 * They belong to the draft while the resident fills in the form; the answer of the file field lists
 * them (AttachmentRef) and is rewritten here whenever the files change, so the answers and the
 * table always agree. A file uploaded before it has an application (the resident API, a 補正) is
 * pending: kept for its resident, procedure and field until an answer claims it, for 24 hours.
 * A file replaced in a 補正 stays, marked replaced, in the case history. Contents are encrypted
 * with the municipality's data key. Callers run these inside the municipality's transaction and
 * check who may see the application first.
 */
import crypto from 'node:crypto';
import type { Queryable } from '../../../platform/db/index.ts';
import { registerEncryptedColumns, type TenantCipher } from '../../../platform/crypto/index.ts';
import type { AttachmentRef } from '../forms/form-definition.ts';

const CONTENT_FIELD = 'application_attachments.content';
registerEncryptedColumns({ table: 'application_attachments', key: ['id'], column: 'content_enc', field: CONTENT_FIELD, binary: true });

export interface AttachmentSummary {
  id: string;
  field: string;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: Date;
}

export interface Attachment extends AttachmentSummary {
  sha256: string;
  content: Buffer;
}

interface Row {
  id: string;
  field: string;
  file_name: string;
  content_type: string;
  size: number;
  created_at: Date | string;
}

export interface ReplacedAttachment extends AttachmentSummary {
  replacedAt: Date;
}

/** How long a pending upload may be claimed by an answer; older ones are deleted. */
export const PENDING_UPLOAD_HOURS = 24;
/** Pending uploads one resident may hold at once (the rest of the bound is the upload rate limit). */
export const MAX_PENDING_UPLOADS = 20;

const summary = (r: Row): AttachmentSummary => ({ id: r.id, field: r.field, fileName: r.file_name, contentType: r.content_type, size: Number(r.size), createdAt: new Date(r.created_at) });
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/**
 * A file name safe to show and to offer for download: the last path part, without control or
 * bidi-override characters, at most 255 characters; the extension follows the detected type.
 */
export function safeFileName(name: string, contentType: string): string {
  const ext = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp' }[contentType] ?? '';
  const base = (name.normalize('NFC').split(/[/\\]/).pop() ?? '')
    .replace(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF"]/g, '')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .trim();
  return `${[...(base || 'file')].slice(0, 200).join('')}${ext}`;
}

/** The application's attachments, oldest first (no contents: nothing is decrypted). For the case page and the PDF copy. */
export async function listAttachments(tx: Queryable, tenant: string, applicationId: string): Promise<AttachmentSummary[]> {
  if (!isUuid(applicationId)) return [];
  const rows = await tx.query<Row>(
    'SELECT id, field, file_name, content_type, size, created_at FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 AND replaced_at IS NULL ORDER BY created_at, id',
    [tenant, applicationId],
  );
  return rows.map(summary);
}

/** Files replaced in a 補正, oldest first, with when: the case history for staff. */
export async function listReplacedAttachments(tx: Queryable, tenant: string, applicationId: string): Promise<ReplacedAttachment[]> {
  if (!isUuid(applicationId)) return [];
  const rows = await tx.query<Row & { replaced_at: Date | string }>(
    'SELECT id, field, file_name, content_type, size, created_at, replaced_at FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 AND replaced_at IS NOT NULL ORDER BY replaced_at, created_at, id',
    [tenant, applicationId],
  );
  return rows.map((r) => ({ ...summary(r), replacedAt: new Date(r.replaced_at) }));
}

/** The answer of each file field, from the table (the source of truth). */
export async function attachmentAnswers(tx: Queryable, tenant: string, applicationId: string): Promise<Record<string, AttachmentRef[]>> {
  const out: Record<string, AttachmentRef[]> = {};
  for (const a of await listAttachments(tx, tenant, applicationId)) (out[a.field] ??= []).push({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: String(a.size) });
  return out;
}

interface NewFile {
  field: string;
  fileName: string;
  contentType: string;
  content: Buffer;
}

async function insertAttachment(tx: Queryable, cipher: TenantCipher, tenant: string, owner: { applicationId: string | null; residentId: string | null; procedureId: string | null }, input: NewFile): Promise<Row> {
  const sha256 = crypto.createHash('sha256').update(input.content).digest('hex');
  const [row] = await tx.query<Row>(
    `INSERT INTO application_attachments (tenant_id, application_id, resident_id, procedure_id, field, file_name, content_type, size, sha256, content_enc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id, field, file_name, content_type, size, created_at`,
    [tenant, owner.applicationId, owner.residentId, owner.procedureId, input.field, safeFileName(input.fileName, input.contentType), input.contentType, input.content.length, sha256, cipher.encryptBytes(CONTENT_FIELD, input.content)],
  );
  return row!;
}

/** Stores a checked file (content as it will be served: cleaned images, checked PDFs). Returns its id. */
export async function addAttachment(tx: Queryable, cipher: TenantCipher, tenant: string, input: NewFile & { applicationId: string }): Promise<string> {
  return (await insertAttachment(tx, cipher, tenant, { applicationId: input.applicationId, residentId: null, procedureId: null }, input)).id;
}

/**
 * Stores a checked file that no application holds yet, for one resident, procedure and field.
 * Deletes the municipality's expired pending uploads first. Returns null (nothing stored) when the
 * resident already holds MAX_PENDING_UPLOADS of them.
 */
export async function addPendingUpload(
  tx: Queryable,
  cipher: TenantCipher,
  tenant: string,
  input: NewFile & { residentId: string; procedureId: string },
): Promise<(AttachmentSummary & { expiresAt: Date }) | null> {
  await tx.query(`DELETE FROM application_attachments WHERE tenant_id = $1 AND application_id IS NULL AND created_at < now() - make_interval(hours => $2)`, [tenant, PENDING_UPLOAD_HOURS]);
  const [held] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM application_attachments WHERE tenant_id = $1 AND application_id IS NULL AND resident_id = $2', [tenant, input.residentId]);
  if (held!.n >= MAX_PENDING_UPLOADS) return null;
  const row = await insertAttachment(tx, cipher, tenant, { applicationId: null, residentId: input.residentId, procedureId: input.procedureId }, input);
  const created = new Date(row.created_at);
  return { ...summary(row), expiresAt: new Date(created.getTime() + PENDING_UPLOAD_HOURS * 3600_000) };
}

/**
 * Of `ids`, the attachments a file field of an application may name, as answers list them: the
 * resident's pending uploads for this procedure and field (not expired), and, when `applicationId`
 * is given, that application's current files of the field. Anything else (another person's, another
 * procedure's or field's, used by another application, expired, unknown) is left out.
 */
export async function usableAttachments(
  tx: Queryable,
  tenant: string,
  input: { ids: string[]; field: string; residentId: string; procedureId: string; applicationId?: string | null },
): Promise<Map<string, AttachmentRef & { pending: boolean }>> {
  const ids = input.ids.filter(isUuid);
  if (!ids.length) return new Map();
  const rows = await tx.query<Row & { application_id: string | null }>(
    `SELECT id, field, file_name, content_type, size, created_at, application_id FROM application_attachments
     WHERE tenant_id = $1 AND id = ANY ($2::uuid[]) AND field = $3 AND (
       (application_id IS NULL AND resident_id = $4 AND procedure_id = $5 AND created_at >= now() - make_interval(hours => $7))
       OR (application_id = $6 AND replaced_at IS NULL))`,
    [tenant, ids, input.field, input.residentId, input.procedureId, input.applicationId && isUuid(input.applicationId) ? input.applicationId : null, PENDING_UPLOAD_HOURS],
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, fileName: r.file_name, contentType: r.content_type, size: String(r.size), pending: r.application_id === null }]));
}

/**
 * Gives the pending uploads `ids` to the application, checking again (under the row locks) that
 * they are the resident's, for this procedure and field, unused and not expired. Returns how many
 * were claimed: fewer than asked means another request used one meanwhile.
 */
export async function claimUploads(tx: Queryable, tenant: string, input: { applicationId: string; residentId: string; procedureId: string; field: string; ids: string[] }): Promise<number> {
  const ids = input.ids.filter(isUuid);
  if (!ids.length) return 0;
  const rows = await tx.query(
    `UPDATE application_attachments SET application_id = $2 WHERE tenant_id = $1 AND id = ANY ($3::uuid[]) AND field = $4
       AND application_id IS NULL AND resident_id = $5 AND procedure_id = $6 AND created_at >= now() - make_interval(hours => $7) RETURNING id`,
    [tenant, input.applicationId, ids, input.field, input.residentId, input.procedureId, PENDING_UPLOAD_HOURS],
  );
  return rows.length;
}

/** Deletes the application's files of `field` other than `keepIds` (a draft's answer changed through the API). */
export async function removeOtherAttachments(tx: Queryable, tenant: string, applicationId: string, field: string, keepIds: string[]): Promise<void> {
  await tx.query('DELETE FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 AND field = $3 AND replaced_at IS NULL AND NOT (id = ANY ($4::uuid[]))', [tenant, applicationId, field, keepIds.filter(isUuid)]);
}

/** Marks the application's files of `field` other than `keepIds` as replaced by the correction request (kept for the case history). */
export async function markReplacedAttachments(tx: Queryable, tenant: string, input: { applicationId: string; field: string; keepIds: string[]; correctionId: string }): Promise<void> {
  await tx.query(
    'UPDATE application_attachments SET replaced_at = now(), replaced_by_correction = $5 WHERE tenant_id = $1 AND application_id = $2 AND field = $3 AND replaced_at IS NULL AND NOT (id = ANY ($4::uuid[]))',
    [tenant, input.applicationId, input.field, input.keepIds.filter(isUuid), input.correctionId],
  );
}

/** Removes one attachment of the application; false when there is no such attachment. */
export async function removeAttachment(tx: Queryable, tenant: string, applicationId: string, id: string): Promise<boolean> {
  if (!isUuid(id) || !isUuid(applicationId)) return false;
  const rows = await tx.query('DELETE FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 AND id = $3 RETURNING id', [tenant, applicationId, id]);
  return rows.length > 0;
}

/** Removes the field's attachments beyond the newest `keep` (a new upload replaces the oldest when the field is full). */
export async function trimAttachments(tx: Queryable, tenant: string, applicationId: string, field: string, keep: number): Promise<void> {
  await tx.query(
    `DELETE FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 AND field = $3 AND replaced_at IS NULL AND id NOT IN (
       SELECT id FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 AND field = $3 AND replaced_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $4)`,
    [tenant, applicationId, field, keep],
  );
}

/** One attachment with its decrypted content, or null (also for another application's attachment). */
export async function readAttachment(tx: Queryable, cipher: TenantCipher, tenant: string, applicationId: string, id: string): Promise<Attachment | null> {
  if (!isUuid(id) || !isUuid(applicationId)) return null;
  const [row] = await tx.query<Row & { sha256: string; content_enc: Uint8Array }>(
    'SELECT id, field, file_name, content_type, size, created_at, sha256, content_enc FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 AND id = $3',
    [tenant, applicationId, id],
  );
  if (!row) return null;
  return { ...summary(row), sha256: row.sha256, content: cipher.decryptBytes(CONTENT_FIELD, row.content_enc) };
}

/**
 * Deletes the application's attachments its answers do not list (a file field hidden by a
 * condition at submission), so that what staff see is exactly what was submitted.
 */
export async function keepOnlyAttachments(tx: Queryable, tenant: string, applicationId: string, keepIds: string[]): Promise<void> {
  await tx.query('DELETE FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 AND NOT (id = ANY ($3::uuid[]))', [tenant, applicationId, keepIds.filter(isUuid)]);
}
