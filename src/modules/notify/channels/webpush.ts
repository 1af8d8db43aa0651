/**
 * Web Push (RFC 8030 with RFC 8291 encryption and VAPID, RFC 8292). The web-push library builds
 * each encrypted request (generateRequestDetails, in worker threads: push-encrypt.ts); sending is ours, over node:http(s) with keep-alive agents and a
 * concurrency limit per process (NOTIFY_PUSH_CONCURRENCY POSTs at once, p-limit), so plain-http push services work in development and tests. 404/410 mean the browser
 * dropped the subscription: it is removed.
 * The VAPID JWT (an ECDSA signature, a third of the CPU per message) is signed once per push
 * service origin and key and reused until an hour before it expires (12 h; RFC 8292 allows 24 h).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import pLimit, { type LimitFunction } from 'p-limit';
import webpush from 'web-push';
import { encryptPush, type EncryptedRequest, type PushSubscriptionJson } from './push-encrypt.ts';
import { errorText, withConcurrency, type SendBatch } from './channel.ts';
import { guardedLookup, INTERNAL, INTERNAL_ADDRESS_CODE, isInternalAddress } from './outbound-guard.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export type { PushSubscriptionJson } from './push-encrypt.ts';

const VAPID_LIFETIME_S = 12 * 3600;
const VAPID_RENEW_S = 3600;
const vapidCache = new Map<string, { authorization: string; exp: number }>();

/** The Authorization header for a push service origin (RFC 8292), cached until shortly before it expires. */
export function vapidAuthorization(endpoint: string, vapid: VapidKeys): string {
  const u = new URL(endpoint);
  const audience = `${u.protocol}//${u.host}`;
  const key = `${audience}|${vapid.publicKey}|${vapid.subject}`;
  const now = Math.floor(Date.now() / 1000);
  const hit = vapidCache.get(key);
  if (hit && hit.exp - now > VAPID_RENEW_S) return hit.authorization;
  const exp = now + VAPID_LIFETIME_S;
  const authorization = webpush.getVapidHeaders(audience, vapid.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm', exp).Authorization;
  if (vapidCache.size > 1000) vapidCache.clear();
  vapidCache.set(key, { authorization, exp });
  return authorization;
}

/**
 * Keep-alive agents: one connection per push service origin serves many pushes (fetch cost a third
 * of the main thread's time). In production connections resolve through guardedLookup: an
 * endpoint is any URL a browser (or anyone) posted, and must not reach the server's own network.
 */
const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 256 }), https: new https.Agent({ keepAlive: true, maxSockets: 256 }) };
const guardedAgents = { http: new http.Agent({ keepAlive: true, maxSockets: 256, lookup: guardedLookup }), https: new https.Agent({ keepAlive: true, maxSockets: 256, lookup: guardedLookup }) };

/** POSTs one encrypted push; resolves with the HTTP status. The whole exchange is bounded by timeoutMs. */
function post(req: EncryptedRequest, timeoutMs: number, production: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(req.endpoint);
    const secure = u.protocol === 'https:';
    const pool = production ? guardedAgents : agents;
    // Node resolves host names through the agent's lookup; an IP literal is checked here.
    const literal = u.hostname.replace(/^\[|\]$/g, '');
    if (production && net.isIP(literal) && isInternalAddress(literal)) return reject(Object.assign(new Error(`${literal} ${INTERNAL}`), { code: INTERNAL_ADDRESS_CODE }));
    const r = (secure ? https : http).request(u, { method: req.method, headers: req.headers, agent: secure ? pool.https : pool.http }, (res) => {
      res.resume();
      res.on('end', () => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    const timer = setTimeout(() => r.destroy(new Error(`push service did not answer within ${timeoutMs} ms`)), timeoutMs);
    r.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    r.end(req.body ? Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength) : undefined);
  });
}

/**
 * Pushes on the wire at once in this process, across all sender jobs. Encryption runs ahead in
 * each job; only the POST waits here. This bounds what a crash can repeat (ADR 47): a push the
 * service accepted but whose answer died with the process.
 */
const onTheWire = new Map<number, LimitFunction>();
function wire(concurrency: number): LimitFunction {
  let limit = onTheWire.get(concurrency);
  if (!limit) onTheWire.set(concurrency, (limit = pLimit(concurrency)));
  return limit;
}

export function webpushChannel(opts: { concurrency: number; timeoutMs: number; vapid: (tenant: string) => VapidKeys | undefined; production?: boolean }): { send: SendBatch } {
  return {
    async send(batch, report) {
      await withConcurrency(batch, opts.concurrency, async (d) => {
        const vapid = opts.vapid(d.tenant);
        if (!vapid) return report(d, { kind: 'transient', error: 'VAPID keys are not available' });
        try {
          const sub = JSON.parse(d.address) as PushSubscriptionJson;
          const payload = JSON.stringify({ id: d.messageId, title: d.title, body: d.body.slice(0, (d.body.codePointAt(999) ?? 0) > 0xffff ? 999 : 1000), url: d.url });
          const req = await encryptPush(sub, payload, {
            // No vapidDetails: the cached header replaces the per-message signature.
            headers: { Authorization: vapidAuthorization(sub.endpoint, vapid) },
            TTL: d.urgent ? 6 * 3600 : 24 * 3600,
            urgency: d.urgent ? 'high' : 'normal',
            // A repeat of the same delivery replaces the one still waiting at the push service.
            topic: crypto.createHash('sha256').update(d.messageId).digest('base64url').slice(0, 32),
          });
          const status = await wire(opts.concurrency)(() => post(req, opts.timeoutMs, opts.production ?? false));
          if (status >= 200 && status < 300) report(d, { kind: 'sent' });
          else if (status === 404 || status === 410) report(d, { kind: 'permanent', error: `push service answered ${status}: subscription gone`, effect: 'remove' });
          else if (status === 400 || status === 403 || status === 413) report(d, { kind: 'permanent', error: `push service answered ${status}`, effect: 'none' });
          else report(d, { kind: 'transient', error: `push service answered ${status}` });
        } catch (err) {
          // An endpoint inside the server's own network is no push service: the subscription goes.
          if ((err as { code?: string }).code === INTERNAL_ADDRESS_CODE) report(d, { kind: 'permanent', error: errorText(err), effect: 'remove' });
          else report(d, { kind: 'transient', error: errorText(err) });
        }
      });
    },
  };
}
