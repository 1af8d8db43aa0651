/**
 * The SIGKILL reliability check (scripts/reliability-submit.ts) in a short run: the server is killed
 * 5 times during a submission load; every acknowledged submission exists exactly once and no
 * Idempotency-Key made two applications. PGlite, or PostgreSQL when TEST_DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';

test('SIGKILL during submissions loses nothing and duplicates nothing', { timeout: 300_000 }, async (t) => {
  // On a test timeout the script gets SIGTERM and stops its server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/reliability-submit.ts', '--seconds', '10', '--kills', '5', '--concurrency', '8'], { stdio: ['ignore', 'pipe', 'pipe'], signal: t.signal, killSignal: 'SIGTERM' });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const summary = JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
  assert.equal(code, 0, `${err}\n${out}`);
  assert.equal(summary.ok, true);
  assert.equal(summary.kills, 5);
  assert.ok(summary.acknowledged > 50, `only ${summary.acknowledged} submissions acknowledged`);
  assert.equal(summary.applications, summary.acknowledged);
  assert.ok(summary.replays > 0);
});
