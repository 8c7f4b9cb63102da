import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Agent, errors, request, type Dispatcher } from 'undici';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UpstreamError } from './upstream-error';
import { OutboundProxyRotation, dispatcherOptions } from './outbound-proxy-rotation';
import type { UpstreamRequest, UpstreamResponse } from './upstream-response';

/**
 * The one HTTP client for Factory and WorkOS calls. undici's Agent keeps one keep-alive pool per origin; each call
 * takes the next outbound proxy in turn. Transport failures become UpstreamErrors (connect → 502, timeout → 504).
 */
@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly logger = new Logger('Upstream');
  private readonly direct: Dispatcher;
  private readonly proxies: OutboundProxyRotation;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.direct = new Agent({ ...dispatcherOptions(config.timeouts, config.upstreamMaxConnections), pipelining: 1 });
    this.proxies = new OutboundProxyRotation(config.proxies, config.timeouts, config.upstreamMaxConnections, (warning) =>
      this.logger.warn(warning, 'outbound proxy skipped'),
    );
    if (config.proxies.length) this.logger.log({ usable: this.proxies.size }, 'outbound proxies');
  }

  /**
   * The direct pools (one per upstream origin): open connections, and requests waiting for one because the cap is
   * reached. undici's ProxyAgent keeps its pools to itself, so routes through outbound proxies are not listed.
   */
  poolStats(): PoolStats[] {
    const stats = (this.direct as Agent).stats as Record<string, { connected: number; queued?: number; pending: number }>;
    return Object.entries(stats).map(([origin, pool]) => ({
      origin,
      route: 'direct',
      connections: pool.connected,
      queued: pool.queued ?? pool.pending,
    }));
  }

  async post(call: UpstreamRequest): Promise<UpstreamResponse> {
    return this.send('POST', call.url, { headers: call.headers, body: call.body, signal: call.signal });
  }

  /** A GET (e.g. Factory's LATEST CLI version file), through the same proxy rotation and pools as every other call. */
  async get(url: string, signal?: AbortSignal): Promise<UpstreamResponse> {
    return this.send('GET', url, { signal });
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    options: { headers?: Record<string, string>; body?: string; signal?: AbortSignal },
  ): Promise<UpstreamResponse> {
    const route = this.proxies.next();
    const routeName = route?.name ?? 'direct';
    try {
      const response = await request(url, { method, ...options, dispatcher: route?.dispatcher ?? this.direct });
      return { status: response.statusCode, headers: response.headers, body: response.body, route: routeName };
    } catch (error) {
      throw toUpstreamError(error, url, routeName);
    }
  }

  // Not onModuleDestroy: Nest runs that before the drain (beforeApplicationShutdown), and undici's close() waits for
  // every open request, so open streams would hold shutdown until they ended and the drain would never cut them.
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.direct.close(), this.proxies.close()]);
  }
}

export interface PoolStats {
  origin: string;
  /** `direct` or an outbound proxy's name. */
  route: string;
  /** Connections open now. */
  connections: number;
  /** Requests waiting for a connection because the per-origin cap is reached. */
  queued: number;
}

/**
 * Maps undici and socket failures to the gateway's one upstream error type; never includes headers or bodies. The
 * message reaches clients, so the address (an internal host, a port, a proxy) travels only in `target`, for the log.
 */
export function toUpstreamError(error: unknown, url: string, route: string): UpstreamError {
  const target = `${safeOrigin(url)}${route === 'direct' ? '' : ` via proxy ${route}`}`;
  if (error instanceof errors.RequestAbortedError || (error as Error)?.name === 'AbortError') {
    return new UpstreamError('Request to upstream was aborted', 499, 'aborted', { cause: error, target });
  }
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  ) {
    return new UpstreamError(`Upstream timed out (${(error as Error).message})`, 504, 'timeout', { cause: error, target });
  }
  const code = (error as NodeJS.ErrnoException)?.code ?? 'connection failed';
  return new UpstreamError(`Upstream unreachable (${code})`, 502, 'connect', { cause: error, target });
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'upstream';
  }
}
