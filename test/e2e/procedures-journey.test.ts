/**
 * The browser journey of issue 3, end to end in the demo municipality (みなと野市):
 *  1. a resident, with JavaScript off, signs in with the My Number Card at the development identity
 *     provider, applies for 児童手当の認定請求 for two children with a bank account and a PDF
 *     attachment, saves a draft and resumes it from マイページ, checks the answers and submits;
 *  2. the 子育て支援課 clerk (kosodate@, JavaScript on) finds the case by its receipt number, assigns
 *     it to herself and requests a correction (補正) of the second child's date of birth and of the
 *     account document (a file, replaced by the resident without JavaScript; staff still see the old one);
 *  3. the resident sees the request in マイページ, corrects only that answer and re-submits;
 *  4. the clerk approves 起案; two different managers approve 審査 (manager@) and 決裁 (manager2@);
 *  5. the resident sees the decision in the timeline and downloads the decision notice PDF.
 * axe-core runs on every page visited; the resident's pages are checked as rendered without
 * JavaScript.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import PDFDocument from 'pdfkit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertAccessible, assertAccessibleNoScript, fillTwoChildren, launchBrowser, noScriptContext, startDemoPlatform } from './support.ts';
import type { TestPlatform } from '../support/platform.ts';
import { totpCodeFor } from '../support/staff.ts';
import { DEMO_STAFF } from '../../src/modules/staff/index.ts';

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

const PROCEDURE = '児童手当等の受給資格及び児童手当の額についての認定請求';
const next = (page: Page) => page.getByRole('button', { name: '次へ進む' }).click();

/** A real, small PDF (a scanned bank book would be one). */
function bankBookPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A6' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text('Bank book copy (test)');
    doc.end();
  });
}

/** Signs a demo staff member in (password, then the TOTP code) in a JavaScript-enabled context. */
async function staffSignIn(who: keyof typeof DEMO_STAFF): Promise<{ ctx: BrowserContext; page: Page }> {
  const account = DEMO_STAFF[who];
  const ctx = await browser.newContext({ locale: 'ja-JP', bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${p.url}/staff/login?next=${encodeURIComponent('/staff/cases')}`);
  await page.fill('input[name=email]', account.email);
  await page.fill('input[name=password]', account.password);
  await page.locator('form button[type=submit]').first().click();
  await page.fill('input[name=code]', await totpCodeFor({ id: account.email, totpSecret: account.totpSecret }));
  await page.locator('form button[type=submit]').first().click();
  await page.waitForURL(`${p.url}/staff/cases`);
  return { ctx, page };
}

/** Opens the case from the inbox by searching its receipt number. */
async function openCase(page: Page, receipt: string, label: string): Promise<void> {
  await page.goto(`${p.url}/staff/cases`);
  await page.getByLabel(/^受付番号または申請者の氏名/).fill(receipt);
  await page.getByRole('button', { name: '絞り込む' }).click();
  await assertAccessible(page, `${label}: inbox search`);
  await page.getByRole('link', { name: receipt }).click();
  await page.getByRole('heading', { name: `申請 ${receipt}` }).waitFor();
  await assertAccessible(page, `${label}: case page`);
}

/** Approves the case's current step from the case page. */
async function approveStep(page: Page, label: string, notice: string): Promise<void> {
  await page.getByLabel(/^処理/).selectOption('approve');
  await page.getByRole('button', { name: '登録する', exact: true }).click();
  await page.getByText(notice).waitFor();
  await assertAccessible(page, `${label}: after approving`);
}

test('児童手当: apply for two children with an attachment, draft and resume, correction, 起案 → 審査 → 決裁 by three people, decision notice', async () => {
  // 1. The resident, without JavaScript.
  const resident = await noScriptContext(browser);
  const page = await resident.newPage();
  await page.goto(`${p.url}/procedures`);
  await assertAccessibleNoScript(page, 'catalog');
  await page.getByLabel(/手続を検索/).fill('じどうてあて');
  await page.getByRole('button', { name: '検索' }).click();
  await page.getByRole('link', { name: PROCEDURE }).click();
  await assertAccessibleNoScript(page, 'procedure page');
  await page.getByRole('link', { name: 'ログインして申請する' }).click();
  await page.getByRole('link', { name: /マイナンバーカード/ }).first().click();
  assert.match(new URL(page.url()).pathname, /^\/dev-idp\//);
  await page.getByRole('button', { name: /𠮷田 花子/ }).click();
  await page.waitForURL(/\/procedures\/child-allowance-claim$/);
  await page.getByRole('button', { name: 'オンラインで申請する' }).click();

  await page.waitForURL(/\/sections\/applicant$/);
  assert.equal(await page.getByLabel('氏名', { exact: false }).first().inputValue(), '𠮷田 花子', 'prefilled from the card');
  await assertAccessibleNoScript(page, 'section: applicant');
  await page.getByLabel(/^フリガナ/).fill('ヨシダ ハナコ');
  await page.getByLabel(/^郵便番号/).fill('000-0011');
  await page.getByRole('radio', { name: '会社員', exact: true }).check();
  await page.getByRole('radio', { name: '厚生年金・健康保険（会社員など）' }).check();
  await page.getByRole('group', { name: /配偶者はいますか/ }).getByRole('radio', { name: 'いいえ' }).check();
  await next(page);

  await page.waitForURL(/\/sections\/children$/);
  await fillTwoChildren(page);
  await assertAccessibleNoScript(page, 'section: two children');
  await page.getByRole('button', { name: '下書きを保存して中断する' }).click();
  await page.waitForURL(/\/mypage\/applications/);
  await assertAccessibleNoScript(page, 'マイページ with a draft');
  await page.getByRole('link', { name: '続きを入力する' }).click();
  await page.waitForURL(/\/sections\/payment/);
  await page.getByRole('link', { name: '前のステップに戻る' }).click();
  assert.equal(await page.getByRole('group', { name: '子ども（2人目）' }).getByLabel(/^氏名/).inputValue(), '𠮷田 次郎', 'the draft kept both children');
  await next(page);

  await page.waitForURL(/\/sections\/payment$/);
  await page.getByLabel(/^金融機関コード/).fill('0001');
  await page.getByLabel(/^支店コード/).fill('001');
  await page.getByRole('radio', { name: '普通' }).check();
  await page.getByLabel(/^口座番号/).fill('1234567');
  await page.getByLabel(/^口座名義/).fill('ヨシダ ハナコ');
  await page.getByLabel('ファイルを添付する').setInputFiles({ name: '通帳の写し.pdf', mimeType: 'application/pdf', buffer: await bankBookPdf() });
  await assertAccessibleNoScript(page, 'section: payment with a file chosen');
  await next(page);
  await page.waitForURL(/\/sections\/contact$/);
  await page.getByLabel(/^日中に連絡のつく電話番号/).fill('090-1234-5678');
  await page.getByLabel(/^メールアドレス/).fill('hanako@example.jp');
  await next(page);
  await page.getByLabel(/記入した内容に相違ない/).check();
  await next(page);

  await page.waitForURL(/\/check$/);
  await assertAccessibleNoScript(page, 'check your answers');
  const check = await page.locator('main').innerText();
  assert.match(check, /𠮷田 次郎/);
  assert.match(check, /通帳の写し\.pdf/, 'the attachment is listed');
  await page.getByRole('button', { name: '申請する' }).click();
  await page.getByRole('heading', { name: '申請を受け付けました' }).waitFor();
  const receipt = await page.locator('.receipt-number').innerText();
  assert.match(receipt, /^\d{4}-\d{6}$/);
  const applicationUrl = page.url().replace(/\?.*$/, '');
  await assertAccessibleNoScript(page, 'confirmation');

  // 2. The clerk of 子育て支援課 finds it, takes it, and asks for a correction.
  const clerk = await staffSignIn('kosodateClerk');
  await assertAccessible(clerk.page, 'clerk: inbox');
  await openCase(clerk.page, receipt, 'clerk');
  assert.match(await clerk.page.locator('main').innerText(), /𠮷田 次郎/);
  await clerk.page.getByLabel('担当者', { exact: true }).selectOption({ label: DEMO_STAFF.kosodateClerk.displayName });
  await clerk.page.getByRole('button', { name: '担当者を変更する' }).click();
  await clerk.page.getByText('担当者を変更しました。').waitFor();
  await clerk.page.getByLabel('子ども（2人目）の生年月日').check();
  await clerk.page.getByLabel('口座確認書類', { exact: true }).check();
  await clerk.page.getByLabel(/^申請者へのメッセージ/).fill('2人目のお子さんの生年月日が住民登録と異なります。確認して直してください。口座確認書類は口座番号が読めるものに差し替えてください。');
  await clerk.page.getByRole('button', { name: '補正を依頼する' }).click();
  await clerk.page.getByText('補正を依頼し、申請者にお知らせしました。').waitFor();
  await assertAccessible(clerk.page, 'clerk: case waiting for the correction');

  // 3. The resident corrects only that answer.
  await page.goto(applicationUrl);
  const waiting = await page.locator('main').innerText();
  assert.match(waiting, /担当課から補正（申請内容の修正）の依頼が届いています/);
  assert.match(waiting, /生年月日が住民登録と異なります/);
  await assertAccessibleNoScript(page, 'application page with a correction request');
  await page.getByRole('link', { name: '補正する項目を直して再提出する' }).click();
  await page.waitForURL(/\/correction$/);
  await assertAccessibleNoScript(page, 'correction page');
  assert.equal(await page.locator('input[name="children.1.birthdate"]').count(), 1);
  assert.equal(await page.locator('input[name="children.0.birthdate"], input[name="applicantName"]').count(), 0, 'other answers are read-only');
  await page.getByLabel(/^生年月日/).fill('2026-13-40');
  await page.getByRole('button', { name: '再提出する' }).click();
  assert.match(await page.locator('#error-summary').innerText(), /生年月日/);
  await assertAccessibleNoScript(page, 'correction page with an error');
  await page.getByLabel(/^生年月日/).fill('令和5年1月15日');
  // The returned file field offers the current file and takes a replacement, without JavaScript.
  assert.match(await page.locator('main').innerText(), /通帳の写し\.pdf/);
  await page.getByLabel('ファイルを添付する').setInputFiles({ name: '通帳の写し（鮮明）.pdf', mimeType: 'application/pdf', buffer: await bankBookPdf() });
  await assertAccessibleNoScript(page, 'correction page with a replacement file chosen');
  await page.getByRole('button', { name: '再提出する' }).click();
  await page.getByText('補正した申請を再提出しました。').waitFor();
  assert.match(await page.locator('.receipt-number').innerText(), new RegExp(receipt), 'same receipt number');
  await assertAccessibleNoScript(page, 'application page after re-submitting');

  // 4. 起案 by the clerk, 審査 and 決裁 by two different managers.
  await openCase(clerk.page, receipt, 'clerk again');
  const corrected = await clerk.page.locator('main').innerText();
  assert.match(corrected, /令和5年1月15日/);
  assert.match(corrected, /通帳の写し（鮮明）\.pdf/, 'the replacement is the current file');
  assert.match(corrected, /補正で差し替えられたファイル[\s\S]*通帳の写し\.pdf/, 'the replaced file stays visible to staff');
  await approveStep(clerk.page, 'clerk: 起案', '承認し、次の段階へ回しました。');
  await clerk.ctx.close();
  const manager = await staffSignIn('manager');
  await openCase(manager.page, receipt, 'manager');
  await approveStep(manager.page, 'manager: 審査', '承認し、次の段階へ回しました。');
  assert.match(await manager.page.locator('main').innerText(), /同じ職員が一つの申請の二つの段階を承認することはできません/);
  await manager.ctx.close();
  const manager2 = await staffSignIn('manager2');
  await openCase(manager2.page, receipt, 'second manager');
  await approveStep(manager2.page, 'second manager: 決裁', '決裁し、申請者にお知らせしました。');
  const history = await manager2.page.locator('main').innerText();
  assert.match(history, new RegExp(`「起案」を承認 （${DEMO_STAFF.kosodateClerk.displayName}）`));
  assert.match(history, new RegExp(`「審査」を承認 （${DEMO_STAFF.manager.displayName}）`));
  assert.match(history, new RegExp(`決裁（承認） （${DEMO_STAFF.manager2.displayName}）`));
  await manager2.ctx.close();

  // 5. The resident sees the decision and downloads the notice.
  await page.goto(applicationUrl);
  const decided = await page.locator('main').innerText();
  assert.match(decided, /受付: 申請を受け付けました。[\s\S]*補正依頼[\s\S]*再提出[\s\S]*審査中: 「起案」が済み[\s\S]*審査中: 「審査」が済み[\s\S]*決裁・承認: 申請が承認されました/);
  await assertAccessibleNoScript(page, 'application page with the decision');
  const notice = page.getByRole('link', { name: /決定通知書|通知書/ }).first();
  const href = await notice.getAttribute('href');
  assert.ok(href, 'a link to the decision notice');
  const pdf = await resident.request.get(`${p.url}${href}`);
  assert.equal(pdf.status(), 200);
  assert.match(pdf.headers()['content-type'] ?? '', /application\/pdf/);
  assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
  await page.goto(`${p.url}/mypage/applications`);
  assert.match(await page.locator('main').innerText(), /承認/);
  await assertAccessibleNoScript(page, 'マイページ with the decided application');
  await resident.close();
});
