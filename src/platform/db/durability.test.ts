/**
 * The embedded database keeps every acknowledged commit across a hard kill (SIGKILL), the case
 * PGlite's own transaction() gets wrong (electric-sql/pglite#1065).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openPglite } from './index.ts';

test('commits acknowledged before SIGKILL survive a restart', { timeout: 90_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yakuba-durability-'));
  let acked = 0;
  for (let round = 0; round < 2; round++) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/durability-child.ts', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => {
      let buf = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) acked = Math.max(acked, Number(l));
        if (acked >= (round + 1) * 40 && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
  }
  const db = await openPglite(dir);
  const [row] = await db.query<{ n: number; c: number }>('SELECT max(n) AS n, count(*)::int AS c FROM acks');
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  assert.ok(Number(row!.n) >= acked, `last acknowledged ${acked}, found ${row!.n}`);
  assert.equal(Number(row!.c), Number(row!.n), 'no gaps');
});
