/**
 * Reads Japan Post's postal code data (郵便番号データ) in its own column format — KEN_ALL.CSV
 * (Shift_JIS) or utf_ken_all.csv (UTF-8) — and turns each record into the address a resident
 * would write. The format's quirks are handled here:
 * - a long 町域 is split over several rows with the same code: rows are joined until the
 *   parenthesis opened in the first one closes;
 * - 「以下に掲載がない場合」 and 「〇〇の次に番地がくる場合」 mean "no 町域": only the city is filled;
 * - 「〇〇一円」 means the whole municipality: only the city is filled;
 * - parenthesised notes such as 「（次のビルを除く）」 or 「（１〜３丁目）」 are ranges and exclusions
 *   for the post office, not part of the address, and are dropped; a building's floor 「（１階）」 is
 *   kept as 「１階」.
 * Readings (columns 4–6) may be half-width (KEN_ALL.CSV) or full-width; they come out full-width.
 */
import iconv from 'iconv-lite';

/** One line of the file, columns by their meaning (15 columns, see docs/procedures.md). */
export interface KenAllRecord {
  localGovernmentCode: string; // 全国地方公共団体コード (5 digits)
  code: string; // 郵便番号 (7 digits)
  prefectureKana: string;
  cityKana: string;
  townKana: string;
  prefecture: string;
  city: string;
  town: string;
  /** Every column as read (the import writes them back, with split rows joined). */
  columns: string[];
}

/** A postal code's address as a resident writes it. */
export interface PostalAddress {
  code: string;
  prefecture: string;
  city: string;
  /** 町域 without Japan Post's notes; '' when the code covers the whole city or "everything else". */
  town: string;
  /** Reading of the above in full-width katakana. */
  kana: string;
}

/** The file's bytes as text: UTF-8 when it decodes cleanly (utf_ken_all.csv), else Shift_JIS (KEN_ALL.CSV). */
export function decodeKenAll(bytes: Buffer): string {
  const utf8 = bytes.toString('utf8');
  // Shift_JIS as Windows writes it (CP932) maps 0x8160 to 「～」; Japan Post's UTF-8 file writes 「〜」.
  const text = utf8.includes('\uFFFD') ? iconv.decode(bytes, 'cp932').replace(/\uFF5E/g, '\u301C') : utf8;
  return text.replace(/^\uFEFF/, '');
}

/** Splits one CSV line (fields optionally in double quotes, "" for a quote). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          v += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else v += line[i++];
      }
      out.push(v);
      i = line.indexOf(',', i) < 0 ? line.length + 1 : line.indexOf(',', i) + 1;
    } else {
      const end = line.indexOf(',', i);
      out.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return out;
}

const opens = (s: string) => (s.match(/[（(]/g) ?? []).length;
const closes = (s: string) => (s.match(/[）)]/g) ?? []).length;

/** The records of the file with split 町域 rows joined (one record per postal code and 町域). */
export function* readKenAll(text: string): Generator<KenAllRecord> {
  let pending: KenAllRecord | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const c = splitCsvLine(line);
    if (c.length < 9 || !/^\d{7}$/.test(c[2]!)) continue;
    const rec: KenAllRecord = { localGovernmentCode: c[0]!, code: c[2]!, prefectureKana: c[3]!, cityKana: c[4]!, townKana: c[5]!, prefecture: c[6]!, city: c[7]!, town: c[8]!, columns: c };
    if (pending && pending.code === rec.code && opens(pending.town) > closes(pending.town)) {
      pending.town += rec.town;
      // The reading is repeated on every row of a split record in some editions and split in others.
      if (!pending.townKana.endsWith(rec.townKana)) pending.townKana += rec.townKana;
      pending.columns[5] = pending.townKana;
      pending.columns[8] = pending.town;
      continue;
    }
    if (pending) yield pending;
    pending = rec;
  }
  if (pending) yield pending;
}

/** Half-width katakana and ASCII to full width (NFKC), hiragana stays as it is. */
const wide = (s: string) => s.normalize('NFKC').replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

function cleanTown(town: string): string {
  if (town === '以下に掲載がない場合' || /の次に番地がくる場合$/.test(town)) return '';
  if (town.endsWith('一円') && town !== '一円') return '';
  return town
    .replace(/（([０-９0-9]+階)）/g, '$1')
    .replace(/（[^（）]*）/g, '')
    .replace(/（.*$/, '')
    .trim();
}

function cleanKana(kana: string, town: string): string {
  if (!town) return '';
  return wide(kana)
    .replace(/（[^（）]*）/g, '')
    .replace(/（.*$/, '')
    .trim();
}

/** The address a resident writes for this record. */
export function toPostalAddress(r: KenAllRecord): PostalAddress {
  const town = cleanTown(r.town);
  return { code: r.code, prefecture: r.prefecture, city: r.city, town, kana: `${wide(r.prefectureKana)}${wide(r.cityKana)}${cleanKana(r.townKana, town)}` };
}

/** Writes a record back in the utf_ken_all.csv column format (UTF-8, one line per record, split rows joined). */
export function formatKenAllLine(r: KenAllRecord): string {
  return r.columns.map((v, i) => (i === 0 || i >= 9 ? v : `"${v.replace(/"/g, '""')}"`)).join(',');
}
