/**
 * Finding a case by the applicant's name without decrypting applications: at submission the names
 * and readings (top-level 氏名 and フリガナ fields) are folded and cut into words, and only keyed
 * hashes of them are stored (HMAC with the municipality's index key, like the e-mail blind index).
 * A search hashes the query the same way and looks the hash up. Trade-off (ADR 0033): only whole
 * words match — the full name, the family name, the given name, or the reading — not a part of one;
 * in exchange the table reveals nothing readable, and a lookup is one index probe.
 */
import type { Queryable } from '../../../platform/db/index.ts';
import type { TenantCipher } from '../../../platform/crypto/index.ts';
import { normalizeForSearch } from '../../../platform/i18n/index.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import type { RawAnswers } from '../forms/form-validation.ts';

const INDEX_FIELD = 'applications.applicant_name';

/** Folds a name as people type it: NFKC (全角/半角), katakana → hiragana, 異体字 selectors dropped, spaces squeezed. */
export function foldName(s: string): string {
  return normalizeForSearch(s.replace(/[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/g, ''));
}

/** The words a name is found by: the whole name without spaces, and each word. */
export function nameWords(name: string): string[] {
  const folded = foldName(name);
  if (!folded) return [];
  const words = folded.split(' ').filter(Boolean);
  return [...new Set([words.join(''), ...words])];
}

/** The hash a search for `query` looks up (the whole query as one name). */
export function nameSearchToken(cipher: TenantCipher, query: string): string | null {
  const folded = foldName(query).replace(/ /g, '');
  return folded ? cipher.blindIndex(INDEX_FIELD, folded) : null;
}

/** The name hashes of an application's (checked) answers, stored in `applications.name_tokens` (GIN-indexed). */
export function applicantNameTokens(cipher: TenantCipher, form: FormDefinition, answers: RawAnswers): string[] {
  const words = new Set<string>();
  for (const f of form.sections.flatMap((s) => s.fields)) {
    const v = answers[f.name];
    if ((f.type === 'name' || f.type === 'kana') && typeof v === 'string') for (const w of nameWords(v)) words.add(w);
  }
  return [...words].map((w) => cipher.blindIndex(INDEX_FIELD, w));
}

/** Replaces the application's name hashes from its (checked) answers. */
export async function indexApplicantName(tx: Queryable, cipher: TenantCipher, tenant: string, applicationId: string, form: FormDefinition, answers: RawAnswers): Promise<void> {
  const tokens = applicantNameTokens(cipher, form, answers);
  await tx.query('UPDATE applications SET name_tokens = $3 WHERE tenant_id = $1 AND id = $2', [tenant, applicationId, tokens]);
}
