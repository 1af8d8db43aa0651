/**
 * Counting and cutting text as people count it, one rule for every form, limit and excerpt:
 * 𠮷 (a surrogate pair) is one character, and so is 葛󠄀 (葛 with its 異体字 variation selector:
 * IVS U+E0100–U+E01EF, or a standard selector U+FE00–U+FE0F). A cut never splits a character
 * from its selector, a surrogate pair, a combining mark or an emoji sequence.
 */

const SELECTORS = /[\uFE00-\uFE0F]|\uDB40[\uDD00-\uDDEF]/g;

/** Characters in `s`: code points, not counting variation selectors (they belong to the character before). */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n - (s.match(SELECTORS)?.length ?? 0);
}

/**
 * Whether `s` has at most `max` characters. A character is at most 4 UTF-16 units (a surrogate
 * pair with an IVS pair), so nothing is counted for short strings and a huge one (a 10 MB field)
 * is refused without walking it.
 */
export function withinChars(s: string, max: number): boolean {
  return s.length <= max || (s.length <= max * 4 && charCount(s) <= max);
}

const graphemes = new Intl.Segmenter('ja', { granularity: 'grapheme' });

/** The longest start of `s` of at most `max` characters, ending between two graphemes. */
export function cutChars(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = 0;
  let n = 0;
  for (const g of graphemes.segment(s)) {
    const c = charCount(g.segment);
    if (n + c > max) break;
    n += c;
    end = g.index + g.segment.length;
  }
  // A single grapheme longer than max (a letter under hundreds of combining marks): cut by code point.
  return end > 0 ? s.slice(0, end) : [...s].slice(0, max).join('');
}
