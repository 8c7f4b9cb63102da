import type { CredentialHealth, CredentialLease, LeasingSource } from '../../credentials/credential-source';

/** FACTORY_API_KEY: one fixed key, never refreshed, so a 401 is passed on as it is. */
export class FixedKeySource implements LeasingSource {
  readonly name = 'factory-api-key';

  constructor(private readonly key: string) {}

  async acquire(): Promise<CredentialLease> {
    return { authorization: `Bearer ${this.key}` };
  }

  health(): CredentialHealth {
    return { ready: true, details: { source: this.name } };
  }
}
