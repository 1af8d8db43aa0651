/**
 * The worker is killed (SIGKILL) in the middle of an alert to 400 subscribers and started again:
 * every subscriber gets the message (zero missed), every delivery ends "sent", and the only
 * repeats are deliveries whose hand-over was in flight at the kill, re-sent with the same
 * message id (receivers drop them by id). PostgreSQL when TEST_DATABASE_URL is set, else PGlite on disk.
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

async function database(): Promise<{ open(): Promise<Db>; env: Record<string, string> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return { open: () => openPglite(path.join(dataDir, 'pgdata')), env: {} };
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

test('a worker killed mid-send resumes after restart: zero missed, every delivery sent once recorded', { timeout: 150_000 }, async () => {
  const smtp = await startCountingSmtp();
  const push = await startCountingPush();
  cleanup.push(() => smtp.stop(), () => push.stop());
  const store = await database();
  const keyring = new Keyring([{ id: 'k1', key: masterKey }]);

  let db = await store.open();
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
    DATA_DIR: dataDir,
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
  const total = EMAIL + PUSH;
  const arrived = () => smtp.counter.seen.size + push.counter.seen.size;
  let worker: ChildProcess = await spawnWorker(env);
  cleanup.push(() => killed(worker, 'SIGKILL'));
  assert.ok(await waitUntil(() => arrived() >= total * 0.3, 40_000), `only ${arrived()} arrived before the kill`);
  await killed(worker, 'SIGKILL');
  const atKill = arrived();
  assert.ok(atKill < total, 'the kill came before the end');

  worker = await spawnWorker(env);
  if (!(await waitUntil(() => arrived() === total, 30_000))) {
    await killed(worker, 'SIGKILL');
    const d = await store.open();
    // Diagnose a failure: where the deliveries and jobs stopped.
    console.log(await withTenant(d, TENANT, (tx) => tx.query('SELECT state, last_error, count(*)::int AS n FROM notify_deliveries GROUP BY 1, 2')));
    console.log(await withTenant(d, TENANT, (tx) => tx.query('SELECT queue, status, run_at, locked_until, last_error FROM jobs ORDER BY created_at')));
    await d.close();
  }
  assert.ok(arrived() === total, `after restart ${arrived()} of ${total} arrived`);
  await killed(worker, 'SIGTERM');

  const mail = tally(smtp.counter);
  const pushes = tally(push.counter);
  assert.equal(mail.distinct, EMAIL, 'every e-mail subscriber got the alert');
  assert.equal(pushes.distinct, PUSH, 'every push subscriber got the alert');
  db = await store.open();
  const states = await withTenant(db, TENANT, (tx) => tx.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM notify_deliveries GROUP BY state'));
  await db.close();
  assert.deepEqual(states.map((s) => [s.state, Number(s.n)]), [['sent', total]]);
  // Repeats can only be hand-overs in flight at the kill: at most the SMTP pool (2) plus the push
  // concurrency (10) per sender job running at that moment (the worker runs up to 4 jobs at once).
  const repeats = mail.repeats + pushes.repeats;
  assert.ok(repeats <= (2 + 10) * 4, `repeats ${repeats}`);
  console.log(`crash test: ${atKill}/${total} arrived before SIGKILL; after restart all ${total} arrived; repeated hand-overs (same id): e-mail ${mail.repeats}, push ${pushes.repeats}`);
});
