/** The CKAN Action API answers in CKAN's shapes; the catalog pages and DCAT show the same data. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { seedDemoOpenData } from '../opendata.seed.ts';
import { createDataset } from './datasets.service.ts';

let p: TestPlatform;
let t: TestTenant;
let deptId: string;

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  await seedDemoOpenData(p.deps, t.code);
  await seedDemoOpenData(p.deps, t.code);
  deptId = await withTenant(p.deps.db, t.code, async (tx) => {
    const [d] = await tx.query<{ id: string }>(`INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, 'bousai', '防災課', 'Disaster Prevention Division') RETURNING id`, [t.code]);
    await createDataset(tx, t.code, { name: 'hazard-drills', titleJa: 'ﾎﾞｳｻｲ訓練の記録', titleEn: 'Drill records', notesJa: '訓練の参加者数', notesEn: '', departmentId: d!.id, tags: ['防災'], groups: ['disaster'], licenseId: 'cc-by-4.0', updateFrequency: 'annual' });
    return d!.id;
  });
});
after(() => p.stop());

const ckan = async (action: string, query = '', tenant = t) => {
  const r = await tenant.client().api('GET', `/api/3/action/${action}${query ? `?${query}` : ''}`);
  return { status: r.status, body: r.json(), headers: r.headers };
};

test('status_show and package_list answer in the CKAN envelope', async () => {
  const s = await ckan('status_show');
  assert.equal(s.status, 200);
  assert.equal(s.body.success, true);
  assert.match(s.body.help, /help_show\?name=status_show/);
  assert.match(s.body.result.ckan_version, /^2\./);
  assert.equal(s.headers['access-control-allow-origin'], '*');
  const list = await ckan('package_list');
  for (const name of [`${t.code}_evacuation_space`, `${t.code}_public_facility`, `${t.code}_aed`, 'population-by-town', 'hazard-drills']) assert.ok(list.body.result.includes(name), name);
  assert.equal(new Set(list.body.result).size, list.body.result.length, 'seeding twice created no duplicates');
});

test('package_show returns the CKAN package dictionary with absolute resource URLs', async () => {
  const r = await ckan('package_show', `id=${t.code}_evacuation_space`);
  assert.equal(r.status, 200);
  const pkg = r.body.result;
  for (const key of ['id', 'name', 'title', 'notes', 'license_id', 'license_title', 'license_url', 'isopen', 'metadata_created', 'metadata_modified', 'organization', 'owner_org', 'resources', 'tags', 'groups', 'extras', 'num_resources', 'num_tags', 'state', 'type', 'private'])
    assert.ok(key in pkg, key);
  assert.equal(pkg.license_id, 'cc-by-4.0');
  assert.equal(pkg.isopen, true);
  assert.match(pkg.metadata_modified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  assert.equal(pkg.organization.is_organization, true);
  assert.deepEqual(pkg.resources.map((x: { format: string }) => x.format), ['CSV', 'CSV', 'JSON', 'GeoJSON']);
  assert.equal(pkg.resources[0].url, `${t.origin}/opendata/files/${t.code}_evacuation_space.csv`);
  assert.equal(pkg.tags[0].name, '防災');
  const byId = await ckan('package_show', `id=${pkg.id}`);
  assert.equal(byId.body.result.name, pkg.name);
  const csv = await t.client().get(new URL(pkg.resources[0].url).pathname);
  assert.match(csv.text, /^全国地方公共団体コード,ID,名称,/);
  const res = await ckan('resource_show', `id=${pkg.resources[2].id}`);
  assert.equal(res.body.result.package_id, pkg.id);
  assert.equal(res.body.result.format, 'JSON');
});

test('package_search: Japanese partial words, either kana script, half-width kana, filters, facets, paging, sort', async () => {
  const partial = await ckan('package_search', `q=${encodeURIComponent('避難')}`);
  assert.deepEqual(partial.body.result.results.map((x: { name: string }) => x.name), [`${t.code}_evacuation_space`]);
  const hira = await ckan('package_search', `q=${encodeURIComponent('といれ')}`);
  assert.deepEqual(hira.body.result.results.map((x: { name: string }) => x.name), [`${t.code}_public_toilet`]);
  const kana = await ckan('package_search', `q=${encodeURIComponent('ぼうさい')}`);
  assert.deepEqual(kana.body.result.results.map((x: { name: string }) => x.name), ['hazard-drills'], 'ﾎﾞｳｻｲ (half-width) matches ぼうさい');
  const two = await ckan('package_search', `q=${encodeURIComponent('人口　世帯')}`);
  assert.equal(two.body.result.count, 1);
  const fq = await ckan('package_search', `fq=${encodeURIComponent('tags:"防災" +dataset_type:dataset')}&facet.field=${encodeURIComponent('["organization","tags","res_format","groups"]')}`);
  assert.equal(fq.body.result.count, 2);
  assert.equal(fq.body.result.facets.tags['防災'], 2);
  assert.equal(fq.body.result.facets.organization[`${t.code}-bousai`], 1);
  assert.equal(fq.body.result.search_facets.organization.items.find((i: { name: string }) => i.name === `${t.code}-bousai`).display_name, '防災課');
  const org = await ckan('package_search', `fq=${encodeURIComponent(`organization:${t.code}-bousai`)}`);
  assert.deepEqual(org.body.result.results.map((x: { name: string }) => x.name), ['hazard-drills']);
  const notCsv = await ckan('package_search', `fq=${encodeURIComponent('-res_format:CSV')}`);
  assert.deepEqual(notCsv.body.result.results.map((x: { name: string }) => x.name), ['hazard-drills']);
  const all = await ckan('package_search', 'rows=3&start=0&sort=name%20asc');
  const next = await ckan('package_search', 'rows=3&start=3&sort=name%20asc');
  assert.equal(all.body.result.results.length, 3);
  assert.equal(all.body.result.count, next.body.result.count);
  const names = [...all.body.result.results, ...next.body.result.results].map((x: { name: string }) => x.name);
  assert.deepEqual(names, [...names].sort());
  const post = await t.client().api('POST', '/api/3/action/package_search', { q: '避難', rows: 1, 'facet.field': ['groups'] });
  assert.equal(post.json().result.count, 1);
  assert.equal(post.json().result.facets.groups.disaster, 1);
});

test('errors use CKAN error shapes and status codes; nothing leaks between municipalities', async () => {
  const missing = await ckan('package_show', 'id=no-such-dataset');
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body.error, { message: 'Not found', __type: 'Not Found Error' });
  assert.equal(missing.body.success, false);
  const noId = await ckan('package_show');
  assert.equal(noId.status, 409);
  assert.equal(noId.body.error.__type, 'Validation Error');
  const badSort = await ckan('package_search', 'sort=drop%20table');
  assert.equal(badSort.status, 409);
  assert.equal(badSort.body.error.__type, 'Search Query Error');
  const badField = await ckan('package_search', 'fq=secret:1');
  assert.equal(badField.status, 409);
  const unknown = await ckan('package_delete', 'id=x');
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error.message, /Action name not known/);
  const proto = await ckan('__proto__');
  assert.equal(proto.status, 400);
  const badJson = await t.client().api('POST', '/api/3/action/package_search', '{not json');
  assert.equal(badJson.status, 400);
  const rows = await ckan('package_search', 'rows=-1');
  assert.equal(rows.status, 409);

  const other = await buildTenant(p);
  const pkg = (await ckan('package_show', `id=${t.code}_aed`)).body.result;
  assert.equal((await ckan('package_show', `id=${pkg.id}`, other)).status, 404);
  assert.equal((await ckan('resource_show', `id=${pkg.resources[0].id}`, other)).status, 404);
  assert.deepEqual((await ckan('package_list', '', other)).body.result, []);
  assert.equal((await ckan('package_search', `q=${encodeURIComponent('避難')}`, other)).body.result.count, 0);
});

test('organizations, groups, tags and the recently changed list', async () => {
  const orgs = await ckan('organization_list', 'all_fields=true');
  const bousai = orgs.body.result.find((o: { name: string }) => o.name === `${t.code}-bousai`);
  assert.equal(bousai.id, deptId);
  assert.equal(bousai.package_count, 1);
  const show = await ckan('organization_show', `id=${t.code}-bousai&include_datasets=true`);
  assert.deepEqual(show.body.result.packages.map((x: { name: string }) => x.name), ['hazard-drills']);
  const groups = await ckan('group_list', 'all_fields=true');
  assert.ok(groups.body.result.some((g: { name: string; package_count: number }) => g.name === 'disaster' && g.package_count === 2));
  const tags = await ckan('tag_list');
  assert.ok(tags.body.result.includes('防災'));
  const recent = await ckan('current_package_list_with_resources', 'limit=2');
  assert.equal(recent.body.result.length, 2);
  assert.ok(recent.body.result[0].metadata_modified >= recent.body.result[1].metadata_modified);
});

test('catalog pages: search, filters and a dataset page with preview; DCAT lists every dataset', async () => {
  const c = t.client();
  const page = await c.get(`/opendata?q=${encodeURIComponent('ひなん')}`);
  assert.equal(page.status, 200);
  const search = await c.get(`/opendata?q=${encodeURIComponent('避難場所')}`);
  assert.match(search.text, /指定緊急避難場所一覧/);
  assert.match(search.text, /1件のデータセット/);
  const filtered = await c.get(`/opendata?tags=${encodeURIComponent('防災')}&res_format=CSV`);
  assert.match(filtered.text, /1件のデータセット/);
  assert.match(filtered.text, /絞り込みを解除/);
  const ds = await c.get(`/opendata/datasets/${t.code}_evacuation_space`);
  assert.match(ds.text, /クリエイティブ・コモンズ 表示 4.0/);
  assert.match(ds.text, /随時（変更のたびに自動更新）/);
  assert.match(ds.text, /プレビュー（先頭8行）/);
  assert.match(ds.text, /みなと野市立本町小学校/);
  assert.match(ds.text, /開設/);
  const pop = await c.get('/opendata/datasets/population-by-town');
  assert.match(pop.text, /<th scope="col">世帯数<\/th>/);
  const file = /href="(\/opendata\/datasets\/population-by-town\/resources\/[^"]+)"/.exec(pop.text)![1]!;
  const download = await c.get(file);
  assert.equal(download.status, 200);
  assert.match(download.text, /^町字,世帯数/);
  assert.equal((await c.get('/opendata/datasets/nope')).status, 404);
  const dcat = await c.get('/opendata/catalog.jsonld');
  const doc = JSON.parse(dcat.text);
  assert.equal(doc['@type'], 'dcat:Catalog');
  assert.equal(doc['dcat:dataset'].length, (await ckan('package_list')).body.result.length);
  const shelters = doc['dcat:dataset'].find((d: { 'dct:title': { '@value': string }[] }) => d['dct:title'][0]!['@value'] === '指定緊急避難場所一覧');
  assert.equal(shelters['dct:license'], 'https://creativecommons.org/licenses/by/4.0/');
  assert.ok(shelters['dcat:distribution'].some((x: { 'dcat:mediaType': string }) => x['dcat:mediaType'] === 'application/geo+json'));
});
