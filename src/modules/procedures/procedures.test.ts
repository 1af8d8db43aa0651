/** The procedure catalog: seeded procedures, browsing by area and life event, Japanese search, the procedure page. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { normalizeForSearch, searchTerms } from '../../platform/i18n/index.ts';
import { findProcedures } from './procedures.service.ts';
import { seedDemoProcedures } from './procedures.seed.ts';

let p: TestPlatform;
let t: TestTenant;

before(async () => {
  p = await startTestPlatform();
  t = await buildTenant(p);
  await seedDemoProcedures(p.deps, t.code);
});
after(() => p.stop());

const find = (q: Parameters<typeof findProcedures>[2]) => withTenant(p.deps.db, t.code, (tx) => findProcedures(tx, t.code, q));

test('search folding: 全角/半角, ｶﾅ and カタカナ become the same hiragana', () => {
  assert.equal(normalizeForSearch('ｼﾞﾄﾞｳ　テアテ'), 'じどう てあて');
  assert.equal(normalizeForSearch('ＡＢＣ１２３'), 'abc123');
  assert.deepEqual(searchTerms('  介護　介護 認定 '), ['介護', '認定']);
  assert.deepEqual(searchTerms(''), []);
});

test('the seed holds all 27 national procedures plus 住民票の写し, and running it again changes nothing', async () => {
  await seedDemoProcedures(p.deps, t.code);
  const all = await find({});
  assert.equal(all.length, 28);
  assert.deepEqual(all.filter((x) => x.nationalNo).map((x) => x.nationalNo), Array.from({ length: 27 }, (_, i) => i + 1));
  assert.ok(all.some((x) => x.name.ja === '住民票の写しの交付請求' && x.feeYen === 300));
  for (const x of all) {
    assert.ok(x.details.documents.length > 0, x.slug);
    assert.ok(x.details.legalBasis.ja && x.details.eligibility.ja && x.details.summary.en, x.slug);
  }
});

test('browse by category and by life event', async () => {
  assert.equal((await find({ category: 'childcare' })).length, 15);
  assert.equal((await find({ category: 'care' })).length, 11);
  assert.deepEqual((await find({ category: 'disaster' })).map((x) => x.name.ja), ['罹災証明書の発行申請']);
  const care = await find({ lifeEvent: 'care' });
  assert.ok(care.every((x) => x.lifeEvents.includes('care')) && care.length === 11);
  assert.ok((await find({ lifeEvent: 'birth' })).some((x) => x.slug === 'child-allowance-claim'));
});

test('search works in hiragana, katakana, half-width kana, kanji, partial words and English', async () => {
  const slugs = async (q: string) => (await find({ q })).map((x) => x.slug);
  assert.ok((await slugs('じどうてあて')).includes('child-allowance-claim'));
  assert.ok((await slugs('ジドウテアテ')).includes('child-allowance-claim'));
  assert.ok((await slugs('ｼﾞﾄﾞｳﾃｱﾃ')).includes('child-allowance-claim'));
  assert.deepEqual(await slugs('罹災'), ['disaster-certificate']);
  assert.deepEqual(await slugs('りさい'), ['disaster-certificate']);
  assert.ok((await slugs('保育園')).includes('nursery-application'));
  assert.deepEqual(await slugs('住民票'), ['residence-certificate']);
  assert.ok((await slugs('介護 再交付')).every((s) => s.endsWith('reissue')));
  assert.equal((await slugs('介護 再交付')).length, 2);
  assert.ok((await slugs('child allowance')).includes('child-allowance-claim'));
  assert.deepEqual(await slugs('100%_'), []);
  assert.deepEqual(await slugs('存在しない手続'), []);
});

test('the list page searches and filters without JavaScript and escapes the query', async () => {
  const c = t.client();
  const page = await c.get(`/procedures?q=${encodeURIComponent('りさい')}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /罹災証明書の発行申請/);
  assert.doesNotMatch(page.text, /住民票の写しの交付請求/);
  const byEvent = await c.get('/procedures?event=pregnancy');
  assert.match(byEvent.text, /妊娠の届出/);
  assert.doesNotMatch(byEvent.text, /罹災証明書/);
  const bad = await c.get(`/procedures?q=${encodeURIComponent('<script>alert(1)</script>')}&category=nope`);
  assert.equal(bad.status, 200);
  assert.doesNotMatch(bad.text, /<script>alert/);
  assert.match(bad.text, /該当する手続はありません/);
});

test('the procedure page shows department, who can apply, documents, fee, sign-in level, processing time, legal basis and contact', async () => {
  const c = t.client();
  const page = await c.get('/procedures/residence-certificate');
  assert.equal(page.status, 200);
  for (const s of ['市民課', '申請できる方', 'マイナンバーカード（署名用電子証明書）', '1通300円', 'マイナンバーカードでのログイン', '5日', '住民基本台帳法第12条', '000-100-2001'])
    assert.ok(page.text.includes(s), s);
  const en = await c.get('/procedures/child-allowance-claim?lang=en');
  assert.equal(en.status, 200);
  assert.equal((await c.get('/procedures/no-such-procedure')).status, 404);
  assert.equal((await c.get('/procedures/..%2Fadmin')).status, 404);
});

test('another municipality sees none of these procedures', async () => {
  const other = await buildTenant(p);
  assert.equal((await other.client().get('/procedures/child-allowance-claim')).status, 404);
  const list = await other.client().get('/procedures');
  assert.doesNotMatch(list.text, /児童手当/);
});
