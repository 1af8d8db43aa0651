/**
 * Files attached to an application (添付書類): add (after the content check), list, read, remove.
 * They belong to the draft while the resident fills in the form; the answer of the file field lists
 * them (AttachmentRef) and is rewritten here whenever the files change, so the answers and the
 * table always agree. Contents are encrypted with the municipality's data key. Callers run these
 * inside the municipality's transaction and check who may see the application first.
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
    'SELECT id, field, file_name, content_type, size, created_at FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 ORDER BY created_at, id',
    [tenant, applicationId],
  );
  return rows.map(summary);
}

/** The answer of each file field, from the table (the source of truth). */
export async function attachmentAnswers(tx: Queryable, tenant: string, applicationId: string): Promise<Record<string, AttachmentRef[]>> {
  const out: Record<string, AttachmentRef[]> = {};
  for (const a of await listAttachments(tx, tenant, applicationId)) (out[a.field] ??= []).push({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: String(a.size) });
  return out;
}

/** Stores a checked file (content as it will be served: cleaned images, checked PDFs). Returns its id. */
export async function addAttachment(
  tx: Queryable,
  cipher: TenantCipher,
  tenant: string,
  input: { applicationId: string; field: string; fileName: string; contentType: string; content: Buffer },
): Promise<string> {
  const sha256 = crypto.createHash('sha256').update(input.content).digest('hex');
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO application_attachments (tenant_id, application_id, field, file_name, content_type, size, sha256, content_enc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [tenant, input.applicationId, input.field, safeFileName(input.fileName, input.contentType), input.contentType, input.content.length, sha256, cipher.encryptBytes(CONTENT_FIELD, input.content)],
  );
  return row!.id;
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
    `DELETE FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 AND field = $3 AND id NOT IN (
       SELECT id FROM application_attachments WHERE tenant_id = $1 AND application_id = $2 AND field = $3 ORDER BY created_at DESC, id DESC LIMIT $4)`,
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
