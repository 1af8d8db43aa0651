/**
 * The live progress bar (issue 4, "a live progress bar while a large send runs"): staff open a
 * broadcast's delivery page while 400 e-mails go out through a deliberately slow SMTP server; with
 * JavaScript the bar and the counts move on their own, without reloading the page, and stop
 * refreshing when the send is done. axe-core checks the page while it runs and when it is done.
 */
import assert from 'node:assert/strict';
import type net from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { assertAccessible, launchBrowser, startDemoPlatform } from './support.ts';
import type { TestPlatform } from '../support/platform.ts';
import type { TestTenant } from '../support/factories.ts';
import { buildStaff, totpCodeFor, type TestStaff } from '../support/staff.ts';
import { seedSubscribers } from '../../src/modules/notify/crash-harness.ts';
import { alertInput, sendBroadcast } from '../../src/modules/notify/notify.testkit.ts';

const DEMO = '990019';
const SUBSCRIBERS = 400;
let smtp: SMTPServer;
let received = 0;
let p: TestPlatform;
let browser: Browser;
let manager: TestStaff;

before(async () => {
  // Accepts every message 40 ms after its data: two connections make about 50 messages a second.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      stream.resume();
      stream.on('end', () =>
        setTimeout(() => {
          received++;
          cb();
        }, 40),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as net.AddressInfo).port;
  p = await startDemoPlatform({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'bousai@minatono.example.jp', NOTIFY_SMTP_POOL: '2' });
  manager = await buildStaff(p, { code: DEMO } as TestTenant, { displayName: '危機管理課 課長', roles: [{ role: 'manager', departmentId: null }] });
  await seedSubscribers(p.deps.db, p.deps.keyring, DEMO, { email: SUBSCRIBERS, push: 0, pushUrl: 'http://127.0.0.1:9' });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await p?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function signIn(next: string): Promise<Page> {
  const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
  await page.goto(`${p.url}/staff/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=email]', manager.email);
  await page.fill('input[name=password]', manager.password);
  await page.locator('form button[type=submit]').first().click();
  await page.fill('input[name=code]', await totpCodeFor(manager));
  await page.locator('form button[type=submit]').first().click();
  await page.waitForURL(`${p.url}${next}`);
  return page;
}

test('the delivery progress bar moves by itself while a send runs, then stops at the total', { timeout: 120_000 }, async () => {
  const { broadcastId } = await sendBroadcast(p.deps.db, alertInput(DEMO));
  p.deps.worker.nudge();
  const page = await signIn(`/staff/notify/broadcasts/${broadcastId}`);
  // Set on this document only: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  // One read of the section as it is now: the script may swap it between separate reads.
  const read = () =>
    page.evaluate(() => {
      const section = document.getElementById('delivery-progress')!;
      const bar = section.querySelector('#delivery-bar-0')!;
      return { value: Number(bar.getAttribute('value')), max: Number(bar.getAttribute('max')), running: section.dataset.running ?? '' };
    });
  const first = await read();
  assert.equal(first.running, 'true', `the send is still running when the page opens (received ${received})`);
  await assertAccessible(page, 'delivery progress, running');

  const seen = [first.value];
  let last = first;
  for (let i = 0; i < 120 && last.running === 'true'; i++) {
    await page.waitForTimeout(500);
    last = await read();
    if (last.value !== seen.at(-1)) seen.push(last.value);
  }
  assert.equal(last.running, 'false', 'the page saw the send finish');
  assert.ok(seen.length >= 3, `the bar moved at least twice without a reload: ${seen.join(' → ')}`);
  assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'it only moves forward');
  assert.equal(last.value, last.max, 'it ends at the total');
  assert.ok(last.max >= SUBSCRIBERS);
  assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'no reload: the script swapped the section in');
  assert.match(await page.locator('#delivery-progress').innerText(), new RegExp(`${last.max} / ${last.max}`));
  await assertAccessible(page, 'delivery progress, done');

  // Finished: no more polling.
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.waitForTimeout(3500);
  assert.deepEqual(requests, [], 'a finished send is not polled');
  await page.context().close();
});
