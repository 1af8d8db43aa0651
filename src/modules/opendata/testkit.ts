/** Helpers for this module's tests (never imported by product code). */
/** The parts of test/support/client.ts's TestClient this needs (product code may not import tests). */
interface Client {
  csrf(): Promise<string>;
  raw(method: string, path: string, body?: Buffer, headers?: Record<string, string>): Promise<{ status: number; text: string; location: string | undefined }>;
}

/** Posts a multipart form with one file, as a browser's file upload does (CSRF field included). */
export async function upload(client: Client, path: string, file: { name: string; content: Buffer; type?: string; field?: string }, fields: Record<string, string> = {}) {
  const boundary = `----yakuba${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: await client.csrf(), ...fields })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return client.raw('POST', path, Buffer.concat(parts), { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

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
