/**
 * Browser journey of the subscription pages (issue 4): without JavaScript a resident subscribes to
 * 防災 for 本町 by e-mail (the page explains push needs JavaScript), confirms from the mailed link,
 * and changes the language on the manage page; with JavaScript the push button appears. axe-core
 * runs on every page visited.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, assertAccessibleNoScript, launchBrowser, noScriptContext, startDemoPlatform } from './support.ts';
import type { TestPlatform } from '../support/platform.ts';
import { withTenant } from '../../src/platform/tenancy/index.ts';

const DEMO = '990019';
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

test('a resident subscribes to 防災 for 本町 by e-mail without JavaScript, confirms and manages it', async () => {
  const ctx = await noScriptContext(browser);
  const page = await ctx.newPage();
  await page.goto(`${p.url}/subscribe`);
  await assertAccessibleNoScript(page, 'subscribe');
  assert.match(await page.content(), /<noscript>[\s\S]*プッシュ通知にはJavaScriptが必要です/);
  assert.equal(await page.locator('#push-controls').isHidden(), true, 'no push button without JavaScript');
  await page.getByRole('checkbox', { name: '本町' }).check();
  await page.getByLabel(/メールアドレス/).fill('hanako@example.jp');
  await page.getByRole('button', { name: '確認メールを送る' }).click();
  await page.waitForURL(/\/subscribe\/sent$/);
  await assertAccessibleNoScript(page, 'confirmation sent');

  let link: string | undefined;
  for (let i = 0; i < 50 && !link; i++) {
    const rows = await withTenant(p.deps.db, DEMO, (tx) => tx.query<{ body: string }>("SELECT body FROM dev_mailbox WHERE tenant_id = $1 AND recipient = 'hanako@example.jp'", [DEMO]));
    link = /https?:\/\/\S+\/subscribe\/confirm\?token=\S+/.exec(rows[0]?.body ?? '')?.[0];
    if (!link) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(link, 'the confirmation mail arrived');
  await page.goto(link.replace(/^https?:\/\/[^/]+/, p.url));
  await assertAccessibleNoScript(page, 'confirm');
  await page.getByRole('button', { name: '登録を完了する' }).click();
  await assertAccessibleNoScript(page, 'confirmed');
  await page.getByRole('link', { name: '配信内容の変更' }).click();
  await assertAccessibleNoScript(page, 'manage');
  await page.getByRole('radio', { name: 'English（英語）' }).check();
  await page.getByRole('button', { name: '変更を保存する' }).click();
  await page.waitForURL(/saved=1/);
  await assertAccessibleNoScript(page, 'manage saved');
  const [sub] = await withTenant(p.deps.db, DEMO, (tx) => tx.query<{ state: string; language: string; areas: string[] }>("SELECT state, language, areas FROM notify_subscriptions WHERE tenant_id = $1 AND channel = 'email'", [DEMO]));
  assert.deepEqual(sub, { state: 'active', language: 'en', areas: ['honmachi'] });
  await ctx.close();
});

test('with JavaScript the push button appears; permission is asked only when it is pressed', async () => {
  const ctx = await browser.newContext({ locale: 'ja-JP' });
  const page = await ctx.newPage();
  await page.goto(`${p.url}/subscribe`);
  const button = page.getByRole('button', { name: 'このブラウザーで通知を受け取る' });
  await button.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => Notification.permission), 'default', 'nothing asked on load');
  await assertAccessible(page, 'subscribe with JavaScript');
  const sw = await page.request.get(`${p.url}/notify-sw.js`);
  assert.equal(sw.headers()['service-worker-allowed'], '/');
  await ctx.close();
});

/**
 * The service worker shows a delivery once (ADR 47): pushes are delivered to the real worker
 * through the DevTools protocol, as a push service would, and the notifications are read back.
 */
test('the service worker shows a repeated push delivery once, also after it was dismissed', async () => {
  const ctx = await browser.newContext({ locale: 'ja-JP' });
  await ctx.grantPermissions(['notifications'], { origin: p.url });
  const page = await ctx.newPage();
  await page.goto(`${p.url}/subscribe`);
  const cdp = await ctx.newCDPSession(page);
  const registrationId = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
      const r = e.registrations.find((x) => x.scopeURL === `${p.url}/` && !x.isDeleted);
      if (r) resolve(r.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/notify-sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
  });
  const id = await registrationId;
  const push = async (payload: object) => {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: p.url, registrationId: id, data: JSON.stringify(payload) });
  };
  const shown = () =>
    page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ tag: n.tag, title: n.title })));
  const until = async (want: (n: { tag: string; title: string }[]) => boolean) => {
    for (let i = 0; i < 400; i++) {
      const n = await shown();
      if (want(n)) return n;
      await page.waitForTimeout(50);
    }
    return shown();
  };
  const first = { id: 'b1.s1', title: '【避難指示】本町', body: '本町に避難指示を発令しました。', url: `${p.url}/alerts` };
  await push(first);
  assert.deepEqual(await until((n) => n.length === 1), [{ tag: 'b1.s1', title: '【避難指示】本町' }]);
  // The same delivery again (a sender that crashed after the push service accepted it): still one.
  await push(first);
  await push({ ...first, id: 'b2.s1', title: '【解除】本町' });
  assert.deepEqual(
    (await until((n) => n.length === 2)).map((n) => n.tag).sort(),
    ['b1.s1', 'b2.s1'],
  );
  // Dismissed, then repeated: not shown again.
  await page.evaluate(async () => {
    for (const n of await (await navigator.serviceWorker.ready).getNotifications({ tag: 'b1.s1' })) n.close();
  });
  assert.deepEqual((await until((n) => !n.some((x) => x.tag === 'b1.s1'))).map((n) => n.tag), ['b2.s1'], 'dismissed');
  await push(first);
  await push({ ...first, id: 'b3.s1', title: '【訓練】本町' });
  const after = await until((n) => n.some((x) => x.tag === 'b3.s1'));
  assert.deepEqual(after.map((n) => n.tag).sort(), ['b2.s1', 'b3.s1'], 'the dismissed delivery stays dismissed');
  await ctx.close();
});
