/**
 * npm run bench:alerts — an urgent alert to 100,000 subscribers (half e-mail to a local SMTP
 * server, half Web Push to a local RFC 8030 push service), sent by the platform's worker running
 * in its own process on PostgreSQL (a fresh database per run).
 *   Run 1: time from the broadcast's commit to the first message handed over (target ≤ 2 s) and to
 *          all handed over (target ≤ 60 s); per-channel rates against bare baselines measured in the
 *          same run (nodemailer with the same pool; web-push encryption + POST with the same concurrency).
 *   Run 2: the worker is stopped (SIGTERM, as in a deploy) at 40 % and started again; run 3: it is
 *          killed (SIGKILL, a crash) at 40 % and started again. Missed and repeated hand-overs,
 *          counted by the sinks per Message-ID / push endpoint (ADR 47).
 * BENCH_SUBSCRIBERS (default 100000), BENCH_KILL=false (skip run 2 while developing), BENCH_DATABASE_URL or TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import pg from 'pg';
import webpush from 'web-push';
import { connectPostgres, migrate } from '../src/platform/db/index.ts';
import { Keyring } from '../src/platform/crypto/index.ts';
import { upsertTenant, withTenant } from '../src/platform/tenancy/index.ts';
import { broadcast } from '../src/modules/notify/index.ts';
import { alertInput } from '../src/modules/notify/notify.testkit.ts';
import { browserPushKeys, killed, seedSubscribers, spawnWorker, startCountingPush, startCountingSmtp, tally, waitUntil, type Counter } from '../src/modules/notify/crash-harness.ts';

const N = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const EMAIL = Math.floor(N / 2);
const PUSH = N - EMAIL;
const BASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TENANT = '990019';
const SMTP_POOL = 5;
const PUSH_CONCURRENCY = 50;
const BASELINE = 5000;
const masterKey = crypto.randomBytes(32);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;

const smtp = await startCountingSmtp();
const push = await startCountingPush();
const reset = (c: Counter) => {
  c.seen.clear();
  c.arrivals = 0;
  c.firstAt = null;
  c.lastAt = null;
};

async function baselines() {
  const transport = nodemailer.createTransport({ url: smtp.url, pool: true, maxConnections: SMTP_POOL, maxMessages: Infinity } as Parameters<typeof nodemailer.createTransport>[0]);
  let t = performance.now();
  await Promise.all(Array.from({ length: BASELINE }, (_, i) => transport.sendMail({ from: 'bousai@minatono.example.jp', to: `b${i}@bench.example.jp`, subject: '避難指示', text: '本町に避難指示を発令しました。', messageId: `<base-${i}@bench>`, textEncoding: 'base64' })));
  const smtpMs = performance.now() - t;
  transport.close();
  const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:bousai@minatono.example.jp' };
  const keys = browserPushKeys();
  t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: PUSH_CONCURRENCY }, async () => {
      while (next < BASELINE) {
        const i = next++;
        const req = webpush.generateRequestDetails({ endpoint: `${push.url}/base/${i}`, keys }, JSON.stringify({ id: `b${i}`, title: '避難指示', body: '本町に避難指示を発令しました。', url: 'https://minatono.example.jp/alerts/1' }), { vapidDetails: vapid, TTL: 3600, urgency: 'high' });
        const res = await fetch(req.endpoint, { method: 'POST', headers: req.headers as Record<string, string>, body: new Uint8Array(req.body as Buffer) });
        await res.arrayBuffer();
      }
    }),
  );
  const pushMs = performance.now() - t;
  reset(smtp.counter);
  reset(push.counter);
  return { smtpMs, pushMs };
}

async function freshDatabase() {
  const name = `yakuba_bench_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(BASE_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: BASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

interface RunResult {
  firstMs: number;
  allMs: number;
  email: { n: number; ms: number; repeats: number };
  push: { n: number; ms: number; repeats: number };
  atKill?: number;
  stopMs?: number;
  states: string;
}

async function run(stop: 'SIGTERM' | 'SIGKILL' | null): Promise<RunResult> {
  const kill = stop !== null;
  const store = await freshDatabase();
  const db = connectPostgres(store.url, 4);
  const keyring = new Keyring([{ id: 'k1', key: masterKey }]);
  await migrate(db);
  await upsertTenant(db, keyring, { code: TENANT, nameJa: 'みなと野市', nameEn: 'Minatono City', origin: 'https://minatono.example.jp', hosts: ['localhost'] });
  const l0 = performance.now();
  await seedSubscribers(db, keyring, TENANT, { email: EMAIL, push: PUSH, pushUrl: push.url });
  await db.query('ANALYZE');
  console.log(`${stop ? `${stop} run` : 'run'}: ${N.toLocaleString('en')} subscribers loaded in ${s(performance.now() - l0)}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yakuba-bench-'));
  const env = {
    DATABASE_URL: store.url,
    YAKUBA_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    MASTER_KEYS: `k1:${masterKey.toString('base64')}`,
    DEMO_SEED: 'false',
    DEV_IDP: 'false',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'bousai@minatono.example.jp',
    LOG_LEVEL: 'silent',
    NOTIFY_SMTP_POOL: String(SMTP_POOL),
    NOTIFY_PUSH_CONCURRENCY: String(PUSH_CONCURRENCY),
    NOTIFY_LEASE_SECONDS: '10',
  };
  let worker: ChildProcess = await spawnWorker(env);
  reset(smtp.counter);
  reset(push.counter);
  await withTenant(db, TENANT, (tx) => broadcast(tx, alertInput(TENANT)));
  const t0 = performance.now();
  const arrived = () => smtp.counter.seen.size + push.counter.seen.size;
  let atKill: number | undefined;
  let stopMs: number | undefined;
  if (kill) {
    await waitUntil(() => arrived() >= N * 0.4, 300_000);
    const k0 = performance.now();
    await killed(worker, stop);
    stopMs = performance.now() - k0;
    atKill = arrived();
    console.log(`  ${stop} after ${atKill.toLocaleString('en')} handed over; exited in ${Math.round(stopMs)} ms; restarting the worker`);
    worker = await spawnWorker(env);
  }
  const complete = await waitUntil(() => arrived() >= N, 600_000, 50);
  await killed(worker, 'SIGTERM');
  const states = (await withTenant(db, TENANT, (tx) => tx.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM notify_deliveries GROUP BY state ORDER BY state')))
    .map((r) => `${r.state} ${Number(r.n).toLocaleString('en')}`)
    .join(', ');
  await db.close();
  await store.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (!complete) console.log(`  INCOMPLETE: ${arrived()} of ${N} arrived`);
  const first = Math.min(smtp.counter.firstAt ?? Infinity, push.counter.firstAt ?? Infinity);
  const last = Math.max(smtp.counter.lastAt ?? 0, push.counter.lastAt ?? 0);
  const m = tally(smtp.counter);
  const p = tally(push.counter);
  return {
    firstMs: first - t0,
    allMs: last - t0,
    email: { n: m.distinct, ms: (smtp.counter.lastAt ?? 0) - (smtp.counter.firstAt ?? 0), repeats: m.repeats },
    push: { n: p.distinct, ms: (push.counter.lastAt ?? 0) - (push.counter.firstAt ?? 0), repeats: p.repeats },
    ...(atKill !== undefined ? { atKill, stopMs } : {}),
    states,
  };
}

const base = await baselines();
console.log(`baselines: bare SMTP ${rate(BASELINE, base.smtpMs)} (nodemailer, pool ${SMTP_POOL}); bare Web Push ${rate(BASELINE, base.pushMs)} (web-push encryption + POST, ${PUSH_CONCURRENCY} at once)`);
const normal = await run(null);
console.log(`  first ${s(normal.firstMs)}, all ${s(normal.allMs)}; e-mail ${rate(normal.email.n, normal.email.ms)}, push ${rate(normal.push.n, normal.push.ms)}; rows: ${normal.states}`);
if (process.env.BENCH_KILL === 'false') {
  await smtp.stop();
  await push.stop();
  process.exit(0);
}
const stopped = await run('SIGTERM');
const crash = await run('SIGKILL');
await smtp.stop();
await push.stop();

const interrupted = (r: RunResult, name: string, repeatsTarget: string) => `| ${name}: handed over before it / worker exited after | ${(r.atKill ?? 0).toLocaleString('en')} / ${Math.round(r.stopMs ?? 0)} ms | |
| ${name}: distinct messages received / missed | ${(r.email.n + r.push.n).toLocaleString('en')} / ${N - r.email.n - r.push.n} | ${N.toLocaleString('en')} / 0 |
| ${name}: repeated hand-overs, each with the first one's Message-ID / push Topic | e-mail ${r.email.repeats}, push ${r.push.repeats} | ${repeatsTarget} |
| ${name}: commit → all handed over (incl. restart) | ${s(r.allMs)} | |
| ${name}: delivery rows at the end | ${r.states} | all sent |`;

console.log(`
| ${N.toLocaleString('en')} subscribers (${EMAIL.toLocaleString('en')} e-mail, ${PUSH.toLocaleString('en')} Web Push), PostgreSQL | result | target |
| --- | --- | --- |
| broadcast commit → first message handed over | ${s(normal.firstMs)} | ≤ 2 s |
| broadcast commit → all handed over | ${s(normal.allMs)} | ≤ 60 s |
| e-mail rate (worker) vs bare SMTP, same pool of ${SMTP_POOL} | ${rate(normal.email.n, normal.email.ms)} vs ${rate(BASELINE, base.smtpMs)} | |
| Web Push rate (worker) vs bare web-push, ${PUSH_CONCURRENCY} at once | ${rate(normal.push.n, normal.push.ms)} vs ${rate(BASELINE, base.pushMs)} | |
| delivery rows at the end | ${normal.states} | all sent |
${interrupted(stopped, 'SIGTERM run', '0')}
${interrupted(crash, 'SIGKILL run', 'only those in flight at the kill (ADR 47)')}
`);
process.exit(0);
