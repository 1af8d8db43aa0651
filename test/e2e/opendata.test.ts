/**
 * Browser journey of issue 5: staff import a Shift_JIS shelter file with bad rows and read the
 * report; a resident finds the nearest open shelter in the list and on the map; staff mark it 混雑
 * on a phone; the resident's page shows the change by itself; the standard CSV has the standard
 * header. axe-core runs on every page visited.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, launchBrowser, startDemoPlatform } from './support.ts';
import type { TestPlatform } from '../support/platform.ts';
import type { TestTenant } from '../support/factories.ts';
import { buildStaff, totpCodeFor, type TestStaff } from '../support/staff.ts';
import { seedDemoOpenData } from '../../src/modules/opendata/index.ts';

const DEMO = '990019';
let p: TestPlatform;
let browser: Browser;
let staff: TestStaff;

before(async () => {
  p = await startDemoPlatform();
  await seedDemoOpenData(p.deps, DEMO);
  staff = await buildStaff(p, { code: DEMO } as TestTenant, { displayName: '防災課 港' });
  browser = await launchBrowser();
});
after(async () => {
  await browser.close();
  await p.stop();
});

async function signIn(page: Page, next: string, who: TestStaff = staff): Promise<void> {
  await page.goto(`${p.url}/staff/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=email]', who.email);
  await page.fill('input[name=password]', who.password);
  await page.locator('form button[type=submit]').first().click();
  await page.fill('input[name=code]', await totpCodeFor(who));
  await page.locator('form button[type=submit]').first().click();
  await page.waitForURL(`${p.url}${next}`);
}

const HEADER = '全国地方公共団体コード,ID,名称,名称_カナ,所在地_連結表記,緯度,経度,災害種別_洪水,災害種別_地震,災害種別_津波,想定収容人数';

test('staff import a Shift_JIS shelter file: bad rows are reported and nothing is saved; the fixed file imports', async () => {
  // bypassCSP lets axe-core be injected into pages whose CSP forbids inline scripts.
  const page = await browser.newPage({ locale: 'ja-JP', bypassCSP: true });
  await signIn(page, '/staff/places/shelter/import');
  await assertAccessible(page, 'import form');
  const bad = [
    HEADER,
    `${DEMO},J1,浜通り避難ビル,ハマドオリヒナンビル,架空県みなと野市港町4-1,34.5935,133.7790,,1,1,300`,
    `${DEMO},J2,入れ替わりホール,,架空県みなと野市港町5-1,133.7800,34.5930,,1,,100`,
    `${DEMO},J3,=HYPERLINK("http://example.com"),,架空県みなと野市港町6-1,34.5931,133.7801,,1,,100`,
  ].join('\r\n');
  await page.setInputFiles('input[name=file]', { name: '避難所_sjis.csv', mimeType: 'text/csv', buffer: iconv.encode(bad, 'cp932') });
  await page.getByRole('button', { name: '取り込む' }).click();
  await page.getByRole('heading', { name: '取り込みませんでした' }).waitFor();
  const report = await page.locator('table.problems').innerText();
  assert.match(report, /緯度と経度が入れ替わっているようです/);
  assert.match(report, /数式として実行されるおそれ/);
  assert.match(await page.locator('#import-result').innerText(), /Shift_JIS/);
  await assertAccessible(page, 'import report (rejected)');
  const good = [HEADER, `${DEMO},J1,浜通り避難ビル,ハマドオリヒナンビル,架空県みなと野市港町4-1,34.5935,133.7790,,1,1,300`].join('\r\n');
  await page.setInputFiles('input[name=file]', { name: '避難所_sjis.csv', mimeType: 'text/csv', buffer: iconv.encode(good, 'cp932') });
  await page.getByRole('button', { name: '取り込む' }).click();
  await page.getByRole('heading', { name: '取り込みました' }).waitFor();
  assert.match(await page.locator('#import-result').innerText(), /追加 1件/);
  await assertAccessible(page, 'import report (done)');
  await page.close();
});

test('a resident finds the nearest open shelter; staff mark it 混雑 on a phone; the resident sees it', async () => {
  // The resident stands near 港町公民館 (open in the demo) and the new 浜通り避難ビル (not open).
  const resident = await browser.newContext({ locale: 'ja-JP', geolocation: { latitude: 34.5938, longitude: 133.7786 }, permissions: ['geolocation'], bypassCSP: true });
  const page = await resident.newPage();
  await page.goto(`${p.url}/map`);
  await assertAccessible(page, 'map (list)');
  await page.getByLabel('開設中の避難所だけ').check();
  await page.getByRole('button', { name: 'この条件で表示' }).click();
  await page.getByRole('button', { name: '現在地から近い順' }).click();
  await page.waitForURL(/lat=34\.59380/);
  assert.match(await page.locator('[data-near-status]').innerText(), /近い順/);
  const first = page.locator('ul.place-list > li').first();
  assert.equal(await first.locator('h3').innerText(), '港町公民館');
  assert.match(await first.innerText(), /開設中・やや混雑/);
  assert.match(await first.innerText(), /現在地から約0\.\d km/);
  await page.getByRole('button', { name: '地図を表示' }).click();
  await page.locator('#map.leaflet-container').waitFor();
  await page.locator('#map path.leaflet-interactive').first().waitFor();
  assert.equal(await page.locator('#map path.leaflet-interactive').count(), 2, 'the two open shelters are on the map');
  assert.match((await page.locator('link[data-leaflet]').getAttribute('href'))!, /\/assets\/js\/opendata\/leaflet\.css\?v=[0-9a-f]+$/, 'Leaflet CSS from the build, versioned');
  assert.equal(await page.locator('#map').evaluate((el) => getComputedStyle(el).overflow), 'hidden', 'Leaflet CSS applied');
  await assertAccessible(page, 'map (with the map shown)');

  // The list view without JavaScript, as a screen-reader or low-end phone user gets it.
  const plain = await browser.newContext({ locale: 'ja-JP', javaScriptEnabled: false, bypassCSP: true });
  const list = await plain.newPage();
  await list.goto(`${p.url}/shelters?open=1&lat=34.5938&lon=133.7786`);
  const top = list.locator('ul.place-list > li').first();
  assert.equal(await top.locator('h2').innerText(), '港町公民館');
  // (axe needs JavaScript; the same page is checked below with it on.)

  // The resident keeps the shelter list open (with JavaScript it refreshes itself).
  const live = await resident.newPage();
  await live.goto(`${p.url}/shelters`);
  const badge = live.locator('li', { has: live.getByRole('link', { name: '港町公民館' }) }).locator('[data-status-text]');
  assert.equal(await badge.innerText(), '開設中・やや混雑');

  // Staff on a phone: two taps from the shelter list.
  const phone = await browser.newContext({ locale: 'ja-JP', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true });
  const staffPage = await phone.newPage();
  await signIn(staffPage, '/staff/shelters');
  await assertAccessible(staffPage, 'staff shelter list (phone)');
  await staffPage.getByRole('link', { name: /港町公民館/ }).tap();
  await assertAccessible(staffPage, 'staff shelter page (phone)');
  const button = staffPage.getByRole('button', { name: /^混雑/ });
  const box = await button.boundingBox();
  assert.ok(box && box.height >= 48 && box.width >= 300, 'a big target on a phone');
  await button.tap();
  await staffPage.getByText('状況を更新しました。').waitFor();
  assert.match(await staffPage.locator('.current-status').innerText(), /開設中・混雑/);
  assert.match(await staffPage.locator('table').innerText(), /防災課 港/);
  await assertAccessible(staffPage, 'staff shelter page after the change (phone)');

  await badge.filter({ hasText: '開設中・混雑' }).waitFor({ timeout: 25_000 });
  assert.equal(await live.locator('[data-live-region]').innerText(), '避難所の状況が更新されました。');
  await assertAccessible(live, 'shelter list (live update)');
  await list.reload();
  assert.match(await list.locator('ul.place-list > li').first().innerText(), /開設中・混雑/);
  await plain.close();
  await phone.close();
  await resident.close();
});

test('the catalog offers the standard CSV with the standard header, and the place and dataset pages pass axe', async () => {
  const context = await browser.newContext({ locale: 'ja-JP', acceptDownloads: true, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${p.url}/opendata`);
  await assertAccessible(page, 'catalog');
  await page.getByLabel('キーワード').fill('避難');
  await page.getByRole('button', { name: '検索' }).click();
  await page.getByRole('link', { name: '指定緊急避難場所一覧' }).click();
  await assertAccessible(page, 'dataset page');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /^CSV（UTF-8）/ }).click()]);
  assert.equal(download.suggestedFilename(), `${DEMO}_evacuation_space.csv`);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const header = csv.split('\r\n')[0]!;
  assert.ok(
    header.startsWith('全国地方公共団体コード,ID,名称,名称_カナ,所在地_全国地方公共団体コード,町字ID,所在地_連結表記,所在地_都道府県,所在地_市区町村,緯度,経度,電話番号,災害種別_洪水,災害種別_崖崩れ、土石流及び地滑り,災害種別_高潮,災害種別_地震,災害種別_津波,災害種別_大規模な火事,災害種別_内水氾濫,災害種別_火山現象,指定避難所との重複,想定収容人数'),
    header,
  );
  assert.match(csv, /港町公民館.*,開設,混雑,/);
  await page.goto(`${p.url}/map?kind=facility`);
  await page.getByRole('link', { name: 'みなと野市役所 本庁舎' }).click();
  await assertAccessible(page, 'place page');
  await page.getByRole('link', { name: 'English' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Minatono City Hall');
  await assertAccessible(page, 'place page (en)');
  await context.close();
});

test('a manager recolours and hides a hazard layer and sets a registry dataset\'s tags and licence; the pages pass axe', async () => {
  const manager = await buildStaff(p, { code: DEMO } as TestTenant, { displayName: '情報政策課 港', roles: [{ role: 'manager', departmentId: null }] });
  const page = await browser.newPage({ locale: 'ja-JP', bypassCSP: true });
  await signIn(page, '/staff/opendata/hazards', manager);
  await assertAccessible(page, 'hazard layers');
  await page.locator('ul a[href^="/staff/opendata/hazards/"]').first().click();
  await page.getByRole('heading', { level: 1, name: /図層の編集/ }).waitFor();
  await assertAccessible(page, 'hazard layer edit');
  await page.locator('input[name="legend.0.label"]').fill('0.5m未満（床下浸水）');
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByText('図層を保存しました。').waitFor();
  await page.getByRole('button', { name: '地図から隠す' }).click();
  await page.getByText('図層を非表示にしました（削除はしていません）。').waitFor();
  assert.match(await page.locator('main').innerText(), /非表示/);
  await page.getByRole('button', { name: '地図に表示する' }).first().click();
  await page.getByText('図層を地図に表示しました。').waitFor();
  await page.goto(`${p.url}/map`);
  assert.match(await page.locator('main').innerText(), /0\.5m未満（床下浸水）/);

  await page.goto(`${p.url}/staff/opendata/datasets`);
  await page.getByRole('link', { name: 'AED設置箇所一覧' }).click();
  await assertAccessible(page, 'registry dataset (tags and licence)');
  await page.getByLabel(/^タグ/).fill('AED、救命、防災');
  await page.getByLabel('ライセンス').selectOption('cc0-1.0');
  await page.getByRole('button', { name: '保存する' }).click();
  await page.getByText('タグとライセンスを保存しました。').waitFor();
  await assertAccessible(page, 'registry dataset (saved)');
  const api = await page.request.get(`${p.url}/api/3/action/package_show?id=${DEMO}_aed`);
  const pkg = (await api.json()).result;
  assert.equal(pkg.license_id, 'cc0-1.0');
  assert.deepEqual(pkg.tags.map((t: { name: string }) => t.name), ['AED', '救命', '防災']);
  await page.close();
});
