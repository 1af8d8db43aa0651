/**
 * Browser-journey support: Debian's Chromium driven by playwright-core (no browser download), and
 * axe-core run on every page a journey visits — any violation fails the test.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

const require = createRequire(import.meta.url);
export const axePath = require.resolve('axe-core/axe.min.js');
const axeSource = fs.readFileSync(axePath, 'utf8');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** The whole platform with the demo municipality, reachable as http://localhost:PORT. */
export function startDemoPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  return startTestPlatform({ env: { DEMO_SEED: 'true', ...env } });
}

export interface AxeResult {
  url: string;
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[]; html: string }[] }[];
}

/** Every page checked in this process, for the summary the test prints. */
export const checkedPages: string[] = [];
process.on('exit', () => {
  // A failed check throws, so reaching exit means every page listed had zero violations.
  if (checkedPages.length) console.log(`axe-core: ${checkedPages.length} page states checked in this file, 0 violations`);
});

/** Runs axe-core (WCAG 2.x A/AA and best practices) on the page and fails on any violation. */
export async function assertAccessible(page: Page, label?: string): Promise<void> {
  const hasAxe = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined').catch(() => false);
  // Injected through the DevTools protocol, not a <script> tag, so the page's strict CSP stays on.
  if (!hasAxe) await page.evaluate(axeSource);
  const result = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return { url: location.pathname, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) })) };
  })) as AxeResult;
  checkedPages.push(`${label ?? result.url}`);
  assert.deepEqual(
    result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.html).join(' | ')}`),
    [],
    `axe violations on ${result.url}`,
  );
}

/**
 * axe-core needs JavaScript, which a resident's no-script context has turned off: the page as
 * rendered is copied into a page of a JavaScript-enabled context on the same origin (so the
 * stylesheet applies) and checked there.
 */
export async function assertAccessibleNoScript(page: Page, label: string): Promise<void> {
  const html = await page.content();
  const browser = page.context().browser();
  assert.ok(browser, 'the page belongs to a launched browser');
  const checker = await (await browser.newContext({ locale: 'ja-JP', bypassCSP: true })).newPage();
  await checker.goto(`${new URL(page.url()).origin}/healthz`);
  await checker.setContent(html, { waitUntil: 'load' });
  await assertAccessible(checker, label);
  await checker.context().close();
}

/** A context with JavaScript turned off, to prove every resident flow works without it. */
export function noScriptContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: false, locale: 'ja-JP' });
}

/**
 * The children section of the 児童手当 claim as both procedure journeys fill it: 𠮷田 太郎 (born
 * 令和2年6月15日, typed in 和暦) and 𠮷田 次郎 (2023/1/5, typed as a Western date), each 子 and
 * living with the claimant.
 */
export async function fillTwoChildren(page: Page): Promise<void> {
  const children = [
    { name: '𠮷田 太郎', kana: 'ヨシダ タロウ', birth: '令和2年6月15日' },
    { name: '𠮷田 次郎', kana: 'ヨシダ ジロウ', birth: '2023/1/5' },
  ];
  for (const [i, child] of children.entries()) {
    await page.getByRole('button', { name: '子どもを追加する' }).click();
    const group = page.getByRole('group', { name: `子ども（${i + 1}人目）` });
    await group.getByLabel(/^氏名/).fill(child.name);
    await group.getByLabel(/^フリガナ/).fill(child.kana);
    await group.getByLabel(/^生年月日/).fill(child.birth);
    await group.getByRole('group', { name: /請求者との続柄/ }).getByRole('radio', { name: '子', exact: true }).check();
    await group.getByRole('group', { name: /同居していますか/ }).getByRole('radio', { name: 'はい' }).check();
  }
}
