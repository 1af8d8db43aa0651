/**
 * The worker is stopped in the middle of an alert to 400 subscribers and started again (ADR 40, 47):
 * - SIGKILL (a crash): every subscriber gets the message (zero missed), every delivery ends "sent",
 *   and the only repeats are hand-overs in flight at the kill, re-sent with the same message id;
 * - SIGTERM (a deploy): the worker finishes the sends in hand, gives back what it claimed but had
 *   not started, and exits: zero missed and zero repeated.
 * PostgreSQL when TEST_DATABASE_URL is set, else PGlite on disk.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { connectPostgres, migrate, openPglite, type Db } from '../../platform/db/index.ts';
import { Keyring } from '../../platform/crypto/index.ts';
import { upsertTenant, withTenant } from '../../platform/tenancy/index.ts';
import { killed, seedSubscribers, spawnWorker, startCountingPush, startCountingSmtp, tally, waitUntil } from './crash-harness.ts';
import { alertInput } from './notify.testkit.ts';
import { broadcast } from './broadcast.service.ts';

const EMAIL = 200;
const PUSH = 200;
const TENANT = '990019';
const masterKey = crypto.randomBytes(32);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yakuba-crash-'));
const cleanup: (() => Promise<void>)[] = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function database(dir: string): Promise<{ open(): Promise<Db>; env: Record<string, string> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { open: () => openPglite(path.join(dir, 'pgdata')), env: {} };
  const name = `yakuba_crash_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  cleanup.push(async () => {
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });
  return { open: async () => connectPostgres(u.toString(), 3), env: { DATABASE_URL: u.toString() } };
}

interface Run {
  env: Record<string, string>;
  store: Awaited<ReturnType<typeof database>>;
  smtp: Awaited<ReturnType<typeof startCountingSmtp>>;
  push: Awaited<ReturnType<typeof startCountingPush>>;
  arrived(): number;
}

/** A fresh database with 400 subscribers and one committed alert, and counting sinks. */
async function prepare(): Promise<Run> {
  const smtp = await startCountingSmtp();
  const push = await startCountingPush();
  cleanup.push(() => smtp.stop(), () => push.stop());
  const dir = fs.mkdtempSync(path.join(dataDir, 'run-'));
  const store = await database(dir);
  const keyring = new Keyring([{ id: 'k1', key: masterKey }]);
  const db = await store.open();
  await migrate(db);
  await upsertTenant(db, keyring, { code: TENANT, nameJa: 'みなと野市', nameEn: 'Minatono City', origin: 'http://localhost', hosts: ['localhost'] });
  await seedSubscribers(db, keyring, TENANT, { email: EMAIL, push: PUSH, pushUrl: push.url });
  // PGlite has one owner: the broadcast is committed before the worker starts.
  await withTenant(db, TENANT, (tx) => broadcast(tx, alertInput(TENANT)));
  await db.close();
  const env = {
    ...store.env,
    YAKUBA_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    MASTER_KEYS: `k1:${masterKey.toString('base64')}`,
    DEMO_SEED: 'false',
    DEV_IDP: 'false',
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'silent',
    NOTIFY_LEASE_SECONDS: '5',
    NOTIFY_BATCH_SIZE: '20',
    NOTIFY_PUSH_CONCURRENCY: '10',
    NOTIFY_SMTP_POOL: '2',
  };
  return { env, store, smtp, push, arrived: () => smtp.counter.seen.size + push.counter.seen.size };
}

/** Stops the worker with `signal` at 30 %, starts it again, and checks that every subscriber got the alert. */
async function interrupted(run: Run, signal: NodeJS.Signals) {
  const total = EMAIL + PUSH;
  let worker: ChildProcess = await spawnWorker(run.env);
  cleanup.push(() => killed(worker, 'SIGKILL'));
  assert.ok(await waitUntil(() => run.arrived() >= total * 0.3, 40_000), `only ${run.arrived()} arrived before the ${signal}`);
  const t0 = performance.now();
  await killed(worker, signal);
  const stopMs = performance.now() - t0;
  const atStop = run.arrived();
  assert.ok(atStop < total, `the ${signal} came before the end`);

  worker = await spawnWorker(run.env);
  if (!(await waitUntil(() => run.arrived() === total, 30_000))) {
    await killed(worker, 'SIGKILL');
    const d = await run.store.open();
    // Diagnose a failure: where the deliveries and jobs stopped.
    console.log(await withTenant(d, TENANT, (tx) => tx.query('SELECT state, last_error, count(*)::int AS n FROM notify_deliveries GROUP BY 1, 2')));
    console.log(await withTenant(d, TENANT, (tx) => tx.query('SELECT queue, status, run_at, locked_until, last_error FROM jobs ORDER BY created_at')));
    await d.close();
  }
  assert.ok(run.arrived() === total, `after restart ${run.arrived()} of ${total} arrived`);
  await killed(worker, 'SIGTERM');

  const mail = tally(run.smtp.counter);
  const pushes = tally(run.push.counter);
  assert.equal(mail.distinct, EMAIL, 'every e-mail subscriber got the alert');
  assert.equal(pushes.distinct, PUSH, 'every push subscriber got the alert');
  const db = await run.store.open();
  const states = await withTenant(db, TENANT, (tx) => tx.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM notify_deliveries GROUP BY state'));
  await db.close();
  assert.deepEqual(states.map((s) => [s.state, Number(s.n)]), [['sent', total]]);
  console.log(`crash test (${signal}): ${atStop}/${total} arrived before it, stopped in ${Math.round(stopMs)} ms; after restart all ${total} arrived; repeated hand-overs (same id): e-mail ${mail.repeats}, push ${pushes.repeats}`);
  return { mail, pushes, stopMs };
}

test('a worker killed mid-send resumes after restart: zero missed, every delivery sent once recorded', { timeout: 150_000 }, async () => {
  const { mail, pushes } = await interrupted(await prepare(), 'SIGKILL');
  // Repeats can only be hand-overs in flight at the kill: at most the SMTP pool (2) plus the push
  // concurrency (10) per sender job running at that moment (the worker runs up to 4 jobs at once).
  const repeats = mail.repeats + pushes.repeats;
  assert.ok(repeats <= (2 + 10) * 4, `repeats ${repeats}`);
});

test('a worker stopped mid-send (SIGTERM) finishes what it handed over and gives the rest back: nothing missed, nothing repeated', { timeout: 150_000 }, async () => {
  const { mail, pushes, stopMs } = await interrupted(await prepare(), 'SIGTERM');
  assert.equal(mail.repeats + pushes.repeats, 0, `repeated hand-overs: e-mail ${mail.repeats}, push ${pushes.repeats}`);
  assert.ok(stopMs < 10_000, `stopped in ${Math.round(stopMs)} ms`);
});
