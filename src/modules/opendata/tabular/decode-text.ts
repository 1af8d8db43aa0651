/**
 * Character-encoding detection for uploaded CSV files. Files in the wild come as UTF-8, UTF-8 with
 * a BOM, Shift_JIS (Windows-31J / cp932, Excel's "CSV" on Japanese Windows) and UTF-16 (Excel's
 * "Unicode text"). Detection: a BOM decides; otherwise NUL-byte patterns reveal UTF-16; otherwise
 * strict UTF-8, then strict Shift_JIS (the WHATWG decoder, which includes the cp932 extensions such
 * as ① and ㈱). Strict decoding fails on any invalid sequence, so a file never imports as mojibake.
 */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'shift_jis' | 'utf-16le' | 'utf-16be';

export type DecodeResult = { ok: true; text: string; encoding: TextEncodingName } | { ok: false; reason: 'undetectable' | 'binary' };

export const encodingLabels: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 (BOM)',
  shift_jis: 'Shift_JIS',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

function strict(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  // ASCII-heavy text (commas, digits, newlines) in UTF-16 has a zero in one half of most pairs.
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * EUC-JP bytes are mostly valid Shift_JIS too, decoding to half-width katakana (ｱ-ﾟ). Such text
 * that also reads as EUC-JP is EUC-JP, an encoding we do not import.
 */
function shiftJisUnlessEucJp(bytes: Uint8Array): string | null {
  const text = strict('shift_jis', bytes);
  if (text === null) return null;
  const nonAscii = text.match(/[^\u0000-\u007f]/g)?.length ?? 0;
  const halfKana = text.match(/[\uff61-\uff9f]/g)?.length ?? 0;
  if (nonAscii > 0 && halfKana / nonAscii > 0.5 && strict('euc-jp', bytes) !== null) return null;
  return text;
}

export function decodeText(bytes: Uint8Array): DecodeResult {
  let result: { text: string | null; encoding: TextEncodingName };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) result = { text: strict('utf-8', bytes.subarray(3)), encoding: 'utf-8-bom' };
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) result = { text: strict('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) result = { text: strict('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
  else {
    const utf16 = utf16WithoutBom(bytes);
    if (utf16) result = { text: strict(utf16, bytes), encoding: utf16 };
    else {
      const utf8 = strict('utf-8', bytes);
      result = utf8 !== null ? { text: utf8, encoding: 'utf-8' } : { text: shiftJisUnlessEucJp(bytes), encoding: 'shift_jis' };
    }
  }
  if (result.text === null) return { ok: false, reason: 'undetectable' };
  const head = result.text.slice(0, 65536);
  // ESC sequences: ISO-2022-JP (JIS), which decodes as 7-bit "UTF-8" but is not readable as such.
  if (head.includes('\u001b')) return { ok: false, reason: 'undetectable' };
  // NUL or other C0 controls (besides tab and line breaks) mean this is not a text file at all.
  if (/[\u0000-\u0008\u000E-\u001F]/.test(head)) return { ok: false, reason: 'binary' };
  return { ok: true, text: result.text, encoding: result.encoding };
}
