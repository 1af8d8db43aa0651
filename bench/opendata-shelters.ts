/**
 * npm run bench:opendata — part 3: the public shelter list page under 100 concurrent readers
 * (target p99 ≤ 20 ms), 60 shelters of which 20 are open, in two readings of "100 concurrent":
 *  A. 100 people with the page open, each reloading it about once a second (human pace);
 *  B. 100 connections each asking again the moment an answer arrives (closed loop, saturation).
 * Baseline in the same run and under the same load generator: a bare node:http server sending the
 * same HTML bytes (no framework, no database, no rendering). Load generator and server share the
 * machine's 2 cores, so B measures the machine as much as the server.
 */
import http from 'node:http';
import { startTestPlatform } from '../test/support/platform.ts';
import { buildTenant } from '../test/support/factories.ts';
import { withTenant } from '../src/platform/tenancy/index.ts';
import { validatePlaceValues } from '../src/modules/opendata/places/place.ts';
import { createPlace } from '../src/modules/opendata/places/places.service.ts';
import { formColumns } from '../src/modules/opendata/registries.ts';
import { changeShelterStatus } from '../src/modules/opendata/shelters/shelters.service.ts';
import { closedLoop, fmt, readersAtHumanPace, summary, timedGet } from './opendata-support.ts';

const SHELTERS = 60;
const READERS = 100;
const REQUESTS = 6000;
const p = await startTestPlatform();
const t = await buildTenant(p);
await withTenant(p.deps.db, t.code, async (tx) => {
  for (let i = 0; i < SHELTERS; i++) {
    const { input } = validatePlaceValues('shelter', { ID: `S${i}`, 名称: `避難所${i}号（第${i}小学校）`, 所在地_連結表記: `架空県みなと野市本町${i}番地`, 緯度: `${34.5 + i / 1000}`, 経度: `${133.7 + i / 1000}`, 想定収容人数: '400', 災害種別_地震: '1', 災害種別_洪水: i % 2 ? '1' : '' }, t.code, formColumns('shelter'));
    const r = await createPlace(tx, t.code, 'shelter', input, 'bench');
    if (r.ok && i % 3 === 0) {
      await changeShelterStatus(tx, t.code, r.id, { action: 'open' }, { kind: 'system', id: null, name: 'bench' });
      await changeShelterStatus(tx, t.code, r.id, { action: 'headcount', headcount: (i * 37) % 400 }, { kind: 'system', id: null, name: 'bench' });
    }
  }
});
const host = t.hosts[0]!;
const url = `${p.url}/shelters`;
const page = await new Promise<Buffer>((resolve) => http.get(url, { headers: { host } }, (res) => { const c: Buffer[] = []; res.on('data', (d: Buffer) => c.push(d)); res.on('end', () => resolve(Buffer.concat(c))); }));
const warm = new http.Agent({ keepAlive: true });
for (let i = 0; i < 200; i++) await timedGet(url, host, warm);
warm.destroy();

const human = await readersAtHumanPace(url, host, READERS, 1000, 15);
const app = await closedLoop(url, host, READERS, REQUESTS);
const bare = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page);
});
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
const port = (bare.address() as { port: number }).port;
const baseHuman = await readersAtHumanPace(`http://127.0.0.1:${port}/`, host, READERS, 1000, 15);
const base = await closedLoop(`http://127.0.0.1:${port}/`, host, READERS, REQUESTS);
bare.close();

const h = summary(human.latencies);
const hb = summary(baseHuman.latencies);
const a = summary(app.latencies);
const b = summary(base.latencies);
console.log(`database: ${p.deps.db.kind}; /shelters with ${SHELTERS} shelters (${(page.length / 1024).toFixed(1)} KB HTML), ${READERS} concurrent readers`);
console.log(`A. each reader reloads about once a second, 15 s (${h.n} requests)`);
console.log(`  yakuba:   p50 ${fmt(h.p50)}  p95 ${fmt(h.p95)}  p99 ${fmt(h.p99)}  max ${fmt(h.max)}  errors ${human.errors}   target p99 ≤ 20 ms: ${h.p99 <= 20 ? 'MET' : 'NOT MET'}`);
console.log(`  baseline: p50 ${fmt(hb.p50)}  p95 ${fmt(hb.p95)}  p99 ${fmt(hb.p99)}  max ${fmt(hb.max)}`);
console.log(`  ratio: p99 ${(h.p99 / hb.p99).toFixed(1)}× the bare server`);
console.log(`B. closed loop, ${REQUESTS} requests`);
console.log(`  yakuba:   p50 ${fmt(a.p50)}  p95 ${fmt(a.p95)}  p99 ${fmt(a.p99)}  max ${fmt(a.max)}  ${(REQUESTS / app.seconds).toFixed(0)} req/s  errors ${app.errors}   target p99 ≤ 20 ms: ${a.p99 <= 20 ? 'MET' : 'NOT MET'}`);
console.log(`  baseline: p50 ${fmt(b.p50)}  p95 ${fmt(b.p95)}  p99 ${fmt(b.p99)}  max ${fmt(b.max)}  ${(REQUESTS / base.seconds).toFixed(0)} req/s (bare node:http, same bytes)`);
console.log(`ratio: p99 ${(a.p99 / b.p99).toFixed(1)}× the bare server; throughput ${(base.seconds / app.seconds).toFixed(2)}× of it`);
await p.stop();
