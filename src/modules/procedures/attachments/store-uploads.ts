/**
 * Stores the files posted with a section of the form (multipart, JavaScript not needed), and the
 * upload budget every upload path shares (the web form, a 補正, the resident API).
 */
import type { TenantCipher } from '../../../platform/crypto/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import type { FieldError } from '../../../platform/errors/index.ts';
import { rateLimit, type Ctx } from '../../../platform/http/index.ts';
import { format } from '../../../platform/i18n/index.ts';
import type { AttachmentRef, FieldDef } from '../forms/form-definition.ts';
import { checkUpload, fileLimits } from './attachment-check.ts';
import { attachmentText as m } from './attachments.messages.ts';
import { addAttachment, addPendingUpload, MAX_PENDING_UPLOADS, trimAttachments, usableAttachments } from './attachments.service.ts';

/** Files one resident may upload per hour, whichever way. */
export const UPLOADS_PER_HOUR = 60;

/** Counts one upload of the resident; throws rate_limited (429) once the hour's budget is spent. */
export const limitUploads = (c: Ctx, residentId: string) => rateLimit(c, { bucket: `attachment-upload:${residentId}`, max: UPLOADS_PER_HOUR, windowSeconds: 3600 });

/** The files chosen in a file input as posted (a file input left empty still sends a part with no name and no bytes). */
export const postedFiles = (body: Record<string, unknown>, name: string): File[] => [body[name]].flat().filter((v): v is File => v instanceof File && (v.size > 0 || v.name !== ''));

/** Whether a posted form carries any chosen file (so the upload budget is counted). */
export const hasPostedFiles = (body: Record<string, unknown>) => Object.keys(body).some((k) => postedFiles(body, k).length > 0);

/**
 * Checks and stores each file chosen in the section's file fields. A field that already holds its
 * maximum number of files keeps the newest ones (a new upload replaces the old). Returns one
 * refusal per field whose file was not accepted; accepted files of other fields are kept.
 */
export async function storeUploads(tx: Queryable, cipher: TenantCipher, tenant: string, applicationId: string, fields: FieldDef[], body: Record<string, unknown>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const f of fields) {
    if (f.type !== 'file') continue;
    const files = postedFiles(body, f.name);
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

/** The form input carrying a replacement chosen earlier on the correction page (shown again for other errors). */
export const replacementInput = (field: string) => `${field}.replacement`;

/**
 * The replacement files posted on the correction page for the returned file fields. Each chosen
 * file is checked and kept as the resident's pending upload, so it survives the page being shown
 * again for another answer's error; a replacement chosen before comes back in replacementInput.
 * Returns the replacements by field (fields with none are left out) and one refusal per field.
 */
export async function stageReplacementFiles(
  tx: Queryable,
  cipher: TenantCipher,
  tenant: string,
  input: { residentId: string; procedureId: string; fields: FieldDef[]; body: Record<string, unknown> },
): Promise<{ replacements: Record<string, AttachmentRef[]>; errors: FieldError[] }> {
  const replacements: Record<string, AttachmentRef[]> = {};
  const errors: FieldError[] = [];
  const refuse = (f: FieldDef, text: { ja: string; en: string }, params: Record<string, string | number> = {}) =>
    errors.push({ field: f.name, message: { ja: format(text.ja, { label: f.label.ja, ...params }), en: format(text.en, { label: f.label.en, ...params }) } });
  for (const f of input.fields) {
    if (f.type !== 'file') continue;
    const chosen = postedFiles(input.body, f.name).slice(0, fileLimits(f).maxFiles);
    if (chosen.length) {
      const refs: AttachmentRef[] = [];
      for (const file of chosen) {
        const checked = checkUpload(f, f.label, Buffer.from(await file.arrayBuffer()));
        if (!checked.ok) {
          errors.push(checked.error);
          break;
        }
        const saved = await addPendingUpload(tx, cipher, tenant, { residentId: input.residentId, procedureId: input.procedureId, field: f.name, fileName: file.name, contentType: checked.contentType, content: checked.content });
        if (!saved) {
          refuse(f, m.tooManyPending, { n: MAX_PENDING_UPLOADS });
          break;
        }
        refs.push({ id: saved.id, fileName: saved.fileName, contentType: saved.contentType, size: String(saved.size) });
      }
      if (refs.length === chosen.length) replacements[f.name] = refs;
      continue;
    }
    const kept = [input.body[replacementInput(f.name)]].flat().filter((v): v is string => typeof v === 'string' && v !== '');
    if (!kept.length) continue;
    const usable = await usableAttachments(tx, tenant, { ids: kept, field: f.name, residentId: input.residentId, procedureId: input.procedureId });
    if (kept.every((id) => usable.get(id)?.pending)) replacements[f.name] = kept.map((id) => {
        const { pending: _pending, ...ref } = usable.get(id)!;
        return ref;
      });
    else refuse(f, m.chooseAgain);
  }
  return { replacements, errors };
}
