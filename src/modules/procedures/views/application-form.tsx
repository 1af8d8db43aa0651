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
import { acceptAttribute, fileLimits, formatBytes } from '../attachments/attachment-check.ts';
import { ACCOUNT_TYPES, bankName, bankPartLabels, branchName, describeBankAccount } from '../forms/bank-account.ts';
import { fieldText as ft } from '../forms/field.messages.ts';
import type { FieldDef, FormDefinition, SectionDef } from '../forms/form-definition.ts';
import { attachmentRefs, isShown, type RawAnswers } from '../forms/form-validation.ts';
import { addressFieldAfter } from '../forms/section-actions.ts';
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

/** One field of the form by its type (also used by the correction page). */
export function Field(p: { f: FieldDef; name: string; value: unknown; siblings: FieldDef[]; errors: FieldError[]; l: Locale; applicationId?: string | undefined }) {
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
      return <PostalCodeField f={f} name={p.name} value={value} siblings={p.siblings} errors={p.errors} l={l} hint={hint} />;
    case 'bankAccount':
      return <BankAccountField f={f} value={p.value} errors={p.errors} l={l} hint={hint} />;
    case 'file':
      return <FileField f={f} value={p.value} errors={p.errors} l={l} hint={hint} applicationId={p.applicationId} />;
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

/**
 * A postal code with a 「住所を検索」 button. Without JavaScript the button posts the section and the
 * server fills the address field that follows; with JavaScript postal-lookup.js fills it in place.
 */
function PostalCodeField(p: { f: FieldDef; name: string; value: string; siblings: FieldDef[]; errors: FieldError[]; l: Locale; hint: Text | undefined }) {
  const { f, l } = p;
  const target = p.name.includes('.') ? undefined : addressFieldAfter(f, p.siblings);
  const hint = target ? (p.hint ? { ja: `${p.hint.ja} ${ft.findAddressHint.ja}`, en: `${p.hint.en} ${ft.findAddressHint.en}` } : ft.findAddressHint) : p.hint;
  const input = <TextInput name={p.name} label={f.label} locale={l} required={Boolean(f.required)} errors={p.errors} {...(hint ? { hint } : {})} value={p.value} autocomplete="postal-code" inputmode="numeric" class="input-short" maxlength={10} />;
  if (!target) return input;
  return (
    <div class="postal-lookup">
      {input}
      <button
        type="submit"
        class="btn btn-secondary"
        name="_action"
        value={`postal:${p.name}`}
        formnovalidate
        data-postal-lookup={`f-${p.name}`}
        data-postal-target={`f-${target.name}`}
        data-postal-status={`f-${p.name}-status`}
        data-postal-url="/procedures/postal/"
        data-msg-filled={tx(ft.addressFilled, l)}
        data-msg-not-found={format(tx(ft.postalNotFound, l), { label: tx(f.label, l) })}
        data-msg-invalid={format(tx(ft.postalInvalid, l), { label: tx(f.label, l) })}
      >
        {tx(ft.findAddress, l)}
      </button>
      <p class="hint" id={`f-${p.name}-status`} role="status" aria-live="polite" />
    </div>
  );
}

const partValue = (v: unknown, part: string) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? str((v as Record<string, unknown>)[part]) : '');

/** The bank account's five inputs in one fieldset; once the codes are known, the bank and branch names are shown. */
function BankAccountField(p: { f: FieldDef; value: unknown; errors: FieldError[]; l: Locale; hint: Text | undefined }) {
  const { f, l } = p;
  const id = `f-${f.name}`;
  const part = (k: string) => partValue(p.value, k);
  const bank = /^\d{4}$/.test(part('bankCode')) ? bankName(part('bankCode')) : null;
  const branch = bank && /^\d{3}$/.test(part('branchCode')) ? branchName(part('bankCode'), part('branchCode')) : null;
  const input = (k: 'bankCode' | 'branchCode' | 'accountNumber' | 'accountHolder', opts: { maxlength: number; numeric?: boolean; hint?: Text; cls?: string }) => (
    <TextInput
      name={`${f.name}.${k}`}
      label={bankPartLabels[k]}
      locale={l}
      required={Boolean(f.required)}
      errors={p.errors}
      {...(opts.hint ? { hint: opts.hint } : {})}
      value={part(k)}
      inputmode={opts.numeric ? 'numeric' : undefined}
      autocomplete="off"
      class={opts.cls ?? 'input-short'}
      maxlength={opts.maxlength}
    />
  );
  return (
    <fieldset
      class="field"
      id={id}
      aria-describedby={`${id}-hint`}
      data-bank-lookup=""
      data-bank-url="/procedures/banks/"
      data-bank-input={`${id}.bankCode`}
      data-branch-input={`${id}.branchCode`}
      data-bank-status={`${id}-bank-name`}
      data-branch-status={`${id}-branch-name`}
      data-msg-bank={tx(ft.bankFound, l)}
      data-msg-branch={tx(ft.branchFound, l)}
      data-msg-bank-unknown={tx(ft.bankUnknown, l)}
      data-msg-branch-unknown={tx(ft.branchUnknown, l)}
    >
      <legend>
        {tx(f.label, l)}
        {f.required ? <span class="required">{tx(m.required, l)}</span> : null}
      </legend>
      <span class="hint" id={`${id}-hint`}>
        {p.hint ? `${tx(p.hint, l)} ` : ''}
        {tx(ft.bankHint, l)}
      </span>
      {input('bankCode', { maxlength: 8, numeric: true })}
      <p class="muted" id={`${id}-bank-name`} role="status" aria-live="polite">
        {bank ? format(tx(ft.bankFound, l), { bank, code: part('bankCode') }) : ''}
      </p>
      {input('branchCode', { maxlength: 6, numeric: true })}
      <p class="muted" id={`${id}-branch-name`} role="status" aria-live="polite">
        {branch ? format(tx(ft.branchFound, l), { branch, code: part('branchCode') }) : ''}
      </p>
      <Choices name={`${f.name}.accountType`} label={bankPartLabels.accountType} hint={undefined} required={Boolean(f.required)} options={ACCOUNT_TYPES} value={part('accountType')} errors={p.errors} l={l} />
      {input('accountNumber', { maxlength: 10, numeric: true, hint: ft.accountNumberHint })}
      {input('accountHolder', { maxlength: 60, hint: ft.holderHint, cls: '' })}
    </fieldset>
  );
}

/** Attached files (each with a download link and a remove button) and a file input; needs no JavaScript. */
function FileField(p: { f: FieldDef; value: unknown; errors: FieldError[]; l: Locale; hint: Text | undefined; applicationId: string | undefined }) {
  const { f, l } = p;
  const id = `f-${f.name}`;
  const files = attachmentRefs(p.value);
  const limits = fileLimits(f);
  const kinds = limits.accept.length === 2 ? ft.fileKindsBoth : limits.accept[0] === 'pdf' ? ft.fileKindsPdf : ft.fileKindsImage;
  const limitHint = format(tx(ft.fileHint, l), { kinds: tx(kinds, l), size: formatBytes(limits.maxBytes) });
  const error = p.errors.find((e) => e.field === f.name);
  const full = files.length >= limits.maxFiles;
  return (
    <fieldset class="field" aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}>
      <legend>
        {tx(f.label, l)}
        {f.required ? <span class="required">{tx(m.required, l)}</span> : null}
      </legend>
      <span class="hint" id={`${id}-hint`}>
        {p.hint ? `${tx(p.hint, l)} ` : ''}
        {limitHint}
        {full ? ` ${tx(ft.fileReplace, l)}` : ''}
      </span>
      <ErrorText id={id} error={error} l={l} />
      {files.length ? (
        <ul aria-label={tx(ft.fileAttached, l)}>
          {files.map((a) => (
            <li>
              {p.applicationId ? <a href={`/applications/${p.applicationId}/attachments/${a.id}`}>{a.fileName}</a> : a.fileName} ({formatBytes(Number(a.size))}){' '}
              <button type="submit" class="btn btn-secondary" name="_action" value={`detach:${a.id}`} formnovalidate>
                {format(tx(ft.fileRemove, l), { name: a.fileName })}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>{tx(ft.fileNone, l)}</p>
      )}
      <label for={id}>{tx(ft.fileUpload, l)}</label>
      <input class="input" type="file" id={id} name={f.name} accept={acceptAttribute(f)} multiple={limits.maxFiles > 1} aria-invalid={error ? 'true' : undefined} aria-describedby={`${id}-hint`} />
    </fieldset>
  );
}

/** A repeating group with add and remove buttons (also used by the correction page). */
export function Group(p: { f: FieldDef; value: unknown; errors: FieldError[]; l: Locale }) {
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

export function Progress(p: { form: FormDefinition; current: number; l: Locale }) {
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

/** The fields of one section as the resident sees them; the form builder's preview renders the same. */
export function SectionFields(p: { section: SectionDef; values: RawAnswers; errors: FieldError[]; l: Locale; applicationId?: string }) {
  return (
    <>
      {p.section.fields.map((f) =>
        f.type === 'group' ? <Group f={f} value={p.values[f.name]} errors={p.errors} l={p.l} /> : <Field f={f} name={f.name} value={p.values[f.name]} siblings={p.section.fields} errors={p.errors} l={p.l} applicationId={p.applicationId} />,
      )}
    </>
  );
}

export function SectionPage(p: { ctx: PageContext; procedureName: Text; applicationId: string; form: FormDefinition; index: number; values: RawAnswers; errors: FieldError[]; notice?: Text | undefined; returnTo?: string | undefined }) {
  const l = p.ctx.locale;
  const section: SectionDef = p.form.sections[p.index]!;
  const prev = p.index > 0 ? `/applications/${p.applicationId}/sections/${p.form.sections[p.index - 1]!.id}` : null;
  return (
    <ResidentLayout ctx={p.ctx} title={`${p.errors.length ? tx(m.errorTitlePrefix, l) : ''}${tx(section.title, l)} - ${tx(p.procedureName, l)}`} scripts={[...(section.fields.some((f) => f.type === 'postalCode') ? ['postal-lookup'] : []), ...(section.fields.some((f) => f.type === 'bankAccount') ? ['bank-lookup'] : [])]}>
      <p class="muted">{tx(p.procedureName, l)}</p>
      <Progress form={p.form} current={p.index} l={l} />
      <h1>{tx(section.title, l)}</h1>
      {p.notice ? <Notice kind="success">{tx(p.notice, l)}</Notice> : null}
      <ErrorSummary errors={p.errors} locale={l} />
      {section.intro ? <p>{tx(section.intro, l)}</p> : null}
      <form method="post" action={`/applications/${p.applicationId}/sections/${section.id}`} novalidate enctype={section.fields.some((f) => f.type === 'file') ? 'multipart/form-data' : undefined}>
        <CsrfField token={p.ctx.csrfToken} />
        {p.returnTo ? <input type="hidden" name="_return" value="check" /> : null}
        <SectionFields section={section} values={p.values} errors={p.errors} l={l} applicationId={p.applicationId} />
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
  if (f.type === 'bankAccount') {
    const text = typeof v === 'object' && v !== null && !Array.isArray(v) ? describeBankAccount(v, (t) => tx(ACCOUNT_TYPES.find((a) => a.value === t)?.label ?? { ja: t, en: t }, l)) : '';
    return text || tx(m.notAnswered, l);
  }
  if (f.type === 'file') {
    const files = attachmentRefs(v);
    return files.length ? files.map((a) => `${a.fileName}（${formatBytes(Number(a.size))}）`).join('、') : tx(m.notAnswered, l);
  }
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

/**
 * Every shown answer of the form, section by section, with optional change links. `fileHref`
 * turns attached files into download links (the resident's own route, or the staff rendition).
 */
export function AnswerList(p: { form: FormDefinition; answers: RawAnswers; l: Locale; changeHref?: (sectionId: string) => string; fileHref?: (attachmentId: string) => string }) {
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
                ) : f.type === 'file' && p.fileHref && attachmentRefs(p.answers[f.name]).length ? (
                  <>
                    <dt>{tx(f.label, l)}</dt>
                    <dd>
                      <ul>
                        {attachmentRefs(p.answers[f.name]).map((a) => (
                          <li>
                            <a href={p.fileHref!(a.id)}>{a.fileName}</a>（{formatBytes(Number(a.size))}）
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </>
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
      <AnswerList form={p.form} answers={p.answers} l={l} changeHref={(id) => `/applications/${p.applicationId}/sections/${id}?return=check`} fileHref={(id) => `/applications/${p.applicationId}/attachments/${id}`} />
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
