/**
 * The parts of posting a section that are more than its typed values, all working without
 * JavaScript: files chosen in file fields are checked and stored; 「取り除く」 removes one
 * (_action=detach:<id>); 「住所を検索」 fills the address from the postal code (_action=postal:<field>).
 * The file answers are then re-read from the attachments table, never taken from the request.
 */
import type { TenantCipher } from '../../../platform/crypto/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import type { FieldError } from '../../../platform/errors/index.ts';
import { format } from '../../../platform/i18n/index.ts';
import { attachmentAnswers, removeAttachment } from '../attachments/attachments.service.ts';
import { storeUploads } from '../attachments/store-uploads.ts';
import { fieldText as ft } from './field.messages.ts';
import type { FieldDef } from './form-definition.ts';
import type { RawAnswers } from './form-validation.ts';
import { lookupPostalCode, normalizePostalCode, postalIndex } from './postal/postal-codes.ts';

export interface SectionActionResult {
  /** True when the action was a lookup or a removal: the section is saved and shown again. */
  handled: boolean;
  errors: FieldError[];
  /** For a handled action without errors: the notice to show and the field to jump to. */
  notice?: 'address-filled' | 'file-removed';
  anchor?: string;
}

/** The address field a postal code fills: the first address field after it in the same list. */
export function addressFieldAfter(f: FieldDef, fields: FieldDef[]): FieldDef | undefined {
  return fields.slice(fields.indexOf(f) + 1).find((s) => s.type === 'address');
}

export async function applySectionActions(
  tx: Queryable,
  cipher: TenantCipher,
  tenant: string,
  input: { applicationId: string; fields: FieldDef[]; body: Record<string, unknown>; posted: RawAnswers; action: string; dataDir: string },
): Promise<SectionActionResult> {
  const { fields, posted } = input;
  const errors = await storeUploads(tx, cipher, tenant, input.applicationId, fields, input.body);
  let result: SectionActionResult = { handled: false, errors };
  const detach = /^detach:([0-9a-f-]{36})$/i.exec(input.action);
  if (detach) {
    await removeAttachment(tx, tenant, input.applicationId, detach[1]!);
    result = { handled: true, errors, notice: 'file-removed' };
  }
  if (fields.some((f) => f.type === 'file')) {
    const files = await attachmentAnswers(tx, tenant, input.applicationId);
    for (const f of fields) if (f.type === 'file') posted[f.name] = files[f.name] ?? [];
  }
  const postal = /^postal:([A-Za-z]\w*)$/.exec(input.action);
  const source = postal ? fields.find((f) => f.name === postal[1] && f.type === 'postalCode') : undefined;
  const target = source ? addressFieldAfter(source, fields) : undefined;
  if (source && target) {
    const typed = typeof posted[source.name] === 'string' ? (posted[source.name] as string) : '';
    const code = normalizePostalCode(typed);
    const found = code ? lookupPostalCode(postalIndex(input.dataDir), code) : null;
    if (!code) errors.push({ field: source.name, message: { ja: format(ft.postalInvalid.ja, { label: source.label.ja }), en: format(ft.postalInvalid.en, { label: source.label.en }) } });
    else if (!found?.address) errors.push({ field: source.name, message: { ja: format(ft.postalNotFound.ja, { label: source.label.ja, code: `〒${code.slice(0, 3)}-${code.slice(3)}` }), en: format(ft.postalNotFound.en, { label: source.label.en, code: `${code.slice(0, 3)}-${code.slice(3)}` }) } });
    else {
      posted[source.name] = `${code.slice(0, 3)}-${code.slice(3)}`;
      // Keep what the resident already typed after the town (番地, 部屋番号) when the town is unchanged.
      const current = typeof posted[target.name] === 'string' ? (posted[target.name] as string) : '';
      posted[target.name] = current.startsWith(found.address) ? current : found.address;
    }
    result = { handled: true, errors, notice: 'address-filled', anchor: `f-${target.name}` };
  }
  return result;
}
