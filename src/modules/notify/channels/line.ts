/**
 * LINE Messaging API adapter: one push message per person, because every message carries that
 * person's own manage link (signed like e-mail's, landing on the same /subscribe/manage page), and
 * a multicast sends one identical text to all. Each request has an X-Line-Retry-Key derived from
 * broadcast and subscription, so a retried request is not delivered twice (LINE answers 409 to a
 * key it has already accepted). Requests go out LINE_PUSH_CONCURRENCY at once per sender, well
 * inside LINE's limit for push requests. The base URL is LINE_API_BASE_URL; the channel access
 * token is per municipality.
 */
import crypto from 'node:crypto';
import { cutChars } from '../compose.ts';
import { lineFooter } from '../notify.messages.ts';
import { errorText, withConcurrency, type OutgoingDelivery, type SendBatch } from './channel.ts';

/** Push requests in flight per sender (two senders per channel and fan-out chunk). */
export const LINE_PUSH_CONCURRENCY = 32;
/** LINE's maximum length of a text message, in characters (UTF-16 code units). */
export const LINE_TEXT_MAX = 5000;

/** A UUID derived from the request's content: the same recipients of the same message → the same key. */
export function retryKey(broadcastId: string, ids: string[]): string {
  const h = crypto.createHash('sha256').update(broadcastId).update('\u0000').update([...ids].sort().join(',')).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * Title, body, the page's link and the person's manage link. A text over LINE's limit is cut in the
 * body (never inside a surrogate pair), so both links always arrive whole.
 */
export function lineText(d: OutgoingDelivery): string {
  const footer = `\n\n${d.url}\n\n${lineFooter[d.language === 'en' ? 'en' : 'ja']}\n${d.manageUrl}`;
  const head = `${d.title}\n\n${d.body}`;
  const room = LINE_TEXT_MAX - footer.length;
  if (head.length <= room) return head + footer;
  let cut = Math.max(0, room - 1);
  if (cut > 0 && /[\uD800-\uDBFF]/.test(head[cut - 1]!)) cut -= 1;
  return `${head.slice(0, cut)}…${footer}`;
}

export function lineChannel(opts: { baseUrl: string; timeoutMs: number; token: (tenant: string) => string | undefined }): { send: SendBatch } {
  const endpoint = `${opts.baseUrl.replace(/\/$/, '')}/v2/bot/message/push`;
  return {
    async send(batch, report) {
      await withConcurrency(batch, LINE_PUSH_CONCURRENCY, async (d) => {
        const token = opts.token(d.tenant);
        if (!token) return report(d, { kind: 'transient', error: 'LINE channel access token is not configured' });
        try {
          const res = await fetch(endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-line-retry-key': retryKey(d.broadcastId, [d.subscriptionId]) },
            body: JSON.stringify({ to: d.address, messages: [{ type: 'text', text: lineText(d) }] }),
            signal: AbortSignal.timeout(opts.timeoutMs),
          });
          const text = await res.text().catch(() => '');
          // 409: this retry key was already accepted, i.e. the earlier attempt did go out.
          if (res.ok || res.status === 409) report(d, { kind: 'sent' });
          else if (res.status === 429 || res.status >= 500) report(d, { kind: 'transient', error: `LINE answered ${res.status} ${cutChars(text, 200)}` });
          else report(d, { kind: 'permanent', error: `LINE answered ${res.status} ${cutChars(text, 200)}`, effect: 'none' });
        } catch (err) {
          report(d, { kind: 'transient', error: errorText(err) });
        }
      });
    },
  };
}

/** X-Line-Signature: base64 HMAC-SHA256 of the raw body with the channel secret. */
export function lineSignature(secret: string, body: string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('base64');
}
