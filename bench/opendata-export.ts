/**
 * npm run bench:opendata — part 2: the standard CSV of a 10,000-row registry (target ≤ 1 s).
 * Measured end to end over HTTP (query, mapping to the standard columns, CSV-injection
 * neutralisation, quoting) and for the generation alone; baseline in the same run: the same rows
 * read with one SELECT and joined with commas, with no mapping, quoting or neutralisation.
 * Also reports how long importing those 10,000 rows from a Shift_JIS file takes.
 */
import http from 'node:http';
import iconv from 'iconv-lite';
import { startTestPlatform } from '../test/support/platform.ts';
import { buildTenant } from '../test/support/factories.ts';
import { withTenant } from '../src/platform/tenancy/index.ts';
import { readTable } from '../src/modules/opendata/tabular/tabular.ts';
import { planImport } from '../src/modules/opendata/places/import-plan.ts';
import { applyImport } from '../src/modules/opendata/places/places.service.ts';
import { registryFile } from '../src/modules/opendata/catalog/files.ts';
import { fmt, summary, timedGet } from './opendata-support.ts';

const ROWS = 10_000;
const RUNS = 7;
const p = await startTestPlatform({ env: { BODY_LIMIT_BYTES: String(20 * 1024 * 1024) } });
const t = await buildTenant(p);
const header = '全国地方公共団体コード,ID,地方公共団体名,名称,名称_カナ,所在地_連結表記,所在地_町字,緯度,経度,電話番号,利用可能曜日,開始時間,終了時間,説明,バリアフリー情報,URL,備考';
const lines = [header];
for (let i = 0; i < ROWS; i++) {
  lines.push(`${t.code},F${i},テスト市,市民センター第${i}号館,シミンセンター,架空県みなと野市本町${i}番地,本町,${(34 + (i % 1000) / 1000).toFixed(5)},${(133 + (i % 997) / 1000).toFixed(5)},000-100-${String(i % 10000).padStart(4, '0')},月火水木金,08:30,17:15,"会議室、ホール、""多目的室""があります",段差なし,https://example.jp/f/${i},${i % 50 === 0 ? '-注意' : ''}`);
}
const file = iconv.encode(lines.join('\r\n'), 'cp932');
console.log(`database: ${p.deps.db.kind}; importing ${ROWS} rows (${(file.length / 1024 / 1024).toFixed(1)} MB Shift_JIS)…`);
const i0 = performance.now();
const read = await readTable(file);
if (!read.ok) throw new Error(read.problem.en);
const plan = planImport('facility', read.file, t.code);
if (plan.problems.length || plan.fileProblem) throw new Error(JSON.stringify(plan.problems.slice(0, 3)));
const checkedMs = performance.now() - i0;
await withTenant(p.deps.db, t.code, (tx) => applyImport(tx, t.code, plan, { replace: false, by: 'bench' }));
const importMs = performance.now() - i0;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const url = `${p.url}/opendata/files/${t.code}_public_facility.csv`;
const first = await timedGet(url, t.hosts[0]!, agent);
const httpMs: number[] = [];
const genMs: number[] = [];
const rawMs: number[] = [];
let bytes = 0;
for (let i = 0; i < RUNS; i++) {
  const r = await timedGet(url, t.hosts[0]!, agent);
  httpMs.push(r.ms);
  bytes = r.bytes;
  const g = performance.now();
  await withTenant(p.deps.db, t.code, (tx) => registryFile(tx, t, 'facility', 'csv'));
  genMs.push(performance.now() - g);
  const s = performance.now();
  const rows = await withTenant(p.deps.db, t.code, (tx) => tx.query<Record<string, unknown>>("SELECT * FROM places WHERE tenant_id = $1 AND kind = 'facility'", [t.code]));
  const raw = rows.map((row) => Object.values(row).join(',')).join('\n');
  rawMs.push(performance.now() - s);
  if (!raw.length) throw new Error('no rows');
}
agent.destroy();
const h = summary(httpMs);
const g = summary(genMs);
const b = summary(rawMs);
console.log(`\nimport of ${ROWS} rows: read + checked in ${checkedMs.toFixed(0)} ms, saved (one transaction) in ${importMs.toFixed(0)} ms total`);
console.log(`standard CSV of ${ROWS} rows (${(bytes / 1024 / 1024).toFixed(2)} MB gzip on the wire), ${RUNS} runs after one warm-up (${fmt(first.ms)})`);
console.log(`  over HTTP:        median ${fmt(h.p50)}  max ${fmt(h.max)}   target ≤ 1000 ms: ${h.max <= 1000 ? 'MET' : 'NOT MET'}`);
console.log(`  generation alone: median ${fmt(g.p50)}  max ${fmt(g.max)}`);
console.log(`baseline SELECT * + naive join: median ${fmt(b.p50)}  max ${fmt(b.max)}`);
console.log(`ratio: HTTP export median = ${(h.p50 / b.p50).toFixed(1)}× the naive baseline`);
await p.stop();
