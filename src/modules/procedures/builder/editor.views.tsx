/**
 * Builder pages about the form: the editor (sections and fields with small forms for each edit,
 * publish, history), the page for one field's settings, and the preview, which renders sections
 * with the resident form's own components and submits nowhere.
 */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, ResidentLayout, StaffLayout, tx, type PageContext } from '../../../platform/ui/index.ts';
import { formatDateTime } from '../views/applications.tsx';
import { Progress, SectionFields } from '../views/application-form.tsx';
import type { FieldDef, FormDefinition, SectionDef } from '../forms/form-definition.ts';
import type { RawAnswers } from '../forms/form-validation.ts';
import { conditionValues, FIELD_TYPES, type StructureProblem } from '../forms/form-structure.ts';
import { applicationText } from '../procedures.messages.ts';
import { builderText as m, fieldTypeText } from './builder.messages.ts';
import type { Draft, VersionRow } from './builder.service.ts';
import { PREFILL_FOR } from './form-edits.ts';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

/** A text input whose id carries a prefix, so several small forms on one page never share ids. */
function Input(p: { prefix: string; name: string; label: Text; l: Locale; value?: string | undefined; errors: FieldError[]; hint?: Text | undefined; required?: boolean; multiline?: boolean; class?: string; maxlength?: number; inputmode?: 'numeric' }) {
  const key = `${p.prefix}${p.name}`;
  const id = `f-${key}`;
  const error = p.errors.find((e) => e.field === key);
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>
        {tx(p.label, p.l)}
        {p.required ? <span class="required">{tx(m.badgeRequired, p.l)}</span> : null}
      </label>
      {p.hint ? <span class="hint" id={`${id}-hint`}>{tx(p.hint, p.l)}</span> : null}
      {error ? (
        <span class="error-text" id={`${id}-error`}>
          {tx(error.message, p.l)}
        </span>
      ) : null}
      {p.multiline ? (
        <textarea class="input" id={id} name={p.name} rows={4} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
          {p.value ?? ''}
        </textarea>
      ) : (
        <input class={`input ${p.class ?? ''}`} id={id} name={p.name} type="text" value={p.value ?? ''} maxlength={p.maxlength} inputmode={p.inputmode} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />
      )}
    </div>
  );
}

/** One edit as its own small POST form (PRG): the operation, its target and the draft revision. */
function EditButton(p: { ctx: PageContext; procedureId: string; revision: number; op: string; hidden: Record<string, string>; text: Text; context: string; class?: string }) {
  const l = p.ctx.locale;
  return (
    <form method="post" action={`/staff/procedures/${p.procedureId}/form`} class="inline-form">
      <CsrfField token={p.ctx.csrfToken} />
      <input type="hidden" name="op" value={p.op} />
      <input type="hidden" name="revision" value={String(p.revision)} />
      {Object.entries(p.hidden).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={`btn ${p.class ?? 'btn-secondary'}`}>
        {tx(p.text, l)}
        <span class="sr-only">{`（${p.context}）`}</span>
      </button>
    </form>
  );
}

/** The hidden fields every edit form carries. */
function EditHidden(p: { ctx: PageContext; op: string; revision: number; hidden?: Record<string, string> }) {
  return (
    <>
      <CsrfField token={p.ctx.csrfToken} />
      <input type="hidden" name="op" value={p.op} />
      <input type="hidden" name="revision" value={String(p.revision)} />
      {Object.entries(p.hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
    </>
  );
}

function TypeSelect(p: { prefix: string; l: Locale; value?: string; errors: FieldError[]; exclude?: string[] }) {
  const id = `f-${p.prefix}type`;
  return (
    <div class="field">
      <label for={id}>{tx(m.fieldType, p.l)}</label>
      <select class="select" id={id} name="type">
        {FIELD_TYPES.filter((x) => !(p.exclude ?? []).includes(x)).map((x) => (
          <option value={x} selected={x === p.value}>
            {tx(fieldTypeText[x], p.l)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The form that adds a field to a section (or, with `group`, to a group). */
function AddFieldForm(p: { ctx: PageContext; procedureId: string; revision: number; section: SectionDef; group?: FieldDef; prefix: string; errors: FieldError[]; values: Record<string, string> }) {
  const l = p.ctx.locale;
  return (
    <form method="post" action={`/staff/procedures/${p.procedureId}/form`} novalidate>
      <EditHidden ctx={p.ctx} op="addField" revision={p.revision} hidden={{ sectionId: p.section.id, ...(p.group ? { group: p.group.name } : {}), formId: p.prefix }} />
      <TypeSelect prefix={p.prefix} l={l} value={p.values.type} errors={p.errors} exclude={p.group ? ['group', 'bankAccount', 'file'] : []} />
      <Input prefix={p.prefix} name="labelJa" label={m.fieldLabelJa} l={l} required value={p.values.labelJa} errors={p.errors} maxlength={200} />
      <Input prefix={p.prefix} name="labelEn" label={m.fieldLabelEn} l={l} required value={p.values.labelEn} errors={p.errors} maxlength={200} />
      <Input prefix={p.prefix} name="name" label={m.fieldName} hint={m.fieldNameHint} l={l} value={p.values.name} errors={p.errors} maxlength={40} class="input-short" />
      <button type="submit" class="btn btn-primary">
        {tx(p.group ? m.addSubField : m.addField, l)}
      </button>
    </form>
  );
}

function badges(f: FieldDef, l: Locale) {
  return (
    <>
      {f.required ? <span class="badge">{tx(m.badgeRequired, l)}</span> : null}
      {f.showIf || f.requiredIf ? <span class="badge">{tx(m.badgeConditional, l)}</span> : null}
    </>
  );
}

/** A list of fields with edit link and up / down / delete buttons. */
function FieldList(p: { ctx: PageContext; procedureId: string; revision: number; fields: FieldDef[]; parent?: FieldDef }) {
  const l = p.ctx.locale;
  if (!p.fields.length) return <p>{tx(m.noFields, l)}</p>;
  return (
    <ol>
      {p.fields.map((f, i) => {
        const path = p.parent ? `${p.parent.name}.${f.name}` : f.name;
        const label = tx(f.label, l) || f.name;
        return (
          <li id={`field-${path}`}>
            <strong>{label}</strong> <span class="muted">（{tx(fieldTypeText[f.type], l)}・{f.name}）</span> {badges(f, l)}
            {f.type === 'group' ? <span class="muted">{` ${(f.fields ?? []).map((g) => tx(g.label, l)).join('、')}`}</span> : null}
            <div class="actions">
              <a class="btn btn-secondary" href={`/staff/procedures/${p.procedureId}/form/field?path=${encodeURIComponent(path)}`}>
                {tx(m.edit, l)}
                <span class="sr-only">{`（${label}）`}</span>
              </a>
              {i > 0 ? <EditButton ctx={p.ctx} procedureId={p.procedureId} revision={p.revision} op="moveField" hidden={{ path, direction: 'up' }} text={m.moveUp} context={label} /> : null}
              {i < p.fields.length - 1 ? <EditButton ctx={p.ctx} procedureId={p.procedureId} revision={p.revision} op="moveField" hidden={{ path, direction: 'down' }} text={m.moveDown} context={label} /> : null}
              <EditButton ctx={p.ctx} procedureId={p.procedureId} revision={p.revision} op="deleteField" hidden={{ path }} text={m.delete} context={label} class="btn-danger" />
            </div>
          </li>
        );
      })}
    </ol>
  );
}

export interface EditorFailure {
  /** The small form that was posted (its prefix), so only it shows the errors and the values. */
  formId: string;
  errors: FieldError[];
  values: Record<string, string>;
}

export function FormEditorPage(p: {
  ctx: PageContext;
  procedureId: string;
  procedureName: Text;
  draft: Draft;
  publishedVersion: number | null;
  problems: StructureProblem[];
  history: VersionRow[];
  notice?: { kind: 'success' | 'warning' | 'error'; text: Text } | undefined;
  failure?: EditorFailure | undefined;
}) {
  const l = p.ctx.locale;
  const { draft } = p;
  const form = draft.definition;
  const rev = draft.revision;
  const failure = p.failure;
  const errorsFor = (formId: string) => (failure && failure.formId === formId ? failure.errors.map((e) => ({ ...e, field: `${formId}${e.field}` })) : []);
  const valuesFor = (formId: string) => (failure && failure.formId === formId ? failure.values : {});
  const summary = failure ? failure.errors.map((e) => ({ ...e, field: `${failure.formId}${e.field}` })) : [];
  const title = t(m.editorTitle, l, { name: tx(p.procedureName, l) });
  return (
    <StaffLayout ctx={p.ctx} title={`${summary.length ? tx(applicationText.errorTitlePrefix, l) : ''}${title}`}>
      <p>
        <a href="/staff/procedures">{tx(m.backToList, l)}</a>
      </p>
      <h1>{title}</h1>
      {p.notice ? <Notice kind={p.notice.kind}>{tx(p.notice.text, l)}</Notice> : null}
      <ErrorSummary errors={summary} locale={l} />
      <p>{rev > 0 ? t(m.stateDraft, l, { revision: rev, version: p.publishedVersion ?? tx(m.none, l) }) : tx(p.publishedVersion ? m.stateNoDraft : m.stateNew, l)}</p>
      <p>
        <a class="btn btn-secondary" href={`/staff/procedures/${p.procedureId}/form/preview`}>
          {tx(m.preview, l)}
        </a>
      </p>
      {p.problems.length ? (
        <div class="notice notice-warning" role="status">
          <h2>{tx(m.problemsTitle, l)}</h2>
          <ul>
            {p.problems.map((x) => (
              <li>{x.field ? <a href={`/staff/procedures/${p.procedureId}/form/field?path=${encodeURIComponent(x.field)}`}>{tx(x.message, l)}</a> : tx(x.message, l)}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <h2>{tx(m.sections, l)}</h2>
      {form.sections.map((s, i) => {
        const sectionTitle = tx(s.title, l) || s.id;
        const renameId = `s-${s.id}-`;
        const addId = `a-${s.id}-`;
        const renameValues = valuesFor(renameId);
        return (
          <section class="card" id={`section-${s.id}`} aria-labelledby={`section-${s.id}-title`}>
            <h3 id={`section-${s.id}-title`}>{t(m.sectionHeading, l, { n: i + 1, title: sectionTitle })}</h3>
            {s.intro ? <p>{tx(s.intro, l)}</p> : null}
            <div class="actions">
              {i > 0 ? <EditButton ctx={p.ctx} procedureId={p.procedureId} revision={rev} op="moveSection" hidden={{ sectionId: s.id, direction: 'up' }} text={m.moveUp} context={sectionTitle} /> : null}
              {i < form.sections.length - 1 ? <EditButton ctx={p.ctx} procedureId={p.procedureId} revision={rev} op="moveSection" hidden={{ sectionId: s.id, direction: 'down' }} text={m.moveDown} context={sectionTitle} /> : null}
              <EditButton ctx={p.ctx} procedureId={p.procedureId} revision={rev} op="deleteSection" hidden={{ sectionId: s.id }} text={m.delete} context={sectionTitle} class="btn-danger" />
            </div>
            <details open={Boolean(errorsFor(renameId).length)}>
              <summary>{tx(m.renameSection, l)}<span class="sr-only">{`（${sectionTitle}）`}</span></summary>
              <form method="post" action={`/staff/procedures/${p.procedureId}/form`} novalidate>
                <EditHidden ctx={p.ctx} op="updateSection" revision={rev} hidden={{ sectionId: s.id, formId: renameId }} />
                <Input prefix={renameId} name="titleJa" label={m.sectionTitleJa} l={l} required value={renameValues.titleJa ?? s.title.ja} errors={errorsFor(renameId)} maxlength={100} />
                <Input prefix={renameId} name="titleEn" label={m.sectionTitleEn} l={l} required value={renameValues.titleEn ?? s.title.en} errors={errorsFor(renameId)} maxlength={100} />
                <Input prefix={renameId} name="introJa" label={m.sectionIntroJa} l={l} multiline value={renameValues.introJa ?? s.intro?.ja} errors={errorsFor(renameId)} />
                <Input prefix={renameId} name="introEn" label={m.sectionIntroEn} l={l} multiline value={renameValues.introEn ?? s.intro?.en} errors={errorsFor(renameId)} />
                <button type="submit" class="btn btn-primary">
                  {tx(m.saveSection, l)}
                </button>
              </form>
            </details>
            <FieldList ctx={p.ctx} procedureId={p.procedureId} revision={rev} fields={s.fields} />
            <details open={Boolean(errorsFor(addId).length)}>
              <summary>{t(m.addFieldTo, l, { section: sectionTitle })}</summary>
              <AddFieldForm ctx={p.ctx} procedureId={p.procedureId} revision={rev} section={s} prefix={addId} errors={errorsFor(addId)} values={valuesFor(addId)} />
            </details>
          </section>
        );
      })}
      <details open={Boolean(errorsFor('new-').length)}>
        <summary>{tx(m.addSection, l)}</summary>
        <form method="post" action={`/staff/procedures/${p.procedureId}/form`} novalidate>
          <EditHidden ctx={p.ctx} op="addSection" revision={rev} hidden={{ formId: 'new-' }} />
          <Input prefix="new-" name="titleJa" label={m.sectionTitleJa} l={l} required value={valuesFor('new-').titleJa} errors={errorsFor('new-')} maxlength={100} />
          <Input prefix="new-" name="titleEn" label={m.sectionTitleEn} l={l} required value={valuesFor('new-').titleEn} errors={errorsFor('new-')} maxlength={100} />
          <Input prefix="new-" name="introJa" label={m.sectionIntroJa} l={l} multiline value={valuesFor('new-').introJa} errors={errorsFor('new-')} />
          <Input prefix="new-" name="introEn" label={m.sectionIntroEn} l={l} multiline value={valuesFor('new-').introEn} errors={errorsFor('new-')} />
          <button type="submit" class="btn btn-primary">
            {tx(m.addSection, l)}
          </button>
        </form>
      </details>

      {rev > 0 ? (
        <section aria-labelledby="publish-title">
          <h2 id="publish-title">{tx(m.publish, l)}</h2>
          <p>{tx(m.publishLead, l)}</p>
          <div class="actions">
            <form method="post" action={`/staff/procedures/${p.procedureId}/form/publish`} class="inline-form">
              <CsrfField token={p.ctx.csrfToken} />
              <input type="hidden" name="revision" value={String(rev)} />
              <button type="submit" class="btn btn-primary">
                {tx(m.publish, l)}
              </button>
            </form>
            <form method="post" action={`/staff/procedures/${p.procedureId}/form/discard`} class="inline-form">
              <CsrfField token={p.ctx.csrfToken} />
              <input type="hidden" name="revision" value={String(rev)} />
              <button type="submit" class="btn btn-danger">
                {tx(m.discard, l)}
              </button>
            </form>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{tx(m.history, l)}</h2>
        {p.history.length ? (
          <div class="table-scroll">
            <table>
              <caption class="sr-only">{tx(m.history, l)}</caption>
              <thead>
                <tr>
                  <th scope="col">{tx(m.colVersion, l)}</th>
                  <th scope="col">{tx(m.colPublishedAt, l)}</th>
                  <th scope="col">{tx(m.colShape, l)}</th>
                  <th scope="col">{tx(m.colApplications, l)}</th>
                </tr>
              </thead>
              <tbody>
                {p.history.map((v) => (
                  <tr>
                    <td>
                      <a href={`/staff/procedures/${p.procedureId}/form/preview?version=${v.version}`}>{t(m.viewVersion, l, { version: v.version })}</a>
                    </td>
                    <td>{formatDateTime(new Date(v.publishedAt), l)}</td>
                    <td>{t(m.shape, l, { sections: v.sections, fields: v.fields })}</td>
                    <td>{t(m.applicationsCount, l, { n: v.applications })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{tx(m.noVersions, l)}</p>
        )}
      </section>
    </StaffLayout>
  );
}

/** Radio buttons choosing the field a rule depends on, each with checkboxes for its values. */
function ConditionChooser(p: { rule: 'showIf' | 'requiredIf'; current: FieldDef['showIf']; candidates: FieldDef[]; l: Locale; errors: FieldError[] }) {
  const { l } = p;
  const legend = p.rule === 'showIf' ? m.showIf : m.requiredIf;
  const error = p.errors.find((e) => e.field === `${p.rule}Field`);
  const id = `f-${p.rule}Field`;
  const optionLabel = (f: FieldDef, v: string) => (f.type === 'yesno' ? tx(v === 'yes' ? applicationText.yes : applicationText.no, l) : f.type === 'consent' ? tx(applicationText.agree, l) : tx(f.options?.find((o) => o.value === v)?.label ?? { ja: v, en: v }, l));
  return (
    <fieldset class="field" id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{tx(legend, l)}</legend>
      {error ? (
        <span class="error-text" id={`${id}-error`}>
          {tx(error.message, l)}
        </span>
      ) : null}
      <label class="checkbox">
        <input type="radio" name={`${p.rule}Field`} value="" checked={!p.current} />
        {tx(p.rule === 'showIf' ? m.showIfAlways : m.requiredIfNever, l)}
      </label>
      {p.candidates.length ? null : <p class="muted">{tx(m.conditionNone, l)}</p>}
      {p.candidates.map((c) => (
        <div class="card">
          <label class="checkbox">
            <input type="radio" name={`${p.rule}Field`} value={c.name} checked={p.current?.field === c.name} />
            {t(m.conditionWhen, l, { label: tx(c.label, l) })}
          </label>
          <fieldset class="choice-list">
            <legend class="sr-only">{t(m.conditionValues, l, { label: tx(c.label, l) })}</legend>
            {conditionValues(c).map((v) => (
              <label class="checkbox">
                <input type="checkbox" name={`${p.rule}Values.${c.name}`} value={v} checked={p.current?.field === c.name && p.current.in.includes(v)} />
                {optionLabel(c, v)}
              </label>
            ))}
          </fieldset>
        </div>
      ))}
    </fieldset>
  );
}

export function FieldEditorPage(p: {
  ctx: PageContext;
  procedureId: string;
  procedureName: Text;
  revision: number;
  path: string;
  field: FieldDef;
  section: SectionDef;
  group?: FieldDef | undefined;
  candidates: FieldDef[];
  errors: FieldError[];
  values?: Record<string, string> | undefined;
  notice?: Text | undefined;
}) {
  const l = p.ctx.locale;
  const f = p.field;
  const v = (k: string, fallback: string | number | undefined) => p.values?.[k] ?? (fallback === undefined ? '' : String(fallback));
  const title = t(m.fieldTitle, l, { label: tx(f.label, l) || f.name });
  const optionsText = (f.options ?? []).map((o) => `${o.value} | ${o.label.ja} | ${o.label.en}`).join('\n');
  const subErrors = p.errors.filter((e) => e.field.startsWith('sub-'));
  const mainErrors = p.errors.filter((e) => !e.field.startsWith('sub-'));
  const back = p.group ? `/staff/procedures/${p.procedureId}/form/field?path=${encodeURIComponent(p.group.name)}` : `/staff/procedures/${p.procedureId}/form#section-${p.section.id}`;
  return (
    <StaffLayout ctx={p.ctx} title={`${p.errors.length ? tx(applicationText.errorTitlePrefix, l) : ''}${title}`}>
      <p>
        <a href={back}>{tx(p.group ? m.backToGroup : m.backToEditor, l)}</a>
      </p>
      <p class="muted">{tx(p.procedureName, l)}</p>
      <h1>{title}</h1>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      <ul>
        <li>{t(m.fieldTypeIs, l, { type: tx(fieldTypeText[f.type], l) })}</li>
        <li>{t(m.fieldNameIs, l, { name: f.name })}</li>
        {p.group ? <li>{t(m.inGroup, l, { group: tx(p.group.label, l) })}</li> : null}
      </ul>
      <form method="post" action={`/staff/procedures/${p.procedureId}/form`} id="f-settings" tabindex={-1} novalidate>
        <EditHidden ctx={p.ctx} op="updateField" revision={p.revision} hidden={{ path: p.path }} />
        <Input prefix="" name="labelJa" label={m.fieldLabelJa} l={l} required value={v('labelJa', f.label.ja)} errors={mainErrors} maxlength={200} />
        <Input prefix="" name="labelEn" label={m.fieldLabelEn} l={l} required value={v('labelEn', f.label.en)} errors={mainErrors} maxlength={200} />
        <Input prefix="" name="hintJa" label={m.hintJa} l={l} multiline value={v('hintJa', f.hint?.ja)} errors={mainErrors} />
        <Input prefix="" name="hintEn" label={m.hintEn} l={l} multiline value={v('hintEn', f.hint?.en)} errors={mainErrors} />
        <div class="field">
          <label class="checkbox">
            <input type="checkbox" name="required" value="yes" checked={p.values ? p.values.required === 'yes' : Boolean(f.required)} />
            {tx(m.required, l)}
          </label>
        </div>
        {PREFILL_FOR[f.type] && !p.group ? (
          <div class="field">
            <label class="checkbox">
              <input type="checkbox" name="prefill" value="yes" checked={p.values ? p.values.prefill === 'yes' : Boolean(f.prefill)} aria-describedby="f-prefill-hint" />
              {tx(m.prefill, l)}
            </label>
            <span class="hint" id="f-prefill-hint">
              {tx(m.prefillHint, l)}
            </span>
          </div>
        ) : null}
        {f.type === 'choice' ? <Input prefix="" name="options" label={m.options} hint={m.optionsHint} l={l} multiline value={v('options', optionsText)} errors={mainErrors} /> : null}
        {f.type === 'number' || f.type === 'date' ? (
          <>
            <Input prefix="" name="min" label={f.type === 'date' ? m.dateMin : m.numberMin} hint={f.type === 'date' ? m.dateRangeHint : undefined} l={l} value={v('min', f.min)} errors={mainErrors} class="input-short" maxlength={12} />
            <Input prefix="" name="max" label={f.type === 'date' ? m.dateMax : m.numberMax} hint={f.type === 'date' ? m.dateRangeHint : undefined} l={l} value={v('max', f.max)} errors={mainErrors} class="input-short" maxlength={12} />
          </>
        ) : null}
        {['text', 'textarea', 'name', 'address'].includes(f.type) ? <Input prefix="" name="maxLength" label={m.maxLength} l={l} value={v('maxLength', f.maxLength)} errors={mainErrors} class="input-short" maxlength={6} inputmode="numeric" /> : null}
        {f.type === 'group' ? (
          <>
            <Input prefix="" name="itemLabelJa" label={m.itemLabelJa} l={l} value={v('itemLabelJa', f.itemLabel?.ja)} errors={mainErrors} maxlength={50} />
            <Input prefix="" name="itemLabelEn" label={m.itemLabelEn} l={l} value={v('itemLabelEn', f.itemLabel?.en)} errors={mainErrors} maxlength={50} />
            <Input prefix="" name="minItems" label={m.minItems} l={l} value={v('minItems', f.minItems)} errors={mainErrors} class="input-short" maxlength={3} inputmode="numeric" />
            <Input prefix="" name="maxItems" label={m.maxItems} l={l} value={v('maxItems', f.maxItems)} errors={mainErrors} class="input-short" maxlength={3} inputmode="numeric" />
          </>
        ) : null}
        {f.type === 'file' ? (
          <>
            <fieldset class="field" id="f-accept">
              <legend>{tx(m.accept, l)}</legend>
              {(['pdf', 'image'] as const).map((k) => (
                <label class="checkbox">
                  <input type="checkbox" name="accept" value={k} checked={(f.accept ?? ['pdf', 'image']).includes(k)} />
                  {tx(k === 'pdf' ? m.acceptPdf : m.acceptImage, l)}
                </label>
              ))}
            </fieldset>
            <Input prefix="" name="maxMegabytes" label={m.maxMegabytes} l={l} value={v('maxMegabytes', f.maxBytes === undefined ? undefined : Math.round(f.maxBytes / 1024 / 1024))} errors={mainErrors} class="input-short" maxlength={3} inputmode="numeric" />
            <Input prefix="" name="maxFiles" label={m.maxFiles} l={l} value={v('maxFiles', f.maxFiles)} errors={mainErrors} class="input-short" maxlength={3} inputmode="numeric" />
          </>
        ) : null}
        <ConditionChooser rule="showIf" current={f.showIf} candidates={p.candidates} l={l} errors={mainErrors} />
        <ConditionChooser rule="requiredIf" current={f.requiredIf} candidates={p.candidates} l={l} errors={mainErrors} />
        <button type="submit" class="btn btn-primary">
          {tx(m.saveField, l)}
        </button>
      </form>
      {f.type === 'group' ? (
        <section aria-labelledby="sub-title">
          <h2 id="sub-title">{tx(m.subFields, l)}</h2>
          <FieldList ctx={p.ctx} procedureId={p.procedureId} revision={p.revision} fields={f.fields ?? []} parent={f} />
          <h3>{tx(m.addSubField, l)}</h3>
          <AddFieldForm ctx={p.ctx} procedureId={p.procedureId} revision={p.revision} section={p.section} group={f} prefix="sub-" errors={subErrors} values={subErrors.length ? (p.values ?? {}) : {}} />
        </section>
      ) : null}
    </StaffLayout>
  );
}

/**
 * The preview: one section rendered with the resident form's components inside a GET form that
 * only moves between preview sections (and adds or removes group items); nothing is stored.
 */
export function PreviewPage(p: { ctx: PageContext; procedureId: string; procedureName: Text; form: FormDefinition; index: number; values: RawAnswers; version: number | null }) {
  const l = p.ctx.locale;
  const section = p.form.sections[p.index]!;
  const next = p.form.sections[p.index + 1];
  const base = `/staff/procedures/${p.procedureId}/form/preview`;
  const versionQuery = p.version === null ? '' : `version=${p.version}&`;
  return (
    <ResidentLayout ctx={p.ctx} title={`${t(m.previewTitle, l, { name: tx(p.procedureName, l) })} - ${tx(section.title, l)}`}>
      <Notice kind="warning">
        <p>{tx(m.previewNotice, l)}</p>
        <p>{t(m.previewOf, l, { what: p.version === null ? tx(m.previewDraft, l) : t(m.previewVersion, l, { version: p.version }) })}</p>
        <p>
          <a href={`/staff/procedures/${p.procedureId}/form`}>{tx(m.backToEditor, l)}</a>
        </p>
      </Notice>
      <nav aria-label={tx(m.previewSections, l)}>
        <ul>
          {p.form.sections.map((s, i) => (
            <li>
              <a href={`${base}?${versionQuery}section=${encodeURIComponent(s.id)}`} aria-current={i === p.index ? 'page' : undefined}>
                {tx(s.title, l)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="muted">{tx(p.procedureName, l)}</p>
      <Progress form={p.form} current={p.index} l={l} />
      <h1>{tx(section.title, l)}</h1>
      {section.intro ? <p>{tx(section.intro, l)}</p> : null}
      <form method="get" action={base} novalidate>
        {p.version === null ? null : <input type="hidden" name="version" value={String(p.version)} />}
        <input type="hidden" name="section" value={section.id} />
        <SectionFields section={section} values={p.values} errors={[]} l={l} />
        {next ? (
          <div class="actions">
            <button type="submit" class="btn btn-primary" name="go" value={next.id}>
              {tx(m.previewNext, l)}
            </button>
          </div>
        ) : null}
      </form>
    </ResidentLayout>
  );
}
