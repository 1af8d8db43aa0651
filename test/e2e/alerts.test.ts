/**
 * Browser journey of issue 4 (emergency alerts): a resident subscribes to 防災 for 本町 by e-mail
 * on notify's pages and confirms from the mail that reached the real SMTP server; a clerk drafts
 * an evacuation instruction (避難指示) from the template and asks for approval; a manager
 * approves and it is sent; the banner appears on every page visited, resident and staff; the
 * alert e-mail arrives at the SMTP server; the CAP index and document validate against the CAP
 * 1.2 schema; the clerk sends a cancel and the banner goes. axe-core runs on every page visited.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertAccessible, launchBrowser, noScriptContext, startDemoPlatform } from './support.ts';
import type { TestPlatform } from '../support/platform.ts';
import type { TestTenant } from '../support/factories.ts';
import { buildStaff, totpCodeFor, type TestStaff } from '../support/staff.ts';
import { startSmtpServer, type ReceivedMail } from '../support/smtp.ts';
import { CAP_XSD_PATH, validateCap } from '../../src/modules/alerts/cap/cap.ts';

const DEMO = '990019';
const RESIDENT = 'bousai-hanako@example.jp';
const XSD = fs.existsSync('/work/shared/reference/cap12.xsd') ? '/work/shared/reference/cap12.xsd' : CAP_XSD_PATH;
let p: TestPlatform;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let browser: Browser;
let clerk: TestStaff;
let manager: TestStaff;

before(async () => {
  smtp = await startSmtpServer();
  p = await startDemoPlatform({ SMTP_URL: smtp.url, MAIL_FROM: 'bousai@minatono.example.jp' });
  clerk = await buildStaff(p, { code: DEMO } as TestTenant, { displayName: '危機管理課 担当', roles: [{ role: 'clerk', departmentId: null }] });
  manager = await buildStaff(p, { code: DEMO } as TestTenant, { displayName: '危機管理課 課長', roles: [{ role: 'manager', departmentId: null }] });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await p?.stop();
  await smtp?.stop();
});

/** Every part of a received message (single or multipart), decoded from base64 or quoted-printable, and its subject. */
function decoded(m: ReceivedMail): string {
  const raw = m.raw.replace(/\r\n/g, '\n');
  const parts = raw.split(/\n--[^\n]+\n/).map((part) => {
    const cut = part.indexOf('\n\n');
    const [head, body] = cut < 0 ? [part, ''] : [part.slice(0, cut), part.slice(cut + 2)];
    if (/Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('utf8');
    if (/Content-Transfer-Encoding: quoted-printable/i.test(head)) return Buffer.from(body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_s, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    return body;
  });
  const subject = (/^Subject: (.*(?:\n[ \t].*)*)/im.exec(raw)?.[1] ?? '')
    .replace(/\n[ \t]+/g, '')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_s, enc: string, text: string) => (enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')));
  return [subject, ...parts].join('\n');
}

async function mailTo(address: string, matching: RegExp, timeoutMs = 30_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = smtp.received.filter((m) => m.to.includes(address)).map(decoded).find((text) => matching.test(text));
    if (found) return found;
    assert.ok(Date.now() < until, `no mail to ${address} matching ${matching} within ${timeoutMs} ms; received: ${smtp.received.map((m) => decoded(m).slice(0, 4000)).join('\n=====\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function signIn(ctx: BrowserContext, staff: TestStaff, next: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${p.url}/staff/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=email]', staff.email);
  await page.fill('input[name=password]', staff.password);
  await page.locator('form button[type=submit]').first().click();
  await page.fill('input[name=code]', await totpCodeFor(staff));
  await page.locator('form button[type=submit]').first().click();
  await page.waitForURL(`${p.url}${next}`);
  return page;
}

const banner = (page: Page) => page.locator('aside.site-banners');

test('subscribe, draft from a template, approve, banner everywhere, mail, CAP, cancel', async () => {
  // 1. A resident subscribes to 防災 for 本町 by e-mail and confirms.
  const residentCtx = await browser.newContext({ locale: 'ja-JP' });
  const resident = await residentCtx.newPage();
  await resident.goto(`${p.url}/subscribe`);
  await assertAccessible(resident, 'subscribe form');
  await resident.getByRole('checkbox', { name: '防災' }).check();
  await resident.getByRole('group', { name: /地区/ }).getByRole('checkbox', { name: '本町' }).check();
  await resident.getByLabel(/^メールアドレス/).fill(RESIDENT);
  await resident.getByRole('button', { name: '確認メールを送る' }).click();
  await resident.getByRole('heading', { name: '確認メールを送りました' }).waitFor();
  await assertAccessible(resident, 'subscribe: mail sent');
  const confirmation = await mailTo(RESIDENT, /\/subscribe\/confirm\?token=/);
  const confirmUrl = new URL(/https?:\/\/[^\s"<>]+\/subscribe\/confirm\?token=[^\s"<>&]+/.exec(confirmation)![0]);
  await resident.goto(`${p.url}${confirmUrl.pathname}${confirmUrl.search}`);
  await assertAccessible(resident, 'subscribe: confirm');
  await resident.getByRole('button', { name: '登録を完了する' }).click();
  await resident.getByRole('heading', { name: '配信登録が完了しました' }).waitFor();
  await assertAccessible(resident, 'subscribe: confirmed');
  assert.equal(await banner(resident).count(), 0, 'no banner before any alert');

  // 2. A clerk drafts an evacuation instruction from the template and asks for approval.
  const clerkCtx = await browser.newContext({ locale: 'ja-JP' });
  const clerkPage = await signIn(clerkCtx, clerk, '/staff/alerts');
  await assertAccessible(clerkPage, 'staff alert list');
  await clerkPage.getByRole('link', { name: '新しい緊急情報を作成する' }).click();
  await assertAccessible(clerkPage, 'template chooser');
  await clerkPage.getByLabel('テンプレート').selectOption('level4');
  await clerkPage.getByLabel('災害の種類').selectOption('flood');
  await clerkPage.getByRole('group', { name: '対象地区' }).getByRole('checkbox', { name: '本町' }).check();
  await clerkPage.getByRole('group', { name: '開設している避難所' }).getByRole('checkbox', { name: /みなと野市立本町小学校/ }).check();
  await clerkPage.getByRole('button', { name: 'この内容で文面を作る' }).click();
  await clerkPage.getByRole('heading', { name: '新しい緊急情報を作成する' }).waitFor();
  assert.equal(await clerkPage.getByLabel(/^見出し（日本語）/).inputValue(), '【警戒レベル4】本町に避難指示を発令しました（洪水）');
  assert.match(await clerkPage.getByLabel(/^とるべき行動（やさしい日本語）/).inputValue(), /みなと野市立本町小学校/);
  assert.match(await clerkPage.getByLabel(/^見出し（英語）/).inputValue(), /Evacuation Instruction for Honmachi/);
  await assertAccessible(clerkPage, 'alert form filled from the template');
  await clerkPage.getByRole('button', { name: '下書きを保存する' }).click();
  await clerkPage.getByText('下書きを保存しました。').waitFor();
  const alertUrl = clerkPage.url().replace(/\?.*$/, '');
  const alertId = /\/staff\/alerts\/([0-9a-f-]{36})$/.exec(alertUrl)![1]!;
  await assertAccessible(clerkPage, 'draft');
  await clerkPage.getByRole('button', { name: '承認を依頼する' }).click();
  await clerkPage.getByText(/承認を依頼しました/).first().waitFor();
  await assertAccessible(clerkPage, 'awaiting approval');
  assert.equal(await clerkPage.getByRole('button', { name: '承認して送信する' }).count(), 0, 'the author is not offered approval');

  // 3. A manager approves: it is sent at once.
  const managerCtx = await browser.newContext({ locale: 'ja-JP' });
  const managerPage = await signIn(managerCtx, manager, '/staff/alerts');
  await managerPage.getByRole('link', { name: '【警戒レベル4】本町に避難指示を発令しました（洪水）' }).click();
  await assertAccessible(managerPage, 'alert to approve');
  await managerPage.getByRole('button', { name: '承認して送信する' }).click();
  await managerPage.getByText('送信しました。配信の進み具合はこのページで確認できます。').waitFor();
  await managerPage.locator('#delivery-progress').waitFor();
  await assertAccessible(managerPage, 'sent alert with delivery progress and the banner');

  // 4. The banner is on every page visited, resident and staff.
  const heading = '【警戒レベル4】本町に避難指示を発令しました（洪水）';
  for (const path of ['/', '/alerts', `/alerts/${alertId}`, '/shelters', '/subscribe', '/procedures']) {
    await resident.goto(`${p.url}${path}`);
    await assert.doesNotReject(banner(resident).getByRole('heading', { name: heading }).waitFor({ timeout: 5000 }), `banner on ${path}`);
    assert.match(await banner(resident).innerText(), /対象: 本町/);
    await assertAccessible(resident, `resident ${path} with the banner`);
  }
  await resident.goto(`${p.url}/`);
  await banner(resident).getByRole('link', { name: '詳しく見る' }).click();
  await resident.waitForURL(`${p.url}/alerts/${alertId}`);
  for (const path of ['/staff', '/staff/alerts']) {
    await clerkPage.goto(`${p.url}${path}`);
    await banner(clerkPage).getByRole('heading', { name: heading }).waitFor({ timeout: 5000 });
    await assertAccessible(clerkPage, `staff ${path} with the banner`);
  }

  // The banner and the alert page need no JavaScript.
  const noScript = await noScriptContext(browser);
  const plain = await noScript.newPage();
  for (const path of ['/', `/alerts/${alertId}`]) {
    await plain.goto(`${p.url}${path}`);
    assert.match(await banner(plain).innerText(), /【警戒レベル4】本町に避難指示を発令しました/, `banner without JavaScript on ${path}`);
  }
  assert.match(await plain.locator('main').innerText(), /みなと野市立本町小学校/);
  await noScript.close();

  // 5. The alert e-mail reaches the subscriber through the real SMTP server.
  const alertMail = await mailTo(RESIDENT, /避難指示/, 60_000);
  assert.match(alertMail, /本町/);
  assert.match(alertMail, new RegExp(`/alerts/${alertId}`));

  // 6. The CAP index lists the message and its document validates against CAP 1.2.
  const index = await (await resident.request.get(`${p.url}/alerts/cap.xml`)).text();
  const capHref = new RegExp(`href="([^"]+/alerts/${alertId}/cap\\.xml)"`).exec(index)?.[1];
  assert.ok(capHref, 'the CAP index links the message');
  const cap = await (await resident.request.get(`${p.url}${new URL(capHref).pathname}`)).text();
  const check = await validateCap(cap, XSD);
  assert.deepEqual(check.errors, []);
  assert.match(cap, /<status>Actual<\/status>/);
  assert.match(cap, /<msgType>Alert<\/msgType>/);

  // 7. The clerk sends a cancel; the banner goes from every page.
  await clerkPage.goto(alertUrl);
  await clerkPage.getByRole('button', { name: '取消・解除を作成する' }).click();
  await clerkPage.waitForURL(/\/edit$/);
  assert.match(await clerkPage.getByLabel(/^見出し（日本語）/).inputValue(), /本町の避難情報を解除しました/);
  await assertAccessible(clerkPage, 'cancel form');
  await clerkPage.getByRole('button', { name: '下書きを保存する' }).click();
  await clerkPage.getByText('下書きを保存しました。').waitFor();
  await clerkPage.getByRole('button', { name: '送信する', exact: true }).click();
  await clerkPage.getByText('送信しました。配信の進み具合はこのページで確認できます。').waitFor();
  assert.equal(await banner(clerkPage).count(), 0, 'no banner on the staff page after the cancel');
  await assertAccessible(clerkPage, 'sent cancel');
  for (const path of ['/', '/alerts', `/alerts/${alertId}`]) {
    await resident.goto(`${p.url}${path}`);
    assert.equal(await banner(resident).count(), 0, `no banner on ${path} after the cancel`);
    await assertAccessible(resident, `resident ${path} after the cancel`);
  }
  assert.match(await resident.locator('main').innerText(), /取り消し・解除されました/);
  await mailTo(RESIDENT, /避難情報を解除しました/, 60_000);
  await Promise.all([residentCtx.close(), clerkCtx.close(), managerCtx.close()]);
});
