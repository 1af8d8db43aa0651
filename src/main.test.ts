/** `npm start` itself: problems a person running it can fix get a plain message and exit code 78, never a stack trace. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

function start(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, LOG_LEVEL: 'silent', DEMO_SEED: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

test('a port already in use is named in Japanese and English with how to fix it; exit code 78', async () => {
  const taken = net.createServer();
  await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
  const port = (taken.address() as net.AddressInfo).port;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yakuba-main-'));
  try {
    const { code, out } = await start({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
    assert.equal(code, 78, out);
    assert.match(out, new RegExp(`PORT: 127\\.0\\.0\\.1:${port} は別のプログラムが使用中です`));
    assert.match(out, /is already in use\. Stop the other program or start on another port \(for example PORT=3001 npm start\)/);
    assert.doesNotMatch(out, /\n\s+at |EADDRINUSE/, 'no stack trace');
  } finally {
    taken.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a bad setting is named before anything starts; exit code 78', async () => {
  const { code, out } = await start({ PORT: 'eighty' });
  assert.equal(code, 78, out);
  assert.match(out, /PORT/);
  assert.doesNotMatch(out, /\n\s+at /, 'no stack trace');
});
