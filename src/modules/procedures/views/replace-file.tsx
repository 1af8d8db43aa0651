/**
 * A file field returned in a 補正, on the resident's correction page: the files attached now (each a
 * download link), the replacement chosen earlier on this page if the page was shown again for an
 * error (carried in hidden inputs, so it need not be chosen twice), and a file input. The form is
 * multipart; no JavaScript is needed.
 */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale } from '../../../platform/i18n/index.ts';
import { tx } from '../../../platform/ui/index.ts';
import { acceptAttribute, fileLimits, formatBytes } from '../attachments/attachment-check.ts';
import { attachmentText as am } from '../attachments/attachments.messages.ts';
import { replacementInput } from '../attachments/store-uploads.ts';
import { fieldText as ft } from '../forms/field.messages.ts';
import type { AttachmentRef, FieldDef } from '../forms/form-definition.ts';
import { attachmentRefs } from '../forms/form-validation.ts';
import { applicationText as m } from '../procedures.messages.ts';

export function ReplaceFile(p: { f: FieldDef; value: unknown; replacement: AttachmentRef[] | undefined; errors: FieldError[]; applicationId: string; l: Locale }) {
  const { f, l } = p;
  const id = `f-${f.name}`;
  const files = attachmentRefs(p.value);
  const limits = fileLimits(f);
  const kinds = limits.accept.length === 2 ? ft.fileKindsBoth : limits.accept[0] === 'pdf' ? ft.fileKindsPdf : ft.fileKindsImage;
  const error = p.errors.find((e) => e.field === f.name);
  const replacement = p.replacement ?? [];
  return (
    <fieldset class="field" aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}>
      <legend>
        {tx(f.label, l)}
        {f.required ? <span class="required">{tx(m.required, l)}</span> : null}
      </legend>
      <span class="hint" id={`${id}-hint`}>
        {format(tx(ft.fileHint, l), { kinds: tx(kinds, l), size: formatBytes(limits.maxBytes) })} {tx(am.replaceHint, l)}
      </span>
      {error ? (
        <span class="error-text" id={`${id}-error`}>
          {tx(error.message, l)}
        </span>
      ) : null}
      {files.length ? (
        <ul aria-label={tx(ft.fileAttached, l)}>
          {files.map((a) => (
            <li>
              <a href={`/applications/${p.applicationId}/attachments/${a.id}`}>{a.fileName}</a> ({formatBytes(Number(a.size))})
            </li>
          ))}
        </ul>
      ) : (
        <p>{tx(ft.fileNone, l)}</p>
      )}
      {replacement.length ? (
        <p role="status">
          {format(tx(am.replacement, l), { name: replacement.map((a) => a.fileName).join('、'), size: formatBytes(replacement.reduce((n, a) => n + Number(a.size), 0)) })}
          {replacement.map((a) => (
            <input type="hidden" name={replacementInput(f.name)} value={a.id} />
          ))}
        </p>
      ) : null}
      <label for={id}>{tx(ft.fileUpload, l)}</label>
      <input class="input" type="file" id={id} name={f.name} accept={acceptAttribute(f)} multiple={limits.maxFiles > 1} aria-invalid={error ? 'true' : undefined} aria-describedby={`${id}-hint`} />
    </fieldset>
  );
}
