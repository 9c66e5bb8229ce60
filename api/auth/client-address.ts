// The address a request comes from. Behind a reverse proxy every request comes from the proxy, and
// a limit per address would hold everyone at once: when the peer is one of `server.trustedProxies`,
// the client is the nearest address in X-Forwarded-For that is not a trusted proxy. Never trusted
// otherwise: anyone can send the header.
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** Addresses and CIDR ranges ("10.0.0.5", "10.0.0.0/8", "fd00::/8") as a BlockList to match against. */
export function proxyList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const family = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address!, family);
    else list.addSubnet(address!, Number(bits), family);
  }
  return list;
}

const has = (list: BlockList, address: string) => {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
};

/** The connection's peer, without the IPv4-mapped prefix; undefined for requests made in-process (tests). */
function peerAddress(c: Context): string | undefined {
  try {
    return unmapped(getConnInfo(c).remote.address ?? '') || undefined;
  } catch {
    return undefined;
  }
}

/** ::ffff:10.0.0.5 is the IPv4 peer on a dual-stack socket. */
const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.)/, '');

/** Whether the request came through a trusted proxy, whose X-Forwarded-* headers may be believed. */
export function viaTrustedProxy(c: Context, trusted: BlockList): boolean {
  const peer = peerAddress(c);
  return peer !== undefined && has(trusted, peer);
}

/** The client's address; "unknown" for requests made in-process (tests). */
export function clientAddress(c: Context, trusted: BlockList): string {
  const peer = peerAddress(c);
  if (peer === undefined) return 'unknown';
  if (!has(trusted, peer)) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => unmapped(h.trim())).filter(Boolean);
  // The nearest hop a trusted proxy did not add is the client; the ones before it could be made up.
  for (let i = hops.length - 1; i >= 0; i--) if (!has(trusted, hops[i]!)) return isIP(hops[i]!) ? hops[i]! : 'unknown';
  return hops[0] ?? peer;
}

/** HTTPS as the browser sees it: the request's own scheme, or a trusted proxy's X-Forwarded-Proto. */
export function overHttps(c: Context, trusted: BlockList): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return viaTrustedProxy(c, trusted) && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

/**
 * This server's origin as the browser reached it (scheme and host): what an identity provider sends
 * the browser back to. A trusted proxy's X-Forwarded-Host is believed, no one else's.
 */
export function publicOrigin(c: Context, trusted: BlockList): string {
  const url = new URL(c.req.url);
  const forwarded = viaTrustedProxy(c, trusted) ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return `${overHttps(c, trusted) ? 'https' : url.protocol.replace(':', '')}://${forwarded || url.host}`;
}

