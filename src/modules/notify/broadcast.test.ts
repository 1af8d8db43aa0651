/**
 * broadcast()'s limits count characters (code points), as the senders' forms do: 𠮷 is one
 * character, not two UTF-16 units. fitBroadcastText() turns longer text into an excerpt that ends
 * in "…" and says the full text is at the link, never cutting inside a character.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { isAppError } from '../../platform/errors/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { BODY_MAX, TITLE_MAX, fitBroadcastText } from './broadcast.service.ts';
import { charCount, cutChars, excerptText } from './compose.ts';
import { excerptNote } from './notify.messages.ts';
import { alertInput, sendBroadcast } from './notify.testkit.ts';

/** A lone (unpaired) surrogate: what cutting inside a pair leaves behind. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('excerpts', () => {
  test('charCount counts characters as people do; cutChars never splits a surrogate pair, an 異体字 selector or an emoji sequence', () => {
    assert.equal(charCount('𠮷野家'), 3);
    assert.equal('𠮷野家'.length, 4);
    assert.equal(cutChars('a𠮷b', 2), 'a𠮷');
    assert.equal(cutChars('𠮷𠮷𠮷', 2), '𠮷𠮷');
    // 葛 + IVS selector (U+E0100) is one character (and one grapheme): kept whole or left out whole.
    assert.equal(charCount('a葛\u{E0100}城市'), 4);
    assert.equal(cutChars('a葛\u{E0100}城市', 1), 'a');
    assert.equal(cutChars('a葛\u{E0100}城市', 2), 'a葛\u{E0100}');
    assert.equal(cutChars('葛\u{E0100}城市', 1), '葛\u{E0100}');
    // Only a first grapheme longer than the limit itself is cut, by code point.
    assert.equal(cutChars('e\u0301\u0301\u0301x', 2), 'e\u0301');
    // 👨‍👩‍👧 is five code points and one grapheme.
    assert.equal(cutChars('あ👨‍👩‍👧い', 4), 'あ');
    assert.equal(cutChars('あ👨‍👩‍👧い', 6), 'あ👨‍👩‍👧');
    assert.equal(cutChars('short', 100), 'short');
  });

  test('text within the limit is returned as it is; a longer one is cut to the limit with "…" and the note', () => {
    assert.equal(excerptText('𠮷'.repeat(10), 10, 'note'), '𠮷'.repeat(10));
    const cut = excerptText('𠮷'.repeat(100), 50, '（全文はリンク先）');
    assert.ok(charCount(cut) <= 50, `${charCount(cut)} characters`);
    assert.ok(cut.endsWith('…\n\n（全文はリンク先）'));
    assert.doesNotMatch(cut, LONE_SURROGATE);
    assert.equal(charCount(cut), 50, 'no break near: cut right at the limit');
    assert.equal(excerptText('abcdefghij', 5), 'abcd…');
  });

  test('cuts at a paragraph end when one is near, else a sentence end, else a line end', () => {
    const para = `${'あ'.repeat(900)}。\n\n${'い'.repeat(50)}。${'う'.repeat(200)}`;
    assert.equal(excerptText(para, 1000), `${'あ'.repeat(900)}。…`, 'the paragraph end, though a sentence end is nearer');
    const sentence = `${'あ'.repeat(900)}。${'い'.repeat(50)}」${'う'.repeat(200)}`;
    assert.equal(excerptText(sentence, 1000), `${'あ'.repeat(900)}。…`);
    const quoted = `${'あ'.repeat(900)}「はい。」${'う'.repeat(200)}`;
    assert.equal(excerptText(quoted, 1000), `${'あ'.repeat(900)}「はい。」…`, 'a closing bracket stays with its sentence');
    const en = `${'word '.repeat(180)}The end. ${'more '.repeat(100)}`;
    assert.equal(excerptText(en, 1000), `${'word '.repeat(180)}The end.…`);
    assert.ok(excerptText('https://example.jp/a.pdf を見る '.repeat(60), 1000).endsWith(' を見る…'), 'a dot inside an address is no sentence end');
    // A break further back than the window (a fifth of the room) is not near: cut at the limit.
    const far = `${'あ'.repeat(100)}。${'い'.repeat(2000)}`;
    assert.equal(excerptText(far, 1000), `${'あ'.repeat(100)}。${'い'.repeat(898)}…`);
  });

  test('never ends in a cut web address', () => {
    const s = `${'あ'.repeat(990)}https://minatono.example.jp/news/very/long/path/to/a/page`;
    assert.equal(excerptText(s, 1000), `${'あ'.repeat(990)}…`);
  });

  test('fitBroadcastText: a 20,000-character body with surrogate pairs becomes an excerpt within BODY_MAX; titles within TITLE_MAX', () => {
    const para = `${'𠮷野家の前で𩸽を焼きます。'.repeat(20)}\n\n`;
    const long = [...para.repeat(80)].slice(0, 20_000).join('');
    assert.equal(charCount(long), 20_000);
    const text = fitBroadcastText({ title: { ja: '𠮷'.repeat(150), en: '𠮷'.repeat(300) }, body: { ja: long, easy: 'みじかい', en: long } });
    assert.equal(text.title.ja, '𠮷'.repeat(150), '150 characters fit, though they are 300 UTF-16 units');
    assert.equal(charCount(text.title.en), TITLE_MAX);
    assert.ok(text.title.en.endsWith('𠮷…'));
    assert.equal(text.body.easy, 'みじかい');
    for (const [lang, body] of [['ja', text.body.ja], ['en', text.body.en]] as const) {
      assert.ok(charCount(body) <= BODY_MAX, `${lang}: ${charCount(body)} characters`);
      assert.ok(body.endsWith(`。…\n\n${excerptNote[lang]}`), `${lang}: ends at a sentence, "…" and the note`);
      assert.doesNotMatch(body, LONE_SURROGATE);
      assert.ok(long.startsWith(body.slice(0, body.indexOf('…'))), 'the excerpt is the start of the text');
    }
    assert.equal(fitBroadcastText({ title: { ja: 'a', en: 'b' }, body: { ja: 'c', en: 'd' } }).title.easy, undefined, 'no easy text is made up');
  });
});

describe('broadcast() limits', () => {
  let p: TestPlatform;
  let t: TestTenant;
  before(async () => {
    p = await startTestPlatform({ env: { WORKER: 'false' } });
    t = await buildTenant(p);
  });
  after(() => p.stop());

  const refusal = async (over: Parameters<typeof alertInput>[1]) => {
    const err = await sendBroadcast(p.deps.db, alertInput(t.code, over)).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(isAppError(err) && err.code === 'validation_failed', `expected validation_failed, got ${String(err)}`);
    return err.fields;
  };

  test('a 200-character title and a 4,000-character body of 𠮷 (surrogate pairs) are accepted and stored whole', async () => {
    const input = alertInput(t.code, { title: { ja: '𠮷'.repeat(TITLE_MAX), en: 'x' }, body: { ja: '𠮷'.repeat(BODY_MAX), en: 'y' } });
    const { broadcastId, created } = await sendBroadcast(p.deps.db, input);
    assert.equal(created, true);
    const [row] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ title: { ja: string }; body: { ja: string } }>('SELECT title, body FROM notify_broadcasts WHERE id = $1', [broadcastId]));
    assert.equal(row!.title.ja, '𠮷'.repeat(TITLE_MAX));
    assert.equal(row!.body.ja, '𠮷'.repeat(BODY_MAX));
  });

  test('an alert at its form limits (headline 150; description 1,500 + instruction 2,000) fits, in 𠮷', async () => {
    const body = `${'𠮷'.repeat(1500)}\n\n${'𠮷'.repeat(2000)}`;
    const { created } = await sendBroadcast(p.deps.db, alertInput(t.code, { title: { ja: '𠮷'.repeat(150), easy: '𠮷'.repeat(150), en: '𠮷'.repeat(150) }, body: { ja: body, easy: body, en: body } }));
    assert.equal(created, true);
  });

  test('one character over is refused, the field named in Japanese and English; nothing is stored', async () => {
    const [before] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notify_broadcasts'));
    const title = await refusal({ title: { ja: '避難指示', en: '𠮷'.repeat(TITLE_MAX + 1) } });
    assert.deepEqual(title.map((f) => f.field), ['title.en']);
    assert.equal(title[0]!.message.ja, '「件名（英語）」は200文字以内にしてください（𠮷 のような文字も1文字と数えます）。長い文章は、抜粋を送り全文はページへのリンクで案内してください。');
    assert.equal(title[0]!.message.en, 'title (English) must be 200 characters or fewer (a character such as 𠮷 counts as one). Send an excerpt of a longer text and link to the page for the full text.');
    const body = await refusal({ body: { ja: 'あ'.repeat(BODY_MAX + 1), en: 'ok' } });
    assert.deepEqual(body.map((f) => f.field), ['body.ja']);
    assert.match(body[0]!.message.ja, /^「本文（日本語）」は4000文字以内にしてください/);
    const easy = await refusal({ body: { ja: 'ok', easy: '𠮷'.repeat(BODY_MAX * 2), en: 'ok' } });
    assert.deepEqual(easy.map((f) => f.field), ['body.easy']);
    const empty = await refusal({ title: { ja: '　', en: 'x' } });
    assert.equal(empty[0]!.field, 'title.ja');
    const [afterwards] = await withTenant(p.deps.db, t.code, (tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notify_broadcasts'));
    assert.deepEqual(afterwards, before);
  });
});
