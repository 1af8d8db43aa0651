/**
 * npm run reliability:submit [-- --database pglite|postgres --seconds 30 --kills 5 --concurrency 16]
 *
 * Kills the server with SIGKILL during a submission load, repeatedly, and checks that nothing was
 * lost or made twice. The server is `src/main.ts` as a child process (the real start-up path, on
 * PGlite in a data directory or on a fresh PostgreSQL database). Clients submit the 10-field form
 * through POST /api/resident/v1/procedures/{slug}/applications, each submission with its own
 * Idempotency-Key; a request that gets no answer (connection reset, refused, 503 while starting)
 * is sent again with the same key and body until it is answered, as a careful client would.
 * `kills` times at random moments the server gets SIGKILL and is started again.
 *
 * Checked at the end, on the database: every submission that got a success response exists exactly
 * once (same id and receipt number), no key made two applications (every application belongs to
 * exactly one key), every key sent was finally answered, and the audit chain verifies with one
 * submission entry per application. Prints a JSON summary as the last line; exit code 1 on failure.
 */
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { connectPostgres, openPglite, type Db } from '../src/platform/db/index.ts';
import { verifyChain } from '../src/platform/audit/index.ts';
import { withTenant } from '../src/platform/tenancy/index.ts';
import { startPlatform } from '../src/server.ts';
import { buildTenant } from '../test/support/factories.ts';
import { signInResidentByCard } from '../test/support/residents.ts';
import type { TestPlatform } from '../test/support/platform.ts';
import { createTenFieldProcedure, TEN_FIELD_SLUG, tenFieldAnswers } from '../src/modules/procedures/api/testkit.ts';

const { values: args } = parseArgs({
  options: {
    database: { type: 'string', default: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite' },
    seconds: { type: 'string', default: '30' },
    kills: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
  },
});
const KILLS = Number(args.kills);
const SECONDS = Number(args.seconds);
const CONCURRENCY = Number(args.concurrency);
const log = (s: string) => process.stderr.write(`${s}\n`);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yakuba-reliability-'));
const port = await freePort();
const env: Record<string, string> = {
  YAKUBA_ENV: 'test',
  PORT: String(port),
  HOST: '127.0.0.1',
  PUBLIC_URL: `http://localhost:${port}`,
  DATA_DIR: dir,
  MASTER_KEYS: `k1:${crypto.randomBytes(32).toString('base64')}`,
  DEMO_SEED: 'false',
  LOG_LEVEL: 'warn',
  WORKER: 'false',
};
let dbName: string | null = null;
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (args.database === 'postgres') {
  dbName = `yakuba_reliability_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  env.DATABASE_URL = u.toString();
}

// Set-up in this process: migrations, a municipality, the procedure, and signed-in residents
// (through the development identity provider). Their sessions live in the database.
const setupConfig = loadConfig({ ...env, DEV_IDP: 'true' });
const setup = await startPlatform(setupConfig);
const p = { ...setup, config: setupConfig, stop: async () => undefined } as TestPlatform;
const tenant = await buildTenant(p);
await createTenFieldProcedure(p.deps, tenant.code);
const sessions: { cookie: string; csrf: string }[] = [];
for (const person of ['demo-yoshida-hanako', 'demo-takahashi-kenta', 'demo-watanabe-sakura']) {
  const c = tenant.client();
  await signInResidentByCard(p, tenant, c, person);
  const csrf = (await c.api('GET', '/api/resident/v1/session')).json().csrfToken as string;
  sessions.push({ cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '), csrf });
}
await setup.close();

let server: ChildProcess | null = null;
// Interrupted (Ctrl-C, a test timeout): do not leave the server running.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    server?.kill('SIGKILL');
    process.exit(130);
  });
function startServer(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env, DEV_IDP: 'false' }, stdio: ['ignore', 'ignore', 'inherit'] });
  server = child;
  return child;
}
async function waitReady(): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/readyz', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error('the server did not become ready in 60 s');
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function post(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: `/api/resident/v1/procedures/${TEN_FIELD_SLUG}/applications`, method: 'POST', agent, timeout: 10_000, headers: { host: tenant.hosts[0], 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', () => resolve({ status: 0, text: '' }));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(body);
  });
}

const successes = new Map<string, { id: string; receiptNumber: string; session: number }>();
const failures: { key: string; status: number; text: string }[] = [];
let issued = 0;
let retries = 0;
let replays = 0;
let stopIssuing = false;

async function worker(w: number) {
  const session = w % sessions.length;
  const s = sessions[session]!;
  while (!stopIssuing) {
    const n = issued++;
    const key = `reliability-${n}-${crypto.randomBytes(6).toString('hex')}`;
    const body = JSON.stringify({ answers: tenFieldAnswers(n) });
    for (;;) {
      const r = await post(body, { cookie: s.cookie, 'x-csrf-token': s.csrf, 'idempotency-key': key });
      if (r.status === 201) {
        const made = JSON.parse(r.text) as { id: string; receiptNumber: string };
        const before = successes.get(key);
        if (before && before.id !== made.id) failures.push({ key, status: 201, text: `second success with another id: ${before.id} then ${made.id}` });
        successes.set(key, { ...made, session });
        break;
      }
      if (r.status === 0 || r.status === 503 || r.status === 500) {
        // No answer (or "starting"/"internal" while the server died): send the same request again.
        retries++;
        await sleep(25 + Math.random() * 50);
        continue;
      }
      failures.push({ key, status: r.status, text: r.text.slice(0, 300) });
      break;
    }
  }
}

startServer();
await waitReady();
const started = performance.now();
const workers = Array.from({ length: CONCURRENCY }, (_, w) => worker(w));
const kills: number[] = [];
const slot = (SECONDS * 1000) / (KILLS + 1);
for (let k = 0; k < KILLS; k++) {
  await sleep(slot * (0.4 + Math.random() * 0.6));
  const before = successes.size;
  server!.kill('SIGKILL');
  await new Promise((r) => server!.once('exit', r));
  kills.push(before);
  log(`kill ${k + 1}/${KILLS}: SIGKILL after ${successes.size} acknowledged submissions; restarting`);
  startServer();
  await waitReady();
}
await sleep(Math.max(1000, SECONDS * 1000 - (performance.now() - started)));
stopIssuing = true;
await Promise.all(workers);
agent.destroy();
// Replay check: resending a few acknowledged submissions (same person, key and body) gives the same answer, and no new row.
for (const [key, made] of [...successes].slice(0, 20)) {
  const n = Number(key.split('-')[1]);
  const s = sessions[made.session]!;
  const r = await post(JSON.stringify({ answers: tenFieldAnswers(n) }), { cookie: s.cookie, 'x-csrf-token': s.csrf, 'idempotency-key': key });
  const again = r.status === 201 ? (JSON.parse(r.text) as { id: string }) : null;
  if (r.status === 201 && again!.id === made.id) replays++;
  else failures.push({ key, status: r.status, text: `replay: ${r.text.slice(0, 200)}` });
}
const exited = new Promise((r) => server!.once('exit', r));
server!.kill('SIGTERM');
await exited;

// The checks, on the database itself.
const db: Db = dbName ? connectPostgres(env.DATABASE_URL!, 2) : await openPglite(path.join(dir, 'pgdata'));
const problems: string[] = [];
const facts = await withTenant(db, tenant.code, async (tx) => {
  const apps = await tx.query<{ id: string; receipt_number: string }>("SELECT id, receipt_number FROM applications WHERE tenant_id = $1 AND status <> 'draft'", [tenant.code]);
  const keys = await tx.query<{ key: string; application_id: string }>('SELECT key, application_id FROM idempotency_keys WHERE tenant_id = $1', [tenant.code]);
  const [audits] = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'application.submit'", [tenant.code]);
  const chain = await verifyChain(tx, tenant.code);
  return { apps, keys, audits: audits!.n, chain };
});
await db.close();
const byId = new Map(facts.apps.map((a) => [a.id, a]));
const keyOf = new Map(facts.keys.map((k) => [k.key, k.application_id]));
for (const [key, made] of successes) {
  const row = byId.get(made.id);
  if (!row) problems.push(`acknowledged ${key} → ${made.id} is missing`);
  else if (row.receipt_number !== made.receiptNumber) problems.push(`acknowledged ${key}: receipt ${made.receiptNumber} but stored ${row.receipt_number}`);
  if (keyOf.get(key) !== made.id) problems.push(`key ${key} points at ${keyOf.get(key)} but was answered with ${made.id}`);
}
const perApp = new Map<string, number>();
for (const k of facts.keys) perApp.set(k.application_id, (perApp.get(k.application_id) ?? 0) + 1);
for (const a of facts.apps) if (perApp.get(a.id) !== 1) problems.push(`application ${a.id} belongs to ${perApp.get(a.id) ?? 0} keys`);
if (facts.keys.length !== facts.apps.length) problems.push(`${facts.keys.length} keys but ${facts.apps.length} applications`);
if (new Set(facts.apps.map((a) => a.receipt_number)).size !== facts.apps.length) problems.push('a receipt number was given twice');
if (successes.size !== issued) problems.push(`${issued} submissions sent but ${successes.size} answered with success`);
if (facts.audits !== facts.apps.length) problems.push(`${facts.audits} audit entries for ${facts.apps.length} applications`);
if (!facts.chain.ok) problems.push(`audit chain broken: ${JSON.stringify(facts.chain.firstBroken)}`);
for (const f of failures) problems.push(`${f.key}: unexpected ${f.status} ${f.text}`);

if (dbName) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
fs.rmSync(dir, { recursive: true, force: true });
const summary = { database: args.database, seconds: Math.round((performance.now() - started) / 1000), kills: kills.length, submissions: issued, acknowledged: successes.size, retries, replays, applications: facts.apps.length, keys: facts.keys.length, problems: problems.slice(0, 20), ok: problems.length === 0 };
log(`${summary.ok ? 'OK' : 'FAILED'}: ${summary.acknowledged} acknowledged submissions, ${summary.applications} applications, ${summary.kills} SIGKILLs, ${summary.retries} resent requests${problems.length ? `\n  ${problems.slice(0, 20).join('\n  ')}` : ''}`);
console.log(JSON.stringify(summary));
process.exit(summary.ok ? 0 : 1);
