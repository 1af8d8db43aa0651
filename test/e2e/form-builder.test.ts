/**
 * The form builder in a browser with JavaScript off, in the demo municipality: the 子育て支援課
 * manager signs in, creates a procedure, builds a small form (a section, a yes/no question, a
 * repeating group with a field, a conditional field), previews it as residents see it, publishes
 * it, and the procedure appears in the resident catalog. axe-core checks every page visited.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessibleNoScript, launchBrowser, noScriptContext, startDemoPlatform } from './support.ts';
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

test('a manager builds, previews and publishes a form without JavaScript; every page passes axe', async () => {
  const account = DEMO_STAFF.manager;
  const ctx = await noScriptContext(browser);
  const page = await ctx.newPage();
  await page.goto(`${p.url}/staff/login?next=${encodeURIComponent('/staff')}`);
  await page.fill('input[name=email]', account.email);
  await page.fill('input[name=password]', account.password);
  await page.locator('form button[type=submit]').first().click();
  await page.fill('input[name=code]', await totpCodeFor({ id: 'demo-manager', totpSecret: account.totpSecret }));
  await page.locator('form button[type=submit]').first().click();
  await page.waitForURL(`${p.url}/staff`);

  await page.getByRole('link', { name: /手続とフォームの編集/ }).first().click();
  await page.waitForURL(`${p.url}/staff/procedures`);
  assert.ok(await page.getByText('児童手当等の受給資格及び児童手当の額についての認定請求').isVisible(), 'the manager sees the procedures of 子育て支援課');
  assert.equal(await page.getByText('要介護・要支援認定の申請').count(), 0, 'but not those of 福祉課');
  await assertAccessibleNoScript(page, 'builder: list');

  await page.getByRole('link', { name: '新しい手続を作成する' }).click();
  await assertAccessibleNoScript(page, 'builder: new procedure');
  await page.getByRole('button', { name: '作成してフォームの編集に進む' }).click();
  assert.ok(await page.getByRole('alert').isVisible(), 'an empty form shows the error summary');
  await assertAccessibleNoScript(page, 'builder: new procedure with errors');

  await page.fill('#f-slug', 'puppy-class');
  await page.fill('#f-nameJa', '子犬のしつけ教室の申込');
  await page.fill('#f-nameEn', 'Puppy training class');
  await page.fill('#f-nameKana', 'こいぬのしつけきょうしつのもうしこみ');
  await page.selectOption('#f-category', 'living');
  await page.getByLabel('子育て・保育').check();
  await page.fill('#f-summaryJa', '生後6か月までの子犬と飼い主のための教室です。');
  await page.fill('#f-summaryEn', 'A class for puppies up to six months old and their owners.');
  await page.fill('#f-eligibilityJa', '市内で子犬を飼っている方');
  await page.fill('#f-eligibilityEn', 'Puppy owners in the city');
  await page.fill('#f-documentsJa', '犬の鑑札');
  await page.fill('#f-documentsEn', 'The dog tag');
  await page.fill('#f-feeYen', '５００');
  await page.selectOption('#f-assurance', '1');
  await page.fill('#f-processingJa', '抽選の結果をメールでお知らせします。');
  await page.fill('#f-processingEn', 'We e-mail the result of the draw.');
  await page.fill('#f-legalJa', 'みなと野市動物愛護条例');
  await page.fill('#f-legalEn', 'Minatono City Animal Welfare Ordinance');
  await page.fill('#f-contactPhone', '000-100-2101');
  await page.getByRole('button', { name: '作成してフォームの編集に進む' }).click();
  await page.waitForURL(/\/staff\/procedures\/[0-9a-f-]{36}\/form\?notice=created/);
  const editorUrl = page.url().replace(/\?.*$/, '');
  assert.ok(await page.getByText('手続を作成しました').isVisible());
  await assertAccessibleNoScript(page, 'builder: form editor');

  await page.getByText('セクションを追加').first().click();
  await page.getByRole('button', { name: 'セクションを追加' }).click();
  assert.ok(await page.getByRole('alert').getByText('「見出し（日本語）」を入力してください。').isVisible(), 'an empty section title is refused beside its small form');
  await assertAccessibleNoScript(page, 'builder: form editor with an error');
  await page.fill('#f-new-titleJa', '子犬について');
  await page.fill('#f-new-titleEn', 'About the puppy');
  await page.getByRole('button', { name: 'セクションを追加' }).click();
  await page.waitForURL(/notice=saved#section-/);
  const sectionId = decodeURIComponent(new URL(page.url()).hash.replace('#section-', ''));

  const addField = async (type: string, labelJa: string, labelEn: string, name: string) => {
    await page.goto(editorUrl);
    await page.locator(`#section-${sectionId} summary`, { hasText: '項目を追加' }).click();
    await page.selectOption(`#f-a-${sectionId}-type`, type);
    await page.fill(`#f-a-${sectionId}-labelJa`, labelJa);
    await page.fill(`#f-a-${sectionId}-labelEn`, labelEn);
    await page.fill(`#f-a-${sectionId}-name`, name);
    await page.locator(`#section-${sectionId} button`, { hasText: '項目を追加' }).click();
    await page.waitForURL(new RegExp(`/form/field\\?path=${name}&notice=saved`));
  };
  await addField('yesno', '初めて教室に参加しますか', 'Is this your first class?', 'firstTime');
  await addField('group', '参加する子犬', 'Puppies', 'puppies');
  await assertAccessibleNoScript(page, 'builder: group field');
  await page.fill('#f-sub-labelJa', '子犬の名前');
  await page.fill('#f-sub-labelEn', "Puppy's name");
  await page.fill('#f-sub-name', 'puppyName');
  await page.getByRole('button', { name: 'グループに項目を追加' }).click();
  await page.waitForURL(/path=puppies\.puppyName&notice=saved/);
  await page.getByRole('link', { name: 'グループの編集に戻る' }).click();
  assert.ok(await page.getByText('子犬の名前').first().isVisible());

  await addField('textarea', '前回の教室で困ったこと', 'What was hard last time', 'lastTime');
  await page.getByLabel('「初めて教室に参加しますか」が次のとき').first().check();
  await page.locator('input[name="showIfValues.firstTime"][value="no"]').check();
  await assertAccessibleNoScript(page, 'builder: field with a condition');
  await page.getByRole('button', { name: '項目を保存' }).click();
  await page.waitForURL(/path=lastTime&notice=saved/);
  assert.ok(await page.locator('input[name="showIfValues.firstTime"][value="no"]').isChecked());

  await page.goto(`${editorUrl}/preview?section=${sectionId}`);
  assert.ok(await page.getByText('プレビューです').isVisible());
  assert.ok(await page.getByText('初めて教室に参加しますか', { exact: true }).isVisible());
  assert.ok(await page.getByText('子犬の名前').first().isVisible());
  assert.ok(await page.getByText('「初めて教室に参加しますか」で「いいえ」を選んだ場合に入力してください。').isVisible());
  await assertAccessibleNoScript(page, 'builder: preview');
  await page.getByRole('button', { name: /参加する子犬を追加する|を追加する/ }).first().click();
  assert.equal(await page.locator('legend', { hasText: /参加する子犬（2人目）/ }).count(), 1, 'the preview adds an item without storing anything');

  await page.goto(editorUrl);
  await page.getByRole('button', { name: 'この下書きを新しい版として公開する' }).click();
  await page.waitForURL(/notice=published&version=1/);
  assert.ok(await page.getByText('第1版として公開しました。').isVisible());
  assert.ok(await page.getByRole('link', { name: '第1版を見る' }).isVisible());
  await assertAccessibleNoScript(page, 'builder: published');

  await page.goto(`${p.url}/procedures/puppy-class`);
  assert.ok(await page.getByRole('heading', { name: '子犬のしつけ教室の申込' }).isVisible(), 'the procedure is in the catalog');
  await ctx.close();
});
