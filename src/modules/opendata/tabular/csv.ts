/**
 * CSV as RFC 4180 describes it (quoted fields may hold commas, quotes and line breaks), reading
 * CRLF, LF or CR line ends, and writing CRLF with cells made safe for spreadsheet programs.
 */

export interface CsvRow {
  /** 1-based line number where the row starts in the file (what a person sees in an editor). */
  line: number;
  cells: string[];
}

export type CsvParseResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; problem: 'unterminated_quote' | 'too_many_rows'; maxRows?: number };

/** Splits CSV text into rows; stops with a problem instead of guessing when quotes do not close. */
export function parseCsv(text: string, opts: { maxRows: number }): CsvParseResult {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let inQuotes = false;
  let quoteStartLine = 0;
  let i = 0;
  const n = text.length;
  const endRow = () => {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  while (i < n) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        cell += '\n';
        line++;
        i++;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell.length === 0) {
      inQuotes = true;
      quoteStartLine = line;
      i++;
      continue;
    }
    if (ch === ',') {
      cells.push(cell);
      cell = '';
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      if (rows.length > opts.maxRows) return { ok: false, line, problem: 'too_many_rows', maxRows: opts.maxRows };
      line++;
      rowLine = line;
      i++;
      continue;
    }
    cell += ch;
    i++;
  }
  if (inQuotes) return { ok: false, line: quoteStartLine, problem: 'unterminated_quote' };
  if (cell.length > 0 || cells.length > 0) endRow();
  if (rows.length > opts.maxRows) return { ok: false, line, problem: 'too_many_rows', maxRows: opts.maxRows };
  return { ok: true, rows };
}

/**
 * A cell that a spreadsheet would run as a formula (= + - @, or a leading tab or carriage return,
 * per OWASP's CSV-injection guidance) gets a leading apostrophe, so Excel shows it as text.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line (CRLF-terminated) with every cell neutralised and quoted as needed. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => quote(neutraliseCell(c))).join(',')}\r\n`;
}

export const UTF8_BOM = '\uFEFF';
