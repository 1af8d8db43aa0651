/** The module's resident pages stay within the page-weight budget; the map library is not on them. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { BUDGET, measurePage } from '../../../test/support/page-weight.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { seedDemoOpenData } from './opendata.seed.ts';

let p: TestPlatform;
let t: TestTenant;
let placeId: string;
before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  await seedDemoOpenData(p.deps, t.code);
  placeId = await withTenant(p.deps.db, t.code, async (tx) => (await tx.query<{ id: string }>("SELECT id FROM places WHERE kind = 'facility' LIMIT 1"))[0]!.id);
});
after(() => p.stop());

for (const path of ['/map', '/shelters', '/opendata', `/opendata/datasets/{code}_evacuation_space`, '/places/{place}']) {
  test(`page weight of ${path}`, async () => {
    const w = await measurePage(t.client(), path.replace('{code}', t.code).replace('{place}', placeId));
    assert.ok(w.htmlBytes + w.cssBytes <= BUDGET.htmlCss, `${path}: HTML+CSS ${w.htmlBytes + w.cssBytes} B > ${BUDGET.htmlCss} B`);
    assert.ok(w.jsBytes <= BUDGET.js, `${path}: JS ${w.jsBytes} B > ${BUDGET.js} B`);
  });
}

test('the island comes from the build (npm run build); its map chunk and Leaflet stylesheet are served beside it', async () => {
  const client = t.client();
  for (const path of ['/map', '/shelters']) {
    const page = await client.get(path);
    assert.match(page.text, /<script type="module" src="\/assets\/js\/opendata\/islands\.js\?v=[0-9a-f]+"/, path);
  }
  const src = /src="(\/assets\/js\/opendata\/islands\.js\?v=[0-9a-f]+)"/.exec((await client.get('/map')).text)![1]!;
  const island = await client.get(src);
  assert.equal(island.status, 200);
  assert.match(island.headers['content-type']!, /text\/javascript/);
  assert.match(island.headers['cache-control']!, /immutable/);
  const chunk = /import\("\.\/(chunk-[A-Z0-9]+\.js)"\)/.exec(island.text)?.[1];
  assert.ok(chunk, 'the map is a separate chunk, imported on demand');
  const map = await client.get(`/assets/js/opendata/${chunk}`);
  assert.equal(map.status, 200);
  assert.match(map.text, /leaflet/i);
  const css = await client.get('/assets/js/opendata/leaflet.css?v=1');
  assert.equal(css.status, 200);
  assert.match(css.headers['content-type']!, /text\/css/);
  assert.match(css.text, /\.leaflet-container/);
  assert.doesNotMatch(css.text, /url\(images\//, 'Leaflet images are inlined, none missing');
});
