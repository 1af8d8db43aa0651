import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, configTable, loadConfig, settings } from './config.ts';

test('defaults give a working development configuration', () => {
  const c = loadConfig({});
  assert.equal(c.YAKUBA_ENV, 'development');
  assert.equal(c.PORT, 3000);
  assert.equal(c.DEMO_SEED, true);
  assert.equal(c.DEV_IDP, true);
  assert.equal(c.masterKeys, undefined);
});

test('every problem is reported at once, naming the setting', () => {
  assert.throws(
    () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', MASTER_KEYS: 'short', YAKUBA_TYPO: '1' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      const names = err.problems.map((p) => p.split(':')[0]);
      assert.deepEqual(names.sort(), ['DATABASE_URL', 'MASTER_KEYS', 'PORT', 'YAKUBA_TYPO'].sort());
      return true;
    },
  );
});

test('production refuses the development conveniences', () => {
  assert.throws(
    () => loadConfig({ YAKUBA_ENV: 'production', DEV_IDP: 'true', DEMO_SEED: 'true' }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      const text = err.problems.join('\n');
      for (const s of ['DATABASE_URL', 'MASTER_KEYS', 'SMTP_URL', 'PUBLIC_URL', 'DEMO_SEED', 'DEV_IDP']) assert.match(text, new RegExp(s));
      return true;
    },
  );
});

test('a complete production configuration loads', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const c = loadConfig({
    YAKUBA_ENV: 'production',
    DATABASE_URL: 'postgres://app@db/yakuba',
    MASTER_KEYS: `2026:${key},2025:${key.replace('B', 'C')}`,
    SMTP_URL: 'smtp://mail:587',
    PUBLIC_URL: 'https://city.example.jp',
  });
  assert.equal(c.DEV_IDP, false);
  assert.equal(c.DEMO_SEED, false);
  assert.deepEqual(c.masterKeys?.map((k) => k.id), ['2026', '2025']);
});

test('the README table documents every setting', () => {
  const table = configTable();
  for (const name of Object.keys(settings)) assert.match(table, new RegExp(`\\| \`${name}\` \\|`));
});
