/**
 * npm run bench:startup — time from process start to a ready server on the embedded database
 * (first start with an empty DATA_DIR: migrations + demo seed; then a restart on the same data),
 * and resident memory (RSS) after 200 page requests. Baseline in the same run: a bare Node.js HTTP
 * server's start time and RSS, so the figures can be read on a noisy machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function get(url: string): Promise<number> {
  return new Promise((resolve) => {
    http.get(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', () => resolve(0));
  });
}

async function waitReady(url: string, started: number, child: ChildProcess): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited');
    if (performance.now() - started > 120_000) throw new Error(`not ready after 120 s: ${url}`);
    if ((await get(url)) === 200) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function measure(label: string, args: string[], env: Record<string, string>, readyUrl: string, pageUrl: string) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'ignore' });
  const readyMs = await waitReady(readyUrl, started, child);
  for (let i = 0; i < 200; i++) await get(pageUrl);
  const rss = rssMb(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  console.log(`${label.padEnd(44)} ready ${readyMs.toFixed(0).padStart(6)} ms   RSS ${rss.toFixed(0).padStart(4)} MB`);
  return { readyMs, rss };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yakuba-bench-'));
const port = 3900 + Math.floor(Math.random() * 90);
const env = { DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_URL: `http://localhost:${port}` };
const base = `http://127.0.0.1:${port}`;

const bare = await measure('baseline: bare node:http server', ['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${port})`], {}, `${base}/`, `${base}/`);
const first = await measure('yakuba first start (migrate + demo seed)', ['--import', 'tsx', 'src/main.ts'], env, `${base}/readyz`, `${base}/`);
const again = await measure('yakuba restart on the same data', ['--import', 'tsx', 'src/main.ts'], env, `${base}/readyz`, `${base}/`);
fs.rmSync(dir, { recursive: true, force: true });
console.log(`\nratio to baseline: first start ${(first.readyMs / bare.readyMs).toFixed(1)}×, restart ${(again.readyMs / bare.readyMs).toFixed(1)}× the time; RSS ${(again.rss / bare.rss).toFixed(1)}×`);
