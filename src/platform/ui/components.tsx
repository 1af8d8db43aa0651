/** Server-rendered DADS components. hono/jsx escapes every interpolated value. */
import type { Child } from 'hono/jsx';
import type { FieldError } from '../errors/index.ts';
import type { Locale, Text } from '../i18n/index.ts';
import { uiMessages } from './messages.ts';

export const tx = (text: Text, locale: Locale) => text[locale];

/** The hidden CSRF field every POST form carries. */
export const CsrfField = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;

export function ErrorSummary(props: { errors: FieldError[]; locale: Locale }) {
  if (!props.errors.length) return null;
  return (
    <div class="notice notice-error" role="alert" aria-labelledby="error-summary-title" tabindex={-1} id="error-summary">
      <h2 id="error-summary-title">{tx(uiMessages.errorSummaryTitle, props.locale)}</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#f-${e.field}`}>{tx(e.message, props.locale)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: Text;
  locale: Locale;
  hint?: Text;
  required?: boolean;
  errors?: FieldError[];
}

function fieldIds(p: FieldProps) {
  const error = p.errors?.find((e) => e.field === p.name);
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return { id, error, describedBy };
}

function FieldLabel(p: FieldProps & { id: string; error: FieldError | undefined }) {
  return (
    <>
      <label for={p.id}>
        {tx(p.label, p.locale)}
        {p.required ? <span class="required">{tx(uiMessages.required, p.locale)}</span> : null}
      </label>
      {p.hint ? <span class="hint" id={`${p.id}-hint`}>{tx(p.hint, p.locale)}</span> : null}
      {p.error ? (
        <span class="error-text" id={`${p.id}-error`}>
          <span class="sr-only">{tx(uiMessages.errorPrefix, p.locale)}</span>
          {tx(p.error.message, p.locale)}
        </span>
      ) : null}
    </>
  );
}

export function TextInput(
  p: FieldProps & { value?: string | undefined; type?: string; autocomplete?: string; inputmode?: 'search' | 'url' | 'none' | 'email' | 'text' | 'tel' | 'numeric' | 'decimal'; class?: string; maxlength?: number },
) {
  const { id, error, describedBy } = fieldIds(p);
  return (
    <div class="field">
      <FieldLabel {...p} id={id} error={error} />
      <input
        class={`input ${p.class ?? ''}`}
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        maxlength={p.maxlength}
        required={p.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

/** A labelled multi-line input with its hint and error message (the same frame as TextInput). */
export function TextArea(p: FieldProps & { value?: string | undefined; rows?: number; maxlength?: number; lang?: string }) {
  const { id, error, describedBy } = fieldIds(p);
  return (
    <div class="field">
      <FieldLabel {...p} id={id} error={error} />
      <textarea class="textarea" id={id} name={p.name} rows={p.rows ?? 4} maxlength={p.maxlength} required={p.required} lang={p.lang} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

/** Checkboxes or radio buttons under one legend, with the group's hint and error message. */
export function ChoiceGroup(p: {
  name: string;
  legend: Text;
  locale: Locale;
  hint?: Text | undefined;
  type: 'checkbox' | 'radio';
  options: { value: string; label: string }[];
  chosen: readonly string[];
  errors?: FieldError[];
  /** Shown instead of an empty list. */
  empty?: Text | undefined;
}) {
  const { id, error, describedBy } = fieldIds({ name: p.name, label: p.legend, locale: p.locale, ...(p.hint ? { hint: p.hint } : {}), ...(p.errors ? { errors: p.errors } : {}) });
  return (
    <fieldset class="field" id={id} aria-describedby={describedBy}>
      <legend>{tx(p.legend, p.locale)}</legend>
      {p.hint ? <span class="hint" id={`${id}-hint`}>{tx(p.hint, p.locale)}</span> : null}
      {error ? (
        <span class="error-text" id={`${id}-error`}>
          <span class="sr-only">{tx(uiMessages.errorPrefix, p.locale)}</span>
          {tx(error.message, p.locale)}
        </span>
      ) : null}
      {p.options.length === 0 && p.empty ? <p>{tx(p.empty, p.locale)}</p> : null}
      <ul class="choice-list">
        {p.options.map((o, i) => (
          <li class="checkbox">
            <input type={p.type} id={`${id}-${i}`} name={p.name} value={o.value} checked={p.chosen.includes(o.value)} />
            <label for={`${id}-${i}`}>{o.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function SelectInput(p: FieldProps & { value?: string | undefined; options: { value: string; label: Text }[] }) {
  const { id, error, describedBy } = fieldIds(p);
  return (
    <div class="field">
      <FieldLabel {...p} id={id} error={error} />
      <select class="select" id={id} name={p.name} required={p.required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {tx(o.label, p.locale)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Notice(props: { kind?: 'info' | 'error' | 'success' | 'warning'; title?: string; children?: Child }) {
  const cls = props.kind && props.kind !== 'info' ? `notice notice-${props.kind}` : 'notice';
  return (
    <div class={cls} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.title ? <h2>{props.title}</h2> : null}
      {props.children}
    </div>
  );
}

/** A POST button (sign out, revoke…) that works without JavaScript. */
export function PostButton(props: { action: string; csrf: string; label: string; class?: string; hidden?: Record<string, string> }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrf} />
      {Object.entries(props.hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={`btn ${props.class ?? 'btn-secondary'}`}>
        {props.label}
      </button>
    </form>
  );
}
