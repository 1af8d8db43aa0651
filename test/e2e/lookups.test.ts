/**
 * The lookup islands with JavaScript on: 「住所を検索」 fills the address in place from
 * GET /procedures/postal/:code (全角 digits and a long-vowel dash typed) and announces it; an
 * unknown code is announced without leaving the page. Typing a bank and branch code shows their
 * names at once. axe-core checks both sections.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { TestPlatform } from '../support/platform.ts';
import { seedDemoProcedures } from '../../src/modules/procedures/index.ts';
import { assertAccessible, launchBrowser, startDemoPlatform } from './support.ts';

const DEMO = '990019';
let p: TestPlatform;
let browser: Browser;

before(async () => {
  p = await startDemoPlatform();
  await seedDemoProcedures(p.deps, DEMO);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await p.stop();
});

test('postal code → address and bank code → name with JavaScript, without a page load', async () => {
  const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
  await page.goto(`${p.url}/procedures/residence-certificate`);
  await page.getByRole('link', { name: 'ログインして申請する' }).click();
  await page.getByRole('link', { name: /マイナンバーカード/ }).first().click();
  await page.getByRole('button', { name: /𠮷田 花子/ }).click();
  await page.waitForURL(/\/procedures\/residence-certificate$/);
  await page.getByRole('button', { name: 'オンラインで申請する' }).click();
  await page.waitForURL(/\/sections\/applicant$/);
  const url = page.url();

  await page.getByLabel(/^住所/).fill('');
  await page.getByLabel(/^郵便番号/).fill('０００ー００１５');
  await page.getByRole('button', { name: '住所を検索' }).click();
  await page.getByRole('status').filter({ hasText: '郵便番号から住所を入れました' }).waitFor();
  assert.equal(await page.getByLabel(/^住所/).inputValue(), '架空県みなと野市汐見台');
  assert.equal(await page.getByLabel(/^郵便番号/).inputValue(), '000-0015');
  assert.equal(page.url(), url, 'filled in place');
  await assertAccessible(page, 'section after the postal lookup');

  await page.getByLabel(/^郵便番号/).fill('999-9999');
  await page.getByRole('button', { name: '住所を検索' }).click();
  await page.getByRole('status').filter({ hasText: '999-9999 に当たる住所が見つかりません' }).waitFor();
  assert.equal(await page.getByLabel(/^住所/).inputValue(), '架空県みなと野市汐見台');

  await page.goto(`${p.url}/procedures/child-allowance-claim`);
  await page.getByRole('button', { name: 'オンラインで申請する' }).click();
  await page.waitForURL(/\/sections\/applicant$/);
  await page.goto(page.url().replace(/applicant$/, 'payment'));
  await page.getByLabel(/^金融機関コード/).fill('０００１');
  await page.getByRole('status').filter({ hasText: '金融機関: みずほ（0001）' }).waitFor();
  await page.getByLabel(/^支店コード/).fill('001');
  await page.getByRole('status').filter({ hasText: '支店: 東京営業部（001）' }).waitFor();
  await page.getByLabel(/^支店コード/).fill('999');
  await page.getByRole('status').filter({ hasText: '支店コード 999 の支店は見つかりません' }).waitFor();
  await assertAccessible(page, 'payment section with bank names');
});
