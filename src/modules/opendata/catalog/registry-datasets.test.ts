/** Staff set the tags and licence of a registry's auto-published dataset; CKAN, DCAT and the files follow; it is audited. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestClient } from '../../../../test/support/client.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';

let p: TestPlatform;
let t: TestTenant;
let manager: TestClient;
let id: string;
let name: string;

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  manager = t.client();
  await signInStaff(manager, await buildStaff(p, t, { roles: [{ role: 'manager', departmentId: null }] }));
  assert.equal((await manager.post('/staff/places/aed', { ID: 'A1', 名称: '市役所', 緯度: '34.6', 経度: '133.7' })).status, 303);
  const [row] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ id: string; name: string }>("SELECT id, name FROM datasets WHERE registry_kind = 'aed'"));
  id = row!.id;
  name = row!.name;
});
after(() => p.stop());

const ckan = async (action: string, query = '') => (await t.client().api('GET', `/api/3/action/${action}${query ? `?${query}` : ''}`)).json();

test('the staff list links a registry dataset to its tags-and-licence page', async () => {
  const list = await manager.get('/staff/opendata/datasets');
  assert.match(list.text, new RegExp(`href="/staff/opendata/registry-datasets/${id}"`));
  const page = await manager.get(`/staff/opendata/registry-datasets/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /タグとライセンスを変更できます/);
  assert.equal((await manager.get(`/staff/opendata/datasets/${id}`)).status, 404, 'not the full dataset form');
});

test('new tags and licence show in package_show, package_search, tag_list, DCAT and the JSON/GeoJSON files', async () => {
  const before = (await ckan('package_show', `id=${name}`)).result;
  assert.equal(before.license_id, 'cc-by-4.0');
  const saved = await manager.post(`/staff/opendata/registry-datasets/${id}`, { tags: '防災、AED, 救命 ,防災', licenseId: 'cc0-1.0', name: 'hijack', titleJa: '乗っ取り' });
  assert.equal(saved.status, 303);
  const after = (await ckan('package_show', `id=${name}`)).result;
  assert.deepEqual(after.tags.map((x: { name: string }) => x.name), ['防災', 'AED', '救命']);
  assert.equal(after.license_id, 'cc0-1.0');
  assert.equal(after.license_url, 'https://creativecommons.org/publicdomain/zero/1.0/');
  assert.equal(after.name, name, 'the name stays');
  assert.equal(after.title, before.title, 'the title stays');
  assert.ok(after.metadata_modified >= before.metadata_modified);
  assert.equal((await ckan('package_search', `fq=${encodeURIComponent('tags:救命')}`)).result.results[0].name, name);
  assert.equal((await ckan('package_search', `q=${encodeURIComponent('救命')}`)).result.count, 1, 'tags are in the search text');
  assert.ok((await ckan('tag_list')).result.includes('救命'));
  const dcat = JSON.parse((await t.client().get('/opendata/catalog.jsonld')).text);
  const ds = dcat['dcat:dataset'].find((d: { 'dct:identifier': string }) => d['dct:identifier'] === id);
  assert.deepEqual(ds['dcat:keyword'], ['防災', 'AED', '救命']);
  assert.equal(ds['dct:license'], 'https://creativecommons.org/publicdomain/zero/1.0/');
  assert.equal(ds['dcat:distribution'][0]['dct:license'], 'https://creativecommons.org/publicdomain/zero/1.0/');
  assert.match((await t.client().get(`/opendata/files/${t.code}_aed.json`)).json().license, /CC0/);
  assert.match((await t.client().get(`/opendata/files/${t.code}_aed.geojson`)).json().license, /CC0/);
  const pub = await t.client().get(`/opendata/datasets/${name}`);
  assert.match(pub.text, /CC0 1\.0/);

  const [entry] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ details: Record<string, any> }>("SELECT details FROM audit_log WHERE action = 'dataset.registry.update'"));
  assert.deepEqual(entry!.details['before'], { tags: before.tags.map((x: { name: string }) => x.name), licenseId: 'cc-by-4.0' });
  assert.deepEqual(entry!.details['after'], { tags: ['防災', 'AED', '救命'], licenseId: 'cc0-1.0' });
});

test('a later change to the registry keeps what staff set', async () => {
  assert.equal((await manager.post('/staff/places/aed', { ID: 'A2', 名称: '公民館', 緯度: '34.61', 経度: '133.71' })).status, 303);
  const r = (await ckan('package_show', `id=${name}`)).result;
  assert.equal(r.license_id, 'cc0-1.0');
  assert.deepEqual(r.tags.map((x: { name: string }) => x.name), ['防災', 'AED', '救命']);
});

test('unknown licences and bad tags are refused per field; clerks get 403; other municipalities and staff datasets 404', async () => {
  const bad = await manager.post(`/staff/opendata/registry-datasets/${id}`, { tags: 'x'.repeat(51), licenseId: 'all-rights-reserved' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /「ライセンス」は選択肢から選んでください/);
  assert.match(bad.text, /「タグ（読点「、」かコンマで区切る）」は50文字以内/);
  assert.equal((await ckan('package_show', `id=${name}`)).result.license_id, 'cc0-1.0', 'nothing saved');
  const clerk = t.client();
  await signInStaff(clerk, await buildStaff(p, t));
  assert.equal((await clerk.get(`/staff/opendata/registry-datasets/${id}`)).status, 403);
  assert.equal((await clerk.post(`/staff/opendata/registry-datasets/${id}`, { tags: 'x', licenseId: 'cc-by-4.0' })).status, 403);
  const own = await manager.post('/staff/opendata/datasets', { name: 'plan-2026', titleJa: '計画', licenseId: 'cc-by-4.0', updateFrequency: 'annual', departmentId: '' });
  assert.equal((await manager.get(`/staff/opendata/registry-datasets/${own.location!.split('/').pop()!.split('?')[0]}`)).status, 404, 'a staff dataset uses its own form');
  const other = await buildTenant(p);
  const otherManager = other.client();
  await signInStaff(otherManager, await buildStaff(p, other, { roles: [{ role: 'manager', departmentId: null }] }));
  assert.equal((await otherManager.get(`/staff/opendata/registry-datasets/${id}`)).status, 404);
  assert.equal((await otherManager.post(`/staff/opendata/registry-datasets/${id}`, { tags: 'x', licenseId: 'cc-by-4.0' })).status, 404);
});
