/**
 * Ugly input to news through the real HTTP routes — the staff forms (urlencoded and multipart) and
 * the JSON API: NUL characters, 10 MB fields, bidi overrides, 異体字 selectors and surrogate pairs,
 * and HTML. Refused input gets a 400 (or 413) whose message names the field in Japanese and
 * English, nothing is stored and the server carries on; accepted text is stored and shown exactly
 * as typed, with markup escaped on every page and feed.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { bearerToken } from '../../../test/support/api-tokens.ts';
import type { TestClient, TestResponse } from '../../../test/support/client.ts';
import type { TestTenant } from '../../../test/support/factories.ts';
import { buildJpeg } from '../../../test/support/images.ts';
import { postMultipart } from '../../../test/support/multipart.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildStaff, signedInStaffClient } from '../../../test/support/staff.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { assertWellFormed } from '../../../test/support/xml.ts';
import { fieldText } from './news.messages.ts';
import { newsMunicipality } from '../../../test/support/news.ts';

let p: TestPlatform;
let t: TestTenant;
let deptId: string;
let writer: TestClient;
let manager: TestClient;
let api: TestClient;
let writeToken: string;
let approveToken: string;

const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T>(sql, params));
const counts = async () => (await q<{ a: number; r: number; f: number }>('SELECT (SELECT count(*)::int FROM news_articles) AS a, (SELECT count(*)::int FROM news_revisions) AS r, (SELECT count(*)::int FROM news_files) AS f'))[0];

const form = (over: Record<string, string | string[]> = {}) => ({ departmentId: deptId, category: 'event', titleJa: '入力検査のお知らせ', titleEn: '', bodyJa: '本文です。', bodyEn: '', summaryEasy: '', publishAt: '', ...over });
const apiBody = (over: Record<string, unknown> = {}) => ({ departmentCode: 'kouhou', category: 'event', titleJa: 'API 入力検査', bodyJa: '本文です。', ...over });

const NUL = '\u0000';
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const KATSU = '\u845B\u{E0100}'; // 葛󠄀: 葛 with its 異体字 selector (IVS)
const TSUJI = '\u8FBB\u{E0100}'; // 辻󠄀: 辻 with the one-dot 辶 selector
const YOSHI = '\u{20BB7}'; // 𠮷 (a surrogate pair)
const HOKKE = '\u{29E3D}'; // 𩸽 (a surrogate pair)
const TEN_MB = 10 * 1024 * 1024;

/** Field labels as the messages name them. */
const label: Record<string, { ja: string; en: string }> = fieldText;

/** Runs `fn` with the client's pages in English (the language switch's cookie), then back in Japanese. */
async function inEnglish<T>(client: TestClient, fn: () => Promise<T>): Promise<T> {
  client.cookies.set('yakuba-lang', 'en');
  try {
    return await fn();
  } finally {
    client.cookies.delete('yakuba-lang');
  }
}

/** The one field error of an API answer, asserting it names `field` in both languages. */
function apiFieldError(res: TestResponse, field: string, ja: RegExp, en: RegExp) {
  assert.equal(res.status, 400, res.text.slice(0, 500));
  const e = res.json().error;
  assert.equal(e.code, 'validation_failed');
  const f = e.fields.find((x: { field: string }) => x.field === field);
  assert.ok(f, `${field} is named: ${JSON.stringify(e.fields)}`);
  assert.match(f.message.ja, ja);
  assert.match(f.message.en, en);
  assert.ok(!/\bat\s+\S+\s+\(|node_modules|Error:/.test(res.text), 'no stack trace');
}

/** Creates an article through the staff form; returns its id. */
async function write(over: Record<string, string | string[]> = {}): Promise<string> {
  const res = await writer.post('/staff/news', form(over));
  assert.equal(res.status, 303, res.text.slice(0, 800));
  return /\/staff\/news\/([0-9a-f-]{36})/.exec(res.location!)![1]!;
}

/** Sends an article for publication and, where its category needs it, has the manager approve it. */
async function publish(id: string) {
  const sent = await writer.post(`/staff/news/${id}/submit`);
  assert.equal(sent.status, 303);
  if (sent.location!.endsWith('notice=submitted')) assert.equal((await manager.post(`/staff/news/${id}/approve`)).location, `/staff/news/${id}?notice=published`);
  assert.equal((await t.client().get(`/news/${id}`)).status, 200);
}

/** A POST whose body is sent in 64 KB chunks without Content-Length (Transfer-Encoding: chunked). */
function postChunked(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, api.baseUrl), { method: 'POST', agent: false, headers: { host: api.host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may answer and close before the whole body is sent.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    const buf = Buffer.from(body);
    for (let i = 0; i < buf.length; i += 65_536) req.write(buf.subarray(i, i + 65_536));
    req.end();
  });
}


before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false' } });
  ({ t, deptId } = await newsMunicipality(p));
  writer = await signedInStaffClient(t, await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: deptId }] }));
  manager = await signedInStaffClient(t, await buildStaff(p, t, { roles: [{ role: 'manager', departmentId: deptId }] }));
  writeToken = await bearerToken(p, t.code, ['news:write']);
  approveToken = await bearerToken(p, t.code, ['news:approve']);
  api = t.client();
});
after(() => p.stop());

describe('NUL characters (U+0000)', () => {
  test('the staff form refuses NUL in each text field with a bilingual message naming the field; what was typed is kept; nothing is stored', async () => {
    const before = await counts();
    for (const field of ['titleJa', 'titleEn', 'bodyJa', 'bodyEn', 'summaryEasy'] as const) {
      const res = await writer.post('/staff/news', form({ [field]: `前${NUL}後`, bodyJa: field === 'bodyJa' ? `前${NUL}後` : '残しておく本文' }));
      assert.equal(res.status, 400, field);
      assert.ok(res.text.includes(`「${label[field]!.ja}」に使えない文字（制御文字など）が含まれています。`), field);
      if (field !== 'bodyJa') assert.ok(res.text.includes('残しておく本文'), `${field}: the rest of the form is shown again`);
      const en = await inEnglish(writer, () => writer.post('/staff/news', form({ [field]: `前${NUL}後` })));
      assert.equal(en.status, 400);
      assert.ok(en.text.includes(`${label[field]!.en} contains characters that cannot be used (control characters).`), field);
    }
    const category = await writer.post('/staff/news', form({ category: `event${NUL}` }));
    assert.equal(category.status, 400);
    assert.match(category.text, /「分類」は選択肢から選んでください。/);
    const area = await writer.post('/staff/news', form({ areas: [`honmachi${NUL}`] }));
    assert.equal(area.status, 400);
    assert.match(area.text, /「対象の地区」に存在しない地区が含まれています/);
    const time = await writer.post('/staff/news', form({ publishAt: `2099-01-01 09:00${NUL}` }));
    assert.equal(time.status, 400);
    assert.match(time.text, /「公開日時」は 2026-12-01 09:00 のように日付と時刻で入力してください。/);
    const dept = await writer.post('/staff/news', form({ departmentId: `${deptId}${NUL}` }));
    assert.equal(dept.status, 400);
    assert.match(dept.text, /「担当課」は選択肢から選んでください。/);
    assert.deepEqual(await counts(), before);
  });

  test('editing, returning and image alt text refuse NUL too; the stored revision is unchanged', async () => {
    const id = await write({ category: 'bousai', titleJa: 'NUL 編集前' });
    const edit = await writer.post(`/staff/news/${id}`, form({ titleJa: `編集${NUL}後` }));
    assert.equal(edit.status, 400);
    assert.match(edit.text, /「タイトル（日本語）」に使えない文字（制御文字など）が含まれています。/);
    const [rev] = await q<{ title_ja: string }>('SELECT title_ja FROM news_revisions WHERE article_id = $1', [id]);
    assert.equal(rev!.title_ja, 'NUL 編集前');

    for (const alt of [{ altJa: `会場${NUL}の写真` }, { altJa: '会場の写真', altEn: `The ${NUL}venue` }] as Record<string, string>[]) {
      const field = 'altEn' in alt ? 'altEn' : 'altJa';
      const res = await postMultipart(writer, `/staff/news/${id}/files`, { kind: 'image', ...alt }, [{ field: 'file', name: 'photo.jpg', type: 'image/jpeg', content: buildJpeg() }]);
      assert.equal(res.status, 400, field);
      assert.ok(res.text.includes(`「${label[field]!.ja}」は${field === 'altJa' ? 300 : 600}文字以内で、制御文字を含めずに入力してください。`), field);
      const en = await inEnglish(writer, () => postMultipart(writer, `/staff/news/${id}/files`, { kind: 'image', ...alt }, [{ field: 'file', name: 'photo.jpg', type: 'image/jpeg', content: buildJpeg() }]));
      assert.ok(en.text.includes(`${label[field]!.en} must be ${field === 'altJa' ? 300 : 600} characters or fewer, without control characters.`), field);
    }
    assert.equal((await q('SELECT 1 FROM news_files WHERE article_id = $1', [id])).length, 0);

    assert.equal((await writer.post(`/staff/news/${id}/submit`)).location, `/staff/news/${id}?notice=submitted`);
    const ret = await manager.post(`/staff/news/${id}/return`, { comment: `日付${NUL}を確認` });
    assert.equal(ret.status, 400);
    assert.match(ret.text, /「差し戻しの理由」は1000文字以内で、制御文字を含めずに入力してください。/);
    const [still] = await q<{ state: string }>('SELECT state FROM news_revisions WHERE article_id = $1', [id]);
    assert.equal(still!.state, 'pending');
  });

  test('the API refuses NUL in each field with the field named in Japanese and English; nothing is stored', async () => {
    const before = await counts();
    for (const field of ['titleJa', 'titleEn', 'bodyJa', 'bodyEn', 'summaryEasy'] as const) {
      const res = await api.api('POST', '/api/v1/news', apiBody({ [field]: `前${NUL}後` }), { authorization: writeToken });
      apiFieldError(res, field, new RegExp(`「${label[field]!.ja.replace(/[()（）]/g, '.')}」に使えない文字`), new RegExp(`${label[field]!.en.replace(/[()]/g, '.')} contains characters that cannot be used`));
    }
    apiFieldError(await api.api('POST', '/api/v1/news', apiBody({ category: `event${NUL}` }), { authorization: writeToken }), 'category', /選択肢から選んで/, /Choose/);
    apiFieldError(await api.api('POST', '/api/v1/news', apiBody({ areas: [`honmachi${NUL}`] }), { authorization: writeToken }), 'areas', /存在しない地区/, /unknown areas/);
    apiFieldError(await api.api('POST', '/api/v1/news', apiBody({ publishAt: `2099-01-01 09:00${NUL}` }), { authorization: writeToken }), 'publishAt', /「公開日時」は/, /Publication time/);
    apiFieldError(await api.api('POST', '/api/v1/news', apiBody({ departmentCode: `kouhou${NUL}` }), { authorization: writeToken }), 'departmentCode', /「departmentCode」に該当する課がありません。/, /No department has this departmentCode\./);
    assert.deepEqual(await counts(), before);

    const created = await api.api('POST', '/api/v1/news', apiBody(), { authorization: writeToken });
    assert.equal(created.status, 201);
    const id = created.json().id as string;
    apiFieldError(await api.api('PUT', `/api/v1/news/${id}`, apiBody({ departmentCode: undefined, bodyJa: `本文${NUL}` }), { authorization: writeToken }), 'bodyJa', /「本文（日本語）」に使えない文字/, /Text \(Japanese\) contains characters/);
    const [rev] = await q<{ body_ja: string }>('SELECT body_ja FROM news_revisions WHERE article_id = $1', [id]);
    assert.equal(rev!.body_ja, '本文です。');
  });

  test('NUL in ids and filters of public pages, feeds and the API is a 400 or 404, never a 500', async () => {
    const resident = t.client();
    for (const path of ['/news?area=%00', '/news?category=%00', '/news?page=%00', '/news/%00', `/news/rss.xml?category=%00`, '/news/atom.xml?category=%00', '/news/x%00/files/y%00']) {
      const res = await resident.get(path);
      assert.ok([200, 400, 404].includes(res.status), `${path}: ${res.status}`);
    }
    const month = await resident.get('/news?month=2026-04%00');
    assert.equal(month.status, 400);
    assert.match(month.text, /月/);
    for (const path of ['/api/public/news?area=%00', '/api/public/news?area=honmachi%00', '/api/public/news/%00', '/api/public/news?month=%00']) {
      const res = await resident.api('GET', path);
      assert.ok([200, 400, 404].includes(res.status), `${path}: ${res.status} ${res.text.slice(0, 300)}`);
      assert.ok(res.json().news || res.json().error, path);
    }
    apiFieldError(await resident.api('GET', '/api/public/news?area=honmachi%00'), 'area', /「area」は地区のコード/, /Give area as an area code/);
    assert.equal((await api.api('GET', '/api/v1/news/%00', undefined, { authorization: writeToken })).status, 404);
    assert.equal((await writer.get('/staff/news/%00')).status, 404);
  });
});

describe('10 MB in a text field', () => {
  test('the staff form, urlencoded and multipart, answers 413 or 400 with a clear message; nothing is stored; the server carries on', async () => {
    const before = await counts();
    const huge = 'あ'.repeat(TEN_MB / 3); // 10 MB of UTF-8
    const url = await writer.post('/staff/news', form({ bodyJa: huge }));
    assert.equal(url.status, 413);
    assert.match(url.text, /送信された内容が大きすぎます。文章を短くするか、ファイルを小さくしてから、もう一度送信してください。/);
    // An English reader is told in English.
    const urlEn = await inEnglish(writer, () => writer.post('/staff/news', form({ bodyJa: huge })));
    assert.equal(urlEn.status, 413);
    assert.match(urlEn.text, /too large/i);

    // Multipart bodies may be as large as an upload, so the field reaches validation.
    for (const field of ['titleJa', 'bodyJa'] as const) {
      const res = await postMultipart(writer, '/staff/news', { ...form(), [field]: 'a'.repeat(TEN_MB) });
      assert.equal(res.status, 400, field);
      assert.ok(res.text.includes(`「${label[field]!.ja}」は${field === 'titleJa' ? 100 : 20000}文字以内で入力してください。`), field);
    }
    const multiEn = await inEnglish(writer, () => postMultipart(writer, '/staff/news', { ...form(), bodyJa: 'a'.repeat(TEN_MB) }));
    assert.equal(multiEn.status, 400);
    assert.match(multiEn.text, /Text \(Japanese\) must be 20000 characters or fewer\./);

    const id = await write({ titleJa: '巨大な編集の前' });
    const edit = await postMultipart(writer, `/staff/news/${id}`, { ...form(), summaryEasy: 'a'.repeat(TEN_MB) });
    assert.equal(edit.status, 400);
    assert.match(edit.text, /「やさしい日本語の要約」は2000文字以内で入力してください。/);
    const editUrl = await writer.post(`/staff/news/${id}`, form({ titleJa: huge }));
    assert.equal(editUrl.status, 413);
    const alt = await postMultipart(writer, `/staff/news/${id}/files`, { kind: 'image', altJa: 'a'.repeat(TEN_MB) }, [{ field: 'file', name: 'photo.jpg', type: 'image/jpeg', content: buildJpeg() }]);
    assert.equal(alt.status, 400);
    assert.match(alt.text, /「代替テキスト（日本語）」は300文字以内で、制御文字を含めずに入力してください。/);
    const ret = await manager.post(`/staff/news/${id}/return`, { comment: huge });
    assert.equal(ret.status, 413);

    const [rev] = await q<{ title_ja: string }>('SELECT title_ja FROM news_revisions WHERE article_id = $1', [id]);
    assert.equal(rev!.title_ja, '巨大な編集の前');
    assert.deepEqual(await counts(), { ...before!, a: before!.a + 1, r: before!.r + 1 });
    // Still fine afterwards: pages and an ordinary post work.
    assert.equal((await writer.get('/staff/news')).status, 200);
    await write({ titleJa: '巨大な送信の後' });
    assert.equal((await t.client().get('/news')).status, 200);
  });

  test('the API answers 413 with a bilingual JSON error, with or without Content-Length; the server carries on', async () => {
    const before = await counts();
    const huge = JSON.stringify(apiBody({ bodyJa: 'a'.repeat(TEN_MB) }));
    for (const [method, path] of [['POST', '/api/v1/news'], ['PUT', '/api/v1/news/00000000-0000-4000-8000-000000000000']] as const) {
      const res = await api.api(method, path, huge, { authorization: writeToken });
      assert.equal(res.status, 413, `${method} ${path}`);
      const e = res.json().error;
      assert.equal(e.code, 'payload_too_large');
      assert.match(e.message.ja, /送信された内容が大きすぎます/);
      assert.match(e.message.en, /What you sent is too large/);
    }
    // Chunked, so the size is only known while reading.
    const chunked = await postChunked('/api/v1/news', huge, { 'content-type': 'application/json', accept: 'application/json', authorization: writeToken });
    assert.equal(chunked.status, 413, chunked.text.slice(0, 300));
    assert.equal(JSON.parse(chunked.text).error.code, 'payload_too_large');
    assert.deepEqual(await counts(), before);
    const ok = await api.api('POST', '/api/v1/news', apiBody({ titleJa: '巨大な API 送信の後' }), { authorization: writeToken });
    assert.equal(ok.status, 201);
    assert.equal((await api.api('GET', '/api/public/news')).status, 200);
  });
});

describe('bidi controls (U+202A–U+202E, U+2066–U+2069)', () => {
  test('are refused in titles, texts, summaries and alt text, on the form and the API, as alerts refuses them', async () => {
    const before = await counts();
    for (const ch of BIDI) {
      const hex = ch.codePointAt(0)!.toString(16);
      const res = await writer.post('/staff/news', form({ titleJa: `お知らせ${ch}txt.exe` }));
      assert.equal(res.status, 400, hex);
      assert.match(res.text, /「タイトル（日本語）」に使えない文字（制御文字など）が含まれています。/, hex);
      apiFieldError(await api.api('POST', '/api/v1/news', apiBody({ titleJa: `お知らせ${ch}txt.exe` }), { authorization: writeToken }), 'titleJa', /「タイトル（日本語）」に使えない文字/, /Title \(Japanese\) contains characters that cannot be used/);
    }
    for (const field of ['titleEn', 'bodyJa', 'bodyEn', 'summaryEasy'] as const) {
      const res = await writer.post('/staff/news', form({ [field]: `abc\u202Efed` }));
      assert.equal(res.status, 400, field);
      assert.ok(res.text.includes(`「${label[field]!.ja}」に使えない文字（制御文字など）が含まれています。`), field);
      apiFieldError(await api.api('POST', '/api/v1/news', apiBody({ [field]: `abc\u2067fed\u2069` }), { authorization: writeToken }), field, /使えない文字/, /cannot be used/);
    }
    assert.deepEqual(await counts(), before);
    const id = await write();
    const alt = await postMultipart(writer, `/staff/news/${id}/files`, { kind: 'image', altJa: '写真\u202Egpj.exe' }, [{ field: 'file', name: 'photo.jpg', type: 'image/jpeg', content: buildJpeg() }]);
    assert.equal(alt.status, 400);
    assert.match(alt.text, /「代替テキスト（日本語）」は300文字以内で、制御文字を含めずに入力してください。/);
  });
});

describe('異体字 selectors and surrogate pairs', () => {
  const title = `${KATSU}飾区の${TSUJI}さんと${YOSHI}野家の${HOKKE}`;
  const body = `${TSUJI}堂の${KATSU}城で${HOKKE}を焼きます。\n\n${YOSHI}田さんも来ます。`;

  test('are stored and shown byte-exact: staff page and preview, public page and list, RSS, Atom and the API', async () => {
    const id = await write({ titleJa: title, bodyJa: body, summaryEasy: `${KATSU}と${YOSHI}`, titleEn: `Katsu ${KATSU}` });
    const [rev] = await q<{ title_ja: string; body_ja: string; summary_easy: string; title_en: string }>('SELECT title_ja, body_ja, summary_easy, title_en FROM news_revisions WHERE article_id = $1', [id]);
    assert.equal(Buffer.from(rev!.title_ja).toString('hex'), Buffer.from(title).toString('hex'));
    assert.equal(rev!.body_ja, body);
    assert.equal(rev!.summary_easy, `${KATSU}と${YOSHI}`);
    assert.equal(rev!.title_en, `Katsu ${KATSU}`);
    const staffPage = await writer.get(`/staff/news/${id}`);
    assert.ok(staffPage.text.includes(`<h2 id="preview-title">${title}</h2>`), 'staff preview');
    assert.ok(staffPage.text.includes(`value="${title}"`), 'form value');
    assert.ok(staffPage.text.includes(`${TSUJI}堂の${KATSU}城で${HOKKE}を焼きます。`));
    await publish(id);
    const resident = t.client();
    const page = await resident.get(`/news/${id}`);
    assert.ok(page.text.includes(`<h1 id="news-title">${title}</h1>`));
    assert.ok(page.text.includes(`${TSUJI}堂の${KATSU}城で${HOKKE}を焼きます。`));
    assert.ok(page.text.includes(`${YOSHI}田さんも来ます。`));
    const list = await resident.get('/news');
    assert.ok(list.text.includes(title));
    for (const feed of ['/news/rss.xml', '/news/atom.xml']) {
      const res = await resident.get(feed);
      assert.ok(res.text.includes(title), feed);
      assert.ok(res.text.includes(`${TSUJI}堂の${KATSU}城で${HOKKE}を焼きます。`), feed);
      await assertWellFormed(res.text, feed);
    }
    const pub = (await resident.api('GET', `/api/public/news/${id}`)).json();
    assert.deepEqual([pub.title.ja, pub.body.ja, pub.summaryEasy], [title, body, `${KATSU}と${YOSHI}`]);
    for (const text of [staffPage.text, page.text, list.text]) assert.ok(!text.includes('\uFFFD'), 'no replacement characters');
  });

  test('the API stores them exactly too', async () => {
    const created = await api.api('POST', '/api/v1/news', apiBody({ titleJa: title, bodyJa: body }), { authorization: writeToken });
    assert.equal(created.status, 201, created.text);
    const id = created.json().id as string;
    const [rev] = await q<{ title_ja: string; body_ja: string }>('SELECT title_ja, body_ja FROM news_revisions WHERE article_id = $1', [id]);
    assert.deepEqual([rev!.title_ja, rev!.body_ja], [title, body]);
    assert.equal((await api.api('POST', `/api/v1/news/${id}/submit`, undefined, { authorization: writeToken })).status, 200);
    const approved = await api.api('POST', `/api/v1/news/${id}/approve`, undefined, { authorization: approveToken });
    assert.ok([200, 409].includes(approved.status), approved.text);
    const pub = (await api.api('GET', `/api/public/news/${id}`)).json();
    assert.deepEqual([pub.title.ja, pub.body.ja], [title, body]);
  });

  test('each counts as one character against the limits (title 100, text 20,000)', async () => {
    for (const ch of [YOSHI, HOKKE, KATSU, TSUJI]) {
      const name = ch.codePointAt(0)!.toString(16);
      const full = await writer.post('/staff/news', form({ titleJa: ch.repeat(100) }));
      assert.equal(full.status, 303, `100 × U+${name} fills the title: ${full.status}`);
      const over = await writer.post('/staff/news', form({ titleJa: ch.repeat(101) }));
      assert.equal(over.status, 400, `101 × U+${name}`);
      assert.match(over.text, /「タイトル（日本語）」は100文字以内で入力してください。/);
      apiFieldError(await api.api('POST', '/api/v1/news', apiBody({ titleJa: ch.repeat(101) }), { authorization: writeToken }), 'titleJa', /100文字以内/, /100 characters or fewer/);
    }
    const [stored] = await q<{ title_ja: string }>('SELECT title_ja FROM news_revisions WHERE title_ja = $1', [KATSU.repeat(100)]);
    assert.equal(stored!.title_ja, KATSU.repeat(100));
    for (const ch of [HOKKE, KATSU]) {
      const full = await api.api('POST', '/api/v1/news', apiBody({ bodyJa: ch.repeat(20_000) }), { authorization: writeToken });
      assert.equal(full.status, 201, `20,000 × U+${ch.codePointAt(0)!.toString(16)} fills the text`);
      apiFieldError(await api.api('POST', '/api/v1/news', apiBody({ bodyJa: ch.repeat(20_001) }), { authorization: writeToken }), 'bodyJa', /20000文字以内/, /20000 characters or fewer/);
    }
  });

  test('a list or feed excerpt never cuts a character from its 異体字 selector', async () => {
    const id = await write({ titleJa: '抜粋の境目', bodyJa: `${'あ'.repeat(119)}${KATSU}${'い'.repeat(179)}${TSUJI}${'う'.repeat(50)}` });
    await publish(id);
    const list = await t.client().get('/news');
    assert.ok(list.text.includes(`${'あ'.repeat(119)}${KATSU}…`), 'the list excerpt keeps 葛󠄀 whole');
    const rss = await t.client().get('/news/rss.xml');
    assert.ok(rss.text.includes(`${'い'.repeat(179)}${TSUJI}…`), 'the feed excerpt keeps 辻󠄀 whole');
  });
});

describe('HTML in titles and bodies', () => {
  const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)> ${YOSHI}"&'`;
  const escaped = `&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; ${YOSHI}`;

  test('is shown escaped on the staff page and preview, the public page and list, and in RSS and Atom; the API returns the text as typed', async () => {
    const id = await write({ titleJa: hostile, titleEn: hostile, bodyJa: `${hostile}\n\n<a href="javascript:alert(3)">link</a>`, summaryEasy: hostile });
    const staffPage = await writer.get(`/staff/news/${id}`);
    assert.ok(staffPage.text.includes(`<h2 id="preview-title">${escaped}`), 'the preview title is escaped');
    const staffList = await writer.get('/staff/news');
    await publish(id);
    const resident = t.client();
    const page = await resident.get(`/news/${id}`);
    const pageEn = await inEnglish(resident, () => resident.get(`/news/${id}`));
    const list = await resident.get('/news');
    for (const [name, html] of [['staff page', staffPage.text], ['staff list', staffList.text], ['public page', page.text], ['English page', pageEn.text], ['public list', list.text]] as const) {
      assert.ok(html.includes(escaped), `${name} shows the escaped form`);
      assert.ok(!html.includes('<script>alert(1)'), `${name} has no raw <script>`);
      assert.ok(!/<img src=x/i.test(html), `${name} has no raw <img>`);
      assert.ok(!html.includes('href="javascript:'), `${name} has no javascript: link`);
    }
    assert.ok(page.text.includes('&lt;a href=&quot;javascript:alert(3)&quot;&gt;link&lt;/a&gt;') || page.text.includes('&lt;a href="javascript:alert(3)"&gt;link&lt;/a&gt;'));
    for (const feed of ['/news/rss.xml', '/news/atom.xml']) {
      const res = await resident.get(feed);
      assert.ok(!res.text.includes('<script>'), `${feed}: feed readers get escaped text, even inside CDATA`);
      assert.ok(!/<img src=x/i.test(res.text), feed);
      assert.ok(res.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;') || res.text.includes('&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;'), feed);
      await assertWellFormed(res.text, feed);
    }
    const pub = (await resident.api('GET', `/api/public/news/${id}`)).json();
    assert.equal(pub.title.ja, hostile.trim(), 'JSON carries the text, not markup');
  });

  test('the re-shown form after an error escapes what was typed', async () => {
    const res = await writer.post('/staff/news', form({ titleJa: `"><script>alert(4)</script>${NUL}`, bodyJa: '</textarea><script>alert(5)</script>' }));
    assert.equal(res.status, 400);
    assert.ok(!res.text.includes('<script>alert(4)'));
    assert.ok(!res.text.includes('<script>alert(5)'));
    assert.ok(res.text.includes('&lt;/textarea&gt;&lt;script&gt;alert(5)&lt;/script&gt;'));
  });
});
