/**
 * RFC 8291 payload encryption (an ECDH key agreement, HKDF and AES-GCM per message) is the largest
 * CPU cost of Web Push. A small pool of worker threads does it, so on a multi-core machine it runs
 * beside the main thread instead of on it. The pool starts on first use; an idle thread is unref'd
 * (it never keeps the process alive). Until a thread is ready, or if none can start, encryption
 * runs inline.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import webpush, { type RequestOptions } from 'web-push';

/** A browser's push subscription as PushSubscription.toJSON() gives it. */
export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface EncryptTask {
  id: number;
  subscription: PushSubscriptionJson;
  payload: string;
  options: RequestOptions;
}

export interface EncryptedRequest {
  endpoint: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

type Result = { id: number; error: string } | ({ id: number } & EncryptedRequest);

const THREADS = Math.max(1, Math.min(4, os.availableParallelism()));

/**
 * The thread's code: plain CommonJS run with no loader flags. A thread started from a TypeScript
 * file inherits `--import tsx` and gets its own module-hooks thread; a process ending while such a
 * thread was still loading sometimes never exited (test files hung after their last test). It
 * builds the encrypted requests with web-push's generateRequestDetails and answers in groups.
 */
const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const webpush = require(${JSON.stringify(createRequire(import.meta.url).resolve('web-push'))});
parentPort.postMessage('ready');
parentPort.on('message', (tasks) => {
  parentPort.postMessage(tasks.map((t) => {
    try {
      const req = webpush.generateRequestDetails(t.subscription, t.payload, t.options);
      return { id: t.id, endpoint: req.endpoint, method: req.method, headers: req.headers, body: req.body ? new Uint8Array(req.body) : null };
    } catch (err) {
      return { id: t.id, error: err instanceof Error ? err.message : String(err) };
    }
  }));
});
`;
/** Tasks are posted in small groups: one message per task would cost more than some encryptions. */
const GROUP = 16;

interface Lane {
  worker: Worker;
  busy: number;
  ready: boolean;
  closing: boolean;
}

/** Idle threads are ended after this long (an unref'd thread still kept test processes alive). */
const IDLE_END_MS = 2000;
let idleTimer: NodeJS.Timeout | null = null;

function endWhenIdle(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    const pool = lanes;
    if (!pool || pool.some((l) => l.busy > 0)) return;
    lanes = null;
    for (const l of pool) {
      l.closing = true;
      void l.worker.terminate();
    }
  }, IDLE_END_MS);
  idleTimer.unref();
}

let lanes: Lane[] | null = null;
let broken = false;
let nextId = 1;
const waiting = new Map<number, { resolve: (r: EncryptedRequest) => void; reject: (e: Error) => void; lane: Lane }>();
let queue: { task: EncryptTask }[] = [];
let flushScheduled = false;

function inline(t: EncryptTask): EncryptedRequest {
  const req = webpush.generateRequestDetails(t.subscription, t.payload, t.options);
  return { endpoint: req.endpoint, method: req.method, headers: req.headers as Record<string, string>, body: req.body ? new Uint8Array(req.body) : null };
}

function fail(lane: Lane, err: Error): void {
  broken = true;
  lanes = null;
  for (const [id, w] of waiting)
    if (w.lane === lane) {
      waiting.delete(id);
      w.reject(err);
    }
  void lane.worker.terminate();
}

function start(): Lane[] | null {
  if (broken) return null;
  if (lanes) return lanes;
  try {
    lanes = Array.from({ length: THREADS }, () => {
      const worker = new Worker(THREAD_SOURCE, { eval: true, execArgv: [] });
      worker.unref();
      const lane: Lane = { worker, busy: 0, ready: false, closing: false };
      worker.on('message', (results: Result[] | 'ready') => {
        if (results === 'ready') {
          lane.ready = true;
          endWhenIdle();
          return;
        }
        lane.busy -= results.length;
        if (lane.busy === 0) {
          lane.worker.unref();
          endWhenIdle();
        }
        for (const r of results) {
          const w = waiting.get(r.id);
          if (!w) continue;
          waiting.delete(r.id);
          if ('error' in r) w.reject(new Error(r.error));
          else w.resolve({ endpoint: r.endpoint, method: r.method, headers: r.headers, body: r.body });
        }
      });
      worker.on('error', (err) => fail(lane, err));
      worker.on('exit', (code) => {
        if (code !== 0 && !lane.closing) fail(lane, new Error(`push encryption thread exited (${code})`));
      });
      return lane;
    });
  } catch {
    broken = true;
    lanes = null;
  }
  return lanes;
}

function flush(): void {
  flushScheduled = false;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const pool = start();
  const tasks = queue;
  queue = [];
  if (!pool) {
    // No thread could start: the callers' catch encrypts inline.
    for (const q of tasks) {
      const w = waiting.get(q.task.id);
      waiting.delete(q.task.id);
      w?.reject(new Error('push encryption threads unavailable'));
    }
    return;
  }
  const ready = pool.filter((l) => l.ready);
  if (!ready.length) {
    // The threads are still starting (a second or so): the first pushes must not wait for them.
    for (const q of tasks) {
      const w = waiting.get(q.task.id)!;
      waiting.delete(q.task.id);
      try {
        w.resolve(inline(q.task));
      } catch (err) {
        w.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    return;
  }
  for (let i = 0; i < tasks.length; i += GROUP) {
    const lane = ready.reduce((a, b) => (b.busy < a.busy ? b : a));
    const group = tasks.slice(i, i + GROUP).map((q) => q.task);
    lane.busy += group.length;
    lane.worker.ref();
    for (const t of group) waiting.get(t.id)!.lane = lane;
    lane.worker.postMessage(group);
  }
}

/** The encrypted request for one push (endpoint, headers with VAPID and encoding, body). */
export function encryptPush(subscription: PushSubscriptionJson, payload: string, options: RequestOptions): Promise<EncryptedRequest> {
  if (broken) return Promise.resolve().then(() => inline({ id: 0, subscription, payload, options }));
  const id = nextId++;
  return new Promise<EncryptedRequest>((resolve, reject) => {
    waiting.set(id, { resolve, reject, lane: null as unknown as Lane });
    queue.push({ task: { id, subscription, payload, options } });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  }).catch((err: unknown) => {
    // A thread that died takes its tasks with it: those are encrypted inline instead.
    if (broken) return inline({ id, subscription, payload, options });
    throw err;
  });
}
