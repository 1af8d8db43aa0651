/** Photo cleaning: metadata is removed, the picture's own bytes are kept, pretenders and giants are refused. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildJpeg, buildPng, gpsExifSegment, jpegSegment, pngChunk } from '../../../test/support/images.ts';
import { cleanPhoto, PHOTO_MAX_SIDE } from './image-clean.ts';

const latin = (s: string) => Buffer.from(s, 'latin1');
const GPS_LATITUDE = Buffer.from([34, 0, 0, 0, 1, 0, 0, 0, 36, 0, 0, 0, 1, 0, 0, 0]);

test('a JPEG loses EXIF (GPS, camera), XMP, IPTC, comments and trailing data; the frame and scan stay byte for byte; orientation survives', () => {
  const xmp = jpegSegment(0xe1, latin('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>34,36N</exif:GPSLatitude></x:xmpmeta>'));
  const iptc = jpegSegment(0xed, latin('Photoshop 3.0\x008BIM\x04\x04\0\0\0\0\0\x0c\x1c\x02\x5a\0\x08Minatono'));
  const comment = jpegSegment(0xfe, latin('taken at home of Mr. Example'));
  const jfif = jpegSegment(0xe0, Buffer.concat([latin('JFIF\0'), Buffer.from([1, 1, 0, 0, 72, 0, 72, 0, 0])]));
  const input = buildJpeg({ width: 4000, height: 3000, segments: [jfif, gpsExifSegment(), xmp, iptc, comment], trailer: latin('appended secret') });
  assert.ok(input.includes(GPS_LATITUDE) && input.includes(latin('SecretCam')));

  const r = cleanPhoto(input);
  assert.ok(r.ok);
  assert.equal(r.type, 'image/jpeg');
  assert.deepEqual([r.width, r.height], [4000, 3000]);
  for (const secret of [GPS_LATITUDE, latin('SecretCam'), latin('xmpmeta'), latin('GPSLatitude'), latin('Photoshop'), latin('Minatono'), latin('Mr. Example'), latin('appended secret')]) {
    assert.ok(!r.content.includes(secret), `removed: ${secret.toString('latin1')}`);
  }
  const bare = buildJpeg({ width: 4000, height: 3000 });
  assert.ok(r.content.subarray(0, 2).equals(bare.subarray(0, 2)));
  assert.ok(r.content.subarray(2, 2 + jfif.length).equals(jfif), 'JFIF header first');
  const exif = r.content.subarray(2 + jfif.length, 2 + jfif.length + 36);
  assert.equal(exif.readUInt16BE(0), 0xffe1);
  assert.equal(exif.subarray(4, 10).toString('latin1'), 'Exif\0\0');
  const tiff = exif.subarray(10);
  assert.equal(tiff.readUInt16BE(8), 1, 'IFD0 has one entry');
  assert.deepEqual([tiff.readUInt16BE(10), tiff.readUInt16BE(18)], [0x0112, 6], 'the orientation, value 6');
  assert.ok(r.content.subarray(2 + jfif.length + 36).equals(bare.subarray(2)), 'tables, frame, scan and EOI unchanged');
  const again = cleanPhoto(r.content);
  assert.ok(again.ok && again.content.equals(r.content), 'cleaning is idempotent');
});

test('PNG text, eXIf and time chunks are dropped; drawing chunks are kept', () => {
  const input = buildPng(3, 2, [
    pngChunk('tEXt', latin('Comment\0GPS 34.6N 133.7E')),
    pngChunk('iTXt', latin('XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>')),
    pngChunk('eXIf', gpsExifSegment().subarray(10)),
    pngChunk('tIME', Buffer.from([7, 234, 11, 24, 8, 0, 0])),
    pngChunk('pHYs', Buffer.from([0, 0, 11, 19, 0, 0, 11, 19, 1])),
  ]);
  const r = cleanPhoto(input);
  assert.ok(r.ok);
  assert.deepEqual([r.type, r.width, r.height], ['image/png', 3, 2]);
  for (const gone of ['tEXt', 'iTXt', 'eXIf', 'tIME', 'GPS', 'xmpmeta', 'SecretCam']) assert.ok(!r.content.includes(latin(gone)), gone);
  for (const kept of ['IHDR', 'pHYs', 'IDAT', 'IEND']) assert.ok(r.content.includes(latin(kept)), kept);
  assert.ok(!r.content.includes(GPS_LATITUDE));
});

test('WebP EXIF and XMP chunks are dropped and their VP8X flags cleared', () => {
  const chunk = (id: string, data: Buffer) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(data.length, 4);
    return Buffer.concat([h, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x08 | 0x04;
  vp8x.writeUIntLE(639, 4, 3);
  vp8x.writeUIntLE(479, 7, 3);
  const vp8l = Buffer.alloc(5);
  vp8l[0] = 0x2f;
  vp8l.writeUInt32LE(639 | (479 << 14), 1);
  const body = Buffer.concat([chunk('VP8X', vp8x), chunk('VP8L', vp8l), chunk('EXIF', gpsExifSegment().subarray(10)), chunk('XMP ', latin('<x:xmpmeta>GPS</x:xmpmeta>'))]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  const r = cleanPhoto(Buffer.concat([head, body]));
  assert.ok(r.ok);
  assert.deepEqual([r.type, r.width, r.height], ['image/webp', 640, 480]);
  assert.ok(!r.content.includes(latin('EXIF')) && !r.content.includes(latin('xmpmeta')) && !r.content.includes(GPS_LATITUDE));
  assert.equal(r.content[20]! & 0x0c, 0, 'EXIF/XMP flags cleared');
  assert.equal(r.content.readUInt32LE(4), r.content.length - 8, 'RIFF size matches');
});

test('content decides the type: text, HTML or a PDF named .jpg are refused; damaged images too', () => {
  assert.deepEqual(cleanPhoto(latin('<svg onload=alert(1)>')), { ok: false, reason: 'type' });
  assert.deepEqual(cleanPhoto(latin('%PDF-1.7 …')), { ok: false, reason: 'type' });
  assert.deepEqual(cleanPhoto(Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0])), { ok: false, reason: 'type' }, 'GIF is not accepted');
  const jpeg = buildJpeg();
  assert.deepEqual(cleanPhoto(jpeg.subarray(0, jpeg.length - 8)), { ok: false, reason: 'damaged' }, 'truncated JPEG');
  assert.deepEqual(cleanPhoto(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), latin('not really a jpeg at all')])), { ok: false, reason: 'damaged' });
  const png = buildPng(1, 1);
  assert.deepEqual(cleanPhoto(png.subarray(0, png.length - 12)), { ok: false, reason: 'damaged' }, 'PNG without IEND');
  assert.deepEqual(cleanPhoto(buildPng(1, 1, [pngChunk('ZZZZ', Buffer.alloc(1))])), { ok: false, reason: 'damaged' }, 'unknown critical chunk');
});

test('dimensions are capped on each side and in total pixels', () => {
  assert.ok(cleanPhoto(buildJpeg({ width: PHOTO_MAX_SIDE, height: 4000 })).ok);
  assert.deepEqual(cleanPhoto(buildJpeg({ width: PHOTO_MAX_SIDE + 1, height: 10 })), { ok: false, reason: 'dimensions', width: PHOTO_MAX_SIDE + 1, height: 10 });
  assert.deepEqual(cleanPhoto(buildPng(7000, 7000)), { ok: false, reason: 'dimensions', width: 7000, height: 7000 });
  assert.deepEqual(cleanPhoto(buildJpeg({ width: 0, height: 10 })), { ok: false, reason: 'damaged' });
});
