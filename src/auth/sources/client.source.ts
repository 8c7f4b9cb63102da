import type { Request } from 'express';
import { ApiError } from '../../common/errors/api-error';
import type { CredentialHealth, CredentialLease, CredentialSource } from '../credential-source';

/** Nothing configured: each client brings its own Factory credential, passed through untouched. */
export class ClientSource implements CredentialSource {
  readonly name = 'client';

  async acquire(req: Request): Promise<CredentialLease> {
    const authorization = clientAuthorization(req);
    if (authorization) return { authorization };
    throw ApiError.unauthorized(
      'No upstream credential: configure FACTORY_API_KEY, DROID_REFRESH_KEY, ~/.factory/auth.json or accounts, or send your own Authorization header',
    );
  }

  health(): CredentialHealth {
    return { ready: true, details: { source: this.name } };
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
