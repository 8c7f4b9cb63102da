import { BlockList, isIP } from 'node:net';

/**
 * Which peers may tell us the client's address through X-Forwarded-For: none, the nearest `hops` proxies whatever
 * their address (as Express's numeric `trust proxy`), or those inside the listed addresses and CIDRs.
 */
export type TrustedProxies =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'list'; list: BlockList };

/** Parses TRUSTED_PROXIES items; throws an Error naming the bad item. */
export function parseTrustedProxies(items: readonly string[]): TrustedProxies {
  const entries = items.map((item) => item.trim()).filter(Boolean);
  if (entries.length === 0) return { kind: 'none' };
  if (entries.length === 1 && /^\d+$/.test(entries[0])) {
    const hops = Number(entries[0]);
    if (hops < 1 || hops > 32) throw new Error(`a hop count must be between 1 and 32, got ${entries[0]}`);
    return { kind: 'hops', hops };
  }
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    if (!family || extra !== undefined) throw new Error(`"${entry}" is not an IP address or CIDR (or a lone hop count)`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new Error(`"${entry}" has an invalid prefix length`);
    list.addSubnet(address, bits, type);
  }
  return { kind: 'list', list };
}

/** `::ffff:10.0.0.1` (how dual-stack sockets report IPv4 peers) → `10.0.0.1`; other input unchanged. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function isTrusted(trusted: TrustedProxies, address: string, hop: number): boolean {
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
 * not a trusted proxy (the rightmost untrusted one). Everything left of it was written by the client and is ignored.
 * Entries that are not IP addresses end the walk at the last hop that could be read.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string | undefined {
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
