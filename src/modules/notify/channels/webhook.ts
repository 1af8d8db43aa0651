/**
 * Outgoing webhooks, signed per Standard Webhooks: headers webhook-id (stable per delivery, so
 * receivers drop repeats), webhook-timestamp and webhook-signature "v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>" with the secret "whsec_<base64>". In production, URLs that resolve to
 * private, loopback or link-local addresses are refused (SSRF, outbound-guard.ts), at registration
 * and at each send.
 */
import crypto from 'node:crypto';
import { errorText, withConcurrency, type SendBatch } from './channel.ts';
import { internalTargetReason, UNRESOLVED } from './outbound-guard.ts';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString('base64')}`;
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${crypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** Refuses URLs that point into the server's own network (outbound-guard.ts); returns a reason, or null when allowed. */
export const unsafeWebhookUrl = internalTargetReason;
export { UNRESOLVED };

export function webhookChannel(opts: { concurrency: number; timeoutMs: number; production: boolean }): { send: SendBatch } {
  return {
    async send(batch, report) {
      await withConcurrency(batch, opts.concurrency, async (d) => {
        try {
          const target = JSON.parse(d.address) as WebhookTarget;
          const unsafe = await unsafeWebhookUrl(target.url, opts.production);
          if (unsafe === UNRESOLVED) return report(d, { kind: 'transient', error: `webhook URL: ${unsafe}` });
          if (unsafe) return report(d, { kind: 'permanent', error: `webhook URL refused: ${unsafe}`, effect: 'none' });
          const timestamp = Math.floor(Date.now() / 1000);
          const body = JSON.stringify({
            type: 'notify.message',
            timestamp: new Date(timestamp * 1000).toISOString(),
            data: { id: d.messageId, ...d.meta, language: d.language, title: d.title, body: d.body, url: d.url },
          });
          const res = await fetch(target.url, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/json', 'webhook-id': d.messageId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(target.secret, d.messageId, timestamp, body) },
            body,
            signal: AbortSignal.timeout(opts.timeoutMs),
          });
          await res.arrayBuffer().catch(() => undefined);
          if (res.ok) report(d, { kind: 'sent' });
          else if (res.status === 410) report(d, { kind: 'permanent', error: 'receiver answered 410 Gone', effect: 'end' });
          else report(d, { kind: 'transient', error: `receiver answered ${res.status}` });
        } catch (err) {
          report(d, { kind: 'transient', error: errorText(err) });
        }
      });
    },
  };
}
