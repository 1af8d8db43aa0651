/**
 * The load generator of bench/procedures-submit.ts and scripts/reliability-submit.ts, run as its
 * own process so it does not share the server's event loop: `concurrency` workers on keep-alive
 * connections, each submitting the 10-field form in a loop with a new Idempotency-Key per
 * submission, for `seconds`. Prints one JSON line: counts, per-second completions and latencies.
 */
import http from 'node:http';
import { tenFieldAnswers } from '../src/modules/procedures/api/testkit.ts';

interface Options {
  url: string;
  host: string;
  path: string;
  sessions: { cookie: string; csrf: string }[];
  concurrency: number;
  seconds: number;
  keyPrefix: string;
}

const o = JSON.parse(process.argv[2]!) as Options;
const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
const latencies: number[] = [];
const perSecond: number[] = [];
const statuses: Record<string, number> = {};
let n = 0;
const t0 = performance.now();
const until = t0 + o.seconds * 1000;

function post(body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(new URL(o.path, o.url), { method: 'POST', agent, headers: { host: o.host, 'content-type': 'application/json', accept: 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

await Promise.all(
  Array.from({ length: o.concurrency }, async (_, w) => {
    const s = o.sessions[w % o.sessions.length]!;
    while (performance.now() < until) {
      const i = n++;
      const started = performance.now();
      const status = await post(JSON.stringify({ answers: tenFieldAnswers(i) }), { cookie: s.cookie, 'x-csrf-token': s.csrf, 'idempotency-key': `${o.keyPrefix}-${process.pid}-${String(i).padStart(8, '0')}` });
      const done = performance.now();
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 201) {
        latencies.push(done - started);
        const sec = Math.floor((done - t0) / 1000);
        perSecond[sec] = (perSecond[sec] ?? 0) + 1;
      }
    }
  }),
);
const elapsed = (performance.now() - t0) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
process.stdout.write(
  `${JSON.stringify({ ok: latencies.length, statuses, elapsed, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000, perSecond: Array.from({ length: Math.floor(elapsed) }, (_, i) => perSecond[i] ?? 0), p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1) ?? NaN })}\n`,
);
