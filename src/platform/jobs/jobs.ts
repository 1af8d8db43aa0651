/**
 * Durable background jobs kept in PostgreSQL (ADR 10). A job is enqueued in the same transaction
 * as the change that needs it, so it exists exactly when that change commits. Workers claim jobs
 * with FOR UPDATE SKIP LOCKED under a lease; a worker that dies loses its lease and the job runs
 * again, so handlers must be idempotent for their side effects (e.g. one delivery row per
 * recipient). Handlers run outside any transaction and open short ones through `ctx.tx`: a slow
 * SMTP or push call must never hold a database transaction (on the embedded database it would
 * stall every request).
 */
import crypto from 'node:crypto';
import type { Db, Queryable } from '../db/index.ts';
import { withTenant } from '../tenancy/index.ts';

export interface JobRow<P = unknown> {
  tenantId: string;
  id: string;
  queue: string;
  payload: P;
  attempts: number;
  maxAttempts: number;
}

export interface JobContext {
  /** Runs fn in a transaction confined to the job's municipality. */
  tx<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Aborted when the worker is asked to stop (SIGTERM, a deploy): a long handler finishes what it
   * has in hand, starts nothing new, gives back what it claimed but did not start, and returns.
   */
  signal: AbortSignal;
}

export type JobHandler<P = any> = (job: JobRow<P>, ctx: JobContext) => Promise<void>;

/** Throw from a handler when retrying cannot help (bad payload, permanently refused recipient). */
export class PermanentJobError extends Error {}

export interface EnqueueOptions {
  /** At most one job per queue and key in a municipality; a second enqueue is ignored. */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/** Adds a job in the caller's (tenant) transaction. Returns its id, or null if deduplicated. */
export async function enqueue(tx: Queryable, tenant: string, queue: string, payload: unknown, opts: EnqueueOptions = {}): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO jobs (tenant_id, queue, payload, dedupe_key, run_at, max_attempts)
     VALUES ($1, $2, $3, $4, coalesce($5, now()), $6)
     ON CONFLICT (tenant_id, queue, dedupe_key) DO NOTHING RETURNING id`,
    [tenant, queue, JSON.stringify(payload), opts.dedupeKey ?? null, opts.runAt ?? null, opts.maxAttempts ?? 10],
  );
  return rows[0]?.id ?? null;
}

/** Delay before attempt n+1: exponential from 10 s, capped at 6 h, with ±20 % jitter. */
export function backoffSeconds(attempts: number): number {
  const base = Math.min(10 * 2 ** Math.max(0, attempts - 1), 6 * 3600);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export interface WorkerOptions {
  /** Queues this worker serves, with their handlers. */
  handlers: Record<string, JobHandler>;
  /** Jobs claimed per poll. */
  batchSize?: number;
  /** Jobs run at once (default 8). */
  concurrency?: number;
  pollMs?: number;
  leaseSeconds?: number;
  onError?: (err: unknown, job: JobRow) => void;
}

/** Long jobs (a notify sender's 4-second slice) must leave slots for short ones. */
const DEFAULT_CONCURRENCY = 8;
/** How long stop() waits for the jobs in hand (a sender finishes a batch in well under a second). */
const STOP_GRACE_MS = 10_000;

export class Worker {
  readonly id = `w-${crypto.randomBytes(4).toString('hex')}`;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private stopping = new AbortController();
  /** Jobs being run now, by id. */
  private readonly executing = new Map<string, JobRow>();
  /** A nudge that came while the loop was not sleeping: the next sleep is skipped. */
  private kicked = false;

  constructor(
    private readonly db: Db,
    private readonly opts: WorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.loop = this.run();
  }

  /**
   * Stops claiming and tells the jobs in hand (ctx.signal); resolves when they have finished, or
   * after `graceMs` at most: a job still running then keeps its lease and is run again by another
   * worker once the lease ends (handlers are idempotent), so a stuck job cannot hold up a deploy.
   * Returns the jobs left running.
   */
  async stop(graceMs = STOP_GRACE_MS): Promise<JobRow[]> {
    this.running = false;
    this.stopping.abort();
    this.wake?.();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([this.loop?.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
    clearTimeout(timer);
    return finished === false ? [...this.executing.values()] : [];
  }

  /** Asks the worker to poll now (after an enqueue, for low latency). */
  nudge(): void {
    if (this.wake) this.wake();
    else this.kicked = true;
  }

  /** Runs until no job is ready; for tests and CLI use. Returns how many jobs ran. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.tick();
      total += n;
      if (n === 0) return total;
    }
  }

  /**
   * A continuous pool: whenever a slot is free the worker claims as many jobs as there are free
   * slots, so a short job (an alert's fan-out) never waits for a group of long ones to finish.
   */
  private async run(): Promise<void> {
    const concurrency = this.opts.concurrency ?? DEFAULT_CONCURRENCY;
    const inFlight = new Set<Promise<void>>();
    while (this.running) {
      let claimed = 0;
      const free = concurrency - inFlight.size;
      if (free > 0) {
        try {
          const jobs = await this.claim(Math.min(free, this.opts.batchSize ?? 20));
          claimed = jobs.length;
          for (const job of jobs) {
            const p: Promise<void> = this.execute(job).finally(() => {
              inFlight.delete(p);
              this.nudge();
            });
            inFlight.add(p);
          }
        } catch (err) {
          this.opts.onError?.(err, { tenantId: '', id: '', queue: '', payload: null, attempts: 0, maxAttempts: 0 });
        }
      }
      if (!this.running) break;
      // Claim again at once while jobs keep coming and slots are free; otherwise sleep until a
      // slot frees up, a nudge, or the poll interval.
      if (claimed > 0 && inFlight.size < concurrency) continue;
      await new Promise<void>((resolve) => {
        if (this.kicked) {
          this.kicked = false;
          return resolve();
        }
        const t = setTimeout(resolve, this.opts.pollMs ?? 500);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
      this.kicked = false;
    }
    await Promise.all(inFlight);
  }

  /** Claims one batch and runs it (at most `concurrency` at once); returns how many jobs it ran. */
  async tick(): Promise<number> {
    const jobs = await this.claim(this.opts.batchSize ?? 20);
    const concurrency = this.opts.concurrency ?? DEFAULT_CONCURRENCY;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
        while (next < jobs.length) await this.execute(jobs[next++]!);
      }),
    );
    return jobs.length;
  }

  private async claim(limit: number): Promise<JobRow[]> {
    const queues = Object.keys(this.opts.handlers);
    const rows = await this.db.transaction(async (tx) => {
      await tx.query("SELECT set_config('role', 'yakuba_worker', true)");
      return tx.query<{ tenant_id: string; id: string; queue: string; payload: unknown; attempts: number; max_attempts: number }>(
        `UPDATE jobs j SET locked_until = now() + make_interval(secs => $3), locked_by = $4, attempts = j.attempts + 1
         FROM (SELECT tenant_id, id FROM jobs
               WHERE status = 'pending' AND queue = ANY($1) AND run_at <= now() AND (locked_until IS NULL OR locked_until < now())
               ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED) ready
         WHERE j.tenant_id = ready.tenant_id AND j.id = ready.id
         RETURNING j.tenant_id, j.id, j.queue, j.payload, j.attempts, j.max_attempts`,
        [queues, limit, this.opts.leaseSeconds ?? 60, this.id],
      );
    });
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id, queue: r.queue, payload: r.payload, attempts: r.attempts, maxAttempts: r.max_attempts }));
  }

  private async execute(job: JobRow): Promise<void> {
    this.executing.set(job.id, job);
    try {
      await this.executeHandler(job);
    } finally {
      this.executing.delete(job.id);
    }
  }

  private async executeHandler(job: JobRow): Promise<void> {
    const handler = this.opts.handlers[job.queue]!;
    try {
      await handler(job, { tx: (fn) => withTenant(this.db, job.tenantId, fn), signal: this.stopping.signal });
      await withTenant(this.db, job.tenantId, (tx) =>
        tx.query(
          `UPDATE jobs SET status = 'done', finished_at = now(), locked_until = NULL, last_error = NULL WHERE tenant_id = $1 AND id = $2 AND locked_by = $3`,
          [job.tenantId, job.id, this.id],
        ),
      );
    } catch (err) {
      this.opts.onError?.(err, job);
      const permanent = err instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      const message = err instanceof Error ? err.message.slice(0, 1000) : String(err).slice(0, 1000);
      await withTenant(this.db, job.tenantId, (tx) =>
        tx.query(
          `UPDATE jobs SET status = $3, run_at = now() + make_interval(secs => $4), locked_until = NULL, last_error = $5,
                 finished_at = CASE WHEN $3 = 'dead' THEN now() END
           WHERE tenant_id = $1 AND id = $2 AND locked_by = $6`,
          [job.tenantId, job.id, permanent ? 'dead' : 'pending', permanent ? 0 : backoffSeconds(job.attempts), message, this.id],
        ),
      ).catch((e: unknown) => this.opts.onError?.(e, job));
    }
  }
}

export interface QueueCounts {
  pending: number;
  done: number;
  dead: number;
}

export async function queueCounts(tx: Queryable, tenant: string, queue: string): Promise<QueueCounts> {
  const rows = await tx.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM jobs WHERE tenant_id = $1 AND queue = $2 GROUP BY status',
    [tenant, queue],
  );
  const get = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return { pending: get('pending'), done: get('done'), dead: get('dead') };
}
