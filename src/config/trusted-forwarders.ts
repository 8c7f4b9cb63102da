import { BlockList, isIP } from 'node:net';

/**
 * Trusted forwarders: the reverse proxies and load balancers in front of the gateway (TRUSTED_PROXIES) whose
 * X-Forwarded-For is believed. None, the nearest `hops` forwarders whatever their address (as Express's numeric
 * `trust proxy`), or those inside the listed addresses and CIDRs. Parsed here so a bad item fails at start.
 */
export type TrustedForwarders =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'list'; list: BlockList };

/** Parses TRUSTED_PROXIES items; throws an Error naming the bad item. */
export function parseTrustedForwarders(items: readonly string[]): TrustedForwarders {
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
