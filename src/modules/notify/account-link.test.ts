/**
 * Which e-mail subscriptions a resident sees in マイページ (/mypage/subscriptions). Typing an
 * address proves nothing, so a subscription is linked to an account only when its confirmation
 * link (sent to the address) is opened while signed in — never by subscribing someone else's
 * address, active or not.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OutgoingMail } from '../../platform/mail/index.ts';
import { withTenant } from '../../platform/tenancy/index.ts';
import { buildTenant, type TestTenant } from '../../../test/support/factories.ts';
import { startTestPlatform, type TestPlatform } from '../../../test/support/platform.ts';
import { signInResidentByEmail } from '../../../test/support/residents.ts';
import type { TestClient } from '../../../test/support/client.ts';
import { ADDRESS_FIELD } from './subscriptions.service.ts';

const sent: OutgoingMail[] = [];
let p: TestPlatform;
let t: TestTenant;

before(async () => {
  p = await startTestPlatform({ env: { WORKER: 'false' }, mailer: { send: async (m) => void sent.push(m), close() {} } });
  t = await buildTenant(p);
});
after(() => p.stop());

/** The token of the newest link to `path` mailed to `email`. */
async function mailedToken(email: string, path: string): Promise<string> {
  await p.deps.worker.drain();
  const mail = sent.filter((m) => m.tenant === t.code && m.to === email).at(-1);
  assert.ok(mail, `no mail to ${email}`);
  const token = new RegExp(`${path.replace('?', '\\?')}token=([A-Za-z0-9._~-]+)`).exec(mail.text)?.[1];
  assert.ok(token, `no ${path} link in the mail to ${email}`);
  return token;
}

const subscribe = (client: TestClient, email: string) => client.post('/subscribe', { email, topics: ['bousai'], language: 'ja' });

async function confirm(client: TestClient, email: string) {
  const token = await mailedToken(email, '/subscribe/confirm?');
  const page = await client.get(`/subscribe/confirm?token=${token}`);
  assert.equal(page.status, 200);
  const done = await client.post('/subscribe/confirm', { token });
  assert.equal(done.status, 200, done.text);
  return page;
}

async function linkedTo(email: string): Promise<string | null> {
  const rows = await withTenant(p.deps.db, t.code, async (tx) => {
    const cipher = await p.deps.keyring.forTenant(tx, t.code);
    return tx.query<{ resident_id: string | null }>("SELECT resident_id FROM notify_subscriptions WHERE tenant_id = $1 AND channel = 'email' AND address_index = $2", [
      t.code,
      cipher.blindIndex(ADDRESS_FIELD, `email:${email}`),
    ]);
  });
  assert.equal(rows.length, 1, `one subscription for ${email}`);
  return rows[0]!.resident_id;
}

test('a subscription confirmed while signed in appears in マイページ with its manage link', async () => {
  const me = t.client();
  const { residentId } = await signInResidentByEmail(p, t, me, 'taro.link@example.jp', sent);
  assert.equal((await subscribe(me, 'taro.bousai@example.jp')).status, 303);
  assert.equal(await linkedTo('taro.bousai@example.jp'), null, 'not linked before the mailbox owner confirms');
  const page = await confirm(me, 'taro.bousai@example.jp');
  assert.doesNotMatch(page.text, /先にログインしてから/, 'no sign-in hint for a signed-in resident');
  assert.equal(await linkedTo('taro.bousai@example.jp'), residentId);
  const mine = await me.get('/mypage/subscriptions');
  assert.equal(mine.status, 200);
  assert.match(mine.text, /taro\.bousai@example\.jp/);
  assert.match(mine.text, /\/subscribe\/manage\?token=/);
});

test("a signed-in resident who types someone else's address never gets it in マイページ", async () => {
  // The owner subscribes and confirms without signing in.
  const owner = t.client();
  assert.equal((await subscribe(owner, 'hanako.owner@example.jp')).status, 303);
  const hint = await confirm(owner, 'hanako.owner@example.jp');
  assert.match(hint.text, /先にログインしてから/, 'the confirm page says how to see it in マイページ');
  assert.equal(await linkedTo('hanako.owner@example.jp'), null);

  const other = t.client();
  await signInResidentByEmail(p, t, other, 'jiro.other@example.jp', sent);
  // Active address: the owner is mailed a manage link; nothing is linked to the other account.
  const before = sent.length;
  assert.equal((await subscribe(other, 'hanako.owner@example.jp')).status, 303);
  await p.deps.worker.drain();
  assert.ok(sent.slice(before).some((m) => m.to === 'hanako.owner@example.jp'), 'the owner is told');
  assert.equal(await linkedTo('hanako.owner@example.jp'), null);
  // A new address typed by the other resident, confirmed by its owner (not signed in): not linked either.
  assert.equal((await subscribe(other, 'saburo.new@example.jp')).status, 303);
  await confirm(t.client(), 'saburo.new@example.jp');
  assert.equal(await linkedTo('saburo.new@example.jp'), null);
  const mine = await other.get('/mypage/subscriptions');
  assert.equal(mine.status, 200);
  assert.doesNotMatch(mine.text, /hanako\.owner@example\.jp|saburo\.new@example\.jp/);
  assert.doesNotMatch(mine.text, /\/subscribe\/manage\?token=/, 'no manage link for anything');
});

test('マイページ of subscriptions needs a signed-in resident', async () => {
  const res = await t.client().get('/mypage/subscriptions');
  assert.ok([302, 303, 401].includes(res.status), `status ${res.status}`);
  assert.doesNotMatch(res.text, /subscribe\/manage\?token=/);
});
