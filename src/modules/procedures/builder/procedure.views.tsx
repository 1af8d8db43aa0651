/** Builder pages about the procedure itself: the list, and the details form (create or edit). */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, SelectInput, StaffLayout, TextArea, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { applicationText } from '../procedures.messages.ts';
import { categories, lifeEvents } from '../procedures.vocabulary.ts';
import { builderText as m } from './builder.messages.ts';
import type { BuilderProcedure, ProcedureRow } from './builder.service.ts';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);

export function ProcedureListPage(p: { ctx: PageContext; rows: ProcedureRow[]; notice?: Text | undefined }) {
  const l = p.ctx.locale;
  return (
    <StaffLayout ctx={p.ctx} title={tx(m.listTitle, l)}>
      <h1>{tx(m.listTitle, l)}</h1>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <p>{tx(m.listLead, l)}</p>
      <p>
        <a class="btn btn-primary" href="/staff/procedures/new">
          {tx(m.create, l)}
        </a>
      </p>
      {p.rows.length ? (
        <div class="table-scroll">
          <table>
            <caption class="sr-only">{tx(m.listTitle, l)}</caption>
            <thead>
              <tr>
                <th scope="col">{tx(m.colName, l)}</th>
                <th scope="col">{tx(m.colDepartment, l)}</th>
                <th scope="col">{tx(m.colState, l)}</th>
                <th scope="col">{tx(m.colActions, l)}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <td>{tx(r.name, l)}</td>
                  <td>{tx(r.department, l)}</td>
                  <td>
                    {r.version !== null && r.published ? t(m.published, l, { version: r.version }) : tx(m.notPublished, l)}
                    {r.hasDraft ? (
                      <>
                        {' '}
                        <span class="badge">{tx(m.draftExists, l)}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <a href={`/staff/procedures/${r.id}`} aria-label={`${tx(m.editDetails, l)}: ${tx(r.name, l)}`}>
                      {tx(m.editDetails, l)}
                    </a>
                    {' ・ '}
                    <a href={`/staff/procedures/${r.id}/form`} aria-label={`${tx(m.editForm, l)}: ${tx(r.name, l)}`}>
                      {tx(m.editForm, l)}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{tx(m.noProcedures, l)}</p>
      )}
    </StaffLayout>
  );
}

/** The values to show in the details form: what was posted, else the stored procedure, else defaults. */
export function detailsValues(proc: BuilderProcedure | null): Record<string, string | string[]> {
  if (!proc) return { feeYen: '0', assurance: '2', howToApplyJa: m.howToApplyDefault.ja, howToApplyEn: m.howToApplyDefault.en, lifeEvents: [] };
  const d = proc.details;
  return {
    slug: proc.slug, nameJa: proc.name.ja, nameEn: proc.name.en, nameKana: proc.nameKana, category: proc.category, lifeEvents: proc.lifeEvents, departmentId: proc.department.id,
    summaryJa: d.summary.ja, summaryEn: d.summary.en, eligibilityJa: d.eligibility.ja, eligibilityEn: d.eligibility.en,
    documentsJa: d.documents.map((x) => x.ja).join('\n'), documentsEn: d.documents.map((x) => x.en).join('\n'),
    feeYen: String(proc.feeYen), feeNoteJa: d.feeNote?.ja ?? '', feeNoteEn: d.feeNote?.en ?? '', assurance: String(proc.assurance),
    processingDays: proc.processingDays === null ? '' : String(proc.processingDays), processingJa: d.processing.ja, processingEn: d.processing.en,
    legalJa: d.legalBasis.ja, legalEn: d.legalBasis.en, howToApplyJa: d.howToApply.ja, howToApplyEn: d.howToApply.en, contactPhone: proc.contactPhone, keywords: proc.keywords.join('、'),
  };
}

export function ProcedureDetailsPage(p: {
  ctx: PageContext;
  procedure: BuilderProcedure | null;
  values: Record<string, string | string[]>;
  departments: { id: string; name: Text }[];
  errors: FieldError[];
  notice?: { kind: 'success' | 'warning'; text: Text } | undefined;
}) {
  const l = p.ctx.locale;
  const v = (k: string) => {
    const x = p.values[k];
    return typeof x === 'string' ? x : '';
  };
  const chosenEvents = Array.isArray(p.values.lifeEvents) ? p.values.lifeEvents : [];
  const title = p.procedure ? t(m.editTitle, l, { name: tx(p.procedure.name, l) }) : tx(m.newTitle, l);
  const common = { locale: l, errors: p.errors };
  const eventsError = p.errors.find((e) => e.field === 'lifeEvents');
  return (
    <StaffLayout ctx={p.ctx} title={`${p.errors.length ? tx(applicationText.errorTitlePrefix, l) : ''}${title}`}>
      <p>
        <a href="/staff/procedures">{tx(m.backToList, l)}</a>
      </p>
      <h1>{title}</h1>
      {p.notice ? <Notice kind={p.notice.kind}>{tx(p.notice.text, l)}</Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      <p>{tx(m.detailsLead, l)}</p>
      {p.procedure ? (
        <p>
          <a href={`/staff/procedures/${p.procedure.id}/form`}>{tx(m.editForm, l)}</a>
        </p>
      ) : null}
      <form method="post" action={p.procedure ? `/staff/procedures/${p.procedure.id}` : '/staff/procedures'} novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        {p.procedure ? <input type="hidden" name="updatedAt" value={p.procedure.updatedAt} /> : null}
        {p.procedure ? <p>{t(m.slugFixed, l, { slug: p.procedure.slug })}</p> : <TextInput name="slug" label={m.slug} hint={m.slugHint} required value={v('slug')} maxlength={64} {...common} />}
        <TextInput name="nameJa" label={m.nameJa} required value={v('nameJa')} maxlength={200} {...common} />
        <TextInput name="nameEn" label={m.nameEn} required value={v('nameEn')} maxlength={200} {...common} />
        <TextInput name="nameKana" label={m.nameKana} hint={m.nameKanaHint} required value={v('nameKana')} maxlength={200} {...common} />
        <SelectInput name="category" label={m.category} required value={v('category')} options={Object.entries(categories).map(([value, label]) => ({ value, label }))} {...common} />
        <fieldset class="field" id="f-lifeEvents" aria-describedby={eventsError ? 'f-lifeEvents-error' : undefined}>
          <legend>{tx(m.lifeEvents, l)}</legend>
          {eventsError ? (
            <span class="error-text" id="f-lifeEvents-error">
              {tx(eventsError.message, l)}
            </span>
          ) : null}
          {Object.entries(lifeEvents).map(([value, label]) => (
            <label class="checkbox">
              <input type="checkbox" name="lifeEvents" value={value} checked={chosenEvents.includes(value)} />
              {tx(label, l)}
            </label>
          ))}
        </fieldset>
        <SelectInput name="departmentId" label={m.department} required value={v('departmentId')} options={p.departments.map((d) => ({ value: d.id, label: d.name }))} {...common} />
        <TextArea name="summaryJa" label={m.summaryJa} required value={v('summaryJa')} locale={l} errors={p.errors} />
        <TextArea name="summaryEn" label={m.summaryEn} required value={v('summaryEn')} locale={l} errors={p.errors} />
        <TextArea name="eligibilityJa" label={m.eligibilityJa} required value={v('eligibilityJa')} locale={l} errors={p.errors} rows={3} />
        <TextArea name="eligibilityEn" label={m.eligibilityEn} required value={v('eligibilityEn')} locale={l} errors={p.errors} rows={3} />
        <TextArea name="documentsJa" label={m.documentsJa} hint={m.documentsHint} required value={v('documentsJa')} locale={l} errors={p.errors} />
        <TextArea name="documentsEn" label={m.documentsEn} hint={m.documentsHint} required value={v('documentsEn')} locale={l} errors={p.errors} />
        <TextInput name="feeYen" label={m.fee} hint={m.feeHint} required value={v('feeYen')} inputmode="numeric" class="input-short" maxlength={10} {...common} />
        <TextInput name="feeNoteJa" label={m.feeNoteJa} value={v('feeNoteJa')} maxlength={200} {...common} />
        <TextInput name="feeNoteEn" label={m.feeNoteEn} value={v('feeNoteEn')} maxlength={200} {...common} />
        <SelectInput name="assurance" label={m.assurance} required value={v('assurance')} options={[{ value: '2', label: m.assurance2 }, { value: '1', label: m.assurance1 }]} {...common} />
        <TextInput name="processingDays" label={m.processingDays} value={v('processingDays')} inputmode="numeric" class="input-short" maxlength={5} {...common} />
        <TextArea name="processingJa" label={m.processingJa} required value={v('processingJa')} locale={l} errors={p.errors} rows={2} />
        <TextArea name="processingEn" label={m.processingEn} required value={v('processingEn')} locale={l} errors={p.errors} rows={2} />
        <TextInput name="legalJa" label={m.legalJa} required value={v('legalJa')} maxlength={200} {...common} />
        <TextInput name="legalEn" label={m.legalEn} required value={v('legalEn')} maxlength={200} {...common} />
        <TextArea name="howToApplyJa" label={m.howToApplyJa} required value={v('howToApplyJa')} locale={l} errors={p.errors} rows={2} />
        <TextArea name="howToApplyEn" label={m.howToApplyEn} required value={v('howToApplyEn')} locale={l} errors={p.errors} rows={2} />
        <TextInput name="contactPhone" label={m.contactPhone} required value={v('contactPhone')} type="tel" inputmode="tel" maxlength={20} {...common} />
        <TextInput name="keywords" label={m.keywords} hint={m.keywordsHint} value={v('keywords')} maxlength={700} {...common} />
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            {tx(p.procedure ? m.saveDetails : m.createDetails, l)}
          </button>
        </div>
      </form>
    </StaffLayout>
  );
}
