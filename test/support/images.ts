/** Small but valid images and PDFs for tests of upload checks. */
import zlib from 'node:zlib';
/** A tiny but complete baseline JPEG (one grey 8×8 block, shown at width×height) with the given APPn/COM segments after SOI. */
export function buildJpeg(opts: { width?: number; height?: number; segments?: Buffer[]; trailer?: Buffer } = {}): Buffer {
  const seg = jpegSegment;
  const w = opts.width ?? 1;
  const h = opts.height ?? 1;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    ...(opts.segments ?? []),
    seg(0xdb, Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)])),
    seg(0xc0, Buffer.from([8, h >> 8, h & 0xff, w >> 8, w & 0xff, 1, 1, 0x11, 0])),
    // One DC code (category 0) and one AC code (end of block), each the 1-bit code "0".
    seg(0xc4, Buffer.concat([Buffer.from([0x00, 1]), Buffer.alloc(15), Buffer.from([0x00])])),
    seg(0xc4, Buffer.concat([Buffer.from([0x10, 1]), Buffer.alloc(15), Buffer.from([0x00])])),
    seg(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    Buffer.from([0x3f, 0xff, 0x00, 0x3f]),
    Buffer.from([0xff, 0xd9]),
    opts.trailer ?? Buffer.alloc(0),
  ]);
}

/** JPEG segment helper for buildJpeg. */
export function jpegSegment(marker: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
}

/** An APP1 EXIF segment as a phone writes it: camera make, orientation 6, and a GPS IFD at 34°36'N 133°46'E. */
export function gpsExifSegment(): Buffer {
  const t = Buffer.alloc(200);
  t.write('II', 0, 'latin1');
  t.writeUInt16LE(42, 2);
  t.writeUInt32LE(8, 4);
  // IFD0 at 8: Make (ASCII, at 100), Orientation = 6, GPSInfo → 50.
  t.writeUInt16LE(3, 8);
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    t.writeUInt16LE(tag, at);
    t.writeUInt16LE(type, at + 2);
    t.writeUInt32LE(count, at + 4);
    t.writeUInt32LE(value, at + 8);
  };
  entry(10, 0x010f, 2, 10, 100);
  entry(22, 0x0112, 3, 1, 6);
  entry(34, 0x8825, 4, 1, 50);
  t.writeUInt32LE(0, 46);
  // GPS IFD at 50: LatitudeRef "N", Latitude (3 rationals at 120), LongitudeRef "E", Longitude (at 144).
  t.writeUInt16LE(4, 50);
  entry(52, 1, 2, 2, 0x4e);
  entry(64, 2, 5, 3, 120);
  entry(76, 3, 2, 2, 0x45);
  entry(88, 4, 5, 3, 144);
  t.write('SecretCam\0', 100, 'latin1');
  [34, 1, 36, 1, 0, 1].forEach((v, i) => t.writeUInt32LE(v, 120 + i * 4));
  [133, 1, 46, 1, 0, 1].forEach((v, i) => t.writeUInt32LE(v, 144 + i * 4));
  return jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t.subarray(0, 168)]));
}

/** A PNG chunk with its length and CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A grey PNG of the given size with optional extra chunks before IDAT. */
export function buildPng(width: number, height: number, extra: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth; colour type 0 (grey)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...extra,
    pngChunk('IDAT', zlib.deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal one-page PDF; `catalogExtra` goes into the catalog dictionary (e.g. an /OpenAction). */
export function buildPdf(opts: { catalogExtra?: string; text?: string; compressedObject?: string } = {}): Buffer {
  const content = `BT /F1 12 Tf 72 720 Td (${opts.text ?? 'Passbook'}) Tj ET`;
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R ${opts.catalogExtra ?? ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  const parts: Buffer[] = objects.map((o, i) => Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1'));
  if (opts.compressedObject) {
    const packed = zlib.deflateSync(Buffer.from(opts.compressedObject, 'latin1'));
    parts.push(Buffer.concat([Buffer.from(`5 0 obj\n<< /Type /ObjStm /N 1 /First 0 /Filter /FlateDecode /Length ${packed.length} >>\nstream\n`, 'latin1'), packed, Buffer.from('\nendstream\nendobj\n', 'latin1')]));
  }
  return Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), ...parts, Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1')]);
}
