import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from '../common/errors/api-error';
import type { UpstreamResponse } from '../proxy/upstream-response';

/** Sends one upstream attempt with the given `authorization` value. */
export type UpstreamAttempt = (authorization: string) => Promise<UpstreamResponse>;

/**
 * The credential seam every upstream call goes through. Callers never pick a credential themselves: they hand over an
 * attempt, and this service decides which credential to use and whether a failed attempt may be retried (before any
 * byte reached the client).
 */
@Injectable()
export class AuthService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The upstream `authorization` for this request: FACTORY_API_KEY, else the client's own credential. */
  async authorizationFor(req: Request): Promise<string> {
    if (this.config.credentials.factoryApiKey) return `Bearer ${this.config.credentials.factoryApiKey}`;
    const fromClient = clientAuthorization(req);
    if (fromClient) return fromClient;
    throw ApiError.unauthorized(
      'No upstream credential: configure FACTORY_API_KEY, DROID_REFRESH_KEY or accounts, or send your own Authorization header',
    );
  }

  /** Runs an upstream attempt with the chosen credential. */
  async send(req: Request, attempt: UpstreamAttempt): Promise<UpstreamResponse> {
    return attempt(await this.authorizationFor(req));
  }
}

/** The client's `authorization` header, or its `x-api-key` as a Bearer token. */
export function clientAuthorization(req: Pick<Request, 'headers'>): string | undefined {
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string' && authorization.trim()) return authorization.trim();
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return `Bearer ${apiKey.trim()}`;
  return undefined;
}
