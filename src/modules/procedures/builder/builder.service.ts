/**
 * Use cases of the form builder: list and save procedures, keep one draft of each procedure's form,
 * apply an edit to it, publish it as a new version, discard it, and read the version history.
 *
 * Concurrency: every edit and the publication carry the draft revision the page showed. The draft
 * row is locked (SELECT … FOR UPDATE) and the revision compared, so when two staff members edit at
 * once the second gets a conflict instead of silently overwriting the first. Publishing also checks
 * that no other version was published since the draft began.
 */
import type { Queryable } from '../../../platform/db/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { generalForm } from '../forms/demo-forms.ts';
import type { FormDefinition } from '../forms/form-definition.ts';
import { checkFormStructure, type StructureProblem } from '../forms/form-structure.ts';
import { currentForm, publishForm } from '../forms/forms.service.ts';
import { getProcedureById, saveProcedure, type Procedure, type ProcedureInput } from '../procedures.service.ts';
import { applyEdit, type FormEdit } from './form-edits.ts';

export interface BuilderProcedure extends Procedure {
  keywords: string[];
  published: boolean;
  sortOrder: number;
  updatedAt: string;
}

export interface ProcedureRow {
  id: string;
  slug: string;
  name: Text;
  departmentId: string;
  department: Text;
  published: boolean;
  version: number | null;
  hasDraft: boolean;
}

/** Every procedure of the municipality (published or not), limited to `departmentIds` unless null. */
export async function listBuilderProcedures(tx: Queryable, tenant: string, departmentIds: string[] | null): Promise<ProcedureRow[]> {
  const rows = await tx.query<{ id: string; slug: string; name_ja: string; name_en: string; department_id: string; dept_ja: string; dept_en: string; published: boolean; version: number | null; has_draft: boolean }>(
    `SELECT p.id, p.slug, p.name_ja, p.name_en, p.department_id, d.name_ja AS dept_ja, d.name_en AS dept_en, p.published,
       (SELECT max(version) FROM procedure_forms f WHERE f.tenant_id = p.tenant_id AND f.procedure_id = p.id AND f.published_at IS NOT NULL) AS version,
       EXISTS (SELECT 1 FROM procedure_form_drafts r WHERE r.tenant_id = p.tenant_id AND r.procedure_id = p.id) AS has_draft
     FROM procedures p JOIN departments d ON d.tenant_id = p.tenant_id AND d.id = p.department_id
     WHERE p.tenant_id = $1 AND ($2::uuid[] IS NULL OR p.department_id = ANY ($2::uuid[]))
     ORDER BY p.sort_order, p.slug`,
    [tenant, departmentIds],
  );
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: { ja: r.name_ja, en: r.name_en }, departmentId: r.department_id, department: { ja: r.dept_ja, en: r.dept_en }, published: r.published, version: r.version, hasDraft: r.has_draft }));
}

/** The departments staff may choose for a procedure (all, or `departmentIds`). */
export async function builderDepartmentChoices(tx: Queryable, tenant: string, departmentIds: string[] | null): Promise<{ id: string; name: Text }[]> {
  const rows = await tx.query<{ id: string; name_ja: string; name_en: string }>(
    'SELECT id, name_ja, name_en FROM departments WHERE tenant_id = $1 AND ($2::uuid[] IS NULL OR id = ANY ($2::uuid[])) ORDER BY code',
    [tenant, departmentIds],
  );
  return rows.map((r) => ({ id: r.id, name: { ja: r.name_ja, en: r.name_en } }));
}

/** A procedure with what only the builder needs (keywords, published flag, version stamp), or null. */
export async function getBuilderProcedure(tx: Queryable, tenant: string, id: string, opts: { lock?: boolean } = {}): Promise<BuilderProcedure | null> {
  const [extra] = await tx.query<{ keywords: string[]; published: boolean; sort_order: number; updated_at: Date | string }>(
    `SELECT keywords, published, sort_order, updated_at FROM procedures WHERE tenant_id = $1 AND id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
    [tenant, id],
  );
  if (!extra) return null;
  const p = (await getProcedureById(tx, tenant, id))!;
  return { ...p, keywords: extra.keywords, published: extra.published, sortOrder: extra.sort_order, updatedAt: new Date(extra.updated_at).toISOString() };
}

export type ProcedureFields = Omit<ProcedureInput, 'nationalNo' | 'sortOrder'>;

/**
 * Creates a procedure from the builder. It stays out of the resident catalog until its form is
 * first published. Returns its id, or 'slug_taken' when the URL name is in use.
 */
export async function createBuilderProcedure(tx: Queryable, tenant: string, input: ProcedureFields): Promise<string | 'slug_taken'> {
  const [taken] = await tx.query('SELECT 1 FROM procedures WHERE tenant_id = $1 AND slug = $2', [tenant, input.slug]);
  if (taken) return 'slug_taken';
  const [last] = await tx.query<{ n: number | null }>('SELECT max(sort_order) AS n FROM procedures WHERE tenant_id = $1', [tenant]);
  const id = await saveProcedure(tx, tenant, { ...input, nationalNo: null, sortOrder: (last?.n ?? 0) + 10 });
  await tx.query('UPDATE procedures SET published = false WHERE tenant_id = $1 AND id = $2', [tenant, id]);
  return id;
}

/**
 * Saves the catalog fields of an existing procedure if nobody changed it since `expectedUpdatedAt`.
 * The URL name (slug), national number and catalog order stay as they are.
 */
export async function updateBuilderProcedure(tx: Queryable, tenant: string, id: string, input: Omit<ProcedureFields, 'slug'>, expectedUpdatedAt: string): Promise<'saved' | 'conflict' | 'not_found'> {
  const current = await getBuilderProcedure(tx, tenant, id, { lock: true });
  if (!current) return 'not_found';
  if (current.updatedAt !== expectedUpdatedAt) return 'conflict';
  await saveProcedure(tx, tenant, { ...input, slug: current.slug, nationalNo: current.nationalNo, sortOrder: current.sortOrder });
  return 'saved';
}

export interface Draft {
  definition: FormDefinition;
  /** 0 while there is no draft yet (the page shows the published version, or the starting form). */
  revision: number;
  baseVersion: number | null;
  updatedAt: string | null;
}

/** The draft of the procedure's form; without one, what a draft would start from. */
export async function loadDraft(tx: Queryable, tenant: string, procedureId: string, opts: { lock?: boolean } = {}): Promise<Draft> {
  const [row] = await tx.query<{ definition: FormDefinition; revision: number; base_version: number | null; updated_at: Date | string }>(
    `SELECT definition, revision, base_version, updated_at FROM procedure_form_drafts WHERE tenant_id = $1 AND procedure_id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
    [tenant, procedureId],
  );
  if (row) return { definition: row.definition, revision: row.revision, baseVersion: row.base_version, updatedAt: new Date(row.updated_at).toISOString() };
  const published = await currentForm(tx, tenant, procedureId);
  return { definition: published ? published.definition : structuredClone(generalForm), revision: 0, baseVersion: published?.version ?? null, updatedAt: null };
}

export type EditOutcome = { ok: true; revision: number; focus?: string | undefined } | { ok: false; conflict: true };

/**
 * Applies one edit to the draft if its revision is still `revision` (0: no draft yet, the edit
 * starts one). Throws EditRefused (from applyEdit) for an edit that cannot be made.
 */
export async function editDraft(tx: Queryable, tenant: string, procedureId: string, staffId: string, revision: number, edit: FormEdit): Promise<EditOutcome> {
  const draft = await loadDraft(tx, tenant, procedureId, { lock: true });
  if (draft.revision !== revision) return { ok: false, conflict: true };
  const result = applyEdit(draft.definition, edit);
  if (revision === 0) {
    // Two people starting a draft at once: the primary key lets one insert win.
    const [row] = await tx.query<{ revision: number }>(
      `INSERT INTO procedure_form_drafts (tenant_id, procedure_id, definition, revision, base_version, updated_by)
       VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (tenant_id, procedure_id) DO NOTHING RETURNING revision`,
      [tenant, procedureId, JSON.stringify(result.form), draft.baseVersion, staffId],
    );
    return row ? { ok: true, revision: row.revision, focus: result.focus } : { ok: false, conflict: true };
  }
  const [row] = await tx.query<{ revision: number }>(
    `UPDATE procedure_form_drafts SET definition = $3, revision = revision + 1, updated_by = $5, updated_at = now()
     WHERE tenant_id = $1 AND procedure_id = $2 AND revision = $4 RETURNING revision`,
    [tenant, procedureId, JSON.stringify(result.form), revision, staffId],
  );
  return row ? { ok: true, revision: row.revision, focus: result.focus } : { ok: false, conflict: true };
}

export type PublishOutcome =
  | { kind: 'published'; version: number }
  | { kind: 'unchanged'; version: number }
  | { kind: 'problems'; problems: StructureProblem[] }
  | { kind: 'conflict' }
  /** Another version was published after the draft began (by the seed, the API or a colleague). */
  | { kind: 'outdated'; version: number }
  | { kind: 'no_draft' };

/**
 * Publishes the draft as the next version and removes the draft, if it is still at `revision`,
 * passes the structural check and was started from the newest published version. The procedure
 * then appears in the resident catalog. Earlier versions are never changed.
 */
export async function publishDraft(tx: Queryable, tenant: string, procedureId: string, revision: number): Promise<PublishOutcome> {
  const draft = await loadDraft(tx, tenant, procedureId, { lock: true });
  if (draft.revision === 0) return revision === 0 ? { kind: 'no_draft' } : { kind: 'conflict' };
  if (draft.revision !== revision) return { kind: 'conflict' };
  const current = await currentForm(tx, tenant, procedureId);
  if ((current?.version ?? null) !== draft.baseVersion) return { kind: 'outdated', version: current!.version };
  const problems = checkFormStructure(draft.definition);
  if (problems.length) return { kind: 'problems', problems };
  const version = await publishForm(tx, tenant, procedureId, draft.definition);
  await tx.query('DELETE FROM procedure_form_drafts WHERE tenant_id = $1 AND procedure_id = $2', [tenant, procedureId]);
  await tx.query('UPDATE procedures SET published = true, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND NOT published', [tenant, procedureId]);
  return current && version === current.version ? { kind: 'unchanged', version } : { kind: 'published', version };
}

/** Throws the draft away (if still at `revision`); the published version stays. */
export async function discardDraft(tx: Queryable, tenant: string, procedureId: string, revision: number): Promise<'discarded' | 'conflict'> {
  const rows = await tx.query('DELETE FROM procedure_form_drafts WHERE tenant_id = $1 AND procedure_id = $2 AND revision = $3 RETURNING 1', [tenant, procedureId, revision]);
  return rows.length ? 'discarded' : 'conflict';
}

export interface VersionRow {
  version: number;
  publishedAt: string;
  sections: number;
  fields: number;
  applications: number;
}

/** The published versions, newest first, with how many applications were made on each. */
export async function formHistory(tx: Queryable, tenant: string, procedureId: string): Promise<VersionRow[]> {
  const rows = await tx.query<{ version: number; published_at: Date | string; definition: FormDefinition; applications: string | number }>(
    `SELECT f.version, f.published_at, f.definition,
       (SELECT count(*) FROM applications a WHERE a.tenant_id = f.tenant_id AND a.procedure_id = f.procedure_id AND a.form_version = f.version) AS applications
     FROM procedure_forms f WHERE f.tenant_id = $1 AND f.procedure_id = $2 AND f.published_at IS NOT NULL ORDER BY f.version DESC`,
    [tenant, procedureId],
  );
  return rows.map((r) => ({
    version: r.version,
    publishedAt: new Date(r.published_at).toISOString(),
    sections: r.definition.sections.length,
    fields: r.definition.sections.reduce((n, s) => n + s.fields.length, 0),
    applications: Number(r.applications),
  }));
}
