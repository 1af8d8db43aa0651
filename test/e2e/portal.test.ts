/** Browser journey: the public pages, the language switch and the error page, by keyboard, with axe on each. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchBrowser, noScriptContext, startDemoPlatform } from './support.ts';
import type { TestPlatform } from '../support/platform.ts';

let p: TestPlatform;
let browser: Browser;
before(async () => {
  p = await startDemoPlatform();
  browser = await launchBrowser();
});
after(async () => {
  await browser.close();
  await p.stop();
});

test('home, accessibility and privacy pages in Japanese and English, reached by keyboard', async () => {
  const page = await browser.newPage({ locale: 'ja-JP' });
  await page.goto(`${p.url}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await assertAccessible(page, 'home (ja)');
  // The first Tab reaches the skip link, which moves focus to the main content.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '本文へ移動');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => location.hash), '#main');
  await page.getByRole('link', { name: 'アクセシビリティ方針' }).click();
  await assertAccessible(page, 'accessibility (ja)');
  await page.getByRole('link', { name: 'Switch to English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.locator('h1').innerText(), /Accessibility policy/);
  await assertAccessible(page, 'accessibility (en)');
  await page.getByRole('link', { name: 'Privacy' }).click();
  await assertAccessible(page, 'privacy (en)');
  await page.getByRole('link', { name: '日本語に切り替える' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  await page.close();
});

test('the not-found page is accessible and offers the way home', async () => {
  const page = await browser.newPage();
  const res = await page.goto(`${p.url}/no-such-page`);
  assert.equal(res?.status(), 404);
  assert.equal(await page.locator('h1').innerText(), 'ページが見つかりません');
  await assertAccessible(page, '404');
  await page.getByRole('link', { name: 'ホームに戻る' }).click();
  assert.equal(new URL(page.url()).pathname, '/');
  await page.close();
});

test('public pages work with JavaScript turned off', async () => {
  const ctx = await noScriptContext(browser);
  const page = await ctx.newPage();
  await page.goto(`${p.url}/`);
  await page.getByRole('link', { name: 'English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.locator('h1').innerText(), /Welcome to Minatono City/);
  await ctx.close();
});
