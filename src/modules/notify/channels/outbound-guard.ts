/**
 * Requests to addresses that people give us — webhook URLs (administrators) and Web Push endpoints
 * (any browser) — must not reach the server's own network (SSRF). In production:
 * - a URL whose host is, or resolves to, a private, loopback, link-local or other internal address
 *   is refused when it is registered and before each send (internalTargetReason);
 * - Web Push connections also resolve through guardedLookup, so the address checked is the address
 *   connected to: a host that answers a public address to the check and an internal one to the
 *   connection (DNS rebinding) is refused at connect time.
 * Development and tests send to local servers, so nothing is refused there.
 */
import dnsCallback from 'node:dns';
import dns from 'node:dns/promises';
import net from 'node:net';

const blocked = new net.BlockList();
for (const [net4, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const)
  blocked.addSubnet(net4, bits, 'ipv4');
// No rule for IPv4-mapped addresses (::ffff:0:0/96): BlockList checks an IPv4 address against IPv6
// rules as ::ffff:a.b.c.d, so such a rule would refuse every IPv4 address; and it already checks a
// mapped address (::ffff:127.0.0.1) against the IPv4 rules above.
for (const [net6, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(net6, bits, 'ipv6');

/** Whether an IP address lies in the server's own or a special-purpose network. */
export function isInternalAddress(address: string, family: number | string = net.isIP(address)): boolean {
  return blocked.check(address, family === 6 || family === 'IPv6' ? 'ipv6' : 'ipv4');
}

/** The reason given when the host name does not resolve: at send time a resolver failure may pass, so it is retried. */
export const UNRESOLVED = 'host name does not resolve';
export const INTERNAL = 'points to a private or loopback address';

/** Refuses URLs that point into the server's own network; returns a reason, or null when allowed. */
export async function internalTargetReason(url: string, production: boolean): Promise<string | null> {
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
  for (const a of addresses) if (isInternalAddress(a.address, a.family)) return INTERNAL;
  return null;
}

/** Thrown (as a connection error) when a host resolves to an internal address at connect time. */
export const INTERNAL_ADDRESS_CODE = 'EINTERNALADDRESS';

/**
 * A `lookup` for http(s) agents and sockets: dns.lookup, refusing every answer that contains an
 * internal address. Node calls it only for host names; IP literals are checked by
 * internalTargetReason before the request.
 */
export const guardedLookup = ((hostname: string, options: dnsCallback.LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | dnsCallback.LookupAddress[], family?: number) => void) => {
  dnsCallback.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '');
    if (!addresses.length || addresses.some((a) => isInternalAddress(a.address, a.family))) {
      return callback(Object.assign(new Error(`${hostname} ${INTERNAL}`), { code: INTERNAL_ADDRESS_CODE }), '');
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}) as unknown as net.LookupFunction;
