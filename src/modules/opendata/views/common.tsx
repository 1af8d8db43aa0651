/** Pieces shared by the module's pages: dates, paging, a textarea field, the registry columns as form fields. */
import type { FieldError } from '../../../platform/errors/index.ts';
import { format, type Locale, type Text } from '../../../platform/i18n/index.ts';
import { SelectInput, TextArea, TextInput, tx } from '../../../platform/ui/index.ts';
import { staffText as m } from '../opendata.messages.ts';
import type { StandardColumn } from '../registries.ts';

/**
 * The module's script island under /assets/js/ (built by `npm run build` from client/islands.ts;
 * its map chunk and Leaflet's stylesheet sit beside it in .build/js/opendata/).
 */
export const ISLAND_SCRIPT = 'opendata/islands';

/** Date and time in Japan time, e.g. 2026/04/01 9:30 or 1 Apr 2026, 09:30. */
export function formatDateTime(d: Date | null, l: Locale): string {
  if (!d) return '—';
  return new Intl.DateTimeFormat(l === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatBytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Previous / next links that keep the other query parameters. */
export function Pager(p: { l: Locale; base: string; params: Record<string, string | undefined>; offset: number; limit: number; total: number }) {
  if (p.total <= p.limit && p.offset === 0) return null;
  const href = (offset: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(p.params)) if (v) q.set(k, v);
    if (offset > 0) q.set('offset', String(offset));
    const s = q.toString();
    return s ? `${p.base}?${s}` : p.base;
  };
  const from = Math.min(p.total, p.offset + 1);
  const to = Math.min(p.total, p.offset + p.limit);
  return (
    <nav class="pager" aria-label={format(tx(m.pageOf, p.l), { total: p.total, from, to })}>
      <p>{format(tx(m.pageOf, p.l), { total: p.total, from, to })}</p>
      <ul>
        {p.offset > 0 ? <li><a href={href(Math.max(0, p.offset - p.limit))} rel="prev">{tx(m.previous, p.l)}</a></li> : null}
        {p.offset + p.limit < p.total ? <li><a href={href(p.offset + p.limit)} rel="next">{tx(m.next, p.l)}</a></li> : null}
      </ul>
    </nav>
  );
}

export function CheckboxField(p: { name: string; label: Text; locale: Locale; checked: boolean; value?: string }) {
  return (
    <div class="checkbox">
      <input type="checkbox" id={`f-${p.name}`} name={p.name} value={p.value ?? '1'} checked={p.checked} />
      <label for={`f-${p.name}`}>{tx(p.label, p.locale)}</label>
    </div>
  );
}

const label = (c: StandardColumn): Text => ({ ja: c.name, en: c.en });

/** One standard column as a form field of the right kind (date, time, number, yes/no …). */
export function ColumnField(p: { column: StandardColumn; value: string; locale: Locale; errors: FieldError[] }) {
  const c = p.column;
  const common = { name: c.name, label: label(c), locale: p.locale, errors: p.errors, required: c.requiredValue ?? false };
  switch (c.type) {
    case 'multiline':
      return <TextArea {...common} value={p.value} />;
    case 'flag':
      return <CheckboxField name={c.name} label={label(c)} locale={p.locale} checked={p.value === '1'} />;
    case 'umu':
      return (
        <SelectInput
          {...common}
          value={p.value}
          options={[
            { value: '', label: { ja: '（未記入）', en: '(not stated)' } },
            { value: '有', label: { ja: '有', en: 'Yes (有)' } },
            { value: '無', label: { ja: '無', en: 'No (無)' } },
          ]}
        />
      );
    case 'date':
      return <TextInput {...common} value={p.value} type="date" />;
    case 'time':
      return <TextInput {...common} value={p.value} type="time" class="input-short" />;
    case 'url':
      return <TextInput {...common} value={p.value} type="url" inputmode="url" />;
    case 'email':
      return <TextInput {...common} value={p.value} type="email" inputmode="email" autocomplete="off" />;
    case 'phone':
      return <TextInput {...common} value={p.value} type="tel" inputmode="tel" class="input-short" />;
    case 'int':
      return <TextInput {...common} value={p.value} inputmode="numeric" class="input-short" />;
    case 'decimal':
      return <TextInput {...common} value={p.value} inputmode="decimal" class="input-short" />;
    case 'code':
      return <TextInput {...common} value={p.value} inputmode="numeric" class="input-short" />;
    default:
      return <TextInput {...common} value={p.value} {...(c.maxLength ? { maxlength: c.maxLength } : {})} />;
  }
}
