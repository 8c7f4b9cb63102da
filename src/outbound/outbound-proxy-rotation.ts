import { ProxyAgent, type Dispatcher } from 'undici';
import type { OutboundProxy, UpstreamTimeouts } from '../config/app-config';

export interface OutboundRoute {
  /** The proxy's configured name, or `direct`. */
  name: string;
  dispatcher: Dispatcher;
}

export interface ProxyWarning {
  name: string;
  /** The URL with any password masked. */
  url: string;
  reason: string;
}

/**
 * Outbound proxies from `config.proxies`, handed out round-robin, one per upstream call (token refreshes included).
 * Invalid entries are skipped with a warning that masks the password; with no valid entry calls go direct.
 * Each proxy is an undici ProxyAgent, so connections through it are pooled and kept alive like direct ones.
 */
export class OutboundProxyRotation {
  private readonly routes: OutboundRoute[] = [];
  private cursor = 0;

  constructor(proxies: OutboundProxy[], timeouts: UpstreamTimeouts, connections: number, warn: (warning: ProxyWarning) => void) {
    for (const proxy of proxies) {
      const problem = checkProxyUrl(proxy.url);
      if (problem) {
        warn({ name: proxy.name, url: maskProxyUrl(proxy.url), reason: problem });
        continue;
      }
      this.routes.push({ name: proxy.name, dispatcher: new ProxyAgent({ uri: proxy.url, ...dispatcherOptions(timeouts, connections) }) });
    }
  }

  get size(): number {
    return this.routes.length;
  }

  /** The next proxy in turn, or null when calls should go direct. */
  next(): OutboundRoute | null {
    if (this.routes.length === 0) return null;
    const route = this.routes[this.cursor % this.routes.length];
    this.cursor = (this.cursor + 1) % this.routes.length;
    return route;
  }

  async close(): Promise<void> {
    await Promise.all(this.routes.map((route) => route.dispatcher.close()));
  }
}

/**
 * Shared by the direct Agent and every ProxyAgent: connect and first-byte timeouts, idle timeout between bytes, and
 * the connections allowed per origin.
 */
export function dispatcherOptions(timeouts: UpstreamTimeouts, connections: number) {
  return {
    connections,
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.firstByteMs,
    bodyTimeout: timeouts.idleMs,
    keepAliveTimeout: 30_000,
  };
}

function checkProxyUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `unsupported protocol ${url.protocol}`;
  if (!url.hostname) return 'no host';
  return null;
}

/** `http://user:secret@host:8080` → `http://user:***@host:8080`; unparseable input is reduced to its scheme. */
export function maskProxyUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1];
    return scheme ? `${scheme}://…` : '(unparseable)';
  }
}
