/** Reading uploaded registry files: encodings, both column generations, and row-level rejections. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvLine, neutraliseCell, parseCsv } from '../tabular/csv.ts';
import { decodeText } from '../tabular/decode-text.ts';
import { declaredUncompressedSize } from '../tabular/xlsx.ts';
import { readTable } from '../tabular/tabular.ts';
import { looksLikeFormula } from './cells.ts';
import { planImport, type ImportPlan } from './import-plan.ts';
import { standardCsv } from './exports.ts';

const CODE = '990019';
const SHELTER_HEADER =
  '全国地方公共団体コード,ID,名称,名称_カナ,所在地_連結表記,緯度,経度,災害種別_洪水,災害種別_地震,災害種別_津波,想定収容人数,指定避難所との重複';

async function plan(kind: Parameters<typeof planImport>[0], bytes: Buffer): Promise<ImportPlan> {
  const r = await readTable(bytes);
  assert.ok(r.ok, r.ok ? '' : r.problem.en);
  return planImport(kind, r.file, CODE);
}

test('detects UTF-8, UTF-8 with BOM, Shift_JIS and UTF-16 (LE/BE, with and without BOM)', () => {
  const text = 'ID,名称\r\n1,みなと野市役所 ①㈱\r\n';
  const cases: [Buffer, string][] = [
    [Buffer.from(text, 'utf8'), 'utf-8'],
    [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8-bom'],
    [iconv.encode(text, 'cp932'), 'shift_jis'],
    [iconv.encode(text, 'utf16le', { addBOM: true }), 'utf-16le'],
    [iconv.encode(text, 'utf16le'), 'utf-16le'],
    [iconv.encode(text, 'utf16be', { addBOM: true }), 'utf-16be'],
  ];
  for (const [bytes, encoding] of cases) {
    const r = decodeText(bytes);
    assert.ok(r.ok, encoding);
    assert.equal(r.encoding, encoding);
    assert.equal(r.text, text, encoding);
  }
  assert.deepEqual(decodeText(iconv.encode('ID,名称\r\n1,みなと', 'euc-jp')), { ok: false, reason: 'undetectable' });
  assert.deepEqual(decodeText(Buffer.from('ID,\u001b$B$_$J$H\u001b(B\r\n', 'latin1')), { ok: false, reason: 'undetectable' });
  assert.deepEqual(decodeText(Buffer.from([0x49, 0x44, 0x00, 0x01, 0x02, 0x03, 0x2c, 0x00, 0x41, 0x05])), { ok: false, reason: 'binary' });
});

test('parses RFC 4180 CSV with quotes, embedded commas and line breaks, and reports an unclosed quote', () => {
  const r = parseCsv('a,b\r\n"x, y","say ""hi""\nsecond line"\nlast,row', { maxRows: 10 });
  assert.ok(r.ok);
  assert.deepEqual(r.rows.map((x) => x.cells), [['a', 'b'], ['x, y', 'say "hi"\nsecond line'], ['last', 'row']]);
  assert.deepEqual(r.rows.map((x) => x.line), [1, 2, 4]);
  const bad = parseCsv('a,b\n1,"open\n2,3\n', { maxRows: 10 });
  assert.deepEqual(bad, { ok: false, line: 2, problem: 'unterminated_quote' });
});

test('a Shift_JIS shelter file in the current generation imports with disaster types and capacity', async () => {
  const csv = `${SHELTER_HEADER}\r\n${CODE},001,みなと野小学校,ミナトノショウガッコウ,架空県みなと野市本町1-1,34.601,133.771,1,1,,500,1\r\n`;
  const p = await plan('shelter', iconv.encode(csv, 'cp932'));
  assert.equal(p.encoding, 'Shift_JIS');
  assert.equal(p.generation, 'current');
  assert.deepEqual(p.problems, []);
  assert.equal(p.records.length, 1);
  const s = p.records[0]!.input;
  assert.equal(s.name, 'みなと野小学校');
  assert.deepEqual(s.disasterTypes, ['flood', 'earthquake']);
  assert.equal(s.capacity, 500);
  assert.equal(s.attributes['指定避難所との重複'], '1');
  assert.equal(s.lat, 34.601);
});

test('a legacy-generation AED file maps NO, 住所, 方書, 都道府県名 and 有/無', async () => {
  const csv = [
    '都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,住所,方書,緯度,経度,設置位置,電話番号,内線番号,法人番号,団体名,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,小児対応設備の有無,URL,備考',
    `${CODE},12,架空県,みなと野市,市民体育館,シミンタイイクカン,架空県みなと野市港町3-4,1階,34.6,133.78,受付横,０００－１２３－４５６７,,,,月火水木金,9:00,21:00,,有,https://example.jp/gym,`,
  ].join('\n');
  const p = await plan('aed', Buffer.from(csv, 'utf8'));
  assert.equal(p.generation, 'legacy');
  assert.deepEqual(p.problems, []);
  const a = p.records[0]!.input;
  assert.equal(a.localId, '12');
  assert.equal(a.address, '架空県みなと野市港町3-4');
  assert.equal(a.building, '1階');
  assert.equal(a.prefecture, '架空県');
  assert.equal(a.phone, '000-123-4567');
  assert.equal(a.attributes['開始時間'], '09:00');
  assert.equal(a.attributes['小児対応設備の有無'], '有');
  assert.deepEqual(p.ignoredColumns, []);
});

test('bad rows are each reported with line, column and a bilingual reason; good rows are not reported', async () => {
  const rows = [
    SHELTER_HEADER,
    `${CODE},001,良い避難所,,住所,34.6,133.7,1,,,100,`,
    `${CODE},002,入れ替わり,,住所,133.7,34.6,,,,,`,
    `${CODE},003,海外,,住所,48.85,2.35,,,,,`,
    `${CODE},001,重複ID,,住所,34.6,133.7,,,,,`,
    `${CODE},004,=cmd|' /C calc'!A0,,住所,34.6,133.7,,,,,`,
    `${CODE},005,,,住所,34.6,133.7,,,,,`,
    `${CODE},006,数値,,住所,34.6,133.7,はい?,,,多い,`,
    `131016,007,よその市,,住所,34.6,133.7,,,,,`,
    `${CODE},008,列が多い,,住所,34.6,133.7,,,,,,余分`,
    `${CODE},009,+HYPERLINK("http://x"),,住所,34.6,133.7,,,,,`,
  ];
  const p = await plan('shelter', Buffer.from(rows.join('\r\n'), 'utf8'));
  assert.equal(p.records.length, 1);
  const by = (line: number) => p.problems.filter((x) => x.line === line);
  assert.match(by(3)[0]!.message.ja, /緯度と経度が入れ替わっているようです/);
  assert.match(by(3)[0]!.message.en, /swapped/);
  assert.match(by(4)[0]!.message.ja, /日本の範囲外/);
  assert.match(by(5)[0]!.message.ja, /ID「001」が2行目と重複/);
  assert.match(by(6)[0]!.message.ja, /数式として実行されるおそれ/);
  assert.equal(by(6)[0]!.column, '名称');
  assert.match(by(7)[0]!.message.ja, /「名称」を入力してください/);
  assert.deepEqual(by(8).map((x) => x.column).sort(), ['想定収容人数', '災害種別_洪水']);
  assert.match(by(9)[0]!.message.ja, /この自治体（990019）のものではありません/);
  assert.match(by(10)[0]!.message.ja, /見出しより列が多く/);
  assert.match(by(11)[0]!.message.ja, /数式/);
  for (const x of p.problems) assert.ok(x.message.ja && x.message.en);
});

test('missing required columns stop the whole file with one message naming them', async () => {
  const p = await plan('shelter', Buffer.from('ID,住所\n1,どこか\n', 'utf8'));
  assert.ok(p.fileProblem);
  assert.match(p.fileProblem.ja, /名称、緯度、経度/);
  assert.match(p.fileProblem.en, /Required columns are missing/);
  assert.equal(p.records.length, 0);
});

test('files that are not tables get a clear file-level message', async () => {
  for (const [bytes, pattern] of [
    [Buffer.alloc(0), /空です/],
    [Buffer.from('%PDF-1.7 …'), /PDF/],
    [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /97-2003/],
    [iconv.encode('ID,名称\n1,みなと野', 'euc-jp'), /文字コードを判別できません/],
    [Buffer.from('PK\u0003\u0004garbage'), /Excelファイルを読み込めません/],
  ] as const) {
    const r = await readTable(bytes);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.problem.ja, pattern);
  }
  const huge = await readTable(Buffer.alloc(21 * 1024 * 1024, 0x41));
  assert.ok(!huge.ok && /大きすぎます/.test(huge.problem.ja));
  const manyRows = await readTable(Buffer.from('ID,名称\n' + '1,x\n'.repeat(50_001)));
  assert.ok(!manyRows.ok && /行数が多すぎます/.test(manyRows.problem.ja));
});

test('Excel files import from the first sheet; formula cells are rejected; dates and times are read', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('イベント');
  ws.addRow(['ID', 'イベント名', '開始日', '開始時間', '緯度', '経度', '定員']);
  ws.addRow(['E1', '防災フェア', new Date(Date.UTC(2026, 3, 1)), new Date(Date.UTC(1899, 11, 30, 9, 30)), 34.6, 133.77, 200]);
  ws.addRow(['E2', '計算', '2026/4/2', '10:00', null, null, { formula: 'A1*2', result: 2 }]);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  assert.ok((declaredUncompressedSize(buf) ?? 0) > 0);
  const p = await plan('event', buf);
  assert.equal(p.format, 'xlsx');
  assert.equal(p.records.length, 1);
  assert.equal(p.records[0]!.input.attributes['開始日'], '2026-04-01');
  assert.equal(p.records[0]!.input.attributes['開始時間'], '09:30');
  assert.equal(p.problems.length, 1);
  assert.equal(p.problems[0]!.line, 3);
  assert.equal(p.problems[0]!.column, '定員');
  assert.match(p.problems[0]!.message.ja, /数式が入っています/);
});

test('exports neutralise formula-like cells and keep the current-generation header order', async () => {
  assert.equal(neutraliseCell('=1+1'), "'=1+1");
  assert.equal(neutraliseCell('+81-3'), "'+81-3");
  assert.equal(neutraliseCell('@x'), "'@x");
  assert.equal(neutraliseCell('\tx'), "'\tx");
  assert.equal(neutraliseCell('みなと'), 'みなと');
  assert.equal(csvLine(['a,b', 'c"d', '-2']), '"a,b","c""d",\'-2\r\n');
  assert.ok(looksLikeFormula('=A1') && looksLikeFormula('-cmd|x') && looksLikeFormula('@SUM(A1)'));
  assert.ok(!looksLikeFormula('+81-3-1234-5678') && !looksLikeFormula('-') && !looksLikeFormula('@minatono'));
  const p = await plan('toilet', Buffer.from('ID,名称,緯度,経度,備考\nT1,港の公衆トイレ,34.6,133.7,"+1 ok"\n'));
  const csv = standardCsv('toilet', p.records.map((r) => ({ ...r.input, id: 'x', kind: 'toilet', updatedAt: new Date() })), { tenantCode: CODE, tenantName: 'みなと野市' }, { bom: true });
  assert.ok(csv.startsWith('\uFEFF全国地方公共団体コード,ID,地方公共団体名,名称,名称_カナ,名称_英字,所在地_全国地方公共団体コード,'));
  assert.match(csv, /\r\n990019,T1,みなと野市,港の公衆トイレ,/);
  assert.match(csv, /'\+1 ok/);
});
