import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../core/errors/api-error';
import { requestContext } from '../core/http/request-context';
import { countNoun } from '../core/text/count-noun';
import { isAdminPath, isMetricsPath, isOpenPath } from './access-paths';
import { TokenBuckets, type TakeResult } from './token-buckets';

/**
 * RATE_LIMIT_PER_MINUTE per inbound key name (clients sharing a key share its allowance), else per client IP.
 * A token bucket in middleware rather than @nestjs/throttler's guard: it runs right after the key check and before
 * the body is parsed (a refused client costs no JSON parse of up to 50 MB), and bursts are smoothed instead of
 * doubling at fixed-window edges.
 */
export function rateLimit(perMinute: number, clientIp: (req: Request) => string | undefined, buckets: Buckets = new TokenBuckets(perMinute)) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (isOpenPath(req.path) || isMetricsPath(req.path) || isAdminPath(req.path)) return next();
    const name = requestContext(res).inboundKeyName;
    const taken = buckets.take(name !== undefined ? `key:${name}` : `ip:${clientIp(req) ?? 'unknown'}`);
    if (taken instanceof Promise) {
      taken.then((result) => decide(result, perMinute, name, next), next);
      return;
    }
    decide(taken, perMinute, name, next);
  };
}

/** In-process buckets answer at once; the shared ones (RedisTokenBuckets) after one Redis round trip. */
export interface Buckets {
  take(key: string): TakeResult | Promise<TakeResult>;
}

function decide(result: TakeResult, perMinute: number, name: string | undefined, next: NextFunction): void {
  if (result.allowed) return next();
  const seconds = result.retryAfterSeconds;
  next(
    new ApiError(429, `Rate limit of ${countNoun(perMinute, 'request')} per minute exceeded${name ? ` for key "${name}"` : ''}; retry in ${seconds} s`, {
      code: 'rate_limit_exceeded',
      headers: { 'retry-after': String(seconds) },
    }),
  );
}
