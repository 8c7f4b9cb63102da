import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/app-config';

type Limits = Pick<AppConfig, 'httpKeepAliveMs' | 'httpHeadersTimeoutMs' | 'httpRequestTimeoutMs' | 'httpMaxConnections'>;

// One warning a minute at most while the connection cap turns clients away.
const DROP_WARNING_INTERVAL_MS = 60_000;

/**
 * Limits on what clients can hold on the HTTP server. A request must arrive (headers, then body) within the timeouts,
 * so a slow or never-ending upload cannot hold a connection for Node's default 300 s; they do not apply to the
 * response, so long SSE streams are unaffected. Since Node 18 both timeouts count from the first byte of each
 * request, not from the connection's start, so an idle keep-alive connection is not cut by them.
 */
export function applyServerLimits(server: Server, limits: Limits, logger: Logger): void {
  server.keepAliveTimeout = limits.httpKeepAliveMs;
  server.headersTimeout = limits.httpHeadersTimeoutMs;
  server.requestTimeout = limits.httpRequestTimeoutMs;
  // Node checks both timeouts on this interval (default 30 s, which would stretch a 10 s timeout to 40 s). Read when
  // the server starts listening, so setting it here, before listen, is enough.
  const checkEveryMs = Math.max(250, Math.min(5_000, Math.floor(limits.httpHeadersTimeoutMs / 4)));
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = checkEveryMs;

  if (limits.httpMaxConnections > 0) {
    server.maxConnections = limits.httpMaxConnections;
    let warnedAt = 0;
    let dropped = 0;
    server.on('drop', () => {
      dropped += 1;
      const now = Date.now();
      if (now - warnedAt < DROP_WARNING_INTERVAL_MS) return;
      warnedAt = now;
      logger.warn({ maxConnections: limits.httpMaxConnections, dropped }, 'connection cap reached: new client connections are closed (HTTP_MAX_CONNECTIONS)');
      dropped = 0;
    });
  }
}
