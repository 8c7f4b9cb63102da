import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AccessKeyStore } from '../access/access-key-store';
import { ClientIpResolver } from '../access/client-ip.service';
import { inboundAccess } from '../access/inbound-access.middleware';
import { rateLimit } from '../access/rate-limit.middleware';
import { RedisTokenBuckets } from '../access/redis-token-buckets';
import { TokenBuckets } from '../access/token-buckets';
import type { RedisConnection } from '../redis/redis-connection';
import { REDIS } from '../redis/redis.tokens';
import type { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { requestObserver } from '../metrics/request-observer.middleware';
import { RouteLabels, expressRoutes } from '../metrics/route-labels';
import { buildUsageEvent } from '../usage/usage-event';
import { UsageService } from '../usage/usage.service';
import { AllowedHosts } from './allowed-hosts';
import { cors } from './cors.middleware';
import { hostCheck } from './host-check.middleware';
import { securityHeaders } from './security-headers';

/**
 * The operations middleware, in order: observe (so refusals are counted too), security headers, the Host check of a
 * keyless gateway (DNS rebinding), CORS (preflights need no key), inbound key check, rate limit. createApp runs these
 * after the request logger (which assigns the request id and start time) and before the body parser, so refused
 * requests are never parsed.
 */
export function operationsMiddleware(app: NestExpressApplication, config: AppConfig, logger: Logger): RequestHandler[] {
  const metrics = app.get(MetricsService);
  const usage = app.get(UsageService);
  const keys = app.get(AccessKeyStore);
  const ips = app.get(ClientIpResolver);
  const clientIp = ips.clientIp.bind(ips);
  usage.logTo(logger);

  const steps: RequestHandler[] = [
    requestObserver({
      metrics,
      routes: new RouteLabels(() => expressRoutes(app.getHttpAdapter().getInstance())),
      models: new Map(config.models.map((model) => [model.id, model])),
      recordUsage: (context, observed) => usage.record(buildUsageEvent(context, observed)),
      clientIp,
      keysRequired: () => keys.enabled,
    }),
    securityHeaders(),
    hostCheck(new AllowedHosts(config.allowedHosts), () => keys.enabled),
    cors(config.corsOrigins),
    inboundAccess({ keys, metricsApiKey: config.metricsApiKey, onFailure: (reason) => metrics.inboundAuthFailure(reason) }),
  ];
  if (config.rateLimitPerMinute !== undefined) {
    const perMinute = config.rateLimitPerMinute;
    const redis = app.get<RedisConnection | null>(REDIS, { strict: false });
    const local = new TokenBuckets(perMinute);
    steps.push(rateLimit(perMinute, clientIp, redis ? new RedisTokenBuckets(redis, perMinute, local) : local));
  }
  return steps;
}
