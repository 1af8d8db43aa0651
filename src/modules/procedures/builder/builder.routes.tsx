/**
 * The form builder for staff (/staff/procedures): list procedures, create and edit one, edit its
 * form as a draft one small POST at a time (Post/Redirect/Get, CSRF checked by the pipeline),
 * preview it as residents see it, publish it as a new version, and read the version history.
 * Each route: requireStaff → authorise with builder.policy → tenant transaction → service → audit
 * → redirect (or the page again with the errors).
 */
import { Hono } from 'hono';
import { AppError, isAppError, type FieldError } from '../../../platform/errors/index.ts';
import { audit, pageContext, seeOther, tenantTx, type AppEnv, type Ctx } from '../../../platform/http/index.ts';
import type { Queryable } from '../../../platform/db/index.ts';
import type { Text } from '../../../platform/i18n/index.ts';
import { format } from '../../../platform/i18n/index.ts';
import { requireStaff } from '../../staff/index.ts';
import type { FieldDef, FormDefinition } from '../forms/form-definition.ts';
import { checkFormStructure } from '../forms/form-structure.ts';
import type { RawAnswers } from '../forms/form-validation.ts';
import { currentForm, formVersion } from '../forms/forms.service.ts';
import { builderText as m } from './builder.messages.ts';
import { builderDepartments, canManageProcedure, canUseBuilder } from './builder.policy.ts';
import { conditionCandidates, one, parseFieldSettings, parseNewField, parseProcedure, parseSection, procedureValues, type Body } from './builder.schema.ts';
import {
  builderDepartmentChoices,
  createBuilderProcedure,
  discardDraft,
  editDraft,
  formHistory,
  getBuilderProcedure,
  listBuilderProcedures,
  loadDraft,
  publishDraft,
  updateBuilderProcedure,
  type BuilderProcedure,
} from './builder.service.ts';
import { FieldEditorPage, FormEditorPage, PreviewPage, type EditorFailure } from './editor.views.tsx';
import { EditRefused, locateField, type FormEdit } from './form-edits.ts';
import { detailsValues, ProcedureDetailsPage, ProcedureListPage } from './procedure.views.tsx';

export const builderRoutes = new Hono<AppEnv>();

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
const fill = (text: Text, params: Record<string, string | number>): Text => ({ ja: format(text.ja, params), en: format(text.en, params) });

function requireBuilder(c: Ctx) {
  const staff = requireStaff(c);
  if (!canUseBuilder(staff)) throw new AppError('forbidden');
  return staff;
}

/** The procedure in the URL, if the person manages its department; 404 / 403 otherwise. */
async function managedProcedure(c: Ctx, tx: Queryable, opts: { lock?: boolean } = {}): Promise<BuilderProcedure> {
  const staff = requireBuilder(c);
  const id = c.req.param('procedureId') ?? '';
  const proc = isUuid(id) ? await getBuilderProcedure(tx, c.var.tenant.code, id, opts) : null;
  if (!proc) throw new AppError('not_found');
  if (!canManageProcedure(staff, proc.department.id)) throw new AppError('forbidden');
  return proc;
}

async function departmentChoices(c: Ctx, tx: Queryable) {
  return builderDepartmentChoices(tx, c.var.tenant.code, builderDepartments(requireBuilder(c)));
}

const validationErrors = (e: unknown): FieldError[] | null => (isAppError(e) && e.code === 'validation_failed' ? (e.options.fields ?? []) : null);

builderRoutes.get('/staff/procedures', async (c) => {
  const staff = requireBuilder(c);
  const rows = await tenantTx(c, (tx) => listBuilderProcedures(tx, c.var.tenant.code, builderDepartments(staff)));
  return c.html(<ProcedureListPage ctx={pageContext(c)} rows={rows} />);
});

builderRoutes.get('/staff/procedures/new', async (c) => {
  const departments = await tenantTx(c, (tx) => departmentChoices(c, tx));
  return c.html(<ProcedureDetailsPage ctx={pageContext(c)} procedure={null} values={detailsValues(null)} departments={departments} errors={[]} />);
});

builderRoutes.post('/staff/procedures', async (c) => {
  const body: Body = await c.req.parseBody({ all: true });
  const outcome = await tenantTx(c, async (tx) => {
    const departments = await departmentChoices(c, tx);
    try {
      const input = parseProcedure(body, departments.map((d) => d.id), { creating: true });
      const id = await createBuilderProcedure(tx, c.var.tenant.code, input);
      if (id === 'slug_taken') return { departments, errors: [{ field: 'slug', message: m.slugTaken }] };
      await audit(c, tx, { action: 'procedure.create', recordType: 'procedure', recordId: id, details: { slug: input.slug } });
      return { id };
    } catch (e) {
      const errors = validationErrors(e);
      if (!errors) throw e;
      return { departments, errors };
    }
  });
  if ('id' in outcome) return seeOther(c, `/staff/procedures/${outcome.id}/form?notice=created`);
  return c.html(<ProcedureDetailsPage ctx={pageContext(c)} procedure={null} values={procedureValues(body)} departments={outcome.departments} errors={outcome.errors} />, 400);
});

builderRoutes.get('/staff/procedures/:procedureId', async (c) => {
  const { proc, departments } = await tenantTx(c, async (tx) => ({ proc: await managedProcedure(c, tx), departments: await departmentChoices(c, tx) }));
  const notice = c.req.query('notice') === 'saved' ? { kind: 'success' as const, text: m.detailsSaved } : undefined;
  return c.html(<ProcedureDetailsPage ctx={pageContext(c)} procedure={proc} values={detailsValues(proc)} departments={departments} errors={[]} notice={notice} />);
});

builderRoutes.post('/staff/procedures/:procedureId', async (c) => {
  const body: Body = await c.req.parseBody({ all: true });
  const outcome = await tenantTx(c, async (tx) => {
    const proc = await managedProcedure(c, tx, { lock: true });
    const departments = await departmentChoices(c, tx);
    try {
      const { slug: _slug, ...input } = parseProcedure(body, departments.map((d) => d.id), { creating: false });
      const result = await updateBuilderProcedure(tx, c.var.tenant.code, proc.id, input, one(body, 'updatedAt'));
      if (result === 'conflict') return { kind: 'conflict' as const, proc, departments };
      await audit(c, tx, { action: 'procedure.update', recordType: 'procedure', recordId: proc.id, details: { slug: proc.slug } });
      return { kind: 'saved' as const, proc };
    } catch (e) {
      const errors = validationErrors(e);
      if (!errors) throw e;
      return { kind: 'invalid' as const, proc, departments, errors };
    }
  });
  if (outcome.kind === 'saved') return seeOther(c, `/staff/procedures/${outcome.proc.id}?notice=saved`);
  if (outcome.kind === 'conflict') {
    return c.html(<ProcedureDetailsPage ctx={pageContext(c)} procedure={outcome.proc} values={detailsValues(outcome.proc)} departments={outcome.departments} errors={[]} notice={{ kind: 'warning', text: m.detailsConflict }} />, 409);
  }
  return c.html(<ProcedureDetailsPage ctx={pageContext(c)} procedure={outcome.proc} values={procedureValues(body)} departments={outcome.departments} errors={outcome.errors} />, 400);
});

/** Everything the editor page shows. */
async function editorState(c: Ctx, tx: Queryable, proc: BuilderProcedure) {
  const tenant = c.var.tenant.code;
  const draft = await loadDraft(tx, tenant, proc.id);
  const published = await currentForm(tx, tenant, proc.id);
  return { draft, publishedVersion: published?.version ?? null, problems: checkFormStructure(draft.definition), history: await formHistory(tx, tenant, proc.id) };
}

function editorNotice(c: Ctx): { kind: 'success' | 'warning'; text: Text } | undefined {
  const version = Number.parseInt(c.req.query('version') ?? '', 10) || 0;
  switch (c.req.query('notice')) {
    case 'created':
      return { kind: 'success', text: m.created };
    case 'saved':
      return { kind: 'success', text: m.savedNotice };
    case 'published':
      return { kind: 'success', text: fill(m.publishedNotice, { version }) };
    case 'unchanged':
      return { kind: 'success', text: fill(m.unchangedNotice, { version }) };
    case 'discarded':
      return { kind: 'success', text: m.discardedNotice };
    default:
      return undefined;
  }
}

builderRoutes.get('/staff/procedures/:procedureId/form', async (c) => {
  const { proc, state } = await tenantTx(c, async (tx) => {
    const proc = await managedProcedure(c, tx);
    return { proc, state: await editorState(c, tx, proc) };
  });
  return c.html(<FormEditorPage ctx={pageContext(c)} procedureId={proc.id} procedureName={proc.name} {...state} notice={editorNotice(c)} />);
});

/** The revision the page showed; anything else is a malformed post. */
function postedRevision(body: Body): number {
  const s = one(body, 'revision');
  if (!/^\d{1,9}$/.test(s)) throw new AppError('malformed_request');
  return Number(s);
}

/** The edit a post asks for, checked; throws AppError('validation_failed') with the form's errors. */
function editFromBody(body: Body, form: FormDefinition): FormEdit {
  const direction = one(body, 'direction') === 'up' ? 'up' : 'down';
  switch (one(body, 'op')) {
    case 'addSection':
      return { op: 'addSection', ...parseSection(body) };
    case 'updateSection':
      return { op: 'updateSection', sectionId: one(body, 'sectionId'), ...parseSection(body) };
    case 'moveSection':
      return { op: 'moveSection', sectionId: one(body, 'sectionId'), direction };
    case 'deleteSection':
      return { op: 'deleteSection', sectionId: one(body, 'sectionId') };
    case 'addField':
      return { op: 'addField', sectionId: one(body, 'sectionId'), group: one(body, 'group') || undefined, ...parseNewField(body) };
    case 'updateField': {
      const path = one(body, 'path');
      const at = locateField(form, path);
      if (!at) throw new AppError('not_found');
      return { op: 'updateField', path, settings: parseFieldSettings(body, at.field, candidatesFor(form, at.field, at.group)) };
    }
    case 'moveField':
      return { op: 'moveField', path: one(body, 'path'), direction };
    case 'deleteField':
      return { op: 'deleteField', path: one(body, 'path') };
    default:
      throw new AppError('malformed_request');
  }
}

function candidatesFor(form: FormDefinition, field: FieldDef, group: FieldDef | undefined): FieldDef[] {
  const top = form.sections.flatMap((s) => s.fields);
  return conditionCandidates(field, group ? (group.fields ?? []) : [], top);
}

/** Where to go after an edit: the field page for field settings and group members, else the editor at the section. */
function afterEdit(procedureId: string, edit: FormEdit, focus: string | undefined): string {
  const editor = `/staff/procedures/${procedureId}/form`;
  const fieldPage = (path: string) => `${editor}/field?path=${encodeURIComponent(path)}&notice=saved`;
  if (edit.op === 'addField' || edit.op === 'updateField') return fieldPage(focus ?? '');
  if ((edit.op === 'moveField' || edit.op === 'deleteField') && edit.path.includes('.')) return fieldPage(edit.path.split('.')[0]!);
  if (edit.op === 'moveField') return `${editor}?notice=saved#field-${encodeURIComponent(edit.path)}`;
  return `${editor}?notice=saved${focus ? `#section-${encodeURIComponent(focus)}` : ''}`;
}

/** The posted strings of a small form, to show them again with its errors. */
const postedStrings = (body: Body): Record<string, string> => Object.fromEntries(Object.keys(body).filter((k) => !k.startsWith('_')).map((k) => [k, one(body, k)]));

builderRoutes.post('/staff/procedures/:procedureId/form', async (c) => {
  const body: Body = await c.req.parseBody({ all: true });
  const staff = requireBuilder(c);
  const revision = postedRevision(body);
  const outcome = await tenantTx(c, async (tx) => {
    const proc = await managedProcedure(c, tx);
    const draft = await loadDraft(tx, c.var.tenant.code, proc.id);
    let edit: FormEdit;
    try {
      edit = editFromBody(body, draft.definition);
      const result = await editDraft(tx, c.var.tenant.code, proc.id, staff.id, revision, edit);
      if (!result.ok) return { kind: 'conflict' as const, proc, state: await editorState(c, tx, proc) };
      await audit(c, tx, { action: 'procedure_form.edit', recordType: 'procedure', recordId: proc.id, details: { op: edit.op, target: one(body, 'path') || one(body, 'sectionId') || null, revision: result.revision } });
      return { kind: 'done' as const, proc, location: afterEdit(proc.id, edit, result.focus) };
    } catch (e) {
      const errors = e instanceof EditRefused ? e.errors : validationErrors(e);
      if (!errors) throw e;
      return { kind: 'refused' as const, proc, errors, state: await editorState(c, tx, proc) };
    }
  });
  if (outcome.kind === 'done') return seeOther(c, outcome.location);
  const ctx = pageContext(c);
  if (outcome.kind === 'conflict') {
    return c.html(<FormEditorPage ctx={ctx} procedureId={outcome.proc.id} procedureName={outcome.proc.name} {...outcome.state} notice={{ kind: 'warning', text: m.editConflict }} />, 409);
  }
  // A field's own page shows its errors; every other edit shows them on the editor beside its small form.
  const op = one(body, 'op');
  const fieldPath = op === 'updateField' ? one(body, 'path') : op === 'addField' && one(body, 'group') ? one(body, 'group') : '';
  const at = fieldPath ? locateField(outcome.state.draft.definition, fieldPath) : null;
  if (at) {
    const errors = op === 'addField' ? outcome.errors.map((e) => ({ ...e, field: `sub-${e.field}` })) : outcome.errors;
    return c.html(
      <FieldEditorPage ctx={ctx} procedureId={outcome.proc.id} procedureName={outcome.proc.name} revision={outcome.state.draft.revision} path={fieldPath} field={at.field} section={at.section} group={at.group} candidates={candidatesFor(outcome.state.draft.definition, at.field, at.group)} errors={errors} values={postedStrings(body)} />,
      400,
    );
  }
  const formId = one(body, 'formId');
  // A button (move, delete) has no inputs to mark: its refusal is shown as a notice at the top.
  if (!/^[a-zA-Z0-9-]{1,60}$/.test(formId)) {
    return c.html(<FormEditorPage ctx={ctx} procedureId={outcome.proc.id} procedureName={outcome.proc.name} {...outcome.state} notice={{ kind: 'error', text: outcome.errors[0]!.message }} />, 400);
  }
  const failure: EditorFailure = { formId, errors: outcome.errors, values: postedStrings(body) };
  return c.html(<FormEditorPage ctx={ctx} procedureId={outcome.proc.id} procedureName={outcome.proc.name} {...outcome.state} failure={failure} />, 400);
});

builderRoutes.get('/staff/procedures/:procedureId/form/field', async (c) => {
  const path = (c.req.query('path') ?? '').slice(0, 100);
  const { proc, draft } = await tenantTx(c, async (tx) => {
    const proc = await managedProcedure(c, tx);
    return { proc, draft: await loadDraft(tx, c.var.tenant.code, proc.id) };
  });
  const at = locateField(draft.definition, path);
  if (!at) throw new AppError('not_found');
  return c.html(
    <FieldEditorPage ctx={pageContext(c)} procedureId={proc.id} procedureName={proc.name} revision={draft.revision} path={path} field={at.field} section={at.section} group={at.group} candidates={candidatesFor(draft.definition, at.field, at.group)} errors={[]} notice={c.req.query('notice') === 'saved' ? m.savedNotice : undefined} />,
  );
});

/** Group items in the preview: the count shown, changed by the add / remove buttons; never the typed values. */
function previewValues(form: FormDefinition, sectionIndex: number, query: (k: string) => string | undefined): RawAnswers {
  const values: RawAnswers = {};
  const action = query('_action') ?? '';
  for (const f of form.sections[sectionIndex]!.fields) {
    if (f.type !== 'group') continue;
    let count = Number.parseInt(query(`${f.name}.count`) ?? '', 10);
    if (!Number.isFinite(count)) count = Math.max(1, f.minItems ?? 1);
    if (action === `add:${f.name}`) count++;
    if (action.startsWith(`remove:${f.name}:`)) count--;
    count = Math.max(0, Math.min(count, f.maxItems ?? 20));
    values[f.name] = Array.from({ length: count }, () => ({}));
  }
  return values;
}

builderRoutes.get('/staff/procedures/:procedureId/form/preview', async (c) => {
  const versionParam = c.req.query('version');
  const version = versionParam && /^\d{1,9}$/.test(versionParam) ? Number(versionParam) : null;
  const { proc, form } = await tenantTx(c, async (tx) => {
    const proc = await managedProcedure(c, tx);
    if (version === null) return { proc, form: (await loadDraft(tx, c.var.tenant.code, proc.id)).definition };
    const [exists] = await tx.query('SELECT 1 FROM procedure_forms WHERE tenant_id = $1 AND procedure_id = $2 AND version = $3 AND published_at IS NOT NULL', [c.var.tenant.code, proc.id, version]);
    if (!exists) throw new AppError('not_found');
    return { proc, form: await formVersion(tx, c.var.tenant.code, proc.id, version) };
  });
  if (!form.sections.length) throw new AppError('not_found');
  const wanted = c.req.query('go') || c.req.query('section') || form.sections[0]!.id;
  const index = Math.max(0, form.sections.findIndex((s) => s.id === wanted));
  return c.html(<PreviewPage ctx={pageContext(c)} procedureId={proc.id} procedureName={proc.name} form={form} index={index} values={previewValues(form, index, (k) => c.req.query(k))} version={version} />);
});

builderRoutes.post('/staff/procedures/:procedureId/form/publish', async (c) => {
  const body: Body = await c.req.parseBody({ all: true });
  const revision = postedRevision(body);
  const outcome = await tenantTx(c, async (tx) => {
    const proc = await managedProcedure(c, tx);
    const result = await publishDraft(tx, c.var.tenant.code, proc.id, revision);
    if (result.kind === 'published' || result.kind === 'unchanged') {
      await audit(c, tx, { action: 'procedure_form.publish', recordType: 'procedure', recordId: proc.id, details: { version: result.version, changed: result.kind === 'published' } });
      return { proc, result };
    }
    return { proc, result, state: await editorState(c, tx, proc) };
  });
  const { proc, result } = outcome;
  if (result.kind === 'published' || result.kind === 'unchanged') return seeOther(c, `/staff/procedures/${proc.id}/form?notice=${result.kind}&version=${result.version}`);
  const state = outcome.state!;
  const notice =
    result.kind === 'problems'
      ? { kind: 'error' as const, text: m.publishProblems }
      : result.kind === 'no_draft'
        ? { kind: 'warning' as const, text: m.noDraft }
        : result.kind === 'outdated'
          ? { kind: 'warning' as const, text: fill(m.outdatedDraft, { version: result.version }) }
          : { kind: 'warning' as const, text: m.editConflict };
  return c.html(<FormEditorPage ctx={pageContext(c)} procedureId={proc.id} procedureName={proc.name} {...state} notice={notice} />, result.kind === 'conflict' || result.kind === 'outdated' ? 409 : 400);
});

builderRoutes.post('/staff/procedures/:procedureId/form/discard', async (c) => {
  const body: Body = await c.req.parseBody({ all: true });
  const revision = postedRevision(body);
  const outcome = await tenantTx(c, async (tx) => {
    const proc = await managedProcedure(c, tx);
    const result = await discardDraft(tx, c.var.tenant.code, proc.id, revision);
    if (result === 'discarded') await audit(c, tx, { action: 'procedure_form.discard', recordType: 'procedure', recordId: proc.id, details: { revision } });
    return { proc, result, state: result === 'conflict' ? await editorState(c, tx, proc) : null };
  });
  if (outcome.result === 'discarded') return seeOther(c, `/staff/procedures/${outcome.proc.id}/form?notice=discarded`);
  return c.html(<FormEditorPage ctx={pageContext(c)} procedureId={outcome.proc.id} procedureName={outcome.proc.name} {...outcome.state!} notice={{ kind: 'warning', text: m.editConflict }} />, 409);
});

