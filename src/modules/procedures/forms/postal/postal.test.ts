/**
 * Postal code → address from data on this server: Japan Post's format and its quirks, the import
 * of a national file (Shift_JIS or UTF-8), the JSON lookup for JavaScript users (rate limited) and
 * the 「住所を検索」 button that works with JavaScript off.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import iconv from 'iconv-lite';
import type { TestClient } from '../../../../../test/support/client.ts';
import { buildTenant, type TestTenant } from '../../../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../../../test/support/platform.ts';
import { signInResidentByCard } from '../../../../../test/support/residents.ts';
import { withTenant } from '../../../../platform/tenancy/index.ts';
import { seedDemoProcedures } from '../../procedures.seed.ts';
import { readKenAll, toPostalAddress } from './ken-all.ts';
import { importPostalData } from './postal-import.ts';
import { BUNDLED_POSTAL_FILE, buildPostalIndex, lookupPostalCode, normalizePostalCode, postalIndex, resetPostalIndex } from './postal-codes.ts';
import { POSTAL_LOOKUPS_PER_MINUTE } from './postal.routes.ts';

// Rows as Japan Post writes them (half-width readings, a 町域 split over three rows, the notes).
const NATIONAL = [
  '99001,"00000","0000020","ｶｸｳｹﾝ","ﾐﾅﾄﾉｼ","ﾐﾅﾄﾏﾁ(1-3ﾊﾞﾝﾁ､5ﾊﾞﾝﾁ､","架空県","みなと野市","港町（１〜３番地、５番地、",1,1,0,0,0,0',
  '99001,"00000","0000020","ｶｸｳｹﾝ","ﾐﾅﾄﾉｼ","7-9ﾊﾞﾝﾁ､","架空県","みなと野市","７〜９番地、",1,1,0,0,0,0',
  '99001,"00000","0000020","ｶｸｳｹﾝ","ﾐﾅﾄﾉｼ","11ﾊﾞﾝﾁ)","架空県","みなと野市","１１番地）",1,1,0,0,0,0',
  '99001,"00000","0000021","ｶｸｳｹﾝ","ﾐﾅﾄﾉｼ","ﾐﾅﾄﾉｼｲﾁｴﾝ","架空県","みなと野市","みなと野市一円",0,0,0,0,0,0',
  '99001,"00000","0000022","ｶｸｳｹﾝ","ﾐﾅﾄﾉｼ","ｼｵﾐﾀﾞｲﾉﾂｷﾞﾆﾊﾞﾝﾁｶﾞｸﾙﾊﾞｱｲ","架空県","みなと野市","汐見台の次に番地がくる場合",0,0,0,0,0,0',
  '99001,"00000","0000023","ｶｸｳｹﾝ","ﾐﾅﾄﾉｼ","ﾐﾅﾄﾉﾀﾜｰ(3ｶｲ)","架空県","みなと野市","みなと野タワー（３階）",0,0,0,0,0,0',
  '99001,"00000","0000024","ｶｸｳｹﾝ","ﾐﾅﾄﾉｼ","ｱｵﾊﾞ","架空県","みなと野市","青葉",0,0,0,1,0,0',
  '99001,"00000","0000024","ｶｸｳｹﾝ","ﾐﾅﾄﾉｼ","ﾜｶﾊﾞ","架空県","みなと野市","若葉",0,0,0,1,0,0',
].join('\r\n');

test('a 町域 split over several rows is joined; the notes, 一円, 「の次に番地がくる場合」 and floors read as an address', () => {
  const records = [...readKenAll(NATIONAL)];
  assert.equal(records.length, 6);
  assert.equal(records[0]!.town, '港町（１〜３番地、５番地、７〜９番地、１１番地）');
  const addresses = records.map(toPostalAddress);
  assert.deepEqual(addresses.map((a) => a.town), ['港町', '', '', 'みなと野タワー３階', '青葉', '若葉']);
  assert.equal(addresses[0]!.kana, 'カクウケンミナトノシミナトマチ', 'readings become full-width katakana without the note');
});

test('the bundled data covers the demo municipality and well-known codes; 「以下に掲載がない場合」 and 「次のビルを除く」 are handled', () => {
  const index = buildPostalIndex([fs.readFileSync(BUNDLED_POSTAL_FILE, 'utf8')]);
  assert.equal(lookupPostalCode(index, '000-0011')!.address, '架空県みなと野市本町');
  assert.equal(lookupPostalCode(index, '000-0014')!.address, '架空県みなと野市本町');
  assert.equal(lookupPostalCode(index, '000-0015')!.address, '架空県みなと野市汐見台');
  assert.equal(lookupPostalCode(index, '100-0001')!.address, '東京都千代田区千代田');
  assert.equal(lookupPostalCode(index, '100-0005')!.address, '東京都千代田区丸の内');
  assert.equal(lookupPostalCode(index, '060-0000')!.address, '北海道札幌市中央区');
  assert.equal(lookupPostalCode(index, '999-9999'), null);
});

test('postal codes are accepted with 全角 digits, 〒 and every hyphen variant', () => {
  for (const typed of ['1000001', '100-0001', '１００－０００１', '１００ー０００１', '100‐0001', '100−0001', '〒100-0001', ' 100 0001 ']) assert.equal(normalizePostalCode(typed), '1000001', typed);
  for (const bad of ['', '100-001', '10000011', 'abc-defg', '<script>']) assert.equal(normalizePostalCode(bad), null, bad);
});

test('npm run postal:import reads KEN_ALL.CSV in Shift_JIS and utf_ken_all.csv in UTF-8; the lookup then knows the national codes', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yakuba-postal-'));
  try {
    const sjis = importPostalData(iconv.encode(NATIONAL.replace(/〜/g, '～'), 'cp932'), dataDir);
    assert.deepEqual({ records: sjis.records, codes: sjis.codes }, { records: 6, codes: 5 });
    const written = fs.readFileSync(sjis.file, 'utf8');
    assert.match(written, /"港町（１〜３番地、５番地、７〜９番地、１１番地）"/, 'written in UTF-8, one line per record');
    const index = postalIndex(dataDir);
    assert.equal(lookupPostalCode(index, '0000020')!.address, '架空県みなと野市港町');
    const several = lookupPostalCode(index, '0000024')!;
    assert.equal(several.address, '架空県みなと野市', 'a code with several 町域 fills the city and lists the towns');
    assert.deepEqual(several.candidates.map((c) => c.town), ['青葉', '若葉']);
    assert.equal(lookupPostalCode(index, '1000001')!.address, '東京都千代田区千代田', 'the bundled codes stay');
    const utf8 = importPostalData(Buffer.from(`\uFEFF${NATIONAL}`), dataDir);
    assert.equal(utf8.records, 6);
    assert.throws(() => importPostalData(Buffer.from('not,a,postal,file'), dataDir), /no postal records/);
  } finally {
    resetPostalIndex();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

let p: TestPlatform;
let t: TestTenant;
let resident: TestClient;

before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false' } });
  t = await buildTenant(p);
  await seedDemoProcedures(p.deps, t.code);
  resident = t.client();
  await signInResidentByCard(p, t, resident);
});
after(() => p.stop());

test('GET /procedures/postal/:code answers JSON for JavaScript users, 404 for an unknown code, and is rate limited', async () => {
  const client = t.client();
  const found = await client.get('/procedures/postal/0000012', { accept: 'application/json' });
  assert.equal(found.status, 200);
  assert.equal(found.json<{ address: string }>().address, '架空県みなと野市港町');
  const missing = await client.get('/procedures/postal/9999999', { accept: 'application/json' });
  assert.equal(missing.status, 404);
  assert.equal((await client.get('/procedures/postal/12345')).status, 404, 'only 7 digits reach the lookup');
  let last = 0;
  for (let i = 0; i < POSTAL_LOOKUPS_PER_MINUTE; i++) last = (await client.get('/procedures/postal/0000012', { accept: 'application/json' })).status;
  assert.equal(last, 429);
});

test('with JavaScript off, 「住所を検索」 fills the address on the server and keeps what was typed', async () => {
  const started = await resident.post('/procedures/residence-certificate/apply');
  const id = /\/applications\/([0-9a-f-]{36})/.exec(started.location ?? '')![1]!;
  const page = await resident.get(`/applications/${id}/sections/applicant`);
  assert.match(page.text, /<button[^>]*name="_action"[^>]*value="postal:postalCode"[^>]*>住所を検索<\/button>/);
  assert.match(page.text, /src="\/assets\/js\/postal-lookup\.js/);

  const form = { applicantName: '𠮷田 花子', applicantKana: 'ヨシダ ハナコ', applicantBirthdate: '1985/4/1', address: '' };
  const lookup = await resident.post(`/applications/${id}/sections/applicant`, { ...form, _action: 'postal:postalCode', postalCode: '０００ー００１２' });
  assert.equal(lookup.status, 303);
  assert.equal(lookup.location, `/applications/${id}/sections/applicant?notice=address-filled#f-address`);
  const filled = await resident.get(lookup.location!);
  assert.match(filled.text, /郵便番号から住所を入れました/);
  assert.match(filled.text, /value="架空県みなと野市港町"/);
  assert.match(filled.text, /value="000-0012"/);
  assert.match(filled.text, /value="𠮷田 花子"/, 'the other answers are kept');

  const unknown = await resident.post(`/applications/${id}/sections/applicant`, { ...form, _action: 'postal:postalCode', postalCode: '999-9999' });
  assert.equal(unknown.status, 400);
  assert.match(unknown.text, /「郵便番号」〒999-9999 に当たる住所が見つかりません/);
  const invalid = await resident.post(`/applications/${id}/sections/applicant`, { ...form, _action: 'postal:postalCode', postalCode: '12' });
  assert.equal(invalid.status, 400);
  assert.match(invalid.text, /「郵便番号」は7桁の数字で入力してから「住所を検索」を押してください/);
  const [row] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ status: string }>('SELECT status FROM applications WHERE id = $1', [id]));
  assert.equal(row!.status, 'draft');
});
