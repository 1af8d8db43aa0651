import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { configTable } from './config.ts';

test('the README configuration table matches src/config.ts', () => {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const table = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(readme)?.[1];
  assert.equal(table, configTable(), 'regenerate with: node --import tsx -e "import(\'./src/config.ts\').then(m => console.log(m.configTable()))"');
});
