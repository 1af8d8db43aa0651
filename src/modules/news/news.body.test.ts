/** The plain-text body format and the Japan-time input: links, paragraphs, escaping, and times typed in 全角. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excerpt, linkify, NewsBody, paragraphs } from './news.body.tsx';
import { japanTimeValue, parseJapanTime } from './news.schema.ts';

test('addresses become links without the punctuation that follows them; other schemes stay text', () => {
  assert.deepEqual(linkify('詳しくは https://example.jp/a?b=1。または http://x.jp/p)まで'), [{ text: '詳しくは ' }, { href: 'https://example.jp/a?b=1' }, { text: '。または ' }, { href: 'http://x.jp/p' }, { text: ')まで' }]);
  assert.deepEqual(linkify('See https://example.jp/docs.'), [{ text: 'See ' }, { href: 'https://example.jp/docs' }, { text: '.' }]);
  assert.deepEqual(linkify('javascript:alert(1) と ftp://x'), [{ text: 'javascript:alert(1) と ftp://x' }]);
});

test('empty lines (also 全角 spaces only) separate paragraphs; CRLF is read like LF', () => {
  assert.deepEqual(paragraphs('一行目\r\n二行目\r\n\u3000\r\n\r\n次の段落\n\n\n'), [['一行目', '二行目'], ['次の段落']]);
});

test('HTML typed in the body is rendered as text', () => {
  const html = String(NewsBody({ body: '<script>alert(1)</script>\nhttps://example.jp/?a=1&b=2"x"' }));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;<br/>'), html);
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('<a href="https://example.jp/?a=1&amp;b=2">https://example.jp/?a=1&amp;b=2</a>&quot;x&quot;'), html);
});

test('excerpts count characters, not UTF-16 units (𠮷 is one)', () => {
  assert.equal(excerpt('𠮷'.repeat(5), 3), '𠮷𠮷𠮷…');
  assert.equal(excerpt('  a\n\nb  '), 'a b');
});

test('publication times are Japan time, 全角 or 半角; impossible dates are refused', () => {
  assert.equal(parseJapanTime('2026-12-01 09:00')?.toISOString(), '2026-12-01T00:00:00.000Z');
  assert.equal(parseJapanTime('２０２６－１２－０１Ｔ００：３０')?.toISOString(), '2026-11-30T15:30:00.000Z');
  for (const bad of ['2026-02-30 09:00', '2026-12-01 24:00', '2026/12/01 09:00', '明日', '']) assert.equal(parseJapanTime(bad), null, bad);
  assert.equal(japanTimeValue(new Date('2026-11-30T15:30:00Z')), '2026-12-01 00:30');
});
