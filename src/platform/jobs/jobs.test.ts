import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openTestDb } from '../../../test/support/db.ts';
import { migrate, type Db } from '../db/index.ts';
import { withTenant } from '../tenancy/index.ts';
import { enqueue, PermanentJobError, queueCounts, Worker, type JobRow } from './index.ts';

let db: Db;
let drop: () => Promise<void>;
before(async () => {
  ({ db, drop } = await openTestDb());
  await migrate(db);
  await db.query(`INSERT INTO tenants (code, name_ja, name_en, origin) VALUES ('990019', 'A', 'A', 'http://a'), ('990027', 'B', 'B', 'http://b')`);
});
after(() => drop());

test('jobs enqueued in a transaction run once, inside their own municipality', async () => {
  await withTenant(db, '990019', (tx) => enqueue(tx, '990019', 'greet', { to: 'a' }));
  await withTenant(db, '990027', (tx) => enqueue(tx, '990027', 'greet', { to: 'b' }));
  // A rolled-back transaction leaves no job behind.
  await assert.rejects(
    withTenant(db, '990019', async (tx) => {
      await enqueue(tx, '990019', 'greet', { to: 'ghost' });
      throw new Error('rollback');
    }),
  );
  const seen: string[] = [];
  const worker = new Worker(db, {
    handlers: {
      greet: async (job: JobRow<{ to: string }>, ctx) => {
        const visible = await ctx.tx((tx) => tx.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM jobs'));
        assert.deepEqual(visible.map((v) => v.tenant_id), [job.tenantId]);
        seen.push(`${job.tenantId}:${job.payload.to}`);
      },
    },
  });
  assert.equal(await worker.drain(), 2);
  assert.deepEqual(seen.sort(), ['990019:a', '990027:b']);
  assert.equal(await worker.drain(), 0);
});

test('a dedupe key makes enqueueing idempotent', async () => {
  const first = await withTenant(db, '990019', (tx) => enqueue(tx, '990019', 'once', {}, { dedupeKey: 'receipt-1' }));
  const second = await withTenant(db, '990019', (tx) => enqueue(tx, '990019', 'once', {}, { dedupeKey: 'receipt-1' }));
  assert.ok(first);
  assert.equal(second, null);
});

test('failures are retried later with back-off; permanent ones and exhausted ones go dead', async () => {
  await withTenant(db, '990019', async (tx) => {
    await enqueue(tx, '990019', 'flaky', { n: 1 }, { maxAttempts: 3 });
    await enqueue(tx, '990019', 'broken', { n: 2 });
  });
  let calls = 0;
  const worker = new Worker(db, {
    handlers: {
      flaky: async () => {
        calls++;
        throw new Error('SMTP 451 try again');
      },
      broken: async () => {
        throw new PermanentJobError('550 no such user');
      },
    },
  });
  await worker.drain();
  const [flaky] = await withTenant(db, '990019', (tx) => tx.query<{ status: string; attempts: number; run_at: Date; last_error: string }>("SELECT status, attempts, run_at, last_error FROM jobs WHERE queue = 'flaky'"));
  assert.equal(flaky!.status, 'pending');
  assert.ok(new Date(flaky!.run_at).getTime() > Date.now() + 5000, 'retry is scheduled later');
  assert.match(flaky!.last_error, /451/);
  // Make it due twice more: the third failure exhausts it.
  for (let i = 0; i < 2; i++) {
    await db.query("UPDATE jobs SET run_at = now() WHERE queue = 'flaky'");
    await worker.drain();
  }
  assert.equal(calls, 3);
  const counts = await withTenant(db, '990019', async (tx) => [await queueCounts(tx, '990019', 'flaky'), await queueCounts(tx, '990019', 'broken')]);
  assert.deepEqual(counts, [{ pending: 0, done: 0, dead: 1 }, { pending: 0, done: 0, dead: 1 }]);
});

test('a job whose worker died is taken over when its lease runs out', async () => {
  await withTenant(db, '990019', (tx) => enqueue(tx, '990019', 'lease', {}));
  let release!: () => void;
  const stuck = new Worker(db, { handlers: { lease: () => new Promise<void>((r) => (release = r)) }, leaseSeconds: 1 });
  const hanging = stuck.tick();
  await new Promise((r) => setTimeout(r, 100));
  const rescuer = new Worker(db, { handlers: { lease: async () => undefined } });
  assert.equal(await rescuer.drain(), 0, 'leased job is not stolen early');
  await db.query("UPDATE jobs SET locked_until = now() - interval '1 second' WHERE queue = 'lease'");
  assert.equal(await rescuer.drain(), 1);
  release();
  await hanging;
  // The first worker lost its lease: finishing late does not overwrite the rescuer's result.
  const [row] = await withTenant(db, '990019', (tx) => tx.query<{ status: string }>("SELECT status FROM jobs WHERE queue = 'lease'"));
  assert.equal(row!.status, 'done');
});

test('stop() tells running jobs through ctx.signal and waits for them; a job that ignores it is left to its lease after the grace time', async () => {
  await withTenant(db, '990019', async (tx) => {
    await enqueue(tx, '990019', 'polite', {});
    await enqueue(tx, '990019', 'stuck', {});
  });
  let started = 0;
  let politeSawStop = false;
  const worker = new Worker(db, {
    pollMs: 20,
    handlers: {
      polite: async (_job, ctx) => {
        started++;
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        politeSawStop = ctx.signal.aborted;
      },
      stuck: async () => {
        started++;
        await new Promise(() => undefined);
      },
    },
  });
  worker.start();
  for (let i = 0; i < 200 && started < 2; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(started, 2);
  const t0 = performance.now();
  const left = await worker.stop(300);
  assert.ok(performance.now() - t0 < 2000, 'stop() did not wait for the stuck job');
  assert.ok(politeSawStop, 'the polite job was told');
  assert.deepEqual(left.map((j) => j.queue), ['stuck']);
  const rows = await withTenant(db, '990019', (tx) => tx.query<{ queue: string; status: string; leased: boolean }>("SELECT queue, status, coalesce(locked_until > now(), false) AS leased FROM jobs WHERE queue IN ('polite', 'stuck') ORDER BY queue"));
  assert.deepEqual(rows.map((r) => [r.queue, r.status, r.leased]), [['polite', 'done', false], ['stuck', 'pending', true]], 'the stuck job keeps its lease, to be run again after it');
});
