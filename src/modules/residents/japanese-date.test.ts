import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBirthdate } from './japanese-date.ts';

test('birthdates read in 和暦 with the Western date beside them', () => {
  assert.equal(formatBirthdate('1985-04-01', 'ja'), '昭和60年4月1日（1985年4月1日）');
  assert.equal(formatBirthdate('2019-05-01', 'ja'), '令和元年5月1日（2019年5月1日）');
  assert.equal(formatBirthdate('2019-04-30', 'ja'), '平成31年4月30日（2019年4月30日）');
  assert.equal(formatBirthdate('1989-01-07', 'ja'), '昭和64年1月7日（1989年1月7日）');
  assert.equal(formatBirthdate('1989-01-08', 'ja'), '平成元年1月8日（1989年1月8日）');
});

test('in English the Western date comes first, the era after it', () => {
  assert.equal(formatBirthdate('1985-04-01', 'en'), '1 April 1985 (Shōwa 60)');
  assert.equal(formatBirthdate('2019-05-01', 'en'), '1 May 2019 (Reiwa 1)');
});

test('anything that is not a real YYYY-MM-DD date is shown as it is', () => {
  for (const v of ['1985', '1985-02-30', 'not a date', '']) assert.equal(formatBirthdate(v, 'ja'), v);
});
