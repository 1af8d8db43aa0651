/**
 * Browser journey of issue 3 (the part built so far): with JavaScript off, a resident finds
 * 児童手当 by searching in hiragana, signs in with the card at the development identity provider,
 * fills the claim for two children (fixing an error on the way), saves a draft and resumes, checks
 * the answers and submits; マイページ lists it. A manager of 子育て支援課 finds it in the inbox,
 * opens it and approves its first step (起案); the resident sees it under review. axe-core runs on
 * every page visited.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, assertAccessibleNoScript, fillTwoChildren, launchBrowser, noScriptContext, startDemoPlatform } from './support.ts';
import type { TestPlatform } from '../support/platform.ts';
import type { TestTenant } from '../support/factories.ts';
import { buildStaff, totpCodeFor, type TestStaff } from '../support/staff.ts';
import { buildPng } from '../support/images.ts';
import { withTenant } from '../../src/platform/tenancy/index.ts';
import { seedDemoProcedures } from '../../src/modules/procedures/index.ts';

const DEMO = '990019';
let p: TestPlatform;
let browser: Browser;
let manager: TestStaff;

before(async () => {
  p = await startDemoPlatform();
  await seedDemoProcedures(p.deps, DEMO);
  const [dept] = await withTenant(p.deps.db, DEMO, (tx) => tx.query<{ id: string }>("SELECT id FROM departments WHERE tenant_id = $1 AND code = 'kosodate'", [DEMO]));
  manager = await buildStaff(p, { code: DEMO } as TestTenant, { displayName: '子育て 課長', roles: [{ role: 'manager', departmentId: dept!.id }] });
  browser = await launchBrowser();
});
after(async () => {
  await browser.close();
  await p.stop();
});

const next = (page: Page) => page.getByRole('button', { name: '次へ進む' }).click();

test('a resident applies for 児童手当 for two children without JavaScript; staff take the first step', async () => {
  const ctx = await noScriptContext(browser);
  const page = await ctx.newPage();
  await page.goto(`${p.url}/procedures`);
  await assertAccessibleNoScript(page, 'procedure catalog');
  await page.getByLabel(/手続を検索/).fill('じどうてあて');
  await page.getByRole('button', { name: '検索' }).click();
  await assertAccessibleNoScript(page, 'procedure search results');
  await page.getByRole('link', { name: '児童手当等の受給資格及び児童手当の額についての認定請求' }).click();
  await assertAccessibleNoScript(page, 'procedure page');
  await page.getByRole('link', { name: 'ログインして申請する' }).click();
  await page.getByRole('link', { name: /マイナンバーカード/ }).first().click();
  await page.getByRole('button', { name: /𠮷田 花子/ }).click();
  await page.waitForURL(/\/procedures\/child-allowance-claim$/);
  await page.getByRole('button', { name: 'オンラインで申請する' }).click();

  await page.waitForURL(/\/sections\/applicant$/);
  assert.equal(await page.getByLabel('氏名', { exact: false }).first().inputValue(), '𠮷田 花子');
  await assertAccessibleNoScript(page, 'form section 1');
  await page.getByLabel(/^フリガナ/).fill('Yoshida');
  await page.getByLabel(/^郵便番号/).fill('０００－００１１');
  // Without JavaScript, 「住所を検索」 posts the section and the server fills the address (kept here: it already starts with the town).
  await page.getByRole('button', { name: '住所を検索' }).click();
  await page.waitForURL(/notice=address-filled/);
  assert.match(await page.getByLabel(/^住所/).inputValue(), /^架空県みなと野市本町/);
  await page.getByRole('radio', { name: '会社員', exact: true }).check();
  await page.getByRole('radio', { name: '厚生年金・健康保険（会社員など）' }).check();
  await page.getByRole('group', { name: /配偶者はいますか/ }).getByRole('radio', { name: 'いいえ' }).check();
  await next(page);
  assert.match(await page.locator('#error-summary').innerText(), /「フリガナ」はカタカナで入力してください/);
  await assertAccessibleNoScript(page, 'form section 1 with errors');
  await page.getByLabel(/^フリガナ/).fill('よしだ はなこ');
  await next(page);

  await page.waitForURL(/\/sections\/children$/);
  await fillTwoChildren(page);
  await assertAccessibleNoScript(page, 'repeating group with two children');
  // Save the draft and come back to it later from マイページ.
  await page.getByRole('button', { name: '下書きを保存して中断する' }).click();
  await page.waitForURL(/\/mypage\/applications/);
  await assertAccessibleNoScript(page, 'my applications with a draft');
  await page.getByRole('link', { name: '続きを入力する' }).click();
  // The draft resumes at the first step not yet complete; what was typed before is all there.
  await page.waitForURL(/\/sections\/payment\?notice=|\/sections\/payment$/);
  await page.getByRole('link', { name: '前のステップに戻る' }).click();
  assert.equal(await page.getByRole('group', { name: '子ども（2人目）' }).getByLabel(/^氏名/).inputValue(), '𠮷田 次郎');
  await next(page);

  await page.waitForURL(/\/sections\/payment$/);
  await page.getByLabel(/^金融機関コード/).fill('0001');
  await page.getByLabel(/^支店コード/).fill('001');
  await page.getByRole('radio', { name: '普通' }).check();
  await page.getByLabel(/^口座番号/).fill('1234567');
  await page.getByLabel(/^口座名義/).fill('ヨシダ ハナコ');
  await page.getByLabel('ファイルを添付する').setInputFiles({ name: '通帳.png', mimeType: 'image/png', buffer: buildPng(8, 8) });
  await assertAccessibleNoScript(page, 'bank account and attachment');
  await next(page);
  await page.getByLabel(/^日中に連絡のつく電話番号/).fill('090-1234-5678');
  await page.getByLabel(/^メールアドレス/).fill('hanako@example.jp');
  await next(page);
  await page.getByLabel(/記入した内容に相違ない/).check();
  await next(page);

  await page.waitForURL(/\/check$/);
  await assertAccessibleNoScript(page, 'check your answers');
  assert.match(await page.locator('main').innerText(), /令和2年6月15日/);
  assert.match(await page.locator('main').innerText(), /𠮷田 次郎/);
  assert.match(await page.locator('main').innerText(), /みずほ（0001） 東京営業部（001） 普通 1234567 ﾖｼﾀﾞ ﾊﾅｺ/);
  assert.match(await page.locator('main').innerText(), /通帳\.png/);
  await page.getByRole('button', { name: '申請する' }).click();
  await page.getByRole('heading', { name: '申請を受け付けました' }).waitFor();
  const receipt = await page.locator('.receipt-number').innerText();
  assert.match(receipt, /^\d{4}-\d{6}$/);
  await assertAccessibleNoScript(page, 'confirmation');
  await page.goto(`${p.url}/mypage/applications`);
  assert.match(await page.locator('main').innerText(), new RegExp(receipt));

  // Staff: the manager of 子育て支援課 approves it.
  const staffPage = await browser.newPage({ locale: 'ja-JP', bypassCSP: true });
  await staffPage.goto(`${p.url}/staff/login?next=${encodeURIComponent('/staff/cases')}`);
  await staffPage.fill('input[name=email]', manager.email);
  await staffPage.fill('input[name=password]', manager.password);
  await staffPage.locator('form button[type=submit]').first().click();
  await staffPage.fill('input[name=code]', await totpCodeFor(manager));
  await staffPage.locator('form button[type=submit]').first().click();
  await staffPage.waitForURL(`${p.url}/staff/cases`);
  await assertAccessible(staffPage, 'staff inbox');
  await staffPage.getByRole('link', { name: receipt }).click();
  assert.match(await staffPage.locator('main').innerText(), /𠮷田 次郎/);
  await assertAccessible(staffPage, 'case page');
  // The first step of the route (起案); the full route with three people is procedures-journey.test.ts.
  await staffPage.getByRole('button', { name: '登録する' }).click();
  await staffPage.getByText('承認し、次の段階へ回しました。').waitFor();
  await assertAccessible(staffPage, 'case page after the first step');
  await staffPage.close();

  await page.goto(`${p.url}/mypage/applications`);
  await page.getByRole('link', { name: '児童手当等の受給資格及び児童手当の額についての認定請求' }).click();
  assert.match(await page.locator('main').innerText(), /審査中: 「起案」が済み/);
  await ctx.close();
});
