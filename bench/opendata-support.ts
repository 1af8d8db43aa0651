/** Shared pieces of the opendata benchmarks: percentiles, timed HTTP requests and a closed-loop load. */
import http from 'node:http';

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summary(ms: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1]! };
}

export const fmt = (n: number) => `${n.toFixed(2)} ms`;

/** One GET; resolves with the status, the elapsed milliseconds and the body size. */
export function timedGet(url: string, host: string, agent: http.Agent): Promise<{ status: number; ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { host, accept: 'text/html,application/json', 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, bytes }));
    });
    req.on('error', reject);
  });
}

/** `concurrency` readers each requesting in a loop until `total` requests are done; latencies in ms. */
export async function closedLoop(url: string, host: string, concurrency: number, total: number): Promise<{ latencies: number[]; seconds: number; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started++;
        const r = await timedGet(url, host, agent);
        if (r.status !== 200) errors++;
        latencies.push(r.ms);
      }
    }),
  );
  agent.destroy();
  return { latencies, seconds: (performance.now() - t0) / 1000, errors };
}

/**
 * `readers` people each reloading the page about once every `periodMs` (random phase), for
 * `seconds`: the load a shelter list sees when 100 people keep it open. Latencies in ms.
 */
export async function readersAtHumanPace(url: string, host: string, readers: number, periodMs: number, seconds: number): Promise<{ latencies: number[]; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: readers });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: readers }, async () => {
      await new Promise((r) => setTimeout(r, Math.random() * periodMs));
      while (performance.now() < end) {
        const next = performance.now() + periodMs * (0.5 + Math.random());
        const r = await timedGet(url, host, agent);
        if (r.status !== 200) errors++;
        latencies.push(r.ms);
        await new Promise((res) => setTimeout(res, Math.max(0, next - performance.now())));
      }
    }),
  );
  agent.destroy();
  return { latencies, errors };
}
