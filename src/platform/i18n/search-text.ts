/**
 * Search that works for Japanese without a tokenizer (used by every module that searches): both the stored text and the query are
 * folded the same way (NFKC: 全角/半角 and ｶﾅ unified; lower case; katakana → hiragana), and each
 * query word must occur as a substring, so partial words (「避難」 finds 「指定緊急避難場所」) and
 * either kana script (「ひなん」/「ヒナン」) match.
 */

export function normalizeForSearch(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60))
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

/** Query words (split on spaces, 全角 included), folded, deduplicated, at most 8. */
export function searchTerms(q: string | undefined | null): string[] {
  if (!q) return [];
  const words = normalizeForSearch(q.slice(0, 200)).split(' ').filter(Boolean);
  return [...new Set(words)].slice(0, 8);
}

/** A LIKE pattern matching `term` anywhere, with LIKE's wildcards escaped (use ESCAPE '\'). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
