/** Loads Japan Post's national file into this installation (the use case behind `npm run postal:import`). */
import fs from 'node:fs';
import path from 'node:path';
import { decodeKenAll, formatKenAllLine, readKenAll } from './ken-all.ts';
import { buildPostalIndex, importedPostalFile, resetPostalIndex } from './postal-codes.ts';

/**
 * Converts KEN_ALL.CSV (Shift_JIS) or utf_ken_all.csv (UTF-8) to one UTF-8 record per line, with
 * split 町域 rows joined, and writes it to DATA_DIR/postal/utf_ken_all.csv (replacing an earlier
 * import in one rename, so a running server never reads half a file). Returns what was imported.
 */
export function importPostalData(source: Buffer, dataDir: string): { records: number; codes: number; file: string } {
  const text = decodeKenAll(source);
  const lines: string[] = [];
  for (const record of readKenAll(text)) lines.push(formatKenAllLine(record));
  if (!lines.length) throw new Error('no postal records found: is this KEN_ALL.CSV or utf_ken_all.csv from Japan Post?');
  const file = importedPostalFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${lines.join('\n')}\n`);
  fs.renameSync(tmp, file);
  resetPostalIndex();
  return { records: lines.length, codes: buildPostalIndex([lines.join('\n')]).size, file };
}
