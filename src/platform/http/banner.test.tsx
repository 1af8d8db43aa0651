/**
 * The site-wide banner hook: ModuleRoutes.banner providers are called for page requests and their
 * banners rendered by the Shell on resident, staff and error pages; a failing provider is skipped
 * (the page still renders); /api is never asked.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Hono } from 'hono';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { ResidentLayout, StaffLayout } from '../ui/index.ts';
import { createApp, pageContext, type AppEnv, type ModuleRoutes } from './index.ts';

let p: TestPlatform;
let t: TestTenant;
before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
});
after(() => p.stop());

test('banners from every provider appear on resident, staff and error pages; a failing provider is skipped; /api is not asked', async () => {
  const asked: string[] = [];
  const routes = new Hono<AppEnv>();
  routes.get('/r', (c) => c.html(<ResidentLayout ctx={pageContext(c)} title="r"><h1>resident</h1></ResidentLayout>));
  routes.get('/staff/s', (c) => c.html(<StaffLayout ctx={pageContext(c)} title="s"><h1>staff</h1></StaffLayout>));
  routes.get('/api/x', (c) => c.json({ banners: c.var.banners ?? null }));
  const good: ModuleRoutes = {
    routes,
    banner: async (c) => {
      asked.push(c.req.path);
      return [{ tone: 'drill', tag: { ja: '【訓練】', en: '[EXERCISE]' }, heading: { ja: '<b>見出し</b>', en: 'Heading' }, lines: [{ ja: '対象: 本町', en: 'Areas: Honmachi' }], href: '/alerts/1', linkText: { ja: '詳しく見る', en: 'Read more' } }];
    },
  };
  const failing: ModuleRoutes = {
    routes: new Hono<AppEnv>(),
    banner: async () => {
      throw new Error('provider down');
    },
  };
  const app = createApp(p.deps, new Map(), [failing, good]);
  const get = (path: string) => app.request(path, { headers: { host: t.hosts[0]!, accept: 'text/html' } });
  for (const path of ['/r', '/staff/s', '/nothing-here']) {
    const res = await get(path);
    const html = await res.text();
    assert.ok(res.status === 200 || res.status === 404, `${path}: ${res.status}`);
    assert.match(html, /<aside class="site-banners" aria-label="緊急のお知らせ"><div class="emergency-banner emergency-banner-drill">/, path);
    assert.match(html, /<span class="emergency-banner-tag">【訓練】<\/span>&lt;b&gt;見出し&lt;\/b&gt;/, path);
    assert.match(html, /<a href="\/alerts\/1">詳しく見る<\/a>/, path);
    assert.ok(html.indexOf('site-banners') < html.indexOf('<header'), 'the banner comes first, before the header');
  }
  const api = await (await get('/api/x')).json();
  assert.equal(api.banners, null);
  assert.deepEqual(asked, ['/r', '/staff/s', '/nothing-here']);
});
