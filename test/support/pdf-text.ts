/**
 * Reads the text back out of a PDF the way a viewer's copy-and-paste does: inflates each page's
 * content streams, follows the font selected by `Tf`, and maps the glyph ids shown by Tj / TJ
 * through that font's ToUnicode CMap. Enough for the files pdfkit writes (Identity-H fonts with
 * 2-byte glyph ids); it proves that what the reader sees maps back to the exact characters,
 * surrogate pairs included. Each text object (one line in pdfkit's output) becomes one line.
 */
import zlib from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endobj', start);
    const body = s.slice(start, end);
    const streamAt = body.indexOf('stream');
    let stream: Buffer | null = null;
    let dict = body;
    if (streamAt >= 0 && /^stream\r?\n/.test(body.slice(streamAt))) {
      dict = body.slice(0, streamAt);
      const dataStart = start + streamAt + (body.slice(streamAt).startsWith('stream\r\n') ? 8 : 7);
      const length = /\/Length (\d+)/.exec(dict);
      const raw = pdf.subarray(dataStart, length ? dataStart + Number(length[1]) : start + body.lastIndexOf('endstream'));
      stream = /\/FlateDecode/.test(dict) ? zlib.inflateSync(raw) : raw;
    }
    out.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return out;
}

const hexToString = (hex: string) => {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
};

/** Glyph id → text, from bfchar and bfrange sections of a ToUnicode CMap. */
function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const e of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]+)>/g)) map.set(parseInt(e[1]!, 16), hexToString(e[2]!.replace(/\s/g, '')));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const e of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]+>)/g)) {
      const lo = parseInt(e[1]!, 16);
      const hi = parseInt(e[2]!, 16);
      const dst = e[3]!;
      if (dst.startsWith('[')) {
        const items = [...dst.matchAll(/<([0-9a-fA-F\s]+)>/g)].map((x) => hexToString(x[1]!.replace(/\s/g, '')));
        items.forEach((text, i) => map.set(lo + i, text));
      } else {
        const base = hexToString(dst.slice(1, -1).replace(/\s/g, ''));
        for (let g = lo; g <= hi; g++) map.set(g, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (g - lo)));
      }
    }
  }
  return map;
}

export interface PdfText {
  /** Text of each page, in page order; one line per text object. */
  pages: string[];
  /** Glyph ids shown that have no ToUnicode entry (should be none). */
  unmapped: number;
}

export function extractPdfText(pdf: Buffer): PdfText {
  const objects = parseObjects(pdf);
  const ref = (dict: string, key: string) => {
    const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
    return m ? Number(m[1]) : null;
  };
  // Font resource name (F1, F2 …) → CMap. pdfkit names each font once for the whole document.
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objects.values())
    for (const m of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objects.get(Number(m[2]));
      const cmapRef = font ? ref(font.dict, 'ToUnicode') : null;
      const cmap = cmapRef !== null ? objects.get(cmapRef)?.stream : null;
      if (cmap) fonts.set(m[1]!, parseCMap(cmap.toString('latin1')));
    }
  const catalog = [...objects.values()].find((o) => /\/Type \/Catalog/.test(o.dict))!;
  const pagesRoot = objects.get(ref(catalog.dict, 'Pages')!)!;
  const kids = [...(/\/Kids \[([^\]]*)\]/.exec(pagesRoot.dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((k) => Number(k[1]));
  let unmapped = 0;
  const pages = kids.map((id) => {
    const page = objects.get(id)!;
    const contents = /\/Contents \[([^\]]*)\]/.exec(page.dict)?.[1] ?? String(ref(page.dict, 'Contents') ?? '');
    const streams = [...contents.matchAll(/(\d+)(?: 0 R)?/g)].map((c) => objects.get(Number(c[1]))?.stream?.toString('latin1') ?? '');
    const lines: string[] = [];
    let font: Map<number, string> | undefined;
    for (const content of streams)
      for (const bt of content.matchAll(/BT([\s\S]*?)ET/g)) {
        let line = '';
        for (const op of bt[1]!.matchAll(/\/(F\d+) [\d.]+ Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
          if (op[1]) {
            font = fonts.get(op[1]);
            continue;
          }
          const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!) : [op[3]!];
          for (const hex of hexes)
            for (let i = 0; i + 4 <= hex.length; i += 4) {
              const text = font?.get(parseInt(hex.slice(i, i + 4), 16));
              if (text === undefined) unmapped++;
              else line += text;
            }
        }
        lines.push(line);
      }
    return lines.join('\n');
  });
  return { pages, unmapped };
}

/** All text of the PDF with line breaks removed, for asserting on phrases that may wrap. */
export function pdfPlainText(pdf: Buffer): string {
  return extractPdfText(pdf).pages.join('').replace(/\n/g, '');
}
