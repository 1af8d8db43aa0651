/** Staff keep the registries through the real pages; the standard files follow every change. */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import iconv from 'iconv-lite';
import { startTestPlatform, type TestPlatform } from '../../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../../test/support/factories.ts';
import { buildStaff, signInStaff } from '../../../../test/support/staff.ts';
import type { TestClient } from '../../../../test/support/client.ts';
import { withTenant } from '../../../platform/tenancy/index.ts';
import { upload } from '../testkit.ts';

let p: TestPlatform;
let t: TestTenant;
let staff: TestClient;

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  staff = t.client();
  await signInStaff(staff, await buildStaff(p, t));
});
after(() => p.stop());

const SHELTERS = [
  '全国地方公共団体コード,ID,名称,名称_カナ,所在地_連結表記,緯度,経度,災害種別_洪水,災害種別_地震,想定収容人数',
  '{code},S1,みなと野小学校,ミナトノショウガッコウ,架空県みなと野市本町1-1,34.601,133.771,1,1,400',
  '{code},S2,港町公民館,ミナトマチコウミンカン,架空県みなと野市港町2-2,34.605,133.78,,1,120',
].join('\r\n');

test('a clerk adds a place through the form; bad fields are named in both languages; the CSV follows', async () => {
  const empty = await staff.post('/staff/places/aed', { ID: '', 名称: '', 緯度: '133.7', 経度: '34.6' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /「ID」を入力してください/);
  assert.match(empty.text, /緯度と経度が入れ替わっているようです/);
  const created = await staff.post('/staff/places/aed', { ID: 'A1', 名称: '市役所 <b>本庁舎</b>', 名称_カナ: 'シヤクショ', 緯度: '３４．６０', 経度: '133.77', 設置位置: '1階 受付', 小児対応設備の有無: '有', 開始時間: '8:30' });
  assert.equal(created.status, 303);
  const edit = await staff.get(created.location!);
  assert.match(edit.text, /市役所 &lt;b&gt;本庁舎&lt;\/b&gt;/);
  assert.match(edit.text, /value="08:30"/);
  const csv = await t.client().get(`/opendata/files/${t.code}_aed.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type']!, /text\/csv/);
  const lines = csv.text.split('\r\n');
  assert.ok(lines[0]!.startsWith('全国地方公共団体コード,ID,地方公共団体名,名称,名称_カナ,名称_英字,'));
  assert.match(lines[1]!, new RegExp(`^${t.code},A1,テスト市${t.code},市役所 <b>本庁舎</b>,シヤクショ,,`));
  assert.match(lines[1]!, /,34\.6,133\.77,1階 受付,/);
  const bom = await t.client().get(`/opendata/files/${t.code}_aed.csv?bom=1`);
  assert.ok(bom.text.startsWith('\uFEFF'));
  const duplicate = await staff.post('/staff/places/aed', { ID: 'A1', 名称: '別', 緯度: '34.6', 経度: '133.7' });
  assert.equal(duplicate.status, 400);
  assert.match(duplicate.text, /このIDはすでに使われています/);
});

test('a Shift_JIS import with one bad row saves nothing and lists the row; fixed, it imports all', async () => {
  const bad = SHELTERS.replaceAll('{code}', t.code) + '\r\n' + `${t.code},S3,=cmd|' /C calc'!A0,,どこか,34.6,133.7,,,` + '\r\n' + `${t.code},S1,重複,,どこか,34.6,133.7,,,`;
  const r = await upload(staff, '/staff/places/shelter/import', { name: '避難所.csv', content: iconv.encode(bad, 'cp932') });
  assert.equal(r.status, 422);
  assert.match(r.text, /取り込みませんでした/);
  assert.match(r.text, /4行のうち2行に問題がある/);
  assert.match(r.text, /Shift_JIS/);
  assert.match(r.text, /数式として実行されるおそれ/);
  assert.match(r.text, /ID「S1」が2行目と重複/);
  assert.match(r.text, /<code>=cmd\|&#39; \/C calc&#39;!A0<\/code>/, 'the value is shown escaped, as text');
  const count = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ n: number }>("SELECT count(*)::int AS n FROM places WHERE kind = 'shelter'"));
  assert.equal(count[0]!.n, 0, 'nothing half-imported');

  const good = await upload(staff, '/staff/places/shelter/import', { name: '避難所.csv', content: iconv.encode(SHELTERS.replaceAll('{code}', t.code), 'cp932') });
  assert.equal(good.status, 200);
  assert.match(good.text, /追加 2件、更新 0件、変更なし 0件、削除 0件/);
  const again = await upload(staff, '/staff/places/shelter/import', { name: 's.csv', content: iconv.encode(SHELTERS.replaceAll('{code}', t.code).replace('400', '450'), 'utf16le', { addBOM: true }) });
  assert.match(again.text, /追加 0件、更新 1件、変更なし 1件、削除 0件/);
  assert.match(again.text, /UTF-16LE/);
  const geo = await t.client().get(`/opendata/files/${t.code}_evacuation_space.geojson`);
  const fc = geo.json();
  assert.equal(fc.type, 'FeatureCollection');
  assert.deepEqual(fc.features[0].geometry, { type: 'Point', coordinates: [133.771, 34.601] });
  assert.equal(fc.features[0].properties['想定収容人数'], '450');
  assert.equal(fc.features[0].properties['災害種別_洪水'], '1');
  assert.equal(fc.features[0].properties['開設状況'], '未開設');
  const json = await t.client().get(`/opendata/files/${t.code}_evacuation_space.json`);
  assert.equal(json.json().records.length, 2);
  assert.match(json.json().license, /CC BY 4.0/);
});

test('replace mode removes records not in the file; a dry run changes nothing; audit records the import', async () => {
  const one = ['ID,名称,緯度,経度', 'T1,駅前トイレ,34.6,133.7', 'T2,公園トイレ,34.61,133.71'].join('\n');
  await upload(staff, '/staff/places/toilet/import', { name: 't.csv', content: Buffer.from(one) });
  const replace = ['ID,名称,緯度,経度', 'T2,公園トイレ,34.61,133.71'].join('\n');
  const dry = await upload(staff, '/staff/places/toilet/import', { name: 't.csv', content: Buffer.from(replace) }, { mode: 'replace', dryRun: '1' });
  assert.match(dry.text, /保存していません/);
  assert.match(dry.text, /削除 1件/);
  const still = await t.client().get(`/opendata/files/${t.code}_public_toilet.csv`);
  assert.match(still.text, /駅前トイレ/);
  const real = await upload(staff, '/staff/places/toilet/import', { name: 't.csv', content: Buffer.from(replace) }, { mode: 'replace' });
  assert.match(real.text, /削除 1件/);
  const after = await t.client().get(`/opendata/files/${t.code}_public_toilet.csv`);
  assert.doesNotMatch(after.text, /駅前トイレ/);
  const audits = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ action: string; details: Record<string, unknown> }>("SELECT action, details FROM audit_log WHERE action = 'places.import' ORDER BY seq"));
  assert.ok(audits.length >= 2);
  assert.equal(audits.at(-1)!.details['removed'], 1);
});

test('files that cannot be imported get one clear message and change nothing', async () => {
  const missing = await upload(staff, '/staff/places/facility/import', { name: 'x.csv', content: Buffer.from('ID,住所\n1,x\n') });
  assert.equal(missing.status, 422);
  assert.match(missing.text, /必要な列がありません: 名称、緯度、経度/);
  const eucjp = await upload(staff, '/staff/places/facility/import', { name: 'x.csv', content: iconv.encode('ID,名称,緯度,経度\n1,みなと野市役所,34.6,133.7\n', 'euc-jp') });
  assert.match(eucjp.text, /文字コードを判別できませんでした/);
  const none = await upload(staff, '/staff/places/facility/import', { name: 'x.csv', content: Buffer.alloc(0) });
  assert.equal(none.status, 400);
});

test('residents, auditors and other municipalities get nothing; unknown kinds are 404', async () => {
  const anon = t.client();
  const r = await anon.get('/staff/places/aed');
  assert.equal(r.status, 303);
  assert.match(r.location!, /\/staff\/login/);
  const auditor = t.client();
  await signInStaff(auditor, await buildStaff(p, t, { roles: [{ role: 'auditor', departmentId: null }] }));
  assert.equal((await auditor.get('/staff/places/aed')).status, 403);
  assert.equal((await staff.get('/staff/places/castle')).status, 404);
  const other = await buildTenant(p);
  const o = other.client();
  assert.equal((await o.get(`/opendata/files/${t.code}_aed.csv`)).status, 404);
  const mine = await o.get(`/opendata/files/${other.code}_aed.csv`);
  assert.equal(mine.status, 200);
  assert.doesNotMatch(mine.text, /本庁舎/);
  const place = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ id: string }>("SELECT id FROM places WHERE kind = 'aed' LIMIT 1"));
  const oStaff = other.client();
  await signInStaff(oStaff, await buildStaff(p, other));
  assert.equal((await oStaff.get(`/staff/places/aed/${place[0]!.id}`)).status, 404);
  assert.equal((await oStaff.post(`/staff/places/aed/${place[0]!.id}/delete`)).status, 404);
});

test('the body limit answers an oversized upload with a clear 413 page, not a 500', async () => {
  const big = Buffer.alloc(p.config.UPLOAD_LIMIT_BYTES + 10, 0x41);
  const r = await new Promise<number>((resolve) => {
    const req = http.request(`${p.url}/staff/places/aed/import`, { method: 'POST', headers: { host: t.hosts[0], 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(big.length) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(413));
    req.end(big);
  });
  assert.equal(r, 413);
});
