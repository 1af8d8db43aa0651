/**
 * Starts the whole platform for a test file: a real HTTP server on a free port, on PGlite (in
 * memory) or, when TEST_DATABASE_URL is set, on a fresh PostgreSQL database created for the file
 * and dropped afterwards. Tests isolate themselves by creating their own municipality.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { loadConfig, type Config } from '../../src/config.ts';
import { openTestDb } from './db.ts';
import type { Mailer } from '../../src/platform/mail/index.ts';
import { startPlatform, type Platform } from '../../src/server.ts';

export interface TestPlatform extends Platform {
  config: Config;
  stop(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yakuba-test-'));
  return loadConfig({
    YAKUBA_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    MASTER_KEYS: `k1:${crypto.randomBytes(32).toString('base64')}`,
    DEMO_SEED: 'false',
    DEV_IDP: 'true',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
  });
}

export async function startTestPlatform(opts: { env?: Record<string, string>; mailer?: Mailer } = {}): Promise<TestPlatform> {
  const config = testConfig(opts.env);
  const { db, drop } = await openTestDb();
  const platform = await startPlatform(config, { db, ...(opts.mailer ? { mailer: opts.mailer } : {}) });
  return {
    ...platform,
    config,
    async stop() {
      await platform.close();
      await drop();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
