/**
 * The composition root: configuration → database → migrations → keys → mail → seed → HTTP.
 * main.ts, the CLI commands and the tests all build the platform through here.
 */
import http from 'node:http';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { Config } from './config.ts';
import { connectPostgres, migrate, openPglite, type Db } from './platform/db/index.ts';
import { developmentMasterKey, Keyring } from './platform/crypto/index.ts';
import { devMailboxMailer, MAIL_QUEUE, mailJobHandler, smtpMailer, type Mailer } from './platform/mail/index.ts';
import { Worker, type JobHandler } from './platform/jobs/index.ts';
import type { Hono } from 'hono';
import { createApp, loadAssets, navigationOf, type AppEnv, type Deps } from './platform/http/index.ts';
import { createLogger, createMetrics } from './platform/observability/index.ts';
import { modules, mountDevIdentityProvider } from './modules/index.ts';
import { seedDemo, type DemoCredentials } from '../seed/demo.ts';

export async function openDatabase(config: Config): Promise<Db> {
  return config.DATABASE_URL ? connectPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE) : openPglite(path.join(config.dataDir, 'pgdata'));
}

export function keyringFor(config: Config): Keyring {
  return new Keyring(config.masterKeys ?? [developmentMasterKey(config.dataDir)]);
}

export interface Platform {
  deps: Deps;
  /** The Hono application (its route table is walked by the tenant-isolation test). */
  app: Hono<AppEnv>;
  server: http.Server;
  url: string;
  demo: DemoCredentials | null;
  close(): Promise<void>;
}

/** Builds and starts everything; resolves once the server listens. */
export async function startPlatform(config: Config, opts: { db?: Db; mailer?: Mailer } = {}): Promise<Platform> {
  const log = createLogger(config.LOG_LEVEL);
  const db = opts.db ?? (await openDatabase(config));
  const applied = await migrate(db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const keyring = keyringFor(config);
  const mailer = opts.mailer ?? (config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.MAIL_FROM) : devMailboxMailer(db));
  const assets = loadAssets();
  // Filled in below once deps exist: a module's handlers may need them (the worker is one of them).
  const handlers: Record<string, JobHandler> = { [MAIL_QUEUE]: mailJobHandler(mailer, { keyring }) };
  const worker = new Worker(db, {
    handlers,
    onError: (err, job) => log.warn({ err, queue: job.queue, jobId: job.id, tenant: job.tenantId }, 'job failed'),
  });
  const deps: Deps = { config, db, keyring, mailer, log, metrics: createMetrics(), assetVersion: assets.version, navigation: navigationOf(modules), worker };
  for (const m of modules) Object.assign(handlers, typeof m.jobs === 'function' ? m.jobs(deps) : (m.jobs ?? {}));

  // Until the application is assembled (the port must be known first), every request gets a
  // prompt 503 "starting" instead of hanging: probes and early browsers retry.
  let handle: http.RequestListener = (_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end('{"status":"starting"}');
  };
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  // With PORT=0 (tests) the real port is known only now; PUBLIC_URL follows it.
  if (config.PORT === 0) config.PUBLIC_URL = `http://localhost:${port}`;

  const demo = config.DEMO_SEED ? await seedDemo(deps) : null;
  const app = createApp(deps, assets.files, modules);
  const honoListener = getRequestListener(app.fetch);
  const devIdp = config.DEV_IDP ? await mountDevIdentityProvider(deps) : null;
  if (config.WORKER) worker.start();
  handle = (req, res) => {
    if (devIdp && req.url && (req.url === '/dev-idp' || req.url.startsWith('/dev-idp/'))) return devIdp(req, res);
    return honoListener(req, res);
  };

  let closing: Promise<void> | null = null;
  return {
    deps,
    app,
    server,
    url: `http://localhost:${port}`,
    demo,
    close() {
      closing ??= (async () => {
        // The worker is told at once (it finishes the sends in hand and gives back the rest)
        // while open HTTP requests get up to 10 s.
        await Promise.all([
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 10_000).unref();
          }),
          worker.stop().then((left) => {
            for (const job of left) log.warn({ queue: job.queue, jobId: job.id, tenant: job.tenantId }, 'job still running at shutdown; it runs again after its lease');
          }),
        ]);
        mailer.close();
        if (!opts.db) await db.close();
      })();
      return closing;
    },
  };
}
