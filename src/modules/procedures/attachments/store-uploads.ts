/** Stores the files posted with a section of the form (multipart, JavaScript not needed). */
import type { TenantCipher } from '../../../platform/crypto/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import type { FieldError } from '../../../platform/errors/index.ts';
import type { FieldDef } from '../forms/form-definition.ts';
import { checkUpload, fileLimits } from './attachment-check.ts';
import { addAttachment, trimAttachments } from './attachments.service.ts';

/**
 * Checks and stores each file chosen in the section's file fields. A field that already holds its
 * maximum number of files keeps the newest ones (a new upload replaces the old). Returns one
 * refusal per field whose file was not accepted; accepted files of other fields are kept.
 */
export async function storeUploads(tx: Queryable, cipher: TenantCipher, tenant: string, applicationId: string, fields: FieldDef[], body: Record<string, unknown>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const f of fields) {
    if (f.type !== 'file') continue;
    // A file input left empty still sends a part with no name and no bytes.
    const files = [body[f.name]].flat().filter((v): v is File => v instanceof File && (v.size > 0 || v.name !== ''));
    const { maxFiles } = fileLimits(f);
    for (const file of files.slice(0, maxFiles)) {
      const checked = checkUpload(f, f.label, Buffer.from(await file.arrayBuffer()));
      if (!checked.ok) {
        errors.push(checked.error);
        break;
      }
      await addAttachment(tx, cipher, tenant, { applicationId, field: f.name, fileName: file.name, contentType: checked.contentType, content: checked.content });
    }
    if (files.length) await trimAttachments(tx, tenant, applicationId, f.name, maxFiles);
  }
  return errors;
}
