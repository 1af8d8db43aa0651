import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidMunicipalityCode, municipalityCheckDigit } from './municipality-code.ts';

test('real municipality codes validate', () => {
  // 札幌市, 千代田区, 大阪市, 山鹿市, 下松市, 亀山市, 山都町
  for (const code of ['011002', '131016', '271004', '432083', '352071', '242101', '434477']) assert.ok(isValidMunicipalityCode(code), code);
});

test('the demo code 990019 is well-formed and in the unassigned prefecture range', () => {
  assert.equal(municipalityCheckDigit('99001'), 9);
  assert.ok(isValidMunicipalityCode('990019'));
});

test('wrong check digits and malformed input are rejected', () => {
  for (const bad of ['131017', '13101', '1310160', '１３１０１６', 'abcdef', '', ' 131016']) assert.equal(isValidMunicipalityCode(bad), false, bad);
});

test('remainder 0 and 1 edge cases of the check digit', () => {
  // sum % 11 == 1 → 11 - 1 = 10 → last digit 0; sum % 11 == 0 → 11 → 1
  assert.equal(municipalityCheckDigit('00002'), (11 - (4 % 11)) % 10);
  const body = '10001'; // 6 + 2 = 8
  assert.equal(municipalityCheckDigit(body), 3);
});
