/**
 * File answers sent as ids (the resident API): a file field's value names attachments by id — one
 * id, a list of ids, or the list of {id, fileName, …} records the API returns — and becomes the
 * AttachmentRef list the answers store, but only with attachments that field may use: the
 * resident's own pending uploads for this procedure and field, or the files the application already
 * has there. Anything else is refused with 422 `invalid_attachment` naming the field.
 */
import type { Queryable } from '../../../platform/db/index.ts';
import { AppError, type FieldError } from '../../../platform/errors/index.ts';
import { format } from '../../../platform/i18n/index.ts';
import type { FieldDef, FormDefinition } from '../forms/form-definition.ts';
import type { RawAnswers } from '../forms/form-validation.ts';
import { fileLimits } from './attachment-check.ts';
import { attachmentText as m } from './attachments.messages.ts';
import { claimUploads, markReplacedAttachments, usableAttachments } from './attachments.service.ts';

/** Pending uploads an answer names, to be given to the application when it is written. */
export interface FileClaim {
  field: string;
  ids: string[];
}

const fail = (field: string, text: { ja: string; en: string }, f: FieldDef, params: Record<string, string | number> = {}): FieldError => ({
  field,
  message: { ja: format(text.ja, { label: f.label.ja, ...params }), en: format(text.en, { label: f.label.en, ...params }) },
});

/** The ids a file answer names, or null when the value is not ids. */
function idsOf(v: unknown): string[] | null {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (!Array.isArray(v)) return null;
  const ids: string[] = [];
  for (const x of v) {
    if (typeof x === 'string') ids.push(x.trim());
    else if (typeof x === 'object' && x !== null && typeof (x as Record<string, unknown>).id === 'string') ids.push(String((x as Record<string, unknown>).id).trim());
    else return null;
  }
  return [...new Set(ids)];
}

/**
 * The answers with each file field that `answers` names resolved to its AttachmentRef list, and
 * the pending uploads to claim. Throws invalid_attachment naming `<prefix><field>` for a value that
 * is not ids, too many files, or an id the field may not use.
 */
export async function resolveFileAnswers(
  tx: Queryable,
  tenant: string,
  input: { form: FormDefinition; answers: RawAnswers; residentId: string; procedureId: string; applicationId?: string | null; prefix?: string },
): Promise<{ answers: RawAnswers; claims: FileClaim[] }> {
  const prefix = input.prefix ?? '';
  const answers: RawAnswers = { ...input.answers };
  const claims: FileClaim[] = [];
  const errors: FieldError[] = [];
  for (const f of input.form.sections.flatMap((s) => s.fields)) {
    if (f.type !== 'file' || !(f.name in input.answers)) continue;
    const path = `${prefix}${f.name}`;
    const ids = idsOf(input.answers[f.name]);
    if (!ids) {
      errors.push(fail(path, m.notIds, f));
      continue;
    }
    const { maxFiles } = fileLimits(f);
    if (ids.length > maxFiles) {
      errors.push(fail(path, m.tooMany, f, { n: maxFiles }));
      continue;
    }
    const usable = await usableAttachments(tx, tenant, { ids, field: f.name, residentId: input.residentId, procedureId: input.procedureId, applicationId: input.applicationId ?? null });
    const refused = ids.find((id) => !usable.has(id));
    if (refused !== undefined) {
      errors.push(fail(path, m.unusable, f, { id: [...refused].slice(0, 64).join('') }));
      continue;
    }
    answers[f.name] = ids.map((id) => {
      const { pending: _pending, ...ref } = usable.get(id)!;
      return ref;
    });
    const pending = ids.filter((id) => usable.get(id)!.pending);
    if (pending.length) claims.push({ field: f.name, ids: pending });
  }
  if (errors.length) throw new AppError('invalid_attachment', { fields: errors });
  return { answers, claims };
}

/**
 * Gives the claimed uploads to the application. Throws invalid_attachment naming the field when
 * one was used by another request since it was resolved (the transaction is then rolled back).
 */
export async function claimFileAnswers(tx: Queryable, tenant: string, input: { form: FormDefinition; applicationId: string; residentId: string; procedureId: string; claims: FileClaim[]; prefix?: string }): Promise<void> {
  for (const claim of input.claims) {
    const got = await claimUploads(tx, tenant, { applicationId: input.applicationId, residentId: input.residentId, procedureId: input.procedureId, field: claim.field, ids: claim.ids });
    if (got < claim.ids.length) {
      const f = input.form.sections.flatMap((s) => s.fields).find((x) => x.name === claim.field)!;
      throw new AppError('invalid_attachment', { fields: [fail(`${input.prefix ?? ''}${claim.field}`, m.unusable, f, { id: claim.ids.join(', ') })] });
    }
  }
}

/**
 * After a 補正 was accepted: the replacement uploads become the application's files of their field
 * and the files they replace stay, marked replaced by the correction request, for the case history.
 * Throws invalid_attachment when a replacement was used meanwhile (the transaction is rolled back).
 */
export async function replaceCorrectedFiles(
  tx: Queryable,
  tenant: string,
  input: { form: FormDefinition; applicationId: string; residentId: string; procedureId: string; correctionId: string; replacements: FileClaim[] },
): Promise<void> {
  await claimFileAnswers(tx, tenant, { form: input.form, applicationId: input.applicationId, residentId: input.residentId, procedureId: input.procedureId, claims: input.replacements });
  for (const r of input.replacements) await markReplacedAttachments(tx, tenant, { applicationId: input.applicationId, field: r.field, keepIds: r.ids, correctionId: input.correctionId });
}
