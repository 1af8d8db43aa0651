/**
 * npm run bench:opendata — part 1: CKAN package_search with 5,000 datasets (target p99 ≤ 50 ms).
 * Measured through HTTP like a harvester; baselines in the same run: /healthz over the same HTTP
 * stack (the floor of any request) and the bare SQL substring scan the search is built on.
 * Database: PostgreSQL when TEST_DATABASE_URL is set, else embedded PGlite.
 */
import http from 'node:http';
import { startTestPlatform } from '../test/support/platform.ts';
import { buildTenant } from '../test/support/factories.ts';
import { withTenant } from '../src/platform/tenancy/index.ts';
import { addResource, createDataset } from '../src/modules/opendata/catalog/datasets.service.ts';
import { fmt, summary, timedGet } from './opendata-support.ts';

const DATASETS = 5000;
const RUNS = 400;
const p = await startTestPlatform();
const t = await buildTenant(p);
const host = t.hosts[0]!;
const words = ['避難所', '人口', '予算', 'イベント', '保育所', '公共施設', 'AED', 'トイレ', '観光', '交通', '統計', '防災', 'ごみ', '道路', '公園'];
const towns = ['本町', '港町', '緑ケ丘', '汐見台', '新田', '山手'];
const groups = ['disaster', 'facilities', 'health', 'childcare', 'culture', 'population', 'administration'];
const formats = ['CSV', 'PDF', 'XLSX', 'JSON'];

console.log(`database: ${p.deps.db.kind}; creating ${DATASETS} datasets…`);
const t0 = performance.now();
for (let batch = 0; batch < DATASETS; batch += 250) {
  await withTenant(p.deps.db, t.code, async (tx) => {
    for (let i = batch; i < Math.min(DATASETS, batch + 250); i++) {
      const w = words[i % words.length]!;
      const town = towns[i % towns.length]!;
      const d = await createDataset(tx, t.code, {
        name: `dataset-${i}`,
        titleJa: `${town}の${w}データ ${i}`,
        titleEn: `${w} data ${i}`,
        notesJa: `${town}における${w}に関する統計データです。年度ごとに更新します。`,
        notesEn: '',
        departmentId: null,
        tags: [w, town],
        groups: [groups[i % groups.length]!],
        licenseId: 'cc-by-4.0',
        updateFrequency: 'annual',
      });
      const format = formats[i % formats.length]!;
      await addResource(tx, t.code, d!.id, { nameJa: `${w}（${i}）`, nameEn: '', descriptionJa: '', format, mediaType: 'text/csv', fileName: `d${i}.csv`, content: Buffer.from('a,b\n1,2\n') });
    }
  });
}
console.log(`created in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const facets = encodeURIComponent('["organization","tags","res_format","groups"]');
const queries = [
  `q=${encodeURIComponent('避難')}&facet.field=${facets}`,
  `q=${encodeURIComponent('ほいくしょ')}`,
  `q=${encodeURIComponent('港町 統計')}&rows=20`,
  `fq=${encodeURIComponent('tags:"防災" +res_format:CSV')}&facet.field=${facets}&sort=${encodeURIComponent('metadata_modified desc')}`,
  `q=${encodeURIComponent('データ')}&start=4000&rows=10&facet.field=${facets}`,
  `facet.field=${facets}&rows=100`,
];
const measure = async (path: (i: number) => string, runs: number) => {
  for (let i = 0; i < 20; i++) await timedGet(`${p.url}${path(i)}`, host, agent);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timedGet(`${p.url}${path(i)}`, host, agent);
    if (r.status !== 200) throw new Error(`status ${r.status} for ${path(i)}`);
    ms.push(r.ms);
  }
  return summary(ms);
};
const search = await measure((i) => `/api/3/action/package_search?${queries[i % queries.length]}`, RUNS);
const floor = await measure(() => '/healthz', RUNS);
const sqlMs: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const s = performance.now();
  await withTenant(p.deps.db, t.code, (tx) => tx.query("SELECT id FROM datasets WHERE tenant_id = $1 AND search_text LIKE $2 ORDER BY modified_at DESC LIMIT 10", [t.code, `%${['避難', 'ほいくしょ', '統計'][i % 3]}%`]));
  sqlMs.push(performance.now() - s);
}
const sql = summary(sqlMs);
agent.destroy();

console.log(`package_search over HTTP, ${DATASETS} datasets, ${RUNS} requests (6 query shapes, facets on 4 of them)`);
console.log(`  p50 ${fmt(search.p50)}  p95 ${fmt(search.p95)}  p99 ${fmt(search.p99)}  max ${fmt(search.max)}   target p99 ≤ 50 ms: ${search.p99 <= 50 ? 'MET' : 'NOT MET'}`);
console.log(`baseline /healthz over HTTP: p50 ${fmt(floor.p50)}  p99 ${fmt(floor.p99)}`);
console.log(`baseline bare SQL substring scan (1 query, in-process): p50 ${fmt(sql.p50)}  p99 ${fmt(sql.p99)}`);
console.log(`ratio: package_search p99 = ${(search.p99 / floor.p99).toFixed(1)}× the HTTP floor, ${(search.p99 / sql.p99).toFixed(1)}× the bare SQL scan`);
await p.stop();
