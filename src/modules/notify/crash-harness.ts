/**
 * Shared by the crash test and `npm run bench:alerts`: counting sinks (an SMTP server that counts
 * each Message-ID, a push service that counts each endpoint), bulk subscribers, and a worker in a
 * child process that can be killed with SIGKILL and started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';
import type { Keyring } from '../../platform/crypto/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { ADDRESS_FIELD } from './subscriptions.service.ts';

export interface Counter {
  /** Arrivals per message id (SMTP) or endpoint (push). */
  seen: Map<string, number>;
  arrivals: number;
  firstAt: number | null;
  lastAt: number | null;
}

const counter = (): Counter => ({ seen: new Map(), arrivals: 0, firstAt: null, lastAt: null });
function count(c: Counter, key: string) {
  const now = performance.now();
  c.firstAt ??= now;
  c.lastAt = now;
  c.arrivals++;
  c.seen.set(key, (c.seen.get(key) ?? 0) + 1);
}

/** Distinct ids, and arrivals beyond the first per id (repeats a receiver would drop by id). */
export const tally = (c: Counter) => ({ distinct: c.seen.size, repeats: c.arrivals - c.seen.size });

export async function startCountingSmtp(): Promise<{ url: string; counter: Counter; stop(): Promise<void> }> {
  const c = counter();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 1000,
    onData(stream, _session, cb) {
      let head = '';
      let done = false;
      stream.on('data', (chunk: Buffer) => {
        if (done) return;
        head += chunk.toString('latin1');
        const m = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(head);
        if (m) {
          done = true;
          count(c, m[1]!);
        } else if (/\r\n\r\n/.test(head)) done = true;
      });
      stream.on('end', () => cb());
    },
  });
  // A killed sender resets its connections; that is the point of the crash runs, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as net.AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, counter: c, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** An RFC 8030 push service that accepts every push (201) and counts it by endpoint path. */
export async function startCountingPush(): Promise<{ url: string; counter: Counter; stop(): Promise<void> }> {
  const c = counter();
  const server = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      count(c, req.url ?? '');
      res.writeHead(201, { location: `${req.url}/m` });
      res.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counter: c,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser's push keys (one pair serves every simulated subscriber). */
export function browserPushKeys() {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: crypto.randomBytes(16).toString('base64url') };
}

/** Inserts active subscribers in bulk: `email` at <n>@bench.example.jp, `push` at <pushUrl>/push/<n>, all for 防災. */
export async function seedSubscribers(db: Db, keyring: Keyring, tenant: string, opts: { email: number; push: number; pushUrl: string }): Promise<void> {
  const keys = browserPushKeys();
  const CHUNK = 5000;
  const all: { channel: 'email' | 'webpush'; address: string; index: string }[] = [];
  for (let i = 0; i < opts.email; i++) all.push({ channel: 'email', address: `r${i}@bench.example.jp`, index: `email:r${i}@bench.example.jp` });
  for (let i = 0; i < opts.push; i++) {
    const endpoint = `${opts.pushUrl}/push/${i}`;
    all.push({ channel: 'webpush', address: JSON.stringify({ endpoint, keys }), index: `push:${endpoint}` });
  }
  for (let i = 0; i < all.length; i += CHUNK)
    await withTenant(db, tenant, async (tx) => {
      const cipher = await keyring.forTenant(tx, tenant);
      const part = all.slice(i, i + CHUNK);
      await tx.query(
        `INSERT INTO notify_subscriptions (tenant_id, channel, state, topics, address_enc, address_index, confirmed_at)
         SELECT $1, c, 'active', '{bousai}', a, x, now() FROM unnest($2::text[], $3::text[], $4::text[]) AS u(c, a, x)`,
        [tenant, part.map((s) => s.channel), part.map((s) => cipher.encrypt(ADDRESS_FIELD, s.address)), part.map((s) => cipher.blindIndex(ADDRESS_FIELD, s.index))],
      );
    });
}

const childScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bench/notify-worker.ts');

/** Starts the platform's worker in a child process; resolves once it is ready. */
export async function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
  return child;
}

export function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 20): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return cond();
}
