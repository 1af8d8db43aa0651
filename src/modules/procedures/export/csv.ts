/**
 * CSV for core systems (ADR 35): RFC 4180 (every cell quoted, quotes doubled, CRLF line ends),
 * cells that a spreadsheet would run as a formula prefixed with an apostrophe (OWASP "CSV
 * injection"), and two encodings: UTF-8 with a BOM (so Excel opens it as UTF-8), and Shift_JIS
 * limited to JIS X 0208 (iconv-lite). In Shift_JIS a character outside JIS X 0208 (𠮷, 髙, ①,
 * emoji …) is never dropped or turned into "?" silently: it is written as 〓 (the conventional
 * 外字 mark) and reported, cell by cell, so staff can key it into the core system by hand.
 */
import iconv from 'iconv-lite';

/** A leading = + - @ tab or CR makes Excel and LibreOffice evaluate the cell. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * JIS X 0208 has these characters once, but Unicode mapping tables disagree on which code point
 * they are (the WAVE DASH problem). Writing the code point Shift_JIS (CP932) expects keeps the
 * same JIS character, so nothing is lost.
 */
const JIS_EQUIVALENTS: Record<string, string> = {
  '\u301C': '\uFF5E', // 〜 WAVE DASH → ～
  '\u2212': '\uFF0D', // − MINUS SIGN → －
  '\u2016': '\u2225', // ‖ DOUBLE VERTICAL LINE → ∥
  '\u2014': '\u2015', // — EM DASH → ―
  '\u00A2': '\uFFE0', // ¢
  '\u00A3': '\uFFE1', // £
  '\u00AC': '\uFFE2', // ¬
};

/** Whether Shift_JIS bytes are one JIS X 0208 (or ASCII / JIS X 0201 kana) character, not a vendor extension. */
function isJisX0208Bytes(b: Buffer): boolean {
  if (b.length === 1) return b[0]! < 0x80 || (b[0]! >= 0xa1 && b[0]! <= 0xdf);
  if (b.length !== 2) return false;
  const [lead, trail] = [b[0]!, b[1]!];
  // Rows 1–8 (0x81–0x84) and 16–84 (0x88 second half, 0x89–0x9F, 0xE0–0xEA). Row 13 (0x87: NEC
  // specials such as ①), rows 85–94 (0xEB–0xEF) and 0xF0+ (user-defined, IBM kanji such as 髙) are not JIS X 0208.
  if (lead >= 0x81 && lead <= 0x84) return true;
  if (lead === 0x88) return trail >= 0x9f;
  return (lead >= 0x89 && lead <= 0x9f) || (lead >= 0xe0 && lead <= 0xea);
}

const representable = new Map<string, boolean>();
function inShiftJis(ch: string): boolean {
  let ok = representable.get(ch);
  if (ok === undefined) {
    const bytes = iconv.encode(ch, 'Shift_JIS');
    ok = iconv.decode(bytes, 'Shift_JIS') === ch && isJisX0208Bytes(bytes);
    representable.set(ch, ok);
  }
  return ok;
}

/** The text as it will be written in Shift_JIS, and the characters that became 〓. */
export function toShiftJisText(value: string): { text: string; replaced: string[] } {
  const replaced: string[] = [];
  let text = '';
  for (const raw of value) {
    if (raw === '\r' || raw === '\n') {
      text += raw;
      continue;
    }
    const ch = JIS_EQUIVALENTS[raw] ?? raw;
    if (inShiftJis(ch)) text += ch;
    else {
      text += '〓';
      replaced.push(raw);
    }
  }
  return { text, replaced };
}

export type CsvEncoding = 'utf-8' | 'shift_jis';

export interface ReplacedCell {
  /** 1-based data row (the header is row 0). */
  row: number;
  receiptNumber: string;
  column: string;
  /** The original characters written as 〓, e.g. ["𠮷"], with their code points. */
  characters: string[];
}

/**
 * Encodes header + rows as a CSV file. `rowKeys` names each data row (its receipt number) in
 * the report of replaced characters.
 */
export function encodeCsv(header: string[], rows: string[][], rowKeys: string[], encoding: CsvEncoding): { bytes: Buffer; replaced: ReplacedCell[] } {
  if (encoding === 'utf-8') {
    const text = [header, ...rows].map(csvLine).join('');
    return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), replaced: [] };
  }
  const replaced: ReplacedCell[] = [];
  const convert = (cells: string[], row: number) =>
    cells.map((cell, i) => {
      const r = toShiftJisText(cell);
      if (r.replaced.length) replaced.push({ row, receiptNumber: rowKeys[row - 1] ?? '', column: header[i] ?? '', characters: r.replaced.map((ch) => `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`) });
      return r.text;
    });
  const text = [convert(header, 0), ...rows.map((r, i) => convert(r, i + 1))].map(csvLine).join('');
  return { bytes: iconv.encode(text, 'Shift_JIS'), replaced };
}
