/** Staff open shelters and set crowding; the public list, the map feed and the open data follow. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { seedDemoOpenData } from '../opendata.seed.ts';
import { crowdingFor } from './crowding.ts';

let p: TestPlatform;
let t: TestTenant;
let staff: TestClient;
let shelterId: string;

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  await seedDemoOpenData(p.deps, t.code);
  staff = t.client();
  await signInStaff(staff, await buildStaff(p, t, { displayName: '防災 太郎' }));
  shelterId = await withTenant(p.deps.db, t.code, async (tx) => (await tx.query<{ id: string }>("SELECT id FROM places WHERE kind = 'shelter' AND local_id = '003'"))[0]!.id);
});
after(() => p.stop());

test('crowding bands: 0–30 vacant, 30–60 moderate, 60–80 crowded, 80+ full', () => {
  assert.deepEqual([0, 29, 30, 59, 60, 79, 80, 120].map((n) => crowdingFor(n, 100)), ['vacant', 'vacant', 'moderate', 'moderate', 'crowded', 'crowded', 'full', 'full']);
});

test('a clerk opens a shelter and marks it 混雑 in a few taps; the public sees it at once', async () => {
  const list = await staff.get('/staff/shelters');
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`/staff/shelters/${shelterId}`));
  const page = await staff.get(`/staff/shelters/${shelterId}`);
  assert.match(page.text, /開設する/);
  assert.match(page.text, /通知（メール・防災無線など）は送信されません/);
  const before = await t.client().get('/shelters/status.json');
  assert.equal(before.json().shelters.find((s: { id: string }) => s.id === shelterId).isOpen, false);
  assert.equal((await staff.post(`/staff/shelters/${shelterId}/status`, { action: 'open' })).status, 303);
  const crowded = await staff.post(`/staff/shelters/${shelterId}/status`, { action: 'crowding', crowding: 'crowded' });
  assert.equal(crowded.status, 303);
  const publicList = await t.client().get('/shelters');
  assert.match(publicList.text, new RegExp(`data-shelter-id="${shelterId}"[\\s\\S]*?開設中・混雑`));
  const feed = await t.client().get('/shelters/status.json');
  const s = feed.json().shelters.find((x: { id: string }) => x.id === shelterId);
  assert.equal(s.isOpen, true);
  assert.equal(s.crowding, 'crowded');
  assert.equal(s.text, '開設中・混雑');
  const csv = await t.client().get(`/opendata/files/${t.code}_evacuation_space.csv`);
  const row = csv.text.split('\r\n').find((l) => l.includes(',003,'))!;
  assert.match(row, /,開設,混雑,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
  const ds = await t.client().api('GET', `/api/3/action/package_show?id=${t.code}_evacuation_space`);
  assert.ok(Date.now() - Date.parse(`${ds.json().result.metadata_modified}Z`) < 60_000, 'the dataset counts as modified');
});

test('a head count sets the level from capacity; history and audit record time and person', async () => {
  const r = await staff.post(`/staff/shelters/${shelterId}/status`, { action: 'headcount', headcount: '７００' });
  assert.equal(r.status, 303);
  const page = await staff.get(`/staff/shelters/${shelterId}`);
  assert.match(page.text, /開設中・満員/);
  assert.match(page.text, /700人/);
  assert.match(page.text, /防災 太郎/);
  const bad = await staff.post(`/staff/shelters/${shelterId}/status`, { action: 'headcount', headcount: 'たくさん' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /「避難者数」は0以上の整数/);
  const events = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ actor_name: string; crowding: string }>('SELECT actor_name, crowding FROM shelter_status_events WHERE place_id = $1 ORDER BY at', [shelterId]));
  assert.deepEqual(events.map((e) => e.crowding), ['vacant', 'crowded', 'full']);
  assert.ok(events.every((e) => e.actor_name === '防災 太郎'));
  const audits = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'shelter.status.change' AND record_id = $1", [shelterId]));
  assert.equal(audits[0]!.n, 3);
  assert.equal((await staff.post(`/staff/shelters/${shelterId}/status`, { action: 'close' })).status, 303);
  const closed = await staff.post(`/staff/shelters/${shelterId}/status`, { action: 'crowding', crowding: 'full' });
  assert.equal(closed.status, 409);
  assert.match(closed.text, /避難所を開設してから/);
});

test('the map page lists places without JavaScript, filters by kind and disaster, and sorts by distance', async () => {
  const c = t.client();
  const all = await c.get('/map');
  assert.equal(all.status, 200);
  assert.match(all.text, /みなと野市役所 本庁舎/);
  assert.match(all.text, /洪水浸水想定区域/);
  assert.match(all.text, /0\.5m未満/);
  const tsunami = await c.get('/map?kind=shelter&disaster=tsunami');
  assert.match(tsunami.text, /汐見台高台公園/);
  assert.doesNotMatch(tsunami.text, /港町公民館/);
  assert.doesNotMatch(tsunami.text, /本庁舎/);
  const near = await c.get('/map?kind=shelter&open=1&lat=34.594&lon=133.778');
  const names = [...near.text.matchAll(/<h3><a href="\/places\/[^"]+">([^<]+)<\/a><\/h3>/g)].map((m) => m[1]);
  assert.deepEqual(names, ['港町公民館', 'みなと野市立本町小学校']);
  assert.match(near.text, /現在地から近い順に並んでいます/);
  const data = await c.get('/map/data.json?kind=shelter&open=1');
  assert.equal(data.json().places.length, 2);
  assert.equal(data.json().tiles, null, 'no tiles in tests');
  assert.doesNotMatch(all.headers['content-security-policy'] as string, /gsi/);
  const place = await c.get(`/places/${shelterId}`);
  assert.match(place.text, /緑ケ丘中学校/);
  assert.match(place.text, /津波/);
  const bundle = /src="(\/assets\/js\/opendata\/islands\.js\?v=[^"]+)"/.exec(all.text)![1]!;
  const js = await c.get(bundle);
  assert.equal(js.status, 200);
  assert.ok(js.text.length < 15_000, `island script stays small (${js.text.length} bytes)`);
  assert.doesNotMatch(js.text, /leaflet-container/, 'Leaflet is not in the page script');
  const chunk = /"\.\/(chunk-[A-Z0-9]+\.js)"/.exec(js.text)?.[1];
  assert.ok(chunk, 'the map chunk is loaded on demand');
});

test('GSI tiles are the default outside tests and extend the CSP img-src of the map page only', async () => {
  const prod = await startTestPlatform({ env: { YAKUBA_ENV: 'development', DEMO_SEED: 'false' } });
  try {
    const other = await buildTenant(prod);
    const r = await other.client().get('/map');
    assert.match(r.headers['content-security-policy'] as string, /img-src 'self' data: https:\/\/cyberjapandata\.gsi\.go\.jp/);
    assert.match(r.text, /地理院タイル/);
    const home = await other.client().get('/');
    assert.doesNotMatch(home.headers['content-security-policy'] as string, /gsi/);
  } finally {
    await prod.stop();
  }
});

test('shelter pages of one municipality are not reachable from another', async () => {
  const other = await buildTenant(p);
  const c = other.client();
  assert.equal((await c.get(`/places/${shelterId}`)).status, 404);
  assert.deepEqual((await c.get('/shelters/status.json')).json().shelters, []);
  const oStaff = other.client();
  await signInStaff(oStaff, await buildStaff(p, other));
  assert.equal((await oStaff.get(`/staff/shelters/${shelterId}`)).status, 404);
  assert.equal((await oStaff.post(`/staff/shelters/${shelterId}/status`, { action: 'open' })).status, 404);
});
