/**
 * Subscriptions on every channel. E-mail is double opt-in: a new or re-activated address receives
 * only a confirmation link until it is clicked. Addresses are encrypted with the municipality's key
 * and found again through their blind index, so the same address is one subscription per channel.
 */
import { z } from 'zod';
import type { Queryable } from '../../platform/db/index.ts';
import { registerEncryptedColumns, type TenantCipher } from '../../platform/crypto/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { queueMail } from '../../platform/mail/index.ts';
import type { Tenant } from '../../platform/tenancy/index.ts';
import { emailField, parseInput, ruleMessage } from '../../platform/validation/index.ts';
import { LANGUAGES, TOPICS, type Channel, type Language, type Topic } from './model.ts';
import { confirmMail, alreadyMail, prefsLabels } from './notify.messages.ts';
import { signToken } from './tokens.ts';
import type { PushSubscriptionJson } from './channels/webpush.ts';

export const ADDRESS_FIELD = 'notify.address';
registerEncryptedColumns(
  { table: 'notify_subscriptions', key: ['id'], column: 'address_enc', field: ADDRESS_FIELD },
  { table: 'notify_channel_settings', key: [], column: 'vapid_private_enc', field: 'notify.vapid_private' },
  { table: 'notify_channel_settings', key: [], column: 'line_token_enc', field: 'notify.line_token' },
  { table: 'notify_channel_settings', key: [], column: 'line_secret_enc', field: 'notify.line_secret' },
);

export interface Preferences {
  topics: Topic[];
  areas: string[];
  language: Language;
}

const asArray = (v: unknown) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);
export const prefsSchema = z.object({
  topics: z.preprocess(asArray, z.array(z.enum(TOPICS)).min(1).max(TOPICS.length)),
  areas: z.preprocess(asArray, z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).max(100)),
  language: z.enum(LANGUAGES).default('ja'),
});

/** An e-mail address as a subscription accepts it: 全角 folded, at most 64 characters before @. */
export const subscriberEmail = emailField().refine((s) => (s.split('@')[0] ?? '').length <= 64, ruleMessage({
  ja: '{label}の@より前は64文字以内で入力してください。',
  en: 'The part of {label} before @ must be 64 characters or fewer.',
}));

/** Parses preferences and checks every area exists in this municipality. */
export async function parsePreferences(tx: Queryable, tenant: string, input: unknown): Promise<Preferences> {
  const prefs = parseInput(prefsSchema, input, prefsLabels);
  const areas = [...new Set(prefs.areas)];
  if (areas.length) {
    const known = await tx.query<{ code: string }>('SELECT code FROM notify_areas WHERE tenant_id = $1 AND code = ANY($2)', [tenant, areas]);
    if (known.length !== areas.length)
      throw new AppError('validation_failed', { fields: [{ field: 'areas', message: { ja: '「地区」は選択肢から選んでください。', en: 'Choose areas from the options.' } }] });
  }
  return { topics: [...new Set(prefs.topics)], areas, language: prefs.language };
}

export interface SubscriptionView {
  id: string;
  channel: Channel;
  state: 'pending' | 'active' | 'suspended' | 'ended';
  topics: Topic[];
  areas: string[];
  language: Language;
  /** Shown to the person: the e-mail address, "this browser" for push, the webhook's name. */
  display: string;
  createdAt: Date;
}

interface Row {
  id: string;
  channel: Channel;
  state: SubscriptionView['state'];
  topics: Topic[];
  areas: string[];
  language: Language;
  address_enc: string;
  label: string;
  created_at: Date;
}

function toView(cipher: TenantCipher, r: Row): SubscriptionView {
  let display = r.label;
  if (r.channel === 'email') display = cipher.decrypt(ADDRESS_FIELD, r.address_enc)!;
  if (r.channel === 'webhook') display = `${r.label} (${(JSON.parse(cipher.decrypt(ADDRESS_FIELD, r.address_enc)!) as { url: string }).url})`;
  return { id: r.id, channel: r.channel, state: r.state, topics: r.topics, areas: r.areas, language: r.language, display, createdAt: r.created_at };
}

const COLUMNS = 'id, channel, state, topics, areas, language, address_enc, label, created_at';

export async function findSubscription(tx: Queryable, cipher: TenantCipher, tenant: string, id: string): Promise<SubscriptionView | null> {
  const [r] = await tx.query<Row>(`SELECT ${COLUMNS} FROM notify_subscriptions WHERE tenant_id = $1 AND id = $2`, [tenant, id]);
  return r ? toView(cipher, r) : null;
}

export async function listResidentSubscriptions(tx: Queryable, cipher: TenantCipher, tenant: string, residentId: string): Promise<SubscriptionView[]> {
  const rows = await tx.query<Row>(`SELECT ${COLUMNS} FROM notify_subscriptions WHERE tenant_id = $1 AND resident_id = $2 AND state <> 'ended' ORDER BY created_at`, [tenant, residentId]);
  return rows.map((r) => toView(cipher, r));
}

/**
 * Subscribes an e-mail address (double opt-in). A new, ended or suspended address becomes
 * pending and receives a confirmation link; an active one is left unchanged and receives a link to
 * its manage page instead (so nobody can change another person's subscription by typing their
 * address, and the form does not reveal who is subscribed).
 * Typing an address proves nothing about who owns it, so it is never linked to the account of the
 * person signed in here: that happens only when the confirmation link, which goes to the address,
 * is opened by a signed-in resident (confirmSubscription).
 */
export async function subscribeEmail(tx: Queryable, cipher: TenantCipher, tenant: Tenant, input: { email: string; prefs: Preferences }): Promise<void> {
  const index = cipher.blindIndex(ADDRESS_FIELD, `email:${input.email}`);
  const [existing] = await tx.query<{ id: string; state: string }>('SELECT id, state FROM notify_subscriptions WHERE tenant_id = $1 AND channel = $2 AND address_index = $3', [
    tenant.code,
    'email',
    index,
  ]);
  const lang = input.prefs.language === 'en' ? 'en' : 'ja';
  if (existing?.state === 'active') {
    const url = `${tenant.origin}/subscribe/manage?token=${signToken(cipher, 'manage', existing.id)}`;
    await queueMail(tx, { tenant: tenant.code, to: input.email, subject: alreadyMail.subject[lang], text: alreadyMail.body[lang].replace('{url}', url) });
    return;
  }
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO notify_subscriptions (tenant_id, channel, state, language, topics, areas, resident_id, address_enc, address_index)
     VALUES ($1, 'email', 'pending', $2, $3, $4, NULL, $5, $6)
     ON CONFLICT (tenant_id, channel, address_index) DO UPDATE SET state = 'pending', language = excluded.language, topics = excluded.topics,
       areas = excluded.areas, resident_id = NULL, hard_bounces = 0, ended_at = NULL, updated_at = now()
     RETURNING id`,
    [tenant.code, input.prefs.language, input.prefs.topics, input.prefs.areas, cipher.encrypt(ADDRESS_FIELD, input.email), index],
  );
  const url = `${tenant.origin}/subscribe/confirm?token=${signToken(cipher, 'confirm', row!.id)}`;
  await queueMail(tx, { tenant: tenant.code, to: input.email, subject: confirmMail.subject[lang], text: confirmMail.body[lang].replace('{url}', url) });
}

/**
 * Activates a pending e-mail subscription. Opened by a signed-in resident (`residentId`), it is
 * linked to their account and shown in マイページ: the link went to the address, so whoever opens
 * it holds the mailbox. Returns the subscription, or null if there is none.
 */
export async function confirmSubscription(tx: Queryable, cipher: TenantCipher, tenant: string, id: string, residentId: string | null = null): Promise<SubscriptionView | null> {
  await tx.query(
    "UPDATE notify_subscriptions SET state = 'active', confirmed_at = now(), resident_id = coalesce(resident_id, $3), updated_at = now() WHERE tenant_id = $1 AND id = $2 AND state = 'pending'",
    [tenant, id, residentId],
  );
  return findSubscription(tx, cipher, tenant, id);
}

export async function updatePreferences(tx: Queryable, tenant: string, id: string, prefs: Preferences): Promise<void> {
  await tx.query('UPDATE notify_subscriptions SET topics = $3, areas = $4, language = $5, updated_at = now() WHERE tenant_id = $1 AND id = $2', [tenant, id, prefs.topics, prefs.areas, prefs.language]);
}

/** Ends a subscription; deliveries not yet sent to it are suppressed. Idempotent. */
export async function unsubscribe(tx: Queryable, tenant: string, id: string): Promise<boolean> {
  const rows = await tx.query("UPDATE notify_subscriptions SET state = 'ended', ended_at = coalesce(ended_at, now()), updated_at = now() WHERE tenant_id = $1 AND id = $2 RETURNING id", [tenant, id]);
  return rows.length > 0;
}

const pushSchema = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  keys: z.object({ p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/), auth: z.string().regex(/^[A-Za-z0-9_-]{16,30}={0,2}$/) }),
});

/** The browser's opt-in is the permission prompt, so a push subscription is active at once. */
export async function subscribePush(tx: Queryable, cipher: TenantCipher, tenant: string, input: { subscription: unknown; prefs: Preferences; residentId?: string | null; production: boolean }): Promise<string> {
  const sub = parseInput(pushSchema, input.subscription, { endpoint: { ja: 'プッシュ通知の宛先', en: 'push endpoint' } }) as PushSubscriptionJson;
  if (input.production && !sub.endpoint.startsWith('https://'))
    throw new AppError('validation_failed', { fields: [{ field: 'endpoint', message: { ja: 'プッシュ通知の宛先はhttpsである必要があります。', en: 'The push endpoint must use https.' } }] });
  return upsertActive(tx, cipher, tenant, 'webpush', `push:${sub.endpoint}`, JSON.stringify(sub), input.prefs, input.residentId ?? null, '');
}

async function upsertActive(tx: Queryable, cipher: TenantCipher, tenant: string, channel: Channel, indexValue: string, address: string, prefs: Preferences, residentId: string | null, label: string): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO notify_subscriptions (tenant_id, channel, state, language, topics, areas, resident_id, address_enc, address_index, label, confirmed_at)
     VALUES ($1, $2, 'active', $3, $4, $5, $6, $7, $8, $9, now())
     ON CONFLICT (tenant_id, channel, address_index) DO UPDATE SET state = 'active', language = excluded.language, topics = excluded.topics, areas = excluded.areas,
       address_enc = excluded.address_enc, label = excluded.label, resident_id = coalesce(notify_subscriptions.resident_id, excluded.resident_id), ended_at = NULL, updated_at = now()
     RETURNING id`,
    [tenant, channel, prefs.language, prefs.topics, prefs.areas, residentId, cipher.encrypt(ADDRESS_FIELD, address), cipher.blindIndex(ADDRESS_FIELD, indexValue), label],
  );
  return row!.id;
}

/** LINE follow: the friend gets 防災 for the whole municipality in Japanese until they change it. */
export async function followLine(tx: Queryable, cipher: TenantCipher, tenant: string, userId: string): Promise<string> {
  const index = cipher.blindIndex(ADDRESS_FIELD, `line:${userId}`);
  const [existing] = await tx.query<{ id: string; topics: Topic[]; areas: string[]; language: Language }>(
    'SELECT id, topics, areas, language FROM notify_subscriptions WHERE tenant_id = $1 AND channel = $2 AND address_index = $3',
    [tenant, 'line', index],
  );
  const prefs: Preferences = existing ? { topics: existing.topics, areas: existing.areas, language: existing.language } : { topics: ['bousai'], areas: [], language: 'ja' };
  return upsertActive(tx, cipher, tenant, 'line', `line:${userId}`, userId, prefs, null, 'LINE');
}

export async function unfollowLine(tx: Queryable, cipher: TenantCipher, tenant: string, userId: string): Promise<void> {
  await tx.query("UPDATE notify_subscriptions SET state = 'ended', ended_at = now(), updated_at = now() WHERE tenant_id = $1 AND channel = 'line' AND address_index = $2", [
    tenant,
    cipher.blindIndex(ADDRESS_FIELD, `line:${userId}`),
  ]);
}

export async function createWebhook(tx: Queryable, cipher: TenantCipher, tenant: string, input: { label: string; url: string; secret: string; prefs: Preferences }): Promise<string> {
  return upsertActive(tx, cipher, tenant, 'webhook', `webhook:${input.url}`, JSON.stringify({ url: input.url, secret: input.secret }), input.prefs, null, input.label);
}

export async function listWebhooks(tx: Queryable, cipher: TenantCipher, tenant: string): Promise<SubscriptionView[]> {
  const rows = await tx.query<Row>(`SELECT ${COLUMNS} FROM notify_subscriptions WHERE tenant_id = $1 AND channel = 'webhook' AND state <> 'ended' ORDER BY created_at`, [tenant]);
  return rows.map((r) => toView(cipher, r));
}

/** A bounce report for an address: counts a hard bounce; suspends after NOTIFY_BOUNCE_LIMIT. Returns whether the address was known. */
export async function recordBounce(tx: Queryable, cipher: TenantCipher, tenant: string, email: string, limit: number): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE notify_subscriptions SET hard_bounces = hard_bounces + 1, last_error = 'bounce report',
       state = CASE WHEN hard_bounces + 1 >= $4 AND state = 'active' THEN 'suspended' ELSE state END, updated_at = now()
     WHERE tenant_id = $1 AND channel = 'email' AND address_index = $2 AND state <> $3 RETURNING id`,
    [tenant, cipher.blindIndex(ADDRESS_FIELD, `email:${email}`), 'ended', limit],
  );
  return rows.length > 0;
}

export interface SubscriberCount {
  channel: Channel;
  topic: Topic;
  area: string | null;
  count: number;
}

/** Active subscribers per channel, topic and area (null area: the whole municipality). */
export async function subscriberCounts(tx: Queryable, tenant: string): Promise<SubscriberCount[]> {
  const rows = await tx.query<{ channel: Channel; topic: Topic; area: string | null; n: number }>(
    `SELECT channel, t AS topic, a AS area, count(*)::int AS n
     FROM notify_subscriptions s CROSS JOIN LATERAL unnest(s.topics) AS t
       CROSS JOIN LATERAL unnest(CASE WHEN s.areas = '{}' THEN ARRAY[NULL]::text[] ELSE s.areas END) AS a
     WHERE tenant_id = $1 AND state = 'active' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [tenant],
  );
  return rows.map((r) => ({ channel: r.channel, topic: r.topic, area: r.area, count: Number(r.n) }));
}
