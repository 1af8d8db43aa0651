/**
 * Browser journey of news (issue 4, item 1): a clerk of 防災危機管理課 writes an article with an
 * image, sends it for publication; the manager approves it; a resident with JavaScript off finds it
 * on /news (filtered by category) and opens it, and the RSS and Atom feeds carry it. The demo's
 * scheduled article stays hidden. axe-core runs on every page visited.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, assertAccessibleNoScript, launchBrowser, noScriptContext, startDemoPlatform } from './support.ts';
import type { TestPlatform } from '../support/platform.ts';
import type { TestTenant } from '../support/factories.ts';
import { buildJpeg } from '../support/images.ts';
import { buildStaff, totpCodeFor, type TestStaff } from '../support/staff.ts';
import { withTenant } from '../../src/platform/tenancy/index.ts';

const DEMO = '990019';
const TITLE = '台風10号に備えて土のうを配布します';
let p: TestPlatform;
let browser: Browser;
let clerk: TestStaff;
let manager: TestStaff;

before(async () => {
  p = await startDemoPlatform();
  const [dept] = await withTenant(p.deps.db, DEMO, (tx) => tx.query<{ id: string }>("SELECT id FROM departments WHERE tenant_id = $1 AND code = 'bosai'", [DEMO]));
  clerk = await buildStaff(p, { code: DEMO } as TestTenant, { displayName: '防災 担当', roles: [{ role: 'clerk', departmentId: dept!.id }] });
  manager = await buildStaff(p, { code: DEMO } as TestTenant, { displayName: '防災 課長', roles: [{ role: 'manager', departmentId: dept!.id }] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await p.stop();
});

async function staffPage(who: TestStaff, next: string): Promise<Page> {
  const page = await browser.newPage({ locale: 'ja-JP', bypassCSP: true });
  await page.goto(`${p.url}/staff/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=email]', who.email);
  await page.fill('input[name=password]', who.password);
  await page.locator('form button[type=submit]').first().click();
  await page.fill('input[name=code]', await totpCodeFor(who));
  await page.locator('form button[type=submit]').first().click();
  await page.waitForURL(`${p.url}${next}`);
  return page;
}

test('staff write news, another approves, and residents read it on the page and in the feeds without JavaScript', async () => {
  // The clerk writes and sends it.
  const writer = await staffPage(clerk, '/staff/news');
  await assertAccessible(writer, 'staff news list');
  await writer.getByRole('link', { name: 'お知らせを作成する' }).click();
  await assertAccessible(writer, 'new news form');
  await writer.getByRole('button', { name: '下書きを保存する' }).click();
  assert.match(await writer.locator('#error-summary').innerText(), /「タイトル（日本語）」を入力してください。/);
  await assertAccessible(writer, 'new news form with errors');
  await writer.getByLabel('分類').selectOption('bousai');
  await writer.getByLabel(/^タイトル（日本語）/).fill(TITLE);
  await writer.getByLabel(/^本文（日本語）/).fill('市役所の駐車場で土のうを配布します。\n\n詳しくは https://www.jma.go.jp/ の台風情報もご覧ください。');
  await writer.getByLabel(/^本文（英語）/).fill('Sandbags are handed out at the city hall car park.');
  await writer.getByRole('checkbox', { name: '本町' }).check();
  await writer.getByRole('button', { name: '下書きを保存する' }).click();
  await writer.getByText('お知らせを作成しました。').waitFor();
  await assertAccessible(writer, 'news edit page');
  await writer.locator('#f-file').setInputFiles({ name: 'sandbags.jpg', mimeType: 'image/jpeg', buffer: buildJpeg({ width: 4, height: 3 }) });
  await writer.getByLabel(/^代替テキスト（日本語）/).fill('市役所の駐車場に積まれた土のう');
  await writer.getByRole('button', { name: '画像を追加する' }).click();
  await writer.getByText('ファイルを追加しました。').waitFor();
  await writer.getByRole('button', { name: '公開を申請する' }).click();
  await writer.getByText('承認を依頼しました。').waitFor();
  assert.equal(await writer.getByRole('button', { name: '承認して公開する' }).count(), 0, 'the author is not offered approval');
  await assertAccessible(writer, 'news waiting for approval');
  await writer.close();

  // The manager approves it.
  const approver = await staffPage(manager, '/staff/news');
  const waiting = approver.getByRole('region', { name: 'あなたの承認待ち' });
  await waiting.getByRole('link', { name: TITLE }).click();
  await assertAccessible(approver, 'news to approve');
  await approver.getByRole('button', { name: '承認して公開する' }).click();
  await approver.getByText('公開しました。').waitFor();
  assert.match(await approver.locator('main').innerText(), /公開中/);
  await assertAccessible(approver, 'published news, staff side');
  await approver.close();

  // A resident, with JavaScript off.
  const ctx = await noScriptContext(browser);
  const page = await ctx.newPage();
  await page.goto(`${p.url}/`);
  await page.getByRole('link', { name: 'お知らせ' }).first().click();
  await page.waitForURL(`${p.url}/news`);
  await page.getByRole('heading', { level: 1, name: 'お知らせ' }).waitFor();
  await assertAccessibleNoScript(page, 'news list');
  const list = await page.locator('main').innerText();
  assert.match(list, new RegExp(TITLE));
  assert.match(list, /総合防災訓練を実施します/, 'seeded demo news');
  assert.doesNotMatch(list, /年末年始の窓口業務について/, 'the scheduled demo item is not out yet');
  assert.equal(await page.locator('head link[rel=alternate][type="application/atom+xml"]').count(), 1);
  await page.getByLabel('分類').selectOption('kosodate');
  await page.getByRole('button', { name: '絞り込む' }).click();
  await page.waitForURL(/category=kosodate/);
  assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(TITLE));
  await assertAccessibleNoScript(page, 'news list filtered');
  await page.getByLabel('分類').selectOption('bousai');
  await page.getByRole('button', { name: '絞り込む' }).click();
  await page.waitForURL(/category=bousai/);
  await page.getByRole('link', { name: TITLE }).click();
  await page.waitForURL(/\/news\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  await assertAccessibleNoScript(page, 'news article');
  assert.equal(await page.getByRole('img', { name: '市役所の駐車場に積まれた土のう' }).count(), 1);
  assert.equal(await page.getByRole('link', { name: 'https://www.jma.go.jp/' }).count(), 1);
  await page.getByRole('link', { name: 'English' }).click();
  await page.getByText('Sandbags are handed out at the city hall car park.').waitFor();
  await assertAccessibleNoScript(page, 'news article in English');
  await ctx.close();

  for (const path of ['/news/rss.xml', '/news/atom.xml', '/news/rss.xml?category=bousai']) {
    const res = await fetch(`${p.url}${path}`);
    assert.equal(res.status, 200);
    const xml = await res.text();
    assert.ok(xml.includes(TITLE), `${path} carries the new article`);
    assert.ok(!xml.includes('年末年始の窓口業務について'), `${path} hides the scheduled one`);
  }
});
