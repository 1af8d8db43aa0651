/**
 * News through the real server: writing with bad input, approval per category (and never by the
 * author), scheduled publication through the job (once, never early), withdrawal, revisions and
 * re-notification, files (images need alt text, content decides the type), the public list with
 * filters and paging, and the RSS/Atom feeds (well-formed, published items only, escaped).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import type { TestTenant } from '../../../test/support/factories.ts';
import { buildStaff, signedInStaffClient, type TestStaff } from '../../../test/support/staff.ts';
import { buildJpeg } from '../../../test/support/images.ts';
import type { TestClient } from '../../../test/support/client.ts';
import { enqueue } from '../../platform/jobs/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { NEWS_PUBLISH_QUEUE, approveRevision, createArticle, getArticle, saveContent, staffActor, submitRevision } from './news.service.ts';
import type { NewsContent } from './news.schema.ts';
import { assertWellFormed } from '../../../test/support/xml.ts';
import { newsMunicipality } from '../../../test/support/news.ts';

let p: TestPlatform;
let t: TestTenant;
let deptId: string;
let otherDeptId: string;
let writerStaff: TestStaff;
let managerStaff: TestStaff;
let writer: TestClient;
let manager: TestClient;
let admin: TestClient;
let outsider: TestClient;

const q = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => withTenant(p.deps.db, t.code, (tx) => tx.query<T>(sql, params));
const broadcasts = async (id: string) => (await q<{ source_revision: number }>("SELECT source_revision FROM notify_broadcasts WHERE source_kind = 'news' AND source_id = $1 ORDER BY source_revision", [id])).map((r) => r.source_revision);

const form = (over: Record<string, string | string[]> = {}) => ({ departmentId: deptId, category: 'kurashi', titleJa: '図書館の休館日のお知らせ', titleEn: '', bodyJa: '本文です。', bodyEn: '', summaryEasy: '', publishAt: '', ...over });

/** Creates an article through the staff form; returns its id. */
async function write(client: TestClient, over: Record<string, string | string[]> = {}): Promise<string> {
  const res = await client.post('/staff/news', form(over));
  assert.equal(res.status, 303, res.text.slice(0, 500));
  return /\/staff\/news\/([0-9a-f-]{36})/.exec(res.location!)![1]!;
}

const content = (over: Partial<NewsContent> = {}): NewsContent => ({ category: 'event', areas: [], titleJa: 'サービス層のお知らせ', titleEn: '', bodyJa: '本文', bodyEn: '', summaryEasy: '', publishAt: null, renotify: false, ...over });

/** A multipart form post with the client's CSRF token. */
async function upload(client: TestClient, path: string, fields: Record<string, string>, file: { name: string; type: string; content: Buffer } | null) {
  const boundary = `----news${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries({ _csrf: await client.csrf(), ...fields })) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.content, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return client.raw('POST', path, Buffer.concat(parts), { 'content-type': `multipart/form-data; boundary=${boundary}` });
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');


before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false' } });
  ({ t, deptId } = await newsMunicipality(p));
  otherDeptId = await withTenant(p.deps.db, t.code, async (tx) => {
    const [o] = await tx.query<{ id: string }>("INSERT INTO departments (tenant_id, code, name_ja, name_en) VALUES ($1, 'zeimu', '税務課', 'Taxation Division') RETURNING id", [t.code]);
    return o!.id;
  });
  const sign = (s: TestStaff) => signedInStaffClient(t, s);
  writerStaff = await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: deptId }] });
  managerStaff = await buildStaff(p, t, { roles: [{ role: 'manager', departmentId: deptId }] });
  writer = await sign(writerStaff);
  manager = await sign(managerStaff);
  admin = await sign(await buildStaff(p, t, { roles: [{ role: 'admin', departmentId: null }] }));
  outsider = await sign(await buildStaff(p, t, { roles: [{ role: 'clerk', departmentId: otherDeptId }] }));
});
after(() => p.stop());

describe('writing', () => {
  test('bad input is refused with the field named, in Japanese and English; nothing is stored', async () => {
    const before = await q<{ n: number }>('SELECT count(*)::int AS n FROM news_articles');
    const empty = await writer.post('/staff/news', form({ titleJa: '　 ' }));
    assert.equal(empty.status, 400);
    assert.match(empty.text, /「タイトル（日本語）」を入力してください。/);
    const huge = await writer.post('/staff/news', form({ bodyJa: 'あ'.repeat(20_001) }));
    assert.equal(huge.status, 400);
    assert.match(huge.text, /「本文（日本語）」は20000文字以内で入力してください。/);
    const time = await writer.post('/staff/news', form({ publishAt: 'あした' }));
    assert.equal(time.status, 400);
    assert.match(time.text, /「公開日時」は 2026-12-01 09:00 のように日付と時刻で入力してください。/);
    const area = await writer.post('/staff/news', form({ areas: ['atlantis'] }));
    assert.equal(area.status, 400);
    assert.match(area.text, /存在しない地区が含まれています: atlantis/);
    const dept = await writer.post('/staff/news', form({ departmentId: otherDeptId }));
    assert.equal(dept.status, 400, 'a clerk cannot write for another department');
    const tooBig = await writer.post('/staff/news', form({ bodyJa: 'a'.repeat(1_100_000) }));
    assert.equal(tooBig.status, 413);
    assert.match(tooBig.text, /送信された内容が大きすぎます。/);
    assert.deepEqual(await q<{ n: number }>('SELECT count(*)::int AS n FROM news_articles'), before);
  });

  test('𠮷, 全角 digits in the time and <script> in the title are kept as typed and shown escaped', async () => {
    const id = await write(writer, { titleJa: '<script>alert(1)</script> 𠮷野家の前で', publishAt: '２０９９－０１－０２　０９：３０', bodyJa: '一行目\nhttps://example.jp/a?b=1&c=2 を見てください。\n\n<b>二段落目</b>' });
    const page = await writer.get(`/staff/news/${id}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt; 𠮷野家の前で'));
    assert.ok(!page.text.includes('<script>alert(1)'));
    assert.ok(page.text.includes('value="2099-01-02 09:30"'), 'publication time read as Japan time and shown back');
    assert.ok(page.text.includes('<a href="https://example.jp/a?b=1&amp;c=2">'), 'addresses become links');
    assert.ok(page.text.includes('&lt;b&gt;二段落目&lt;/b&gt;'));
    const [row] = await q<{ publish_at: Date }>('SELECT publish_at FROM news_revisions WHERE article_id = $1', [id]);
    assert.equal(row!.publish_at.toISOString(), '2099-01-02T00:30:00.000Z');
  });

  test('staff of another department can neither read nor change an article', async () => {
    const id = await write(writer);
    assert.equal((await outsider.get(`/staff/news/${id}`)).status, 403);
    assert.equal((await outsider.post(`/staff/news/${id}/submit`)).status, 403);
    assert.equal((await t.client().get(`/staff/news/${id}`)).status, 303, 'signed out: to the sign-in page');
  });
});

describe('approval', () => {
  test('a category that needs approval waits for another person; the author cannot approve; publishing notifies once', async () => {
    const id = await write(manager, { category: 'bousai', titleJa: '避難訓練のお知らせ' });
    assert.equal((await manager.post(`/staff/news/${id}/submit`)).location, `/staff/news/${id}?notice=submitted`);
    assert.equal((await t.client().get(`/news/${id}`)).status, 404, 'pending is not public');
    const self = await manager.post(`/staff/news/${id}/approve`);
    assert.equal(self.status, 403);
    assert.match(self.text, /自分が作成・編集・申請したお知らせは承認できません。/);
    assert.equal((await writer.post(`/staff/news/${id}/approve`)).status, 403, 'a clerk cannot approve');
    const list = await admin.get('/staff/news');
    assert.match(list.text, /あなたの承認待ち[\s\S]*避難訓練のお知らせ/);
    assert.equal((await admin.post(`/staff/news/${id}/approve`)).location, `/staff/news/${id}?notice=published`);
    assert.equal((await admin.post(`/staff/news/${id}/approve`)).status, 409, 'approving twice changes nothing');
    const pub = await t.client().get(`/news/${id}`);
    assert.equal(pub.status, 200);
    assert.match(pub.text, /避難訓練のお知らせ/);
    assert.deepEqual(await broadcasts(id), [1]);
    const events = await q<{ action: string; actor: string }>('SELECT action, actor FROM news_events WHERE article_id = $1 ORDER BY at, id', [id]);
    assert.deepEqual(events.map((e) => e.action), ['created', 'submitted', 'approved', 'published', 'notified']);
    const audit = await q<{ action: string }>("SELECT action FROM audit_log WHERE record_type = 'news' AND record_id = $1 ORDER BY seq", [id]);
    assert.deepEqual(audit.map((a) => a.action), ['news.created', 'news.submitted', 'news.approved', 'news.published', 'news.notified']);
  });

  test('returning needs a reason; the author sees it, edits and sends again', async () => {
    const id = await write(writer, { category: 'bousai' });
    await writer.post(`/staff/news/${id}/submit`);
    const noReason = await manager.post(`/staff/news/${id}/return`, { comment: ' ' });
    assert.equal(noReason.status, 400);
    assert.match(noReason.text, /「差し戻しの理由」を入力してください。/);
    assert.equal((await manager.post(`/staff/news/${id}/return`, { comment: '日付を確認してください' })).status, 303);
    const page = await writer.get(`/staff/news/${id}`);
    assert.match(page.text, /差し戻しの理由: 日付を確認してください/);
    assert.equal((await writer.post(`/staff/news/${id}/submit`)).location, `/staff/news/${id}?notice=submitted`);
  });

  test('whoever edited a revision cannot approve it, even if someone else wrote and sent it', async () => {
    const id = await write(writer, { category: 'bousai', titleJa: '課長が直したお知らせ' });
    assert.equal((await manager.post(`/staff/news/${id}`, form({ category: 'bousai', titleJa: '課長が直したお知らせ（修正）' }))).status, 303);
    await writer.post(`/staff/news/${id}/submit`);
    const page = await manager.get(`/staff/news/${id}`);
    assert.doesNotMatch(page.text, /承認して公開する/, 'the editor is not offered approval');
    const refused = await manager.post(`/staff/news/${id}/approve`);
    assert.equal(refused.status, 403);
    assert.match(refused.text, /自分が作成・編集・申請したお知らせは承認できません。/);
    assert.equal((await admin.post(`/staff/news/${id}/approve`)).location, `/staff/news/${id}?notice=published`);
  });

  test('an administrator switches approval off per category; such news is published when sent', async () => {
    const settings = await admin.post('/staff/news/settings', { requiresApproval: ['bousai', 'kosodate', 'kenkou', 'kurashi'] });
    assert.equal(settings.status, 303);
    assert.equal((await writer.get('/staff/news/settings')).status, 403);
    assert.equal((await writer.post('/staff/news/settings', {})).status, 403);
    const id = await write(writer, { category: 'event', titleJa: '夏まつりのお知らせ' });
    assert.equal((await writer.post(`/staff/news/${id}/submit`)).location, `/staff/news/${id}?notice=published`);
    assert.equal((await t.client().get(`/news/${id}`)).status, 200);
    assert.deepEqual(await broadcasts(id), [1]);
    const needs = await write(writer, { category: 'kurashi' });
    assert.equal((await writer.post(`/staff/news/${needs}/submit`)).location, `/staff/news/${needs}?notice=submitted`);
  });

  test('editing published news makes a new revision; the public page keeps the old one until it is approved; re-notify only when ticked', async () => {
    const id = await write(writer, { category: 'bousai', titleJa: '第1版のタイトル' });
    await writer.post(`/staff/news/${id}/submit`);
    await manager.post(`/staff/news/${id}/approve`);
    assert.equal((await writer.post(`/staff/news/${id}`, form({ category: 'bousai', titleJa: '第2版のタイトル' }))).status, 303);
    await writer.post(`/staff/news/${id}/submit`);
    assert.match((await t.client().get(`/news/${id}`)).text, /第1版のタイトル/);
    await manager.post(`/staff/news/${id}/approve`);
    assert.match((await t.client().get(`/news/${id}`)).text, /第2版のタイトル/);
    assert.deepEqual(await broadcasts(id), [1], 'revision 2 was not re-notified');
    await writer.post(`/staff/news/${id}`, form({ category: 'bousai', titleJa: '第3版のタイトル', renotify: '1' }));
    await writer.post(`/staff/news/${id}/submit`);
    await manager.post(`/staff/news/${id}/approve`);
    assert.deepEqual(await broadcasts(id), [1, 3]);
  });

  test('withdrawing hides the article from the page, the list and the feeds', async () => {
    const id = await write(writer, { category: 'bousai', titleJa: '取り下げるお知らせ' });
    await writer.post(`/staff/news/${id}/submit`);
    await manager.post(`/staff/news/${id}/approve`);
    assert.match((await t.client().get('/news/rss.xml')).text, /取り下げるお知らせ/);
    assert.equal((await writer.post(`/staff/news/${id}/withdraw`)).status, 403, 'a clerk cannot withdraw');
    assert.equal((await manager.post(`/staff/news/${id}/withdraw`)).location, `/staff/news/${id}?notice=withdrawn`);
    assert.equal((await t.client().get(`/news/${id}`)).status, 404);
    assert.doesNotMatch((await t.client().get('/news')).text, /取り下げるお知らせ/);
    assert.doesNotMatch((await t.client().get('/news/rss.xml')).text, /取り下げるお知らせ/);
    assert.doesNotMatch((await t.client().get('/news/atom.xml')).text, /取り下げるお知らせ/);
  });
});

describe('scheduled publication', () => {
  test('the job publishes at the time, exactly once; stale and early jobs publish nothing', async () => {
    const author = staffActor(writerStaff.id);
    const approver = staffActor(managerStaff.id);
    const origin = t.origin;
    const at = new Date(Date.now() + 1500);
    const id = await withTenant(p.deps.db, t.code, async (tx) => {
      const id = await createArticle(tx, t.code, { departmentId: deptId, content: content({ category: 'bousai', titleJa: '予約公開のお知らせ', publishAt: at }) }, author);
      await submitRevision(tx, t.code, id, author, origin);
      assert.deepEqual(await approveRevision(tx, t.code, id, approver, origin), { state: 'scheduled', at });
      return id;
    });
    await p.deps.worker.drain();
    assert.equal((await t.client().get(`/news/${id}`)).status, 404, 'not before its time');
    assert.doesNotMatch((await t.client().get('/news/atom.xml')).text, /予約公開のお知らせ/);
    await new Promise((r) => setTimeout(r, 1700));
    await p.deps.worker.drain();
    assert.equal((await t.client().get(`/news/${id}`)).status, 200);
    // A duplicate job (a second worker, a retry after a lost lease) finds it published and does nothing.
    await withTenant(p.deps.db, t.code, (tx) => enqueue(tx, t.code, NEWS_PUBLISH_QUEUE, { articleId: id, revision: 1, publishAt: at.toISOString(), origin }, { dedupeKey: 'again' }));
    await p.deps.worker.drain();
    assert.deepEqual(await broadcasts(id), [1]);
    const published = await q<{ n: number }>("SELECT count(*)::int AS n FROM news_events WHERE article_id = $1 AND action = 'published'", [id]);
    assert.equal(published[0]!.n, 1);

    // A job that runs before the revision's time (clock skew, manual enqueue) leaves it scheduled.
    const later = new Date(Date.now() + 3_600_000);
    const id2 = await withTenant(p.deps.db, t.code, async (tx) => {
      const id2 = await createArticle(tx, t.code, { departmentId: deptId, content: content({ category: 'bousai', publishAt: later }) }, author);
      await submitRevision(tx, t.code, id2, author, origin);
      await approveRevision(tx, t.code, id2, approver, origin);
      await enqueue(tx, t.code, NEWS_PUBLISH_QUEUE, { articleId: id2, revision: 1, publishAt: later.toISOString(), origin }, { dedupeKey: 'early' });
      return id2;
    });
    await p.deps.worker.drain();
    const a2 = await withTenant(p.deps.db, t.code, (tx) => getArticle(tx, t.code, id2));
    assert.equal(a2!.working!.state, 'scheduled');
    assert.equal(a2!.liveRevision, null);
    // Editing a scheduled revision voids its approval: its job becomes stale.
    await withTenant(p.deps.db, t.code, (tx) => saveContent(tx, t.code, id2, content({ category: 'bousai', publishAt: later, titleJa: '直しました' }), author));
    await withTenant(p.deps.db, t.code, (tx) => tx.query('UPDATE jobs SET run_at = now() WHERE tenant_id = $1 AND queue = $2', [t.code, NEWS_PUBLISH_QUEUE]));
    await p.deps.worker.drain();
    const a3 = await withTenant(p.deps.db, t.code, (tx) => getArticle(tx, t.code, id2));
    assert.equal(a3!.working!.state, 'draft');
    assert.deepEqual(await broadcasts(id2), []);
  });
});

describe('long news and subscribers', () => {
  /** Exactly 20,000 characters (the form's limit) of paragraphs with surrogate pairs (𠮷, 𩸽, 🐟): far more than 20,000 UTF-16 units. */
  const para = '𠮷野家の前で𩸽を焼きます🐟。港町の祭りは雨天決行です。\n\n';
  const longBody = `${[...para.repeat(700)].slice(0, 19_999).join('')}終`;
  const chars = (s: string) => [...s].length;
  const sent = async (id: string) => (await q<{ title: Record<string, string>; body: Record<string, string>; url: string }>("SELECT title, body, url FROM notify_broadcasts WHERE source_kind = 'news' AND source_id = $1", [id]))[0];

  /** The broadcast carries an excerpt within notify's limits that ends in "…" and says where the full text is. */
  function assertExcerpt(body: string, note: RegExp) {
    assert.ok(chars(body) <= 4000, `${chars(body)} characters`);
    const [excerpt, rest] = body.split('…\n\n');
    assert.match(rest!, note);
    assert.ok(excerpt!.endsWith('。'), 'cut at the end of a sentence');
    assert.ok(longBody.startsWith(excerpt!), 'the excerpt is the start of the body');
    assert.doesNotMatch(body, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, 'no surrogate pair is split');
  }

  test('a 20,000-character body is published; subscribers get an excerpt with "…" and the link; the page shows the full text', async () => {
    assert.equal(chars(longBody), 20_000);
    assert.ok(longBody.length > 22_000, `${longBody.length} UTF-16 units`);
    const id = await write(writer, { category: 'bousai', titleJa: '𠮷'.repeat(100), titleEn: '𠮷'.repeat(200), bodyJa: longBody });
    await writer.post(`/staff/news/${id}/submit`);
    assert.equal((await manager.post(`/staff/news/${id}/approve`)).location, `/staff/news/${id}?notice=published`);
    const b = await sent(id);
    assert.ok(b, 'subscribers were notified');
    assert.equal(b.title.ja, '𠮷'.repeat(100));
    assert.equal(b.title.en, '𠮷'.repeat(200), '200 characters fit the title, though they are 400 UTF-16 units');
    assertExcerpt(b.body.ja!, /^（全文はリンク先のページでご覧ください。）$/);
    assertExcerpt(b.body.en!, /^\(Read the full text on the page at the link\.\)$/);
    assert.equal(b.url, `${t.origin}/news/${id}`);
    const page = await t.client().get(`/news/${id}`);
    assert.equal(page.status, 200);
    assert.equal(page.text.split('𩸽').length - 1, longBody.split('𩸽').length - 1, 'every paragraph is on the page');
    const last = longBody.split('\n\n').pop()!;
    assert.ok(last.endsWith('終'));
    assert.ok(page.text.includes(`<p>${last}</p>`), 'down to the last character');
  });

  test('a scheduled long article is published by its job, once, not failed', async () => {
    const author = staffActor(writerStaff.id);
    const approver = staffActor(managerStaff.id);
    const at = new Date(Date.now() + 1000);
    const id = await withTenant(p.deps.db, t.code, async (tx) => {
      const id = await createArticle(tx, t.code, { departmentId: deptId, content: content({ category: 'bousai', titleJa: '予約公開の長いお知らせ', bodyJa: longBody, publishAt: at }) }, author);
      await submitRevision(tx, t.code, id, author, t.origin);
      assert.deepEqual(await approveRevision(tx, t.code, id, approver, t.origin), { state: 'scheduled', at });
      return id;
    });
    await new Promise((r) => setTimeout(r, 1200));
    await p.deps.worker.drain();
    const jobs = await q<{ status: string; attempts: number; last_error: string | null }>("SELECT status, attempts, last_error FROM jobs WHERE queue = $1 AND payload->>'articleId' = $2", [NEWS_PUBLISH_QUEUE, id]);
    assert.deepEqual(jobs, [{ status: 'done', attempts: 1, last_error: null }]);
    assert.equal((await t.client().get(`/news/${id}`)).status, 200);
    assertExcerpt((await sent(id))!.body.ja!, /^（全文はリンク先のページでご覧ください。）$/);
  });
});

describe('files', () => {
  test('images need alt text and real image content; PDFs are checked by content; the public page shows them once published', async () => {
    await admin.post('/staff/news/settings', { requiresApproval: ['bousai'] });
    const id = await write(writer, { category: 'event', titleJa: '画像つきのお知らせ' });
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    const fake = await upload(writer, `/staff/news/${id}/files`, { kind: 'image', altJa: '会場の写真' }, { name: 'photo.jpg', type: 'image/jpeg', content: html });
    assert.equal(fake.status, 400);
    assert.match(fake.text, /画像はJPEG・PNG・WebPのいずれかにしてください/);
    const noAlt = await upload(writer, `/staff/news/${id}/files`, { kind: 'image', altJa: '' }, { name: 'photo.jpg', type: 'image/jpeg', content: buildJpeg() });
    assert.equal(noAlt.status, 400);
    assert.match(noAlt.text, /「代替テキスト（日本語）」を入力してください。/);
    const noFile = await upload(writer, `/staff/news/${id}/files`, { kind: 'attachment' }, null);
    assert.equal(noFile.status, 400);
    assert.match(noFile.text, /「ファイル」を選んでください。/);
    const notPdf = await upload(writer, `/staff/news/${id}/files`, { kind: 'attachment' }, { name: 'a.pdf', type: 'application/pdf', content: html });
    assert.match(notPdf.text, /添付できるのはPDFファイルだけです/);
    assert.equal((await upload(writer, `/staff/news/${id}/files`, { kind: 'image', altJa: '会場の写真 <b>', altEn: 'The venue' }, { name: 'photo.jpg', type: 'image/jpeg', content: buildJpeg() })).status, 303);
    assert.equal((await upload(writer, `/staff/news/${id}/files`, { kind: 'attachment' }, { name: '..\\..\\案内 チラシ.pdf', type: 'application/pdf', content: PDF })).status, 303);
    const files = await q<{ id: string; kind: string; filename: string }>('SELECT id, kind, filename FROM news_files WHERE article_id = $1 ORDER BY created_at', [id]);
    assert.deepEqual(files.map((f) => [f.kind, f.filename]), [['image', 'photo.jpg'], ['attachment', '案内 チラシ.pdf']]);
    assert.equal((await t.client().get(`/news/${id}/files/${files[0]!.id}`)).status, 404, 'not public before publication');
    await writer.post(`/staff/news/${id}/submit`);
    const page = await t.client().get(`/news/${id}`);
    assert.ok(page.text.includes(`<img class="place-photo" src="/news/${id}/files/${files[0]!.id}" alt="会場の写真 &lt;b&gt;"`));
    const pdf = await t.client().get(`/news/${id}/files/${files[1]!.id}`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /^attachment; filename=".*\.pdf"; filename\*=UTF-8''/);
    assert.equal(pdf.headers['x-content-type-options'], 'nosniff');
    // Removing a file in a new revision leaves the published page as it is until that is published.
    assert.equal((await writer.post(`/staff/news/${id}/files/${files[0]!.id}/delete`)).status, 303);
    assert.equal((await t.client().get(`/news/${id}/files/${files[0]!.id}`)).status, 200);
    await writer.post(`/staff/news/${id}/submit`);
    assert.equal((await t.client().get(`/news/${id}/files/${files[0]!.id}`)).status, 404);
  });
});

describe('public list and feeds', () => {
  test('filters by category, area and month; pages by 20; a bad month is explained', async () => {
    await admin.post('/staff/news/settings', { requiresApproval: [] });
    const areaId = await write(writer, { category: 'kenkou', titleJa: '港町の健康相談', areas: ['minatomachi'] });
    await writer.post(`/staff/news/${areaId}/submit`);
    const kenkou = await t.client().get('/news?category=kenkou');
    assert.match(kenkou.text, /港町の健康相談/);
    assert.doesNotMatch(kenkou.text, /避難訓練のお知らせ/);
    assert.match((await t.client().get('/news?area=minatomachi')).text, /港町の健康相談/);
    assert.doesNotMatch((await t.client().get('/news?area=yamate')).text, /港町の健康相談/);
    const j = new Date(Date.now() + 9 * 3600_000);
    const month = `${j.getUTCFullYear()}-${String(j.getUTCMonth() + 1).padStart(2, '0')}`;
    assert.match((await t.client().get(`/news?month=${month}`)).text, /港町の健康相談/);
    assert.doesNotMatch((await t.client().get('/news?month=2001-01')).text, /港町の健康相談/);
    const bad = await t.client().get('/news?month=13%E6%9C%88');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /「月」は 2026-04 のように年と月で入力してください。/);
    for (let i = 0; i < 21; i++) {
      const id = await write(writer, { category: 'kenkou', titleJa: `健康のお知らせ${i}` });
      await writer.post(`/staff/news/${id}/submit`);
    }
    const page1 = await t.client().get('/news?category=kenkou');
    assert.match(page1.text, /22件中 1〜20件目/);
    assert.match(page1.text, /href="\/news\?category=kenkou&amp;page=2"/);
    const page2 = await t.client().get('/news?category=kenkou&page=2');
    assert.match(page2.text, /22件中 21〜22件目/);
    assert.match(page2.text, /港町の健康相談/, 'the oldest is on the last page');
    assert.match(page1.text, /<link rel="alternate" type="application\/rss\+xml" href="\/news\/rss.xml\?category=kenkou"/);
    assert.match(page1.text, /<a href="\/news\/atom.xml" type="application\/atom\+xml">/, 'feeds are linked visibly too');
    const staffFirst = await admin.get('/staff/news');
    const allSection = staffFirst.text.slice(staffFirst.text.indexOf('id="all-title"'));
    assert.equal((allSection.match(/<td><a href="\/staff\/news\/[0-9a-f-]{36}">/g) ?? []).length, Math.min(50, (await q<{ n: number }>('SELECT count(*)::int AS n FROM news_articles'))[0]!.n), 'one row per article, 50 per page');
    const staffSecond = await admin.get('/staff/news?page=2');
    assert.equal(staffSecond.status, 200);
    assert.match(staffSecond.text, /<a href="\/staff\/news" rel="prev">/);
  });

  test('RSS and Atom are well-formed, absolute, escaped, validated by ETag, and hold published items only', async () => {
    const draft = await write(writer, { category: 'kosodate', titleJa: '下書きのままのお知らせ' });
    const pending = await write(writer, { category: 'bousai', titleJa: '承認待ちのお知らせ' });
    await admin.post('/staff/news/settings', { requiresApproval: ['bousai'] });
    await writer.post(`/staff/news/${pending}/submit`);
    const future = await write(writer, { category: 'kosodate', titleJa: '未来のお知らせ', publishAt: '2099-12-31 23:59' });
    await writer.post(`/staff/news/${future}/submit`);
    const shown = await write(writer, { category: 'kosodate', titleJa: '<script>alert("feed")</script>子育てひろば]]>' });
    await writer.post(`/staff/news/${shown}/submit`);
    for (const [path, type] of [['/news/rss.xml', 'application/rss+xml; charset=utf-8'], ['/news/atom.xml', 'application/atom+xml; charset=utf-8']] as const) {
      const res = await t.client().get(path);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], type);
      assert.ok(res.headers['last-modified']);
      await assertWellFormed(res.text, path.slice(6));
      assert.ok(res.text.includes(`${t.origin}/news/${shown}`), 'absolute links');
      assert.ok(res.text.includes('&lt;script&gt;alert(&quot;feed&quot;)&lt;/script&gt;子育てひろば]]&gt;'), 'escaped title');
      assert.ok(!res.text.includes('<script>'));
      for (const hidden of ['下書きのままのお知らせ', '承認待ちのお知らせ', '未来のお知らせ']) assert.ok(!res.text.includes(hidden), `${path} shows ${hidden}`);
      const again = await t.client().get(path, { 'if-none-match': String(res.headers.etag) });
      assert.equal(again.status, 304);
      const since = await t.client().get(path, { 'if-modified-since': String(res.headers['last-modified']) });
      assert.equal(since.status, 304);
      const cat = await t.client().get(`${path}?category=bousai`);
      await assertWellFormed(cat.text, `bousai-${path.slice(6)}`);
      assert.ok(!cat.text.includes(shown), 'the category feed holds that category only');
      assert.match(cat.text, /避難訓練のお知らせ/);
    }
    assert.ok(draft);
  });

  test('the language switch shows English where written, and the Japanese title marked lang="ja" where not', async () => {
    const id = await write(writer, { category: 'event', titleJa: '花火大会', titleEn: 'Fireworks', bodyJa: '日本語の本文', bodyEn: 'English text' });
    await writer.post(`/staff/news/${id}/submit`);
    const onlyJa = await write(writer, { category: 'event', titleJa: '盆踊り大会' });
    await writer.post(`/staff/news/${onlyJa}/submit`);
    const en = t.client();
    await en.get('/lang/en?next=/news');
    assert.match((await en.get(`/news/${id}`)).text, /<h1 id="news-title">Fireworks<\/h1>[\s\S]*English text/);
    const ja = await en.get(`/news/${onlyJa}`);
    assert.match(ja.text, /<h1 id="news-title" lang="ja">盆踊り大会<\/h1>/);
    assert.match(ja.text, /This item is available in Japanese only./);
  });
});
