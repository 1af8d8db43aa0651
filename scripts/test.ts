/**
 * `npm test`: every check CI runs, in order, stopping at none so one run shows every failure.
 *   1. type check   2. lint   3. module boundaries
 *   4. unit + integration tests on embedded PGlite
 *   5. the same on PostgreSQL when TEST_DATABASE_URL is set (CI sets it)
 *   6. browser journeys in Chromium with axe-core (skipped with a notice when Chromium is missing,
 *      unless REQUIRE_BROWSER=1, as in CI)
 * Ends with one line "tests: N passed, N failed, N skipped" and a non-zero exit on any failure.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { globSync } from 'node:fs';

const only = process.argv.slice(2);
const node = process.execPath;
const bin = (name: string) => `node_modules/.bin/${name}`;
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps: string[] = [];
// Names of failing tests, repeated just above the closing line so a log's tail says what broke.
const failedTests: string[] = [];

function run(name: string, cmd: string, args: string[], env: Record<string, string> = {}, countTests = false): Promise<void> {
  if (only.length && !only.includes(name.split(' ')[0]!)) return Promise.resolve();
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    // The runner's closing summary ("ℹ pass N", …): keep the last value seen of each line.
    const summary: Record<string, number> = {};
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (!countTests) return;
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^ℹ (pass|fail|cancelled|skipped|todo) (\d+)$/.exec(line.trim());
        if (m) summary[m[1]!] = Number(m[2]);
        const failed = /^\s*✖ (.+?)(?: \(\d[\d.]*m?s\))?$/.exec(line);
        if (failed && failed[1] !== 'failing tests:') {
          const entry = `${failed[1]} — ${name}`;
          if (!failedTests.includes(entry)) failedTests.push(entry);
        }
      }
    });
    child.on('close', (code) => {
      if (countTests) {
        const n = (label: string) => summary[label] ?? 0;
        totals.passed += n('pass');
        totals.failed += n('fail') + n('cancelled');
        totals.skipped += n('skipped') + n('todo');
      }
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) console.log(`✔ ${name} (${secs} s)`);
      else {
        console.log(`✖ ${name} failed with exit code ${code} (${secs} s)`);
        failedSteps.push(name);
      }
      resolve();
    });
  });
}

const unitFiles = [...globSync('src/**/*.test.{ts,tsx}'), ...globSync('test/*.test.ts')].sort();
const e2eFiles = globSync('test/e2e/**/*.test.ts').sort();
const testArgs = (files: string[], concurrency: number) => ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=120000', ...files];

await run('typecheck', bin('tsc'), ['--noEmit', '-p', '.']);
await run('lint', bin('eslint'), ['--max-warnings=0', '.']);
await run('boundaries (dependency-cruiser)', bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs']);
await run('unit+integration tests on PGlite', node, testArgs(unitFiles, 2), { TEST_DATABASE_URL: '' }, true);
if (process.env.TEST_DATABASE_URL) {
  await run('unit+integration tests on PostgreSQL', node, testArgs(unitFiles, 2), {}, true);
} else {
  console.log('\n(no TEST_DATABASE_URL: PostgreSQL run skipped; CI sets it)');
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (fs.existsSync(chromium)) {
  await run('browser journeys (Chromium + axe-core)', node, testArgs(e2eFiles, 1), { CHROMIUM_PATH: chromium, TEST_DATABASE_URL: '' }, true);
} else if (process.env.REQUIRE_BROWSER === '1') {
  console.log(`✖ browser journeys: Chromium not found at ${chromium}`);
  failedSteps.push('browser journeys');
} else {
  console.log(`\n(Chromium not found at ${chromium}: browser journeys skipped; apt-get install chromium to run them)`);
}

if (failedTests.length) console.log(`\nFailing tests:\n${failedTests.map((t) => `  ✖ ${t}`).join('\n')}`);
console.log(`\n${failedSteps.length ? `Failed steps: ${failedSteps.join(', ')}` : 'All steps passed.'}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
