/** Managers edit a hazard layer's name and legend and hide/show it without deleting it; every change is audited. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestClient } from '../../../../test/support/client.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { upload } from '../testkit.ts';

let p: TestPlatform;
let t: TestTenant;
let manager: TestClient;
let id: string;

const square = (lon: number) => [[[lon, 34.6], [lon + 0.01, 34.6], [lon + 0.01, 34.61], [lon, 34.6]]];
const FLOOD = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { 浸水深: '1' }, geometry: { type: 'Polygon', coordinates: square(133.7) } },
    { type: 'Feature', properties: { 浸水深: '2' }, geometry: { type: 'Polygon', coordinates: square(133.72) } },
  ],
};

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  manager = t.client();
  await signInStaff(manager, await buildStaff(p, t, { roles: [{ role: 'manager', departmentId: null }] }));
  const added = await upload(manager, '/staff/opendata/hazards', { name: 'flood.geojson', content: Buffer.from(JSON.stringify(FLOOD)) }, { nameJa: '洪水浸水想定区域', hazard: 'flood', classProperty: '浸水深' });
  assert.equal(added.status, 303);
  id = (await withTenant(p.deps.db, t.code, (tx) => tx.query<{ id: string }>('SELECT id FROM hazard_layers')))[0]!.id;
});
after(() => p.stop());

const audits = (action: string) =>
  withTenant(p.deps.db, t.code, (tx) => tx.query<{ details: Record<string, any> }>('SELECT details FROM audit_log WHERE action = $1 ORDER BY seq', [action]));

test('name, hazard, source and legend labels/colours change; the areas and class values do not; the map follows', async () => {
  const form = await manager.get(`/staff/opendata/hazards/${id}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /name="legend\.0\.color"[^>]*value="#f7f5a9"|value="#f7f5a9"[^>]*name="legend\.0\.color"/);
  const saved = await manager.post(`/staff/opendata/hazards/${id}`, {
    nameJa: '〇〇川 洪水浸水想定区域（想定最大規模）',
    nameEn: 'Flood zones',
    hazard: 'flood',
    sourceJa: '〇〇県',
    'legend.0.color': '#FFEEAA',
    'legend.0.label': '0.5m未満',
    'legend.1.color': '#ff0000',
    'legend.1.label': '',
    'legend.0.value': 'forged',
  });
  assert.equal(saved.status, 303);
  const map = await t.client().get('/map');
  assert.match(map.text, /〇〇川 洪水浸水想定区域（想定最大規模）/);
  assert.match(map.text, /0\.5m未満/);
  const data = (await t.client().get('/map/data.json')).json();
  assert.deepEqual(data.hazards[0].legend, [{ value: '1', color: '#ffeeaa', label: '0.5m未満' }, { value: '2', color: '#ff0000' }], 'class values kept, colour lower-cased');
  const geo = JSON.parse((await t.client().get(`/map/hazards/${id}.geojson`)).text);
  assert.deepEqual(geo.features.map((f: any) => f.properties['浸水深']), ['1', '2']);
  const [entry] = await audits('hazard_layer.update');
  assert.deepEqual(entry!.details['changes'].nameJa, { from: '洪水浸水想定区域', to: '〇〇川 洪水浸水想定区域（想定最大規模）' });
  assert.equal(entry!.details['changes'].legend.to[0].color, '#ffeeaa');
  assert.equal(entry!.details['changes'].hazard, undefined, 'unchanged fields are not listed');
});

test('bad input is named per field in both languages and nothing is saved', async () => {
  const r = await manager.post(`/staff/opendata/hazards/${id}`, { nameJa: '', nameEn: '', hazard: 'flood', sourceJa: '', 'legend.0.color': 'red', 'legend.0.label': 'x', 'legend.1.color': '#000000', 'legend.1.label': '' });
  assert.equal(r.status, 400);
  assert.match(r.text, /「図層の名前（日本語）」を入力してください/);
  assert.match(r.text, /「区分『1』の色」は #RRGGBB 形式/);
  manager.cookies.set('yakuba-lang', 'en');
  try {
    const en = await manager.post(`/staff/opendata/hazards/${id}`, { nameJa: 'x', hazard: 'flood', 'legend.0.color': 'javascript:alert(1)', 'legend.1.color': '#000000' });
    assert.match(en.text, /Colour of “1” must be a colour like #ffb7b7/);
  } finally {
    manager.cookies.delete('yakuba-lang');
  }
  const [row] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ name_ja: string }>('SELECT name_ja FROM hazard_layers WHERE id = $1', [id]));
  assert.equal(row!.name_ja, '〇〇川 洪水浸水想定区域（想定最大規模）');
});

test('hiding keeps the layer for staff but takes it off the public map and download; showing brings it back', async () => {
  assert.equal((await manager.post(`/staff/opendata/hazards/${id}/visibility`, { published: '0' })).status, 303);
  const map = await t.client().get('/map');
  assert.doesNotMatch(map.text, /洪水浸水想定区域/);
  assert.equal((await t.client().get('/map/data.json')).json().hazards.length, 0);
  assert.equal((await t.client().get(`/map/hazards/${id}.geojson`)).status, 404);
  const staffList = await manager.get('/staff/opendata/hazards');
  assert.match(staffList.text, /洪水浸水想定区域/);
  assert.match(staffList.text, /非表示/);
  assert.match(staffList.text, /地図に表示する/);
  assert.equal((await manager.get(`/staff/opendata/hazards/${id}`)).status, 200, 'still editable while hidden');
  assert.equal((await manager.post(`/staff/opendata/hazards/${id}/visibility`, { published: '1' })).status, 303);
  assert.equal((await t.client().get(`/map/hazards/${id}.geojson`)).status, 200);
  assert.equal((await audits('hazard_layer.hide')).length, 1);
  assert.equal((await audits('hazard_layer.show')).length, 1);
});

test('clerks may not edit or hide layers; another municipality sees 404', async () => {
  const clerk = t.client();
  await signInStaff(clerk, await buildStaff(p, t));
  assert.equal((await clerk.get(`/staff/opendata/hazards/${id}`)).status, 403);
  assert.equal((await clerk.post(`/staff/opendata/hazards/${id}/visibility`, { published: '0' })).status, 403);
  const other = await buildTenant(p);
  const otherManager = other.client();
  await signInStaff(otherManager, await buildStaff(p, other, { roles: [{ role: 'manager', departmentId: null }] }));
  assert.equal((await otherManager.get(`/staff/opendata/hazards/${id}`)).status, 404);
  assert.equal((await otherManager.post(`/staff/opendata/hazards/${id}`, { nameJa: 'x', hazard: 'flood' })).status, 404);
  assert.equal((await otherManager.post(`/staff/opendata/hazards/${id}/visibility`, { published: '0' })).status, 404);
  assert.equal((await otherManager.get('/staff/opendata/hazards/not-a-uuid')).status, 404);
});
