/** The module's JSON API: in the OpenAPI document, scoped, validated like the form, isolated per municipality. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { bearerToken } from '../../../test/support/api-tokens.ts';
import { seedDemoOpenData } from './opendata.seed.ts';

let p: TestPlatform;
let t: TestTenant;

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  await seedDemoOpenData(p.deps, t.code);
});
after(() => p.stop());

const token = (scopes: string[], tenant = t) => bearerToken(p, tenant.code, scopes, '防災システム');

test('the OpenAPI document describes registries, datasets and shelter status', async () => {
  const doc = (await t.client().api('GET', '/api/openapi.json')).json();
  for (const path of ['/api/v1/places', '/api/v1/places/{id}', '/api/v1/places/{kind}/{localId}', '/api/v1/datasets', '/api/v1/datasets/{name}', '/api/v1/shelters/status', '/api/v1/shelters/{id}/status'])
    assert.ok(doc.paths[path], path);
  assert.ok(doc.components.schemas.Place);
  assert.ok(doc.components.schemas.ShelterStatus);
});

test('reading needs opendata:read; places, datasets and shelter status come back', async () => {
  const c = t.client();
  const none = await c.api('GET', '/api/v1/places', undefined, { authorization: await token(['tenant:read']) });
  assert.equal(none.status, 403);
  const auth = { authorization: await token(['opendata:read']) };
  const places = await c.api('GET', `/api/v1/places?kind=shelter&q=${encodeURIComponent('しょうがっこう')}`, undefined, auth);
  assert.equal(places.status, 200);
  assert.deepEqual(places.json().places.map((x: { name: string }) => x.name), ['みなと野市立本町小学校', '新田小学校']);
  const one = await c.api('GET', `/api/v1/places/${places.json().places[0].id}`, undefined, auth);
  assert.equal(one.json().localId, '001');
  const ds = await c.api('GET', '/api/v1/datasets?q=AED', undefined, auth);
  assert.equal(ds.json().datasets[0].name, `${t.code}_aed`);
  const status = await c.api('GET', '/api/v1/shelters/status', undefined, auth);
  assert.equal(status.json().shelters.filter((s: { isOpen: boolean }) => s.isOpen).length, 2);
  assert.equal((await c.api('GET', '/api/v1/places?limit=5000', undefined, auth)).status, 400);
});

test('a disaster system sets shelter status; the change is recorded under its name; no scope, no change', async () => {
  const c = t.client();
  const [shelter] = (await c.api('GET', '/api/v1/places?kind=shelter&q=%E6%96%B0%E7%94%B0', undefined, { authorization: await token(['opendata:read']) })).json().places;
  const denied = await c.api('PUT', `/api/v1/shelters/${shelter.id}/status`, { action: 'open' }, { authorization: await token(['opendata:read']) });
  assert.equal(denied.status, 403);
  const auth = { authorization: await token(['shelters:write']) };
  const notOpen = await c.api('PUT', `/api/v1/shelters/${shelter.id}/status`, { action: 'crowding', crowding: 'full' }, auth);
  assert.equal(notOpen.status, 409);
  assert.equal((await c.api('PUT', `/api/v1/shelters/${shelter.id}/status`, { action: 'open', actorName: '県防災システム' }, auth)).json().isOpen, true);
  const r = await c.api('PUT', `/api/v1/shelters/${shelter.id}/status`, { action: 'headcount', headcount: 200 }, auth);
  assert.equal(r.status, 200);
  assert.equal(r.json().crowding, 'moderate');
  const bad = await c.api('PUT', `/api/v1/shelters/${shelter.id}/status`, { action: 'crowding', crowding: 'packed' }, auth);
  assert.equal(bad.status, 400);
  const feed = await t.client().get('/shelters/status.json');
  assert.equal(feed.json().shelters.find((s: { id: string }) => s.id === shelter.id).text, '開設中・やや混雑');
  const events = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ actor_name: string; actor_kind: string }>('SELECT actor_name, actor_kind FROM shelter_status_events WHERE place_id = $1 ORDER BY at', [shelter.id]));
  assert.deepEqual(events.map((e) => e.actor_name), ['県防災システム', '防災システム']);
  assert.ok(events.every((e) => e.actor_kind === 'api'));
});

test('places:write upserts by standard ID with the same checks as the form', async () => {
  const c = t.client();
  const auth = { authorization: await token(['places:write', 'opendata:read']) };
  const bad = await c.api('PUT', '/api/v1/places/aed/API1', { values: { 名称: '=HYPERLINK("x")', 緯度: '133.7', 経度: '34.6' } }, auth);
  assert.equal(bad.status, 400);
  const fields = bad.json().error.fields.map((f: { field: string }) => f.field);
  assert.deepEqual(fields.sort(), ['values.名称', 'values.緯度']);
  const created = await c.api('PUT', '/api/v1/places/aed/API1', { values: { 名称: '駅前広場', 緯度: '34.6', 経度: '133.77', 小児対応設備の有無: 'あり' } }, auth);
  assert.equal(created.status, 201);
  assert.equal(created.json().attributes['小児対応設備の有無'], '有');
  const updated = await c.api('PUT', '/api/v1/places/aed/API1', { values: { 名称: '駅前広場（東）', 緯度: '34.6', 経度: '133.77' } }, auth);
  assert.equal(updated.status, 200);
  const csv = await c.get(`/opendata/files/${t.code}_aed.csv`);
  assert.match(csv.text, /,API1,.*駅前広場（東）/);
  const other = await buildTenant(p);
  const o = await other.client().api('GET', `/api/v1/places/${created.json().id}`, undefined, { authorization: await token(['opendata:read'], other) });
  assert.equal(o.status, 404);
});
