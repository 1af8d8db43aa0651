/** Managers publish datasets with files, upload hazard layers; administrators choose the base map. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import { upload } from '../testkit.ts';

let p: TestPlatform;
let t: TestTenant;
let manager: TestClient;

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  manager = t.client();
  await signInStaff(manager, await buildStaff(p, t, { roles: [{ role: 'manager', departmentId: null }] }));
});
after(() => p.stop());

test('a manager publishes a dataset with metadata and a CSV; it is searchable and in the CKAN API', async () => {
  const bad = await manager.post('/staff/opendata/datasets', { name: 'Bad Name!', titleJa: '', licenseId: 'cc-by-4.0', updateFrequency: 'annual' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /「URL名」は英小文字・数字/);
  assert.match(bad.text, /「タイトル（日本語）」を入力してください/);
  const created = await manager.post('/staff/opendata/datasets', { name: 'budget-2026', titleJa: '令和8年度 予算の概要', titleEn: 'Budget FY2026', notesJa: '一般会計の款別予算', tags: '予算、財政', 'group-administration': '1', licenseId: 'cc-by-4.0', updateFrequency: 'annual', departmentId: '' });
  assert.equal(created.status, 303);
  const page = created.location!.split('?')[0]!;
  const taken = await manager.post('/staff/opendata/datasets', { name: 'budget-2026', titleJa: '重複', licenseId: 'cc-by-4.0', updateFrequency: 'annual' });
  assert.match(taken.text, /このURL名はすでに使われています/);
  const wrong = await upload(manager, `${page}/resources`, { name: 'budget.pdf', content: Buffer.from('款,金額\n総務費,100\n') });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /拡張子と中身が一致/);
  const ok = await upload(manager, `${page}/resources`, { name: 'budget.csv', content: Buffer.from('款,金額\n総務費,100\n') }, { resourceNameJa: '款別予算' });
  assert.equal(ok.status, 303);
  const search = await t.client().api('GET', `/api/3/action/package_search?q=${encodeURIComponent('よさん')}`);
  assert.equal(search.json().result.count, 0, 'kanji titles are not found by their reading (no dictionary)');
  const byWord = await t.client().api('GET', `/api/3/action/package_search?q=${encodeURIComponent('予算')}&fq=groups:administration`);
  assert.equal(byWord.json().result.results[0].name, 'budget-2026');
  assert.equal(byWord.json().result.results[0].resources[0].format, 'CSV');
  const pub = await t.client().get('/opendata/datasets/budget-2026');
  assert.match(pub.text, /総務費/);
  const clerk = t.client();
  await signInStaff(clerk, await buildStaff(p, t));
  assert.equal((await clerk.get('/staff/opendata/datasets')).status, 403);
});

test('hazard layers: bad GeoJSON is refused with a reason; a good one appears on the map with its legend', async () => {
  const notJson = await upload(manager, '/staff/opendata/hazards', { name: 'x.geojson', content: Buffer.from('{oops') }, { nameJa: '浸水想定', hazard: 'flood' });
  assert.equal(notJson.status, 400);
  assert.match(notJson.text, /GeoJSONとして読めません/);
  const swapped = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[34.6, 133.7], [34.7, 133.7], [34.7, 133.8], [34.6, 133.7]]] } }] };
  const outside = await upload(manager, '/staff/opendata/hazards', { name: 'x.geojson', content: Buffer.from(JSON.stringify(swapped)) }, { nameJa: '浸水想定', hazard: 'flood' });
  assert.match(outside.text, /1番目の区域: 座標が日本の範囲外です/);
  const point = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [133.7, 34.6] } }] };
  assert.match((await upload(manager, '/staff/opendata/hazards', { name: 'x.geojson', content: Buffer.from(JSON.stringify(point)) }, { nameJa: 'x', hazard: 'flood' })).text, /Polygon か MultiPolygon/);
  const good = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { 区分: '土砂災害警戒区域' }, geometry: { type: 'Polygon', coordinates: [[[133.7, 34.6], [133.71, 34.6], [133.71, 34.61], [133.7, 34.6]]] } },
      { type: 'Feature', properties: { 区分: '土砂災害特別警戒区域' }, geometry: { type: 'MultiPolygon', coordinates: [[[[133.72, 34.6], [133.73, 34.6], [133.73, 34.61], [133.72, 34.6]]]] } },
    ],
  };
  const added = await upload(manager, '/staff/opendata/hazards', { name: 'dosha.geojson', content: Buffer.from(JSON.stringify(good)) }, { nameJa: '土砂災害警戒区域', hazard: 'landslide', classProperty: '区分' });
  assert.equal(added.status, 303);
  const map = await t.client().get('/map');
  assert.match(map.text, /土砂災害警戒区域/);
  assert.match(map.text, /土砂災害特別警戒区域/);
  const id = /\/map\/hazards\/([0-9a-f-]{36})\.geojson/.exec(map.text)![1]!;
  const geo = await t.client().get(`/map/hazards/${id}.geojson`);
  assert.equal(JSON.parse(geo.text).features.length, 2);
  const other = await buildTenant(p);
  assert.equal((await other.client().get(`/map/hazards/${id}.geojson`)).status, 404);
});

test('only administrators set the base map; the URL must be an https tile template', async () => {
  assert.equal((await manager.get('/staff/opendata/map-settings')).status, 403);
  const admin = t.client();
  await signInStaff(admin, await buildStaff(p, t, { roles: [{ role: 'admin', departmentId: null }] }));
  const bad = await admin.post('/staff/opendata/map-settings', { tileUrl: 'http://tiles.example/{z}/{x}/{y}.png', attribution: 'x' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /https:\/\/ で始まり/);
  assert.equal((await admin.post('/staff/opendata/map-settings', { tileUrl: 'https://tiles.example.jp/{z}/{x}/{y}.png', attribution: '市の地図' })).status, 303);
  const map = await t.client().get('/map');
  assert.match(map.headers['content-security-policy'] as string, /img-src 'self' data: https:\/\/tiles\.example\.jp/);
  const data = await t.client().get('/map/data.json');
  assert.equal(data.json().tiles.url, 'https://tiles.example.jp/{z}/{x}/{y}.png');
});
