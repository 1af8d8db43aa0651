/**
 * Cleans uploaded photos before they are stored and published: the type is read from the content
 * (never the name), the dimensions from the image header, and everything that is not needed to draw
 * the picture is dropped — EXIF (GPS position, camera, time), XMP, IPTC/Photoshop, comments, PNG
 * text/eXIf/tIME chunks, WebP EXIF/XMP — by copying only the parts a decoder needs. Pixels are never
 * decoded or re-encoded, so no native image library is needed (docs/adr/0024).
 */

export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** Longest side and total pixels accepted: a modern phone photo fits, decompression bombs do not. */
export const PHOTO_MAX_SIDE = 8192;
export const PHOTO_MAX_PIXELS = 40_000_000;

export type CleanResult =
  | { ok: true; type: PhotoType; width: number; height: number; content: Buffer }
  | { ok: false; reason: 'type' | 'damaged' | 'dimensions'; width?: number; height?: number };

/** The image type by its first bytes (never by the name or the browser's claim), or null. */
export function sniffImageType(b: Buffer): PhotoType | null {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (b.length > 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

/** Returns the photo without metadata and its dimensions, or why it cannot be accepted. */
export function cleanPhoto(input: Buffer): CleanResult {
  const type = sniffImageType(input);
  if (!type) return { ok: false, reason: 'type' };
  const parsed = type === 'image/jpeg' ? cleanJpeg(input) : type === 'image/png' ? cleanPng(input) : cleanWebp(input);
  if (!parsed) return { ok: false, reason: 'damaged' };
  const { width, height, content } = parsed;
  if (width < 1 || height < 1) return { ok: false, reason: 'damaged' };
  if (width > PHOTO_MAX_SIDE || height > PHOTO_MAX_SIDE || width * height > PHOTO_MAX_PIXELS) return { ok: false, reason: 'dimensions', width, height };
  return { ok: true, type, width, height, content };
}

type Parsed = { width: number; height: number; content: Buffer } | null;

// --- JPEG -------------------------------------------------------------------------------------

/** Start-of-frame markers (C0–CF except DHT C4, JPG C8, DAC CC) carry the dimensions. */
const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Keeps SOI, the frame/table/scan segments and entropy-coded data up to EOI, APP0 JFIF, APP14
 * Adobe (colour transform) and APP2 ICC profiles; drops APP1 (EXIF, XMP), APP13 (IPTC), other
 * APPn, comments and anything after EOI. The EXIF orientation, if any, is kept in a minimal EXIF
 * segment holding only that tag, so phone photos are not shown sideways.
 */
function cleanJpeg(b: Buffer): Parsed {
  const out: Buffer[] = [b.subarray(0, 2)];
  let pos = 2;
  let width = 0;
  let height = 0;
  let orientation = 0;
  let sawScan = false;
  const extra: Buffer[] = [];
  while (pos < b.length) {
    if (b[pos] !== 0xff) return null;
    const marker = b[pos + 1];
    if (marker === undefined) return null;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      out.push(b.subarray(pos, pos + 2));
      if (!width || !sawScan) return null;
      const app = orientation > 1 && orientation <= 8 ? [orientationExif(orientation)] : [];
      // SOI, then the kept APP segments (JFIF first when present), then the rest.
      return { width, height, content: Buffer.concat([out[0]!, ...extra, ...app, ...out.slice(1)]) };
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(b.subarray(pos, pos + 2));
      pos += 2;
      continue;
    }
    if (pos + 4 > b.length) return null;
    const len = b.readUInt16BE(pos + 2);
    const end = pos + 2 + len;
    if (len < 2 || end > b.length) return null;
    const segment = b.subarray(pos, end);
    const payload = b.subarray(pos + 4, end);
    if (marker === 0xe1) {
      if (payload.subarray(0, 6).toString('latin1') === 'Exif\0\0') orientation = exifOrientation(payload.subarray(6)) || orientation;
    } else if (marker === 0xe0) {
      if (payload.subarray(0, 5).toString('latin1') === 'JFIF\0' && extra.length === 0) extra.push(jfifWithoutThumbnail(segment));
    } else if (marker === 0xe2) {
      if (payload.subarray(0, 12).toString('latin1') === 'ICC_PROFILE\0') out.push(segment);
    } else if (marker === 0xee) {
      if (payload.subarray(0, 5).toString('latin1') === 'Adobe') out.push(segment);
    } else if ((marker >= 0xe3 && marker <= 0xef) || marker === 0xfe) {
      // other APPn (APP13 IPTC/Photoshop, makers' notes) and comments: dropped
    } else {
      if (isSof(marker)) {
        if (len < 8) return null;
        height = b.readUInt16BE(pos + 5);
        width = b.readUInt16BE(pos + 7);
      }
      out.push(segment);
    }
    pos = end;
    if (marker === 0xda) {
      sawScan = true;
      // Entropy-coded data runs to the next marker that is neither a stuffed 00 nor a restart.
      let i = pos;
      for (;;) {
        i = b.indexOf(0xff, i);
        if (i < 0 || i + 1 >= b.length) return null;
        const next = b[i + 1]!;
        if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) break;
        i += 1;
      }
      out.push(b.subarray(pos, i));
      pos = i;
    }
  }
  return null;
}

/** APP0 JFIF carries an optional thumbnail; keep the header with a zero-sized one. */
function jfifWithoutThumbnail(segment: Buffer): Buffer {
  if (segment.length < 18) return segment;
  const head = Buffer.from(segment.subarray(0, 18));
  head.writeUInt16BE(16, 2);
  head[16] = 0;
  head[17] = 0;
  return head;
}

/** The Orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block, or 0. */
function exifOrientation(tiff: Buffer): number {
  if (tiff.length < 8) return 0;
  const order = tiff.subarray(0, 2).toString('latin1');
  if (order !== 'II' && order !== 'MM') return 0;
  const le = order === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 0;
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12;
    if (e + 12 > tiff.length) return 0;
    if (u16(e) === 0x0112 && u16(e + 2) === 3) return u16(e + 8);
  }
  return 0;
}

/** An APP1 EXIF segment holding only IFD0 with the Orientation tag. */
function orientationExif(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(2 + 6 + tiff.length, 2);
  return Buffer.concat([head, Buffer.from('Exif\0\0', 'latin1'), tiff]);
}

// --- PNG --------------------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Chunks a viewer needs to draw the image the same way; everything else (tEXt, zTXt, iTXt, eXIf, tIME, private chunks, animation) is dropped. */
const PNG_KEEP = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'pHYs', 'bKGD', 'cICP']);

function cleanPng(b: Buffer): Parsed {
  const out: Buffer[] = [PNG_SIGNATURE];
  let pos = 8;
  let width = 0;
  let height = 0;
  let first = true;
  while (pos + 12 <= b.length) {
    const len = b.readUInt32BE(pos);
    const type = b.subarray(pos + 4, pos + 8).toString('latin1');
    const end = pos + 12 + len;
    if (!/^[A-Za-z]{4}$/.test(type) || end > b.length) return null;
    if (first) {
      if (type !== 'IHDR' || len !== 13) return null;
      width = b.readUInt32BE(pos + 8);
      height = b.readUInt32BE(pos + 12);
      first = false;
    }
    const critical = type.charCodeAt(0) < 0x61;
    if (PNG_KEEP.has(type)) out.push(b.subarray(pos, end));
    else if (critical) return null; // an unknown critical chunk: not a PNG a browser can show
    pos = end;
    if (type === 'IEND') return out.length > 2 ? { width, height, content: Buffer.concat(out) } : null;
  }
  return null;
}

// --- WebP -------------------------------------------------------------------------------------

/** Keeps the image chunks (VP8, VP8L, VP8X, ALPH, ANIM, ANMF, ICCP); drops EXIF and XMP and clears their VP8X flags. */
function cleanWebp(b: Buffer): Parsed {
  const riffEnd = Math.min(b.length, 8 + b.readUInt32LE(4));
  const out: Buffer[] = [];
  let pos = 12;
  let width = 0;
  let height = 0;
  while (pos + 8 <= riffEnd) {
    const fourcc = b.subarray(pos, pos + 4).toString('latin1');
    const len = b.readUInt32LE(pos + 4);
    const end = pos + 8 + len + (len % 2);
    if (pos + 8 + len > riffEnd) return null;
    const data = b.subarray(pos + 8, pos + 8 + len);
    if (fourcc === 'VP8X') {
      if (len < 10) return null;
      const chunk = Buffer.from(b.subarray(pos, Math.min(end, riffEnd)));
      chunk[8] = chunk[8]! & ~(0x08 | 0x04); // EXIF and XMP flags
      width = data.readUIntLE(4, 3) + 1;
      height = data.readUIntLE(7, 3) + 1;
      out.push(chunk);
    } else if (fourcc === 'VP8 ') {
      if (len < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) return null;
      if (!width) {
        width = data.readUInt16LE(6) & 0x3fff;
        height = data.readUInt16LE(8) & 0x3fff;
      }
      out.push(b.subarray(pos, Math.min(end, riffEnd)));
    } else if (fourcc === 'VP8L') {
      if (len < 5 || data[0] !== 0x2f) return null;
      if (!width) {
        const bits = data.readUInt32LE(1);
        width = (bits & 0x3fff) + 1;
        height = ((bits >>> 14) & 0x3fff) + 1;
      }
      out.push(b.subarray(pos, Math.min(end, riffEnd)));
    } else if (fourcc === 'ALPH' || fourcc === 'ANIM' || fourcc === 'ANMF' || fourcc === 'ICCP') {
      out.push(b.subarray(pos, Math.min(end, riffEnd)));
    }
    pos = end;
  }
  if (!width) return null;
  const body = Buffer.concat(out);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return { width, height, content: Buffer.concat([head, body]) };
}
