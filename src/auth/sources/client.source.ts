import type { CallContext } from '../../core/http/call-context';
import { ApiError } from '../../core/errors/api-error';
import type { CredentialHealth, CredentialLease, LeasingSource } from '../../credentials/credential-source';

/**
 * Nothing configured: each client brings its own Factory credential, passed through untouched — unless inbound access
 * keys are on, in which case what a client sends is its key to the gateway and must never reach Factory.
 */
export class ClientSource implements LeasingSource {
  readonly name = 'client';

  constructor(private readonly inboundKeysOn = false) {}

  async acquire(call: CallContext): Promise<CredentialLease> {
    if (this.inboundKeysOn) throw new ApiError(503, NO_CREDENTIAL_WITH_KEYS, { code: 'no_upstream_credential' });
    const authorization = clientAuthorization(call);
    if (authorization) return { authorization };
    throw ApiError.unauthorized(
      'No upstream credential: configure FACTORY_API_KEY, DROID_REFRESH_KEY, ~/.factory/auth.json or accounts, or send your own Authorization header',
    );
  }

  health(): CredentialHealth {
    if (this.inboundKeysOn) return { ready: false, details: { source: this.name, reason: NO_CREDENTIAL_WITH_KEYS } };
    return { ready: true, details: { source: this.name } };
  }
}

const NO_CREDENTIAL_WITH_KEYS =
  'No upstream credential configured: with PROXY_API_KEYS on, client credentials are never forwarded; configure accounts, FACTORY_API_KEY, DROID_REFRESH_KEY or ~/.factory/auth.json';

/** The client's `authorization` header, or its `x-api-key` as a Bearer token. */
export function clientAuthorization({ headers }: Pick<CallContext, 'headers'>): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.trim()) return authorization.trim();
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return `Bearer ${apiKey.trim()}`;
  return undefined;
}
