/** Upload checks: the type comes from the content, PDFs with active content are refused, images come back cleaned. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildJpeg, buildPdf, buildPng, gpsExifSegment } from '../../../test/support/images.ts';
import { checkPdf, inspectFile } from './index.ts';

test('a plain PDF is accepted as application/pdf and kept byte for byte', () => {
  const pdf = buildPdf();
  const r = inspectFile(pdf);
  assert.ok(r.ok);
  assert.equal(r.contentType, 'application/pdf');
  assert.deepEqual(r.content, pdf);
});

test('PDFs with JavaScript, launch actions or embedded files are refused, also when the name is escaped or compressed', () => {
  const cases = {
    javascript: buildPdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' }),
    shortJs: buildPdf({ catalogExtra: '/AA << /O << /S /JavaScript /JS 9 0 R >> >>' }),
    launch: buildPdf({ catalogExtra: '/OpenAction << /S /Launch /F (cmd.exe) >>' }),
    embedded: buildPdf({ catalogExtra: '/Names << /EmbeddedFiles << /Names [(a.exe) 9 0 R] >> >>' }),
    escapedName: buildPdf({ catalogExtra: '/OpenAction << /S /J#61vaScript /J#53 (x) >>' }),
    inObjectStream: buildPdf({ compressedObject: '9 0 << /S /JavaScript /JS (app.alert(1)) >>' }),
  };
  for (const [name, pdf] of Object.entries(cases)) assert.deepEqual(checkPdf(pdf), { ok: false, reason: 'active' }, name);
});

test('a PDF without %%EOF is damaged; text renamed to .pdf is not a PDF; kinds not accepted are refused', () => {
  assert.deepEqual(checkPdf(buildPdf().subarray(0, 200)), { ok: false, reason: 'damaged' });
  assert.deepEqual(inspectFile(Buffer.from('<html><script>alert(1)</script></html>')), { ok: false, reason: 'type' });
  assert.deepEqual(inspectFile(Buffer.from('MZ\x90\x00 an executable renamed to .pdf')), { ok: false, reason: 'type' });
  assert.deepEqual(inspectFile(buildPdf(), ['image']), { ok: false, reason: 'type' });
  assert.deepEqual(inspectFile(buildPng(2, 2), ['pdf']), { ok: false, reason: 'type' });
});

test('images are detected from their bytes and come back without metadata', () => {
  const jpeg = buildJpeg({ segments: [gpsExifSegment()] });
  const r = inspectFile(jpeg);
  assert.ok(r.ok);
  assert.equal(r.contentType, 'image/jpeg');
  assert.ok(!r.content.includes(Buffer.from('SecretCam')), 'camera metadata removed');
  const png = inspectFile(buildPng(3, 2));
  assert.ok(png.ok);
  assert.equal(png.contentType, 'image/png');
});
