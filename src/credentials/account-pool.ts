import type { CredentialSource } from './credential-source';

/**
 * Injection token of the accounts pool. The AccountsModule provides it (from a @Global module, or by importing
 * AuthModule and exporting the provider where AuthService can see it); when absent the chain starts at FACTORY_API_KEY.
 */
export const ACCOUNT_POOL = Symbol('ACCOUNT_POOL');

/**
 * The top of the credential chain. Each account carries its own TokenLifecycle (exchange = WorkosClient.refresh,
 * persist = a writeFileAtomic of the accounts store), and `acquire` picks an account per request.
 */
export interface AccountPool extends CredentialSource {
  readonly name: 'accounts';
  /** Loads the accounts store if needed; true when it holds at least one account, which makes the pool win. */
  hasAccounts(): Promise<boolean>;
}
