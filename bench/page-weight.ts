/**
 * npm run bench:pages — compressed weight of resident pages against the budget, with a baseline:
 * the DADS design tokens stylesheet alone (what any DADS site loads at minimum).
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { startTestPlatform } from '../test/support/platform.ts';
import { buildTenant } from '../test/support/factories.ts';
import { BUDGET, measurePage } from '../test/support/page-weight.ts';
import { signInResidentByCard } from '../test/support/residents.ts';
import { registerResidentIdpClient } from '../src/modules/residents/index.ts';
import { seedDemoOpenData } from '../src/modules/opendata/index.ts';
import { seedDemoProcedures } from '../src/modules/procedures/index.ts';

const p = await startTestPlatform();
const t = await buildTenant(p);
await registerResidentIdpClient(p.deps, t.code, `${p.url}/dev-idp`);
// Real content: the demo's places, shelters, datasets and procedures.
await seedDemoOpenData(p.deps, t.code);
await seedDemoProcedures(p.deps, t.code);
const anon = t.client();
const resident = t.client();
await signInResidentByCard(p, t, resident);
const require = createRequire(import.meta.url);
const tokensCss = fs.readFileSync(require.resolve('@digital-go-jp/design-tokens/dist/tokens.css'));
const baseline = zlib.gzipSync(tokensCss).length;

console.log('page'.padEnd(20), 'HTML'.padStart(8), 'CSS'.padStart(8), 'HTML+CSS'.padStart(10), 'JS'.padStart(8), '  budget HTML+CSS 30 KB, JS 15 KB');
const rows = [];
for (const [client, path] of [[anon, '/'], [anon, '/login'], [anon, '/accessibility'], [anon, '/procedures'], [anon, '/map'], [anon, '/shelters'], [anon, '/opendata'], [resident, '/mypage'], [resident, '/mypage/applications']] as const) {
  const w = await measurePage(client, path);
  rows.push(w);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(8);
  console.log(path.padEnd(20), kb(w.htmlBytes), kb(w.cssBytes), kb(w.htmlBytes + w.cssBytes).padStart(10), kb(w.jsBytes), w.htmlBytes + w.cssBytes <= BUDGET.htmlCss && w.jsBytes <= BUDGET.js ? '  within budget' : '  OVER BUDGET');
}
const heaviest = Math.max(...rows.map((r) => r.htmlBytes + r.cssBytes));
console.log(`\nbaseline: DADS tokens.css alone, gzip = ${(baseline / 1024).toFixed(1)} KB; heaviest page HTML+CSS = ${(heaviest / baseline).toFixed(2)}× that`);
await p.stop();
