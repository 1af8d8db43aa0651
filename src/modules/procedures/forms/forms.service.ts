/** Versions of a procedure's form: publish a new version (never edit one), read the current or a given version. */
import { isDeepStrictEqual } from 'node:util';
import type { Queryable } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import type { FormDefinition } from './form-definition.ts';

/** Types whose answer is not a string, so they cannot be one field of a repeating group's item. */
const TOP_LEVEL_ONLY = new Set(['group', 'bankAccount', 'file']);

/** Throws validation_failed, naming the field, when a group holds a field that only works at the top level. */
export function assertPublishable(definition: FormDefinition): void {
  for (const f of definition.sections.flatMap((s) => s.fields)) {
    const nested = f.type === 'group' ? (f.fields ?? []).find((g) => TOP_LEVEL_ONLY.has(g.type)) : undefined;
    if (nested)
      throw new AppError('validation_failed', {
        fields: [{ field: f.name, message: { ja: `「${f.label.ja}」の中に「${nested.label.ja}」（口座・添付ファイル・繰り返し）は置けません。グループの外に置いてください。`, en: `${f.label.en} cannot hold ${nested.label.en} (a bank account, file or repeating group). Put it outside the group.` } }],
      });
  }
}

export interface FormVersion {
  version: number;
  definition: FormDefinition;
}

/** The newest published version of the procedure's form, or null when it has none (no online form). */
export async function currentForm(tx: Queryable, tenant: string, procedureId: string): Promise<FormVersion | null> {
  const [row] = await tx.query<{ version: number; definition: FormDefinition }>(
    'SELECT version, definition FROM procedure_forms WHERE tenant_id = $1 AND procedure_id = $2 AND published_at IS NOT NULL ORDER BY version DESC LIMIT 1',
    [tenant, procedureId],
  );
  return row ?? null;
}

export async function formVersion(tx: Queryable, tenant: string, procedureId: string, version: number): Promise<FormDefinition> {
  const [row] = await tx.query<{ definition: FormDefinition }>('SELECT definition FROM procedure_forms WHERE tenant_id = $1 AND procedure_id = $2 AND version = $3', [tenant, procedureId, version]);
  if (!row) throw new Error(`form version ${version} of ${procedureId} is missing`);
  return row.definition;
}

/**
 * Publishes `definition` as the next version, unless it equals the current one (then that version
 * is returned). Throws validation_failed for a group holding a top-level-only field. Earlier
 * versions stay as they are: applications filled in them keep their meaning.
 */
export async function publishForm(tx: Queryable, tenant: string, procedureId: string, definition: FormDefinition): Promise<number> {
  assertPublishable(definition);
  const current = await currentForm(tx, tenant, procedureId);
  if (current && isDeepStrictEqual(current.definition, JSON.parse(JSON.stringify(definition)))) return current.version;
  const [row] = await tx.query<{ version: number }>(
    `INSERT INTO procedure_forms (tenant_id, procedure_id, version, definition, published_at)
     SELECT $1, $2, coalesce(max(version), 0) + 1, $3, now() FROM procedure_forms WHERE tenant_id = $1 AND procedure_id = $2
     RETURNING version`,
    [tenant, procedureId, JSON.stringify(definition)],
  );
  return row!.version;
}
