/**
 * An uploaded table (CSV in any of the usual encodings, or Excel .xlsx) read into rows of text
 * cells, or a file-level problem said in words a member of staff can act on.
 */
import { bilingual, defineMessages, type Text } from '../../../platform/i18n/index.ts';
import { parseCsv } from './csv.ts';
import { decodeText, encodingLabels, type TextEncodingName } from './decode-text.ts';
import { readXlsx } from './xlsx.ts';

export type { TabularRow } from './row.ts';
import type { TabularRow } from './row.ts';

export interface TabularFile {
  format: 'csv' | 'xlsx';
  /** Human label of the detected encoding (CSV only). */
  encoding: string | null;
  encodingName: TextEncodingName | null;
  rows: TabularRow[];
}

export const tabularLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxRows: 50_000,
  maxUncompressedBytes: 100 * 1024 * 1024,
};

const mb = (n: number) => Math.round(n / 1024 / 1024);

export const fileProblems = defineMessages({
  empty: { ja: 'ファイルが空です。', en: 'The file is empty.' },
  tooLarge: { ja: `ファイルが大きすぎます（上限 ${mb(tabularLimits.maxBytes)} MB）。ファイルを分けて取り込んでください。`, en: `The file is too large (limit ${mb(tabularLimits.maxBytes)} MB). Split it and import the parts.` },
  tooManyRows: { ja: `行数が多すぎます（上限 ${tabularLimits.maxRows.toLocaleString('en')} 行）。ファイルを分けて取り込んでください。`, en: `The file has too many rows (limit ${tabularLimits.maxRows.toLocaleString('en')}). Split it and import the parts.` },
  undetectable: {
    ja: '文字コードを判別できませんでした。UTF-8、Shift_JIS または UTF-16 で保存したCSVファイルを選んでください（Excelでは「CSV UTF-8（コンマ区切り）」で保存できます）。',
    en: 'We could not tell the character encoding. Choose a CSV file saved as UTF-8, Shift_JIS or UTF-16 (in Excel: "CSV UTF-8 (Comma delimited)").',
  },
  binary: { ja: 'CSVファイルではないようです。CSV（.csv）またはExcel（.xlsx）のファイルを選んでください。', en: 'This does not look like a CSV file. Choose a CSV (.csv) or Excel (.xlsx) file.' },
  legacyExcel: {
    ja: 'Excel 97-2003 形式（.xls）は読み込めません。Excelで「Excel ブック（.xlsx）」か「CSV UTF-8」で保存し直してください。',
    en: 'Excel 97-2003 files (.xls) cannot be read. Save the file again in Excel as "Excel Workbook (.xlsx)" or "CSV UTF-8".',
  },
  pdf: { ja: 'PDFからは取り込めません。CSV（.csv）またはExcel（.xlsx）のファイルを選んでください。', en: 'A PDF cannot be imported. Choose a CSV (.csv) or Excel (.xlsx) file.' },
  unreadableXlsx: { ja: 'Excelファイルを読み込めませんでした。ファイルが壊れていないか確認してください。', en: 'We could not read the Excel file. Check that it is not damaged.' },
  xlsxTooLarge: { ja: 'Excelファイルの中身が大きすぎます。CSVで保存するか、ファイルを分けてください。', en: 'The Excel file expands to too much data. Save it as CSV or split it.' },
  noSheet: { ja: 'Excelファイルにシートがありません。', en: 'The Excel file has no worksheet.' },
  unterminatedQuote: { ja: '{line}行目で始まる「"」（ダブルクォート）が閉じられていません。', en: 'The double quote (") that starts on line {line} is never closed.' },
});

export type ReadTableResult = { ok: true; file: TabularFile } | { ok: false; problem: Text; line?: number };

/** Reads an uploaded CSV or .xlsx file; the format is recognised by content, not by file name. */
export async function readTable(bytes: Buffer): Promise<ReadTableResult> {
  if (bytes.length === 0) return { ok: false, problem: fileProblems.empty };
  if (bytes.length > tabularLimits.maxBytes) return { ok: false, problem: fileProblems.tooLarge };
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    const x = await readXlsx(bytes, { maxRows: tabularLimits.maxRows, maxUncompressedBytes: tabularLimits.maxUncompressedBytes });
    if (!x.ok) {
      const problem = { unreadable: fileProblems.unreadableXlsx, too_large: fileProblems.xlsxTooLarge, too_many_rows: fileProblems.tooManyRows, no_sheet: fileProblems.noSheet }[x.problem];
      return { ok: false, problem };
    }
    return { ok: true, file: { format: 'xlsx', encoding: null, encodingName: null, rows: x.rows } };
  }
  if (bytes.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return { ok: false, problem: fileProblems.legacyExcel };
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return { ok: false, problem: fileProblems.pdf };
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, problem: decoded.reason === 'binary' ? fileProblems.binary : fileProblems.undetectable };
  const parsed = parseCsv(decoded.text, { maxRows: tabularLimits.maxRows + 1 });
  if (!parsed.ok) {
    if (parsed.problem === 'too_many_rows') return { ok: false, problem: fileProblems.tooManyRows };
    return {
      ok: false,
      line: parsed.line,
      problem: bilingual(fileProblems.unterminatedQuote, { line: parsed.line }),
    };
  }
  return { ok: true, file: { format: 'csv', encoding: encodingLabels[decoded.encoding], encodingName: decoded.encoding, rows: parsed.rows } };
}
