/** Resident pages stay within the page-weight budget (compressed HTML+CSS ≤ 30 KB, JS ≤ 15 KB). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { BUDGET, measurePage } from '../../../test/support/page-weight.ts';

let p: TestPlatform;
let t: TestTenant;
before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
});
after(() => p.stop());

for (const path of ['/', '/login', '/accessibility', '/privacy', '/lang/en?next=/']) {
  test(`page weight of ${path}`, async () => {
    const c = t.client();
    if (path.startsWith('/lang/')) {
      await c.get(path);
    }
    const w = await measurePage(c, path.startsWith('/lang/') ? '/' : path);
    assert.ok(w.htmlBytes + w.cssBytes <= BUDGET.htmlCss, `${path}: HTML+CSS ${w.htmlBytes + w.cssBytes} B > ${BUDGET.htmlCss} B`);
    assert.ok(w.jsBytes <= BUDGET.js, `${path}: JS ${w.jsBytes} B > ${BUDGET.js} B`);
  });
}
