export { bilingual, defineMessages, format, locales, parseLocale, translate, type Catalog, type Locale, type Text } from './i18n.ts';
export { containsPattern, normalizeForSearch, searchTerms } from './search-text.ts';
export { charCount, cutChars, withinChars } from './characters.ts';
