/**
 * LINE Messaging API adapter: multicast to up to 500 user ids per request, with X-Line-Retry-Key so
 * a retried request is not delivered twice (LINE answers 409 to a key it has already accepted).
 * The base URL is LINE_API_BASE_URL; the channel access token is per municipality.
 */
import crypto from 'node:crypto';
import { errorText, type OutgoingDelivery, type SendBatch } from './channel.ts';

export const LINE_MULTICAST_MAX = 500;

/** A UUID derived from the request's content: the same recipients of the same message → the same key. */
export function retryKey(broadcastId: string, ids: string[]): string {
  const h = crypto.createHash('sha256').update(broadcastId).update('\u0000').update([...ids].sort().join(',')).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function lineText(d: OutgoingDelivery): string {
  return `${d.title}\n\n${d.body}\n\n${d.url}`.slice(0, 5000);
}

export function lineChannel(opts: { baseUrl: string; timeoutMs: number; token: (tenant: string) => string | undefined }): { send: SendBatch } {
  return {
    async send(batch, report) {
      // One request per identical text (broadcast and language), in groups of at most 500.
      const groups = new Map<string, OutgoingDelivery[]>();
      for (const d of batch) {
        const k = `${d.tenant}\u0000${d.broadcastId}\u0000${d.language}`;
        groups.set(k, [...(groups.get(k) ?? []), d]);
      }
      for (const group of groups.values())
        for (let i = 0; i < group.length; i += LINE_MULTICAST_MAX) {
          const part = group.slice(i, i + LINE_MULTICAST_MAX);
          const first = part[0]!;
          const token = opts.token(first.tenant);
          if (!token) {
            for (const d of part) report(d, { kind: 'transient', error: 'LINE channel access token is not configured' });
            continue;
          }
          try {
            const res = await fetch(`${opts.baseUrl.replace(/\/$/, '')}/v2/bot/message/multicast`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-line-retry-key': retryKey(first.broadcastId, part.map((d) => d.subscriptionId)) },
              body: JSON.stringify({ to: part.map((d) => d.address), messages: [{ type: 'text', text: lineText(first) }] }),
              signal: AbortSignal.timeout(opts.timeoutMs),
            });
            const text = await res.text().catch(() => '');
            // 409: this retry key was already accepted, i.e. the earlier attempt did go out.
            if (res.ok || res.status === 409) for (const d of part) report(d, { kind: 'sent' });
            else if (res.status === 429 || res.status >= 500) for (const d of part) report(d, { kind: 'transient', error: `LINE answered ${res.status} ${text.slice(0, 200)}` });
            else for (const d of part) report(d, { kind: 'permanent', error: `LINE answered ${res.status} ${text.slice(0, 200)}`, effect: 'none' });
          } catch (err) {
            for (const d of part) report(d, { kind: 'transient', error: errorText(err) });
          }
        }
    },
  };
}

/** X-Line-Signature: base64 HMAC-SHA256 of the raw body with the channel secret. */
export function lineSignature(secret: string, body: string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('base64');
}
