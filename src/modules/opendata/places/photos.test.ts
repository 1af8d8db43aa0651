/** Photos through the staff page: stored and served without location data; pretenders and giants get a clear message. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestClient } from '../../../../test/support/client.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { buildJpeg, gpsExifSegment } from '../../../../test/support/images.ts';
import { upload } from '../testkit.ts';

let p: TestPlatform;
let t: TestTenant;
let staff: TestClient;
let placePath: string;

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  staff = t.client();
  await signInStaff(staff, await buildStaff(p, t));
  const created = await staff.post('/staff/places/toilet', { ID: 'T1', 名称: '駅前トイレ', 緯度: '34.6', 経度: '133.7' });
  assert.equal(created.status, 303);
  placePath = new URL(created.location!, 'http://x').pathname;
});
after(() => p.stop());

const GPS_LATITUDE = Buffer.from([34, 0, 0, 0, 1, 0, 0, 0, 36, 0, 0, 0, 1, 0, 0, 0]);

test('a phone photo with GPS EXIF is stored and served without it; the audit notes the removal', async () => {
  const photo = buildJpeg({ width: 1200, height: 900, segments: [gpsExifSegment()] });
  assert.ok(photo.includes(GPS_LATITUDE));
  const r = await upload(staff, `${placePath}/photos`, { name: 'IMG_0001.JPG', content: photo, type: 'image/jpeg', field: 'photo' }, { altJa: '駅前トイレの入口', altEn: 'Entrance' });
  assert.equal(r.status, 303);
  const [row] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ id: string; place_id: string; content: Uint8Array; content_type: string }>('SELECT id, place_id, content, content_type FROM place_photos'));
  const stored = Buffer.from(row!.content);
  assert.equal(row!.content_type, 'image/jpeg');
  assert.ok(!stored.includes(GPS_LATITUDE), 'no GPS latitude in the stored bytes');
  assert.ok(!stored.includes(Buffer.from('SecretCam')), 'no camera make');
  assert.ok(stored.length < photo.length);
  const served = await t.client().raw('GET', `/places/${row!.place_id}/photos/${row!.id}`);
  assert.equal(served.status, 200);
  assert.equal(served.headers['content-type'], 'image/jpeg');
  assert.ok(!served.text.includes('SecretCam'));
  const [entry] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ details: Record<string, unknown> }>("SELECT details FROM audit_log WHERE action = 'place.photo.add'"));
  assert.equal(entry!.details['width'], 1200);
  assert.ok((entry!.details['removedBytes'] as number) > 0);
});

test('a file that is not really an image is refused whatever its name, in both languages', async () => {
  const r = await upload(staff, `${placePath}/photos`, { name: 'photo.jpg', content: Buffer.from('<html><script>alert(1)</script></html>'), type: 'image/jpeg', field: 'photo' }, { altJa: '説明' });
  assert.equal(r.status, 400);
  assert.match(r.text, /写真はJPEG・PNG・WebPのいずれかにしてください/);
  const truncated = buildJpeg().subarray(0, 30);
  const damaged = await upload(staff, `${placePath}/photos`, { name: 'a.jpg', content: truncated, field: 'photo' }, { altJa: '説明' });
  assert.equal(damaged.status, 400);
  assert.match(damaged.text, /壊れているか/);
  staff.cookies.set('yakuba-lang', 'en');
  try {
    const english = await upload(staff, `${placePath}/photos`, { name: 'photo.png', content: Buffer.from('%PDF-1.7'), field: 'photo' }, { altJa: '説明' });
    assert.match(english.text, /Photos must be JPEG, PNG or WebP \(judged by the file content/);
  } finally {
    staff.cookies.delete('yakuba-lang');
  }
});

test('an image over the dimension cap gets its size and the limit in the message; nothing is stored', async () => {
  const before = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM place_photos'));
  const r = await upload(staff, `${placePath}/photos`, { name: 'pano.jpg', content: buildJpeg({ width: 20000, height: 3000 }), field: 'photo' }, { altJa: 'パノラマ' });
  assert.equal(r.status, 400);
  assert.match(r.text, /20000×3000ピクセル/);
  assert.match(r.text, /8192ピクセル以下/);
  staff.cookies.set('yakuba-lang', 'en');
  try {
    const english = await upload(staff, `${placePath}/photos`, { name: 'pano.jpg', content: buildJpeg({ width: 20000, height: 3000 }), field: 'photo' }, { altJa: 'パノラマ' });
    assert.match(english.text, /The photo is too large \(20000×3000 pixels\)\. Reduce it to at most 8192 pixels on the longer side and 40 megapixels/);
  } finally {
    staff.cookies.delete('yakuba-lang');
  }
  const afterCount = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM place_photos'));
  assert.equal(afterCount[0]!.n, before[0]!.n);
});
