/**
 * Staff pages of the delivery engine:
 *   GET  /staff/notify                              recent broadcasts, subscriber counts
 *   GET  /staff/notify/broadcasts/:broadcastId      DeliveryProgress of one broadcast (polls with JS)
 *   GET  /staff/notify/dead-letter                  dead and refused deliveries with their error
 *   POST /staff/notify/dead-letter/retry            "retry now" (audited)
 *   GET/POST /staff/notify/webhooks, POST /staff/notify/webhooks/:subscriptionId/remove   (admin)
 *   GET/POST /staff/notify/line                     LINE channel token and secret (admin)
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, isAppError, type FieldError } from '../../platform/errors/index.ts';
import { audit, pageContext, seeOther, tenantTx, tenantTxWithCipher, type AppEnv, type Ctx } from '../../platform/http/index.ts';
import { parseInput, textField } from '../../platform/validation/index.ts';
import { requireStaff } from '../staff/index.ts';
import { listAreas } from './areas.ts';
import { loadChannelSecrets, saveLineChannel } from './channel-settings.ts';
import { newWebhookSecret, unsafeWebhookUrl } from './channels/webhook.ts';
import { CHANNELS } from './model.ts';
import { staffText as m } from './notify.messages.ts';
import { notifyPolicy } from './notify.policy.ts';
import { getBroadcast, listDeadLetters, recentBroadcasts, retryDelivery } from './staff.service.ts';
import { createWebhook, listWebhooks, parsePreferences, subscriberCounts, unsubscribe } from './subscriptions.service.ts';
import { BroadcastPage, DeadLetterPage, LinePage, OverviewPage, WebhooksPage } from './views/staff.tsx';

export const staffRoutes = new Hono<AppEnv>();

function allowed(c: Ctx, rule: keyof typeof notifyPolicy) {
  const staff = requireStaff(c);
  if (!notifyPolicy[rule](staff)) throw new AppError('forbidden');
  return staff;
}

staffRoutes.get('/staff/notify', async (c) => {
  allowed(c, 'viewDeliveries');
  const t = c.var.tenant.code;
  const data = await tenantTx(c, async (tx) => ({ broadcasts: await recentBroadcasts(tx, t), counts: await subscriberCounts(tx, t), areas: await listAreas(tx, t) }));
  return c.html(<OverviewPage ctx={pageContext(c)} {...data} />);
});

staffRoutes.get('/staff/notify/broadcasts/:broadcastId', async (c) => {
  allowed(c, 'viewDeliveries');
  const b = await tenantTx(c, (tx) => getBroadcast(tx, c.var.tenant.code, c.req.param('broadcastId')));
  if (!b) throw new AppError('not_found');
  return c.html(<BroadcastPage ctx={pageContext(c)} b={b} />);
});

staffRoutes.get('/staff/notify/dead-letter', async (c) => {
  const staff = allowed(c, 'viewDeliveries');
  const items = await tenantTx(c, (tx) => listDeadLetters(tx, c.var.tenant.code));
  return c.html(<DeadLetterPage ctx={pageContext(c)} items={items} retryHours={c.var.deps.config.NOTIFY_RETRY_HOURS} canRetry={notifyPolicy.retryDeliveries(staff)} retried={c.req.query('retried') === '1'} />);
});

const retrySchema = z.object({ broadcastId: z.uuid(), channel: z.enum(CHANNELS), subscriptionId: z.uuid() });

staffRoutes.post('/staff/notify/dead-letter/retry', async (c) => {
  allowed(c, 'retryDeliveries');
  const key = parseInput(retrySchema, await c.req.parseBody());
  const ok = await tenantTx(c, async (tx) => {
    const done = await retryDelivery(tx, c.var.tenant.code, key);
    if (done) await audit(c, tx, { action: 'notify.delivery.retry', recordType: 'notify_delivery', recordId: `${key.broadcastId}/${key.channel}/${key.subscriptionId}` });
    return done;
  });
  if (!ok) throw new AppError('not_found');
  c.var.deps.worker.nudge();
  return seeOther(c, '/staff/notify/dead-letter?retried=1');
});

async function webhooksPage(c: Ctx, errors: FieldError[], values: { label: string; url: string }, newSecret: string | null, status: 200 | 400) {
  const data = await tenantTxWithCipher(c, async (tx, cipher) => ({ hooks: await listWebhooks(tx, cipher, c.var.tenant.code), areas: await listAreas(tx, c.var.tenant.code) }));
  return c.html(<WebhooksPage ctx={pageContext(c)} {...data} errors={errors} values={values} newSecret={newSecret} />, status);
}

staffRoutes.get('/staff/notify/webhooks', (c) => {
  allowed(c, 'configureChannels');
  return webhooksPage(c, [], { label: '', url: '' }, null, 200);
});

const webhookLabels = { label: { ja: '名前', en: 'name' }, url: { ja: 'URL', en: 'URL' } };

staffRoutes.post('/staff/notify/webhooks', async (c) => {
  allowed(c, 'configureChannels');
  const body = (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  const values = { label: typeof body['label'] === 'string' ? body['label'] : '', url: typeof body['url'] === 'string' ? body['url'] : '' };
  const secret = newWebhookSecret();
  try {
    const input = parseInput(z.object({ label: textField({ max: 100 }), url: textField({ max: 2000 }) }), values, webhookLabels);
    const unsafe = await unsafeWebhookUrl(input.url, c.var.deps.config.YAKUBA_ENV === 'production');
    if (unsafe) throw new AppError('validation_failed', { fields: [{ field: 'url', message: { ja: m.webhookUrlUnsafe.ja.replace('{reason}', unsafe), en: m.webhookUrlUnsafe.en.replace('{reason}', unsafe) } }] });
    await tenantTxWithCipher(c, async (tx, cipher) => {
      const prefs = await parsePreferences(tx, c.var.tenant.code, { topics: body['topics'], areas: body['areas'], language: body['language'] });
      const id = await createWebhook(tx, cipher, c.var.tenant.code, { label: input.label, url: input.url, secret, prefs });
      await audit(c, tx, { action: 'notify.webhook.create', recordType: 'notify_subscription', recordId: id });
    });
  } catch (e) {
    if (isAppError(e) && e.code === 'validation_failed') return webhooksPage(c, e.fields, values, null, 400);
    throw e;
  }
  return webhooksPage(c, [], { label: '', url: '' }, secret, 200);
});

staffRoutes.post('/staff/notify/webhooks/:subscriptionId/remove', async (c) => {
  allowed(c, 'configureChannels');
  const id = c.req.param('subscriptionId');
  if (!z.uuid().safeParse(id).success) throw new AppError('not_found');
  const ok = await tenantTx(c, async (tx) => {
    const [row] = await tx.query("SELECT 1 FROM notify_subscriptions WHERE tenant_id = $1 AND id = $2 AND channel = 'webhook'", [c.var.tenant.code, id]);
    if (!row) return false;
    await unsubscribe(tx, c.var.tenant.code, id);
    await audit(c, tx, { action: 'notify.webhook.remove', recordType: 'notify_subscription', recordId: id });
    return true;
  });
  if (!ok) throw new AppError('not_found');
  return seeOther(c, '/staff/notify/webhooks');
});

async function linePage(c: Ctx, errors: FieldError[], saved: boolean, status: 200 | 400) {
  const configured = await tenantTxWithCipher(c, async (tx, cipher) => (await loadChannelSecrets(tx, cipher, c.var.tenant.code)).line !== undefined);
  return c.html(<LinePage ctx={pageContext(c)} configured={configured} webhookUrl={`${c.var.tenant.origin}/api/notify/line/webhook`} errors={errors} saved={saved} />, status);
}

staffRoutes.get('/staff/notify/line', (c) => {
  allowed(c, 'configureChannels');
  return linePage(c, [], c.req.query('saved') === '1', 200);
});

staffRoutes.post('/staff/notify/line', async (c) => {
  allowed(c, 'configureChannels');
  const body = await c.req.parseBody();
  try {
    const input = parseInput(z.object({ token: textField({ max: 500 }), secret: textField({ max: 100 }) }), body, { token: m.lineToken, secret: m.lineSecret });
    await tenantTxWithCipher(c, async (tx, cipher) => {
      await saveLineChannel(tx, cipher, c.var.tenant.code, input.token, input.secret);
      await audit(c, tx, { action: 'notify.line.configure', recordType: 'notify_channel_settings', recordId: c.var.tenant.code });
    });
  } catch (e) {
    if (isAppError(e) && e.code === 'validation_failed') return linePage(c, e.fields, false, 400);
    throw e;
  }
  return seeOther(c, '/staff/notify/line?saved=1');
});
