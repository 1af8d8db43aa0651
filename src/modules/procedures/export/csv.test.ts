/** CSV bytes: RFC 4180 quoting, formula injection, UTF-8 with BOM, Shift_JIS with the 〓 policy. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { csvCell, csvLine, encodeCsv, toShiftJisText } from './csv.ts';

test('cells are quoted per RFC 4180: quotes doubled, commas and line breaks kept inside', () => {
  assert.equal(csvCell('abc'), '"abc"');
  assert.equal(csvCell('a"b'), '"a""b"');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('1行目\r\n2行目'), '"1行目\r\n2行目"');
  assert.equal(csvCell(''), '""');
  assert.equal(csvLine(['a', 'b']), '"a","b"\r\n');
});

test('cells a spreadsheet would run as a formula are prefixed with an apostrophe (OWASP)', () => {
  for (const v of ['=1+1', '+81 90', '-5', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://evil.example","x")'])
    assert.equal(csvCell(v), `"'${v.replace(/"/g, '""')}"`, JSON.stringify(v));
  for (const v of ['a=b', '0-1', '田中+', 'mail@example.jp']) assert.equal(csvCell(v), `"${v}"`, JSON.stringify(v));
});

test('UTF-8 files start with a BOM, end lines with CRLF and keep surrogate pairs', () => {
  const { bytes, replaced } = encodeCsv(['receipt_number', 'name'], [['2026-000001', '𠮷田 花子'], ['2026-000002', '髙橋 健太']], ['2026-000001', '2026-000002'], 'utf-8');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(replaced.length, 0);
  const text = bytes.subarray(3).toString('utf8');
  assert.equal(text, '"receipt_number","name"\r\n"2026-000001","𠮷田 花子"\r\n"2026-000002","髙橋 健太"\r\n');
  assert.ok(bytes.includes(Buffer.from([0xf0, 0xa0, 0xae, 0xb7])), '𠮷 as its 4 UTF-8 bytes');
});

test('Shift_JIS bytes are JIS X 0208; no BOM', () => {
  const { bytes, replaced } = encodeCsv(['name'], [['みなと野市 ｱｲｳ'], ['〜－']], ['2026-000001', '2026-000002'], 'shift_jis');
  assert.equal(replaced.length, 0, 'WAVE DASH and MINUS are JIS characters too');
  const expected = Buffer.concat([
    Buffer.from('"name"\r\n"', 'latin1'),
    Buffer.from([0x82, 0xdd, 0x82, 0xc8, 0x82, 0xc6, 0x96, 0xec, 0x8e, 0x73, 0x20, 0xb1, 0xb2, 0xb3]),
    Buffer.from('"\r\n"', 'latin1'),
    Buffer.from([0x81, 0x60, 0x81, 0x7c]),
    Buffer.from('"\r\n', 'latin1'),
  ]);
  assert.deepEqual([...bytes], [...expected]);
  assert.equal(iconv.decode(bytes, 'Shift_JIS'), '"name"\r\n"みなと野市 ｱｲｳ"\r\n"～－"\r\n');
});

test('characters outside JIS X 0208 become 〓 and every such cell is reported (never a silent "?")', () => {
  assert.deepEqual(toShiftJisText('𠮷田'), { text: '〓田', replaced: ['𠮷'] });
  assert.deepEqual(toShiftJisText('髙橋'), { text: '〓橋', replaced: ['髙'] }, '髙 is an IBM extension in CP932, not JIS X 0208');
  assert.deepEqual(toShiftJisText('①㈱'), { text: '〓〓', replaced: ['①', '㈱'] }, 'NEC row 13');
  assert.deepEqual(toShiftJisText('😀'), { text: '〓', replaced: ['😀'] });
  const { bytes, replaced } = encodeCsv(
    ['receipt_number', 'applicantName', 'children1_name'],
    [
      ['2026-000001', '𠮷田 花子', '髙橋 一郎'],
      ['2026-000002', '山田 太郎', '山田 花子'],
    ],
    ['2026-000001', '2026-000002'],
    'shift_jis',
  );
  assert.deepEqual(replaced, [
    { row: 1, receiptNumber: '2026-000001', column: 'applicantName', characters: ['𠮷 (U+20BB7)'] },
    { row: 1, receiptNumber: '2026-000001', column: 'children1_name', characters: ['髙 (U+9AD9)'] },
  ]);
  assert.ok(!bytes.includes(0x3f), 'no "?" anywhere');
  assert.ok(bytes.includes(Buffer.from([0x81, 0xac, 0x93, 0x63])), '〓田 as 81AC 9363');
  assert.equal(iconv.decode(bytes, 'Shift_JIS').split('\r\n')[1], '"2026-000001","〓田 花子","〓橋 一郎"');
});
