/**
 * Accepts a PDF only when its content is one (never by name or the browser's claim) and it carries
 * nothing active: no JavaScript, no launch actions, no embedded files. Names are read after
 * undoing `#xx` escapes (`/J#61vaScript` is `/JavaScript`), and compressed object streams (where
 * PDF 1.5+ hides dictionaries) are inflated, within a size budget, and checked too.
 */
import zlib from 'node:zlib';

export type PdfCheck = { ok: true } | { ok: false; reason: 'type' | 'damaged' | 'active' };

/** PDF names that run code, open other programs or carry other files. */
const ACTIVE_NAMES = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'RichMedia', 'XFA']);

/** Inflated bytes looked at per file; a stream that would go past it makes the PDF refused (a zip bomb or worse). */
const INFLATE_BUDGET = 64 * 1024 * 1024;

const NAME = /\/((?:[^\s/<>[\](){}%#]|#[0-9A-Fa-f]{2})+)/g;

function hasActiveName(text: string): boolean {
  for (const m of text.matchAll(NAME)) {
    const name = m[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    if (ACTIVE_NAMES.has(name)) return true;
  }
  return false;
}

/** True when the bytes begin like a PDF (the check callers use to tell a PDF from an image). */
export const looksLikePdf = (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-';

export function checkPdf(b: Buffer): PdfCheck {
  if (!looksLikePdf(b)) return { ok: false, reason: 'type' };
  const text = b.toString('latin1');
  if (!text.includes('%%EOF')) return { ok: false, reason: 'damaged' };
  // Dictionaries outside streams are read as they are; a stream body is looked into only when it is
  // a Flate-compressed object stream, so random bytes in a font or picture never read as a name.
  const outside: string[] = [];
  let budget = INFLATE_BUDGET;
  let from = 0;
  const stream = /stream\r?\n/g;
  for (let m = stream.exec(text); m; m = stream.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    outside.push(text.slice(from, m.index));
    from = end;
    stream.lastIndex = end + 9;
    // Dictionaries can hide only in object streams; fonts and images are binary and never scanned.
    const head = text.slice(Math.max(0, text.lastIndexOf('obj', m.index)), m.index).replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    if (!/\/Type\s*\/ObjStm/.test(head) || !/\/FlateDecode/.test(head)) continue;
    let inflated: Buffer;
    try {
      inflated = zlib.inflateSync(b.subarray(start, end), { maxOutputLength: budget });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, reason: 'damaged' };
      continue; // a stream zlib cannot read cannot be read by a PDF viewer either
    }
    budget -= inflated.length;
    if (hasActiveName(inflated.toString('latin1'))) return { ok: false, reason: 'active' };
  }
  outside.push(text.slice(from));
  return hasActiveName(outside.join('\n')) ? { ok: false, reason: 'active' } : { ok: true };
}
