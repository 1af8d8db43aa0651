/**
 * Filling in an application without JavaScript: one section per page with a step indicator, every
 * field rendered by type, repeating groups with add/remove buttons, and the check-your-answers page.
 * Conditional fields are always in the page, with a hint saying when to answer them; the server
 * ignores them when their condition does not hold.
 */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { CsrfField, ErrorSummary, Notice, ResidentLayout, TextInput, tx, type PageContext } from '../../../platform/ui/index.ts';
import { formatBirthdate } from '../../residents/index.ts';
import type { FieldDef, FormDefinition, SectionDef } from '../forms/form-definition.ts';
import { isShown, type RawAnswers } from '../forms/form-validation.ts';
import { applicationText as m } from '../procedures.messages.ts';

const t = (text: Text, l: Locale, params?: Record<string, string | number>) => format(tx(text, l), params);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function conditionHint(f: FieldDef, siblings: FieldDef[], l: Locale): Text | undefined {
  const c = f.showIf ?? f.requiredIf;
  if (!c) return f.hint;
  const ctrl = siblings.find((s) => s.name === c.field);
  if (!ctrl) return f.hint;
  const values = c.in.map((v) => (ctrl.type === 'yesno' ? tx(v === 'yes' ? m.yes : m.no, l) : tx(ctrl.options?.find((o) => o.value === v)?.label ?? { ja: v, en: v }, l))).join('・');
  const cond = { ja: format(m.onlyIf.ja, { label: ctrl.label.ja, values }), en: format(m.onlyIf.en, { label: ctrl.label.en, values }) };
  return f.hint ? { ja: `${cond.ja} ${f.hint.ja}`, en: `${cond.en} ${f.hint.en}` } : cond;
}

function ErrorText(p: { id: string; error: FieldError | undefined; l: Locale }) {
  return p.error ? (
    <span class="error-text" id={`${p.id}-error`}>
      {tx(p.error.message, p.l)}
    </span>
  ) : null;
}

function Choices(p: { name: string; label: Text; hint: Text | undefined; required: boolean; options: { value: string; label: Text }[]; value: string; errors: FieldError[]; l: Locale }) {
  const id = `f-${p.name}`;
  const error = p.errors.find((e) => e.field === p.name);
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class="field" aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
      <legend>
        {tx(p.label, p.l)}
        {p.required ? <span class="required">{tx(m.required, p.l)}</span> : null}
      </legend>
      {p.hint ? <span class="hint" id={`${id}-hint`}>{tx(p.hint, p.l)}</span> : null}
      <ErrorText id={id} error={error} l={p.l} />
      {p.options.map((o, i) => (
        <label class="checkbox">
          <input type="radio" name={p.name} value={o.value} id={i === 0 ? id : `${id}-${i}`} checked={p.value === o.value} />
          {tx(o.label, p.l)}
        </label>
      ))}
    </fieldset>
  );
}

function Field(p: { f: FieldDef; name: string; value: unknown; siblings: FieldDef[]; errors: FieldError[]; l: Locale }) {
  const { f, l } = p;
  const hint = conditionHint(f, p.siblings, l);
  const required = Boolean(f.required);
  const common = { name: p.name, label: f.label, locale: l, required, errors: p.errors, ...(hint ? { hint } : {}) };
  const value = str(p.value);
  switch (f.type) {
    case 'choice':
      return <Choices name={p.name} label={f.label} hint={hint} required={required} options={f.options ?? []} value={value} errors={p.errors} l={l} />;
    case 'yesno':
      return <Choices name={p.name} label={f.label} hint={hint} required={required} options={[{ value: 'yes', label: m.yes }, { value: 'no', label: m.no }]} value={value} errors={p.errors} l={l} />;
    case 'consent': {
      const id = `f-${p.name}`;
      const error = p.errors.find((e) => e.field === p.name);
      return (
        <div class="field">
          <ErrorText id={id} error={error} l={l} />
          <label class="checkbox">
            <input type="checkbox" name={p.name} value="yes" id={id} checked={value === 'yes'} aria-describedby={error ? `${id}-error` : undefined} />
            {tx(f.label, l)}
          </label>
        </div>
      );
    }
    case 'textarea': {
      const id = `f-${p.name}`;
      const error = p.errors.find((e) => e.field === p.name);
      return (
        <div class="field">
          <label for={id}>
            {tx(f.label, l)}
            {required ? <span class="required">{tx(m.required, l)}</span> : null}
          </label>
          {hint ? <span class="hint" id={`${id}-hint`}>{tx(hint, l)}</span> : null}
          <ErrorText id={id} error={error} l={l} />
          <textarea class="input" id={id} name={p.name} rows={5} maxlength={f.maxLength} aria-invalid={error ? 'true' : undefined} aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
            {value}
          </textarea>
        </div>
      );
    }
    case 'date':
      return <TextInput {...common} hint={hint ?? m.dateHint} value={value} autocomplete={f.prefill === 'birthdate' ? 'bday' : undefined} />;
    case 'postalCode':
      return <TextInput {...common} value={value} autocomplete="postal-code" inputmode="numeric" class="input-short" maxlength={10} />;
    case 'phone':
      return <TextInput {...common} value={value} type="tel" autocomplete="tel" inputmode="tel" maxlength={20} />;
    case 'email':
      return <TextInput {...common} value={value} type="email" autocomplete="email" inputmode="email" maxlength={254} />;
    case 'number':
      return <TextInput {...common} value={value} inputmode="numeric" class="input-short" maxlength={12} />;
    case 'name':
      return <TextInput {...common} value={value} autocomplete={f.prefill === 'name' ? 'name' : 'off'} maxlength={f.maxLength ?? 50} />;
    case 'address':
      return <TextInput {...common} value={value} autocomplete={f.prefill === 'address' ? 'street-address' : 'off'} maxlength={f.maxLength ?? 200} />;
    default:
      return <TextInput {...common} value={value} maxlength={f.maxLength ?? 100} />;
  }
}

function Group(p: { f: FieldDef; value: unknown; errors: FieldError[]; l: Locale }) {
  const { f, l } = p;
  const items = Array.isArray(p.value) ? (p.value as Record<string, unknown>[]) : [];
  const item = f.itemLabel ?? f.label;
  const groupError = p.errors.find((e) => e.field === f.name);
  return (
    <section class="field" aria-labelledby={`f-${f.name}-title`} id={`f-${f.name}`}>
      <h2 id={`f-${f.name}-title`}>{tx(f.label, l)}</h2>
      <ErrorText id={`f-${f.name}`} error={groupError} l={l} />
      <input type="hidden" name={`${f.name}.count`} value={String(items.length)} />
      {items.length === 0 ? <p>{tx(m.noItems, l)}</p> : null}
      {items.map((it, i) => (
        <fieldset class="card">
          <legend>{t(m.itemHeading, l, { item: tx(item, l), n: i + 1 })}</legend>
          {(f.fields ?? []).map((g) => (
            <Field f={g} name={`${f.name}.${i}.${g.name}`} value={it[g.name]} siblings={f.fields ?? []} errors={p.errors} l={l} />
          ))}
          <button type="submit" class="btn btn-secondary" name="_action" value={`remove:${f.name}:${i}`} formnovalidate>
            {t(m.removeItem, l, { item: tx(item, l) })}
          </button>
        </fieldset>
      ))}
      {f.maxItems === undefined || items.length < f.maxItems ? (
        <button type="submit" class="btn btn-secondary" name="_action" value={`add:${f.name}`} formnovalidate>
          {t(m.addItem, l, { item: tx(item, l) })}
        </button>
      ) : null}
    </section>
  );
}

function Progress(p: { form: FormDefinition; current: number; l: Locale }) {
  const total = p.form.sections.length + 1;
  return (
    <nav aria-label={tx(m.progress, p.l)}>
      <p>
        <strong>{t(m.step, p.l, { n: p.current + 1, total })}</strong>
      </p>
      <ol class="steps">
        {[...p.form.sections.map((s) => s.title), m.checkStep].map((title, i) => (
          <li aria-current={i === p.current ? 'step' : undefined}>{i === p.current ? <strong>{tx(title, p.l)}</strong> : tx(title, p.l)}</li>
        ))}
      </ol>
    </nav>
  );
}

export function SectionPage(p: { ctx: PageContext; procedureName: Text; applicationId: string; form: FormDefinition; index: number; values: RawAnswers; errors: FieldError[]; notice?: Text | undefined; returnTo?: string | undefined }) {
  const l = p.ctx.locale;
  const section: SectionDef = p.form.sections[p.index]!;
  const prev = p.index > 0 ? `/applications/${p.applicationId}/sections/${p.form.sections[p.index - 1]!.id}` : null;
  return (
    <ResidentLayout ctx={p.ctx} title={`${p.errors.length ? tx(m.errorTitlePrefix, l) : ''}${tx(section.title, l)} - ${tx(p.procedureName, l)}`}>
      <p class="muted">{tx(p.procedureName, l)}</p>
      <Progress form={p.form} current={p.index} l={l} />
      <h1>{tx(section.title, l)}</h1>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      {section.intro ? <p>{tx(section.intro, l)}</p> : null}
      <form method="post" action={`/applications/${p.applicationId}/sections/${section.id}`} novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        {p.returnTo ? <input type="hidden" name="_return" value="check" /> : null}
        {section.fields.map((f) =>
          f.type === 'group' ? <Group f={f} value={p.values[f.name]} errors={p.errors} l={l} /> : <Field f={f} name={f.name} value={p.values[f.name]} siblings={section.fields} errors={p.errors} l={l} />,
        )}
        <div class="actions">
          <button type="submit" class="btn btn-primary" name="_action" value="next">
            {tx(m.next, l)}
          </button>
          <button type="submit" class="btn btn-secondary" name="_action" value="save" formnovalidate>
            {tx(m.saveDraft, l)}
          </button>
        </div>
      </form>
      {prev ? (
        <p>
          <a href={prev}>{tx(m.back, l)}</a>
        </p>
      ) : null}
    </ResidentLayout>
  );
}

/** A stored answer as a person reads it (option labels, 和暦 dates, 〒). */
export function displayValue(f: FieldDef, v: unknown, l: Locale): string {
  const s = str(v);
  if (!s) return tx(m.notAnswered, l);
  switch (f.type) {
    case 'choice':
      return tx(f.options?.find((o) => o.value === s)?.label ?? { ja: s, en: s }, l);
    case 'yesno':
      return tx(s === 'yes' ? m.yes : m.no, l);
    case 'consent':
      return tx(m.agree, l);
    case 'date':
      return formatBirthdate(s, l);
    case 'postalCode':
      return /^\d{7}$/.test(s) ? `〒${s.slice(0, 3)}-${s.slice(3)}` : s;
    default:
      return s;
  }
}

/** Every shown answer of the form, section by section, with optional change links. */
export function AnswerList(p: { form: FormDefinition; answers: RawAnswers; l: Locale; changeHref?: (sectionId: string) => string }) {
  const { l } = p;
  return (
    <>
      {p.form.sections.map((s) => (
        <section aria-labelledby={`answers-${s.id}`}>
          <h2 id={`answers-${s.id}`}>{tx(s.title, l)}</h2>
          <dl class="dl">
            {s.fields
              .filter((f) => isShown(f, p.answers, p.answers))
              .map((f) =>
                f.type === 'group' ? (
                  (Array.isArray(p.answers[f.name]) ? (p.answers[f.name] as Record<string, unknown>[]) : []).map((item, i) => (
                    <>
                      <dt>{t(m.itemHeading, l, { item: tx(f.itemLabel ?? f.label, l), n: i + 1 })}</dt>
                      <dd>
                        <ul>
                          {(f.fields ?? [])
                            .filter((g) => isShown(g, item, p.answers))
                            .map((g) => (
                              <li>
                                {tx(g.label, l)}: {displayValue(g, item[g.name], l)}
                              </li>
                            ))}
                        </ul>
                      </dd>
                    </>
                  ))
                ) : (
                  <>
                    <dt>{tx(f.label, l)}</dt>
                    <dd class="prewrap">{displayValue(f, p.answers[f.name], l)}</dd>
                  </>
                ),
              )}
          </dl>
          {p.changeHref ? (
            <p>
              <a href={p.changeHref(s.id)}>{t(m.changeSection, l, { section: tx(s.title, l) })}</a>
            </p>
          ) : null}
        </section>
      ))}
    </>
  );
}

export function CheckPage(p: { ctx: PageContext; procedureName: Text; applicationId: string; form: FormDefinition; answers: RawAnswers; errors: FieldError[] }) {
  const l = p.ctx.locale;
  return (
    <ResidentLayout ctx={p.ctx} title={`${tx(m.checkTitle, l)} - ${tx(p.procedureName, l)}`}>
      <p class="muted">{tx(p.procedureName, l)}</p>
      <Progress form={p.form} current={p.form.sections.length} l={l} />
      <h1>{tx(m.checkTitle, l)}</h1>
      {p.errors.length ? (
        <div class="notice notice-error" role="alert">
          <h2>{tx(m.incomplete, l)}</h2>
          <ul>
            {p.errors.map((e) => (
              <li>{tx(e.message, l)}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p>{tx(m.checkLead, l)}</p>
      )}
      <AnswerList form={p.form} answers={p.answers} l={l} changeHref={(id) => `/applications/${p.applicationId}/sections/${id}?return=check`} />
      {p.errors.length ? null : (
        <form method="post" action={`/applications/${p.applicationId}/submit`}>
          <CsrfField token={p.ctx.csrfToken} />
          <input type="hidden" name="idempotencyKey" value={p.applicationId} />
          <button type="submit" class="btn btn-primary">
            {tx(m.submit, l)}
          </button>
        </form>
      )}
    </ResidentLayout>
  );
}
