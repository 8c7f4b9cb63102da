import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../core/errors/api-error';
import { requestContext } from '../core/http/request-context';
import type { InboundAuthFailure } from '../metrics/metrics.service';
import { digestKey } from './access-key-entries';
import type { AccessKeyStore } from './access-key-store';
import { isAdminPath, isMetricsPath, isOpenPath } from './access-paths';
import { presentedKeys } from './presented-key';

export interface InboundAccessOptions {
  keys: AccessKeyStore;
  /** METRICS_API_KEY; /metrics is open without it. */
  metricsApiKey?: string;
  onFailure(reason: InboundAuthFailure): void;
}

/**
 * Inbound access control, as Express middleware ahead of the body parser: a client without a valid key is refused
 * before its body is read, and without Nest's guard machinery on every request. On success the key's name goes into
 * the request context and the client's credential headers are removed, so no later code can forward them or use
 * them as an upstream credential.
 */
export function inboundAccess(options: InboundAccessOptions) {
  const metricsDigest = options.metricsApiKey ? digestKey(options.metricsApiKey) : undefined;
  const refuse = (reason: InboundAuthFailure, next: NextFunction): void => {
    options.onFailure(reason);
    next(
      new ApiError(401, reason === 'missing' ? 'Missing API key: send `x-api-key: KEY` or `Authorization: Bearer KEY`' : 'Invalid API key', {
        code: 'invalid_api_key',
        headers: { 'www-authenticate': 'Bearer realm="droid2api"' },
      }),
    );
  };

  return (req: Request, res: Response, next: NextFunction): void => {
    if (isOpenPath(req.path) || isAdminPath(req.path)) return next();
    const presented = presentedKeys(req.headers);
    if (isMetricsPath(req.path)) {
      if (!metricsDigest) return next();
      if (presented.length === 0) return refuse('missing', next);
      const ok = presented.map((key) => timingSafeEqual(digestKey(key), metricsDigest)).includes(true);
      return ok ? next() : refuse('invalid', next);
    }
    if (!options.keys.enabled) return next();
    if (presented.length === 0) return refuse('missing', next);
    const name = presented.map((key) => options.keys.match(key)).find((match) => match !== undefined);
    if (name === undefined) return refuse('invalid', next);
    requestContext(res).inboundKeyName = name;
    delete req.headers.authorization;
    delete req.headers['x-api-key'];
    next();
  };
}
