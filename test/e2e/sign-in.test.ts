/**
 * Browser journeys of the foundation: a resident signs in with the (development) My Number Card
 * provider and by e-mail code, with JavaScript on and off; staff sign in with password and TOTP,
 * walk the administration pages, add a passkey (virtual authenticator) and sign in with it.
 * axe-core runs on every page visited.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, launchBrowser, noScriptContext, startDemoPlatform } from './support.ts';
import type { TestPlatform } from '../support/platform.ts';
import { TestClient } from '../support/client.ts';
import { buildStaff, totpCodeFor, type TestStaff } from '../support/staff.ts';
import { findTenant } from '../../src/platform/tenancy/index.ts';
import type { TestTenant } from '../support/factories.ts';

let p: TestPlatform;
let browser: Browser;
let demo: TestTenant;

before(async () => {
  p = await startDemoPlatform();
  browser = await launchBrowser();
  const t = (await findTenant(p.deps.db, '990019'))!;
  demo = { ...t, client: () => new TestClient(p.url, 'localhost') };
});
after(async () => {
  await browser.close();
  await p.stop();
});

async function signInWithCard(page: Page, axe: boolean) {
  await page.goto(`${p.url}/`);
  if (axe) await assertAccessible(page, 'home');
  await page.getByRole('navigation').getByRole('link', { name: 'サインイン' }).click();
  assert.equal(new URL(page.url()).pathname, '/login');
  if (axe) await assertAccessible(page, 'login');
  await page.getByRole('link', { name: 'マイナンバーカードでサインイン' }).click();
  assert.match(new URL(page.url()).pathname, /^\/dev-idp\//);
  if (axe) await assertAccessible(page, 'dev-idp: choose a person');
  await page.getByRole('button', { name: /𠮷田 花子 としてサインイン/ }).click();
  assert.equal(new URL(page.url()).pathname, '/mypage');
}

test('a resident signs in with the My Number Card and sees マイページ; by keyboard and in English too', async () => {
  const ctx = await browser.newContext({ locale: 'ja-JP' });
  const page = await ctx.newPage();
  await signInWithCard(page, true);
  await assertAccessible(page, 'mypage (ja)');
  const main = page.locator('main');
  assert.match(await main.innerText(), /𠮷田 花子/);
  assert.match(await main.innerText(), /昭和|平成|令和/);
  await page.getByRole('link', { name: 'Switch to English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await assertAccessible(page, 'mypage (en)');
  // Sign out with the keyboard: focus the button and press Enter.
  await page.getByRole('button', { name: 'Sign out' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname !== '/mypage');
  await assertAccessible(page, 'after sign-out');
  const again = await page.goto(`${p.url}/mypage`);
  assert.equal(new URL(again!.url()).pathname, '/login');
  await ctx.close();
});

test('with JavaScript off: card sign-in and e-mail code sign-in both work', async () => {
  const ctx = await noScriptContext(browser);
  const page = await ctx.newPage();
  await signInWithCard(page, false);
  assert.match(await page.locator('main').innerText(), /𠮷田 花子/);
  await page.getByRole('button', { name: 'サインアウト' }).click();

  await page.goto(`${p.url}/login`);
  await page.getByRole('textbox', { name: /メールアドレス/ }).fill('ｍｉｎａｔｏ．ｔａｒｏ＠example.jp');
  await page.getByRole('button', { name: '確認コードを送る' }).click();
  assert.equal(new URL(page.url()).pathname, '/auth/email/verify');
  const mailbox = await ctx.newPage();
  await mailbox.goto(`${p.url}/dev/mailbox`);
  const body = await mailbox.locator('.mail-body').first().innerText();
  const code = /(\d{6})/.exec(body)![1]!;
  await mailbox.close();
  await page.getByLabel('確認コード（6桁の数字）').fill('000000' === code ? '111111' : '000000');
  await page.getByRole('button', { name: 'サインインする' }).click();
  assert.match(await page.locator('main').innerText(), /確認コードが違います/);
  // 全角 digits are accepted.
  await page.getByLabel('確認コード（6桁の数字）').fill(code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))));
  await page.getByRole('button', { name: 'サインインする' }).click();
  assert.equal(new URL(page.url()).pathname, '/mypage');
  assert.match(await page.locator('main').innerText(), /minato\.taro@example\.jp/);
  await ctx.close();
});

test('e-mail sign-in pages and the development mailbox pass axe', async () => {
  const page = await browser.newPage();
  await page.goto(`${p.url}/login`);
  await page.getByRole('textbox', { name: /メールアドレス/ }).fill('not-an-address');
  await page.getByRole('button', { name: '確認コードを送る' }).click();
  await assertAccessible(page, 'login with a field error');
  await page.getByRole('textbox', { name: /メールアドレス/ }).fill('axe@example.jp');
  await page.getByRole('button', { name: '確認コードを送る' }).click();
  await assertAccessible(page, 'enter code');
  await page.goto(`${p.url}/dev/mailbox`);
  await assertAccessible(page, 'development mailbox');
  await page.close();
});

async function staffPasswordStep(page: Page, staff: TestStaff, axe: boolean) {
  await page.goto(`${p.url}/staff/login`);
  if (axe) await assertAccessible(page, 'staff login');
  await page.getByRole('textbox', { name: /メールアドレス/ }).fill(staff.email);
  await page.getByLabel('パスワード').fill(staff.password);
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  assert.equal(new URL(page.url()).pathname, '/staff/login/mfa');
}

test('staff sign in with password and authenticator code, and walk the administration pages', async () => {
  const admin = await buildStaff(p, demo, { roles: [{ role: 'admin', departmentId: null }], displayName: '試験 管理者' });
  const ctx = await browser.newContext({ locale: 'ja-JP' });
  const page = await ctx.newPage();
  await page.goto(`${p.url}/staff/login`);
  await page.getByRole('textbox', { name: /メールアドレス/ }).fill(admin.email);
  await page.getByLabel('パスワード').fill('wrong password');
  await page.getByRole('button', { name: 'サインイン', exact: true }).click();
  await assertAccessible(page, 'staff login with an error');
  await staffPasswordStep(page, admin, true);
  await assertAccessible(page, 'staff second factor');
  await page.getByLabel('確認コード（6桁）').fill(await totpCodeFor(admin));
  await page.getByRole('button', { name: /確認/ }).first().click();
  assert.equal(new URL(page.url()).pathname, '/staff');
  assert.match(await page.locator('main').innerText(), /試験 管理者/);
  await assertAccessible(page, 'staff home');
  for (const path of ['/staff/admin', '/staff/admin/staff', '/staff/admin/departments', '/staff/admin/audit', '/staff/admin/api-tokens', '/staff/account']) {
    await page.goto(`${p.url}${path}`);
    assert.equal(new URL(page.url()).pathname, path);
    await assertAccessible(page, path);
  }
  await page.goto(`${p.url}/staff/admin/api-tokens`);
  await page.getByLabel('名前（用途）').fill('基幹系連携');
  await page.getByRole('checkbox', { name: /tenant:read/ }).check();
  await page.getByRole('button', { name: 'トークンを作成' }).click();
  assert.match(await page.locator('#new-token').innerText(), /^yk_/);
  await assertAccessible(page, 'api token created');
  await ctx.close();
});

test('staff add a passkey and sign in with it (virtual authenticator)', async () => {
  const staff = await buildStaff(p, demo, { displayName: '鍵 使子' });
  const ctx = await browser.newContext({ locale: 'ja-JP' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  await staffPasswordStep(page, staff, false);
  await page.getByLabel('確認コード（6桁）').fill(await totpCodeFor(staff));
  await page.getByRole('button', { name: /確認/ }).first().click();
  await page.goto(`${p.url}/staff/account`);
  await page.getByRole('link', { name: 'パスキーを追加する' }).click();
  assert.equal(new URL(page.url()).pathname, '/staff/mfa/setup');
  await assertAccessible(page, 'second-factor setup');
  await page.getByRole('textbox', { name: /パスキーの名前/ }).fill('試験用の端末');
  await page.getByRole('button', { name: /パスキーを(登録|追加)/ }).first().click();
  await page.waitForFunction(() => document.body.innerText.includes('パスキーを登録しました'));
  await page.goto(`${p.url}/staff/account`);
  await assertAccessible(page, 'account with a passkey');
  assert.match(await page.locator('main').innerText(), /試験用の端末/);
  await page.getByRole('button', { name: 'サインアウト', exact: true }).click();

  await staffPasswordStep(page, staff, false);
  await page.getByRole('button', { name: 'パスキーで確認する' }).click();
  await page.waitForURL((u) => u.pathname === '/staff');
  assert.match(await page.locator('main').innerText(), /鍵 使子/);
  await ctx.close();
});
