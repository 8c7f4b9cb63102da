import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { digestKey } from '../access/access-key-entries';
import { presentedKeys } from '../access/presented-key';
import { ApiError } from '../core/errors/api-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * The admin API's own key (ADMIN_API_KEY), as Bearer or x-api-key. Without the key configured the API does not
 * exist: 404 like any unknown route, so a scan learns nothing. Keys are compared as SHA-256 digests with
 * timingSafeEqual: equal lengths, constant time.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly digest?: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.digest = config.adminApiKey ? digestKey(config.adminApiKey) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    // Exactly what an unknown route answers (the exception filter's rendering of Nest's own 404).
    if (!this.digest) throw new ApiError(404, `Unknown route: ${req.method} ${req.originalUrl}`);
    const presented = presentedKeys(req.headers);
    const matches = presented.map((key) => timingSafeEqual(digestKey(key), this.digest!));
    if (matches.includes(true)) return true;
    throw new ApiError(401, presented.length ? 'Invalid admin API key' : 'Missing admin API key: send `Authorization: Bearer KEY` or `x-api-key: KEY`', {
      code: 'invalid_api_key',
      headers: { 'www-authenticate': 'Bearer realm="droid2api-admin"' },
    });
  }
}
