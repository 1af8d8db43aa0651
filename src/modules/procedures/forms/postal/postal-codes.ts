/**
 * Postal code → address, from data kept on this server (no network): the bundled
 * utf_ken_all.csv beside this file (the demo municipality and a few well-known codes), plus the
 * national file a municipality imports with `npm run postal:import` into DATA_DIR/postal/. The
 * index is built in memory on first use and kept for the life of the process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeDigits } from '../../../../platform/validation/index.ts';
import { readKenAll, toPostalAddress, type PostalAddress } from './ken-all.ts';

export const BUNDLED_POSTAL_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'utf_ken_all.csv');

/** Where `npm run postal:import` writes the national file for this installation. */
export const importedPostalFile = (dataDir: string) => path.join(dataDir, 'postal', 'utf_ken_all.csv');

export type PostalIndex = Map<string, PostalAddress[]>;

const indexes = new Map<string, PostalIndex>();

/** Builds the index from the given files' text (later files add to earlier ones; the same address is kept once). */
export function buildPostalIndex(texts: string[]): PostalIndex {
  const index: PostalIndex = new Map();
  for (const text of texts) {
    for (const record of readKenAll(text)) {
      const a = toPostalAddress(record);
      const list = index.get(a.code) ?? [];
      if (!list.some((x) => x.prefecture === a.prefecture && x.city === a.city && x.town === a.town)) list.push(a);
      index.set(a.code, list);
    }
  }
  return index;
}

/** The index for this installation (bundled data plus the imported national file, if any). */
export function postalIndex(dataDir: string): PostalIndex {
  let index = indexes.get(dataDir);
  if (!index) {
    const files = [BUNDLED_POSTAL_FILE, importedPostalFile(dataDir)].filter((f) => fs.existsSync(f));
    index = buildPostalIndex(files.map((f) => fs.readFileSync(f, 'utf8')));
    indexes.set(dataDir, index);
  }
  return index;
}

/** Forgets the cached index (after an import, in the same process). */
export function resetPostalIndex(): void {
  indexes.clear();
}

/** A postal code as residents type it (全角 digits, 〒, any hyphen) as 7 digits, or null. */
export function normalizePostalCode(input: string): string | null {
  const s = normalizeDigits(input).replace(/^〒/, '');
  return /^\d{7}$/.test(s) ? s : null;
}

/** What to fill in for a postal code: one address, or the common part when a code covers several 町域. */
export interface PostalLookup {
  code: string;
  /** 都道府県 + 市区町村 (+ 町域 when there is exactly one). */
  address: string;
  /** Every 町域 the code covers (several: the resident chooses by typing). */
  candidates: PostalAddress[];
}

export function lookupPostalCode(index: PostalIndex, input: string): PostalLookup | null {
  const code = normalizePostalCode(input);
  const found = code ? index.get(code) : undefined;
  if (!code || !found?.length) return null;
  const first = found[0]!;
  const sameCity = found.every((a) => a.prefecture === first.prefecture && a.city === first.city);
  const address = found.length === 1 ? `${first.prefecture}${first.city}${first.town}` : sameCity ? `${first.prefecture}${first.city}` : '';
  return { code, address, candidates: found };
}
