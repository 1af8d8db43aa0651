import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { Alert, AlertStatus, MsgType } from '../alert.ts';
import { fillTemplate } from '../templates.ts';
import { buildCap, capTime, CAP_XSD_PATH, validateCap, xmlEscape } from './cap.ts';

/** The OASIS schema as given with the issue; the module carries a copy so the product can validate on its own. */
const REFERENCE_XSD = '/work/shared/reference/cap12.xsd';
const xsd = fs.existsSync(REFERENCE_XSD) ? REFERENCE_XSD : CAP_XSD_PATH;
const municipality = { code: '990019', nameJa: 'みなと野市', nameEn: 'Minatono City', origin: 'https://www.city.minatono.example.jp' };

function message(over: Partial<Alert> = {}): Alert {
  const filled = fillTemplate('level4', {
    hazard: 'flood',
    areas: [{ code: 'honmachi', name: { ja: '本町', en: 'Honmachi' } }, { code: 'yoshida', name: { ja: '𠮷田町', en: 'Yoshida' } }],
    shelters: [{ id: '00000000-0000-4000-8000-000000000001', name: '髙橋記念館 <b>&', nameEn: 'Takahashi Hall', address: '本町1-1' }],
    municipality: { ja: 'みなと野市', en: 'Minatono City' },
    now: new Date('2026-07-01T09:00:00Z'),
  });
  return {
    ...filled,
    status: 'actual',
    id: '11111111-1111-4111-8111-111111111111',
    chainId: '11111111-1111-4111-8111-111111111111',
    sequence: 1,
    referencesId: null,
    msgType: 'alert',
    state: 'sent',
    author: { kind: 'staff', id: 'a', name: 'A' },
    approver: { kind: 'staff', id: 'b', name: 'B' },
    overrideReason: null,
    submittedAt: null,
    sentAt: new Date('2026-07-01T09:00:00.789Z'),
    capXml: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...over,
  };
}

test('the module copy of the CAP 1.2 schema is the OASIS schema given with the issue', { skip: !fs.existsSync(REFERENCE_XSD) }, () => {
  assert.equal(fs.readFileSync(CAP_XSD_PATH, 'utf8'), fs.readFileSync(REFERENCE_XSD, 'utf8'));
});

test('CAP times are Japan time with the offset and no fractional seconds', () => {
  assert.equal(capTime(new Date('2026-07-01T09:00:00.789Z')), '2026-07-01T18:00:00+09:00');
  assert.equal(capTime(new Date('2026-12-31T15:30:05Z')), '2027-01-01T00:30:05+09:00');
});

for (const msgType of ['alert', 'update', 'cancel'] as MsgType[]) {
  for (const status of ['actual', 'exercise', 'test'] as AlertStatus[]) {
    test(`a CAP ${msgType} with status ${status} validates against cap12.xsd`, async () => {
      const earlier = msgType === 'alert' ? [] : [{ identifier: 'yakuba-990019-aaaa', sent: new Date('2026-07-01T08:00:00Z') }, { identifier: 'yakuba-990019-bbbb', sent: new Date('2026-07-01T08:30:00Z') }];
      const xml = buildCap(message({ msgType, status, sequence: earlier.length + 1 }), municipality, earlier, 'https://www.city.minatono.example.jp/alerts/1');
      const r = await validateCap(xml, xsd);
      assert.deepEqual(r.errors, []);
      assert.ok(r.valid);
      assert.match(xml, /<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">/);
      assert.match(xml, new RegExp(`<status>${status.charAt(0).toUpperCase() + status.slice(1)}</status>`));
      assert.match(xml, new RegExp(`<msgType>${msgType.charAt(0).toUpperCase() + msgType.slice(1)}</msgType>`));
      assert.match(xml, /<sent>2026-07-01T18:00:00\+09:00<\/sent>/);
      assert.match(xml, /<scope>Public<\/scope>/);
      assert.match(xml, /<valueName>全国地方公共団体コード<\/valueName>\s*<value>990019<\/value>/);
      if (msgType === 'alert') assert.doesNotMatch(xml, /<references>/);
      else assert.match(xml, /<references>www\.city\.minatono\.example\.jp,yakuba-990019-aaaa,2026-07-01T17:00:00\+09:00 www\.city\.minatono\.example\.jp,yakuba-990019-bbbb,2026-07-01T17:30:00\+09:00<\/references>/);
      if (status === 'exercise') assert.match(xml, /<headline>【訓練】/);
      if (status === 'test') assert.match(xml, /<headline>\[TEST\] /);
      if (status === 'actual') assert.doesNotMatch(xml, /訓練|テスト|EXERCISE|TEST/);
    });
  }
}

test('one <info> per language: ja-JP, やさしい日本語 as ja-JP with its own audience, en-US', async () => {
  const xml = buildCap(message(), municipality, [], 'https://x.example/alerts/1');
  const langs = [...xml.matchAll(/<language>([^<]+)<\/language>/g)].map((x) => x[1]);
  assert.deepEqual(langs, ['ja-JP', 'ja-JP', 'en-US']);
  assert.equal([...xml.matchAll(/<audience>やさしい日本語<\/audience>/g)].length, 1);
  assert.match(xml, /<valueName>警戒レベル<\/valueName>\s*<value>4<\/value>/);
  const noExtra = buildCap(message({ headline: { ja: 'だけ', easy: '', en: '' }, description: { ja: '本文', easy: '', en: '' }, instruction: { ja: '', easy: '', en: '' } }), municipality, [], 'https://x.example/alerts/1');
  assert.deepEqual([...noExtra.matchAll(/<language>([^<]+)<\/language>/g)].map((x) => x[1]), ['ja-JP']);
  assert.ok((await validateCap(noExtra, xsd)).valid);
});

test('HTML, script, quotes, 𠮷 and 異体字 are XML-escaped or kept intact, and the document stays valid', async () => {
  const hostile = '<script>alert("x")</script> & \'q\' 𠮷野家 髙橋 葛󠄀城';
  const xml = buildCap(message({ headline: { ja: hostile, easy: hostile, en: hostile }, description: { ja: `${hostile}\u0007`, easy: '', en: '' }, event: { ja: '<b>', en: '&' } }), municipality, [], 'https://x.example/alerts/1?a=1&b=2');
  assert.ok(!xml.includes('<script>'));
  assert.ok(xml.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;q&apos; 𠮷野家 髙橋 葛󠄀城'));
  assert.ok(xml.includes('<web>https://x.example/alerts/1?a=1&amp;b=2</web>'));
  assert.ok(!xml.includes('\u0007'));
  assert.ok((await validateCap(xml, xsd)).valid);
  assert.equal(xmlEscape('a<b>&"\''), 'a&lt;b&gt;&amp;&quot;&apos;');
});

test('a document that breaks the schema is reported invalid', async () => {
  const good = buildCap(message(), municipality, [], 'https://x.example/alerts/1');
  const bad = good.replace('<status>Actual</status>', '<status>Real</status>').replace('+09:00</sent>', '.123+09:00</sent>');
  const r = await validateCap(bad, xsd);
  assert.equal(r.valid, false);
  assert.ok(r.errors.length >= 1);
});
