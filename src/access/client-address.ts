import { isIP } from 'node:net';
import type { TrustedForwarders } from '../config/trusted-forwarders';

/** `::ffff:10.0.0.1` (how dual-stack sockets report IPv4 peers) → `10.0.0.1`; other input unchanged. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function isTrusted(trusted: TrustedForwarders, address: string, hop: number): boolean {
  switch (trusted.kind) {
    case 'none':
      return false;
    case 'hops':
      return hop < trusted.hops;
    case 'list': {
      const family = isIP(address);
      return family !== 0 && trusted.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
    }
    default: {
      const unreachable: never = trusted;
      throw new Error(`unknown trust kind ${String(unreachable)}`);
    }
  }
}

/**
 * The client's address: walking from the socket peer leftwards through X-Forwarded-For, the first address that is
 * not a trusted forwarder (the rightmost untrusted one). Everything left of it was written by the client and is ignored.
 * Entries that are not IP addresses end the walk at the last hop that could be read.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedForwarders): string | undefined {
  let current = socketAddress === undefined ? undefined : normalizeAddress(socketAddress);
  if (current === undefined || trusted.kind === 'none' || forwardedFor === undefined) return current;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => normalizeAddress(hop.trim()))
    .reverse();
  for (let index = 0; index < hops.length && isTrusted(trusted, current, index); index++) {
    if (!isIP(hops[index])) break;
    current = hops[index];
  }
  return current;
}
