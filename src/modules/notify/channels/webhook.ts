/**
 * Outgoing webhooks, signed per Standard Webhooks: headers webhook-id (stable per delivery, so
 * receivers drop repeats), webhook-timestamp and webhook-signature "v1,<base64 HMAC-SHA256 of
 * id.timestamp.body>" with the secret "whsec_<base64>". In production, URLs that resolve to
 * private, loopback or link-local addresses are refused (SSRF), at registration and at each send.
 */
import crypto from 'node:crypto';
import dns from 'node:dns/promises';
import net from 'node:net';
import { errorText, withConcurrency, type SendBatch } from './channel.ts';

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

const blocked = new net.BlockList();
for (const [net4, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const)
  blocked.addSubnet(net4, bits, 'ipv4');
// No rule for IPv4-mapped addresses (::ffff:0:0/96): BlockList checks an IPv4 address against IPv6
// rules as ::ffff:a.b.c.d, so such a rule would refuse every IPv4 address; and it already checks a
// mapped address (::ffff:127.0.0.1) against the IPv4 rules above.
for (const [net6, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(net6, bits, 'ipv6');

/** The reason given when the host name does not resolve: at send time a resolver failure may pass, so it is retried. */
export const UNRESOLVED = 'host name does not resolve';

/** Refuses URLs that point into the server's own network; returns a reason, or null when allowed. */
export async function unsafeWebhookUrl(url: string, production: boolean): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'https:' && (production || u.protocol !== 'http:')) return 'must use https';
  if (u.username || u.password) return 'must not contain a user name or password';
  if (!production) return null;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const addresses = net.isIP(host) ? [{ address: host, family: net.isIP(host) }] : await dns.lookup(host, { all: true }).catch(() => []);
  if (!addresses.length) return UNRESOLVED;
  for (const a of addresses) if (blocked.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4')) return 'points to a private or loopback address';
  return null;
}

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
