/**
 * Message catalogs: every user-facing sentence exists in Japanese (first) and English, side by side,
 * so a missing translation is a type error rather than a blank on screen.
 */
export type Locale = 'ja' | 'en';
export const locales: readonly Locale[] = ['ja', 'en'];

export interface Text {
  ja: string;
  en: string;
}

export type Catalog = Record<string, Text>;

/** Declares a module's catalog; the keys become the type of its translate function. */
export function defineMessages<C extends Catalog>(catalog: C): C {
  return catalog;
}

/** Fills {name} placeholders. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function translate(text: Text, locale: Locale, params?: Record<string, string | number>): string {
  return format(text[locale], params);
}

/** Both languages of a text with placeholders filled, for API errors and logs. */
export function bilingual(text: Text, params?: Record<string, string | number>): Text {
  return { ja: format(text.ja, params), en: format(text.en, params) };
}

export function parseLocale(value: string | undefined | null): Locale | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  return v === 'ja' || v.startsWith('ja-') ? 'ja' : v === 'en' || v.startsWith('en-') ? 'en' : undefined;
}
