import { isIP } from 'node:net';

/**
 * Which `Host` names a gateway without inbound keys answers. A web page the developer visits can make its own name
 * resolve to 127.0.0.1 (DNS rebinding) and then call the gateway as a same-origin page; checking the name the browser
 * sends defeats that. Loopback names always pass, and so does any IP literal: a rebinding page cannot make the
 * browser send one, and Kubernetes probes address the pod by IP.
 */
export class AllowedHosts {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];

  /** `names` from ALLOWED_HOSTS: `droid2api.example.com`, or `.example.com` / `*.example.com` for every subdomain. */
  constructor(names: readonly string[]) {
    for (const raw of names) {
      const name = raw.trim().toLowerCase().replace(/\.$/, '');
      if (name.startsWith('*.')) this.suffixes.push(name.slice(1));
      else if (name.startsWith('.')) this.suffixes.push(name);
      else if (name) this.exact.add(name);
    }
  }

  /** Whether a request with this `Host` header may be served; a request without one (HTTP/1.0) is no browser's. */
  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return true;
    const name = hostName(hostHeader);
    if (name === undefined) return false;
    if (isIP(name) !== 0 || isLoopbackName(name) || this.exact.has(name)) return true;
    return this.suffixes.some((suffix) => name.endsWith(suffix));
  }
}

/** `Example.COM:3000` → `example.com`, `[::1]:3000` → `::1`; undefined when it is not a host[:port]. */
export function hostName(hostHeader: string): string | undefined {
  const value = hostHeader.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return bracketed[1];
  const plain = /^([a-z0-9.-]+?)\.?(?::\d{1,5})?$/.exec(value);
  return plain ? plain[1] : undefined;
}

function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost');
}
