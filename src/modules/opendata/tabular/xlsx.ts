/**
 * Reads the first worksheet of an Excel (.xlsx) file into rows of text cells with exceljs.
 * Before parsing, the ZIP central directory is read to refuse "zip bombs": a small upload that
 * would expand to hundreds of megabytes of XML.
 */
import ExcelJS from 'exceljs';
import type { TabularRow } from './row.ts';

export type XlsxResult = { ok: true; rows: TabularRow[] } | { ok: false; problem: 'unreadable' | 'too_large' | 'too_many_rows' | 'no_sheet' };

/** Sum of the uncompressed sizes the ZIP's central directory declares, or null if it is not a ZIP. */
export function declaredUncompressedSize(buf: Buffer): number | null {
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let e = 0; e < entries; e++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== 0x02014b50) return null;
    const size = buf.readUInt32LE(offset + 24);
    // 0xFFFFFFFF means ZIP64: sizes beyond 4 GiB are never acceptable here.
    if (size === 0xffffffff) return Number.MAX_SAFE_INTEGER;
    total += size;
    offset += 46 + buf.readUInt16LE(offset + 28) + buf.readUInt16LE(offset + 30) + buf.readUInt16LE(offset + 32);
  }
  return total;
}

const pad = (n: number) => String(n).padStart(2, '0');

function cellText(value: ExcelJS.CellValue): { text: string; formula: boolean } {
  if (value === null || value === undefined) return { text: '', formula: false };
  if (typeof value === 'string') return { text: value, formula: false };
  if (typeof value === 'number') return { text: String(value), formula: false };
  if (typeof value === 'boolean') return { text: value ? '1' : '0', formula: false };
  if (value instanceof Date) {
    // Excel stores wall-clock values; exceljs hands them over as UTC. Times alone sit on 1899-12-30.
    if (value.getUTCFullYear() === 1899) return { text: `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`, formula: false };
    return { text: `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`, formula: false };
  }
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return { text: '', formula: true };
    if ('richText' in value) return { text: value.richText.map((r) => r.text).join(''), formula: false };
    if ('text' in value && typeof value.text === 'string') return { text: value.text, formula: false };
    if ('error' in value) return { text: '', formula: false };
  }
  return { text: String(value), formula: false };
}

export async function readXlsx(buf: Buffer, opts: { maxRows: number; maxUncompressedBytes: number }): Promise<XlsxResult> {
  const declared = declaredUncompressedSize(buf);
  if (declared === null) return { ok: false, problem: 'unreadable' };
  if (declared > opts.maxUncompressedBytes) return { ok: false, problem: 'too_large' };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    return { ok: false, problem: 'unreadable' };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, problem: 'no_sheet' };
  if (sheet.actualRowCount > opts.maxRows + 1) return { ok: false, problem: 'too_many_rows' };
  const rows: TabularRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const formulas: number[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const { text, formula } = cellText(row.getCell(c).value);
      cells.push(text);
      if (formula) formulas.push(c - 1);
    }
    rows.push({ line: rowNumber, cells, formulas });
  });
  return { ok: true, rows };
}
