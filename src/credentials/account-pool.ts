import type { FailoverSource } from './credential-source';

/** Injection token of the accounts pool, provided by AccountsModule (which AuthModule imports). */
export const ACCOUNT_POOL = Symbol('ACCOUNT_POOL');

/**
 * The top of the credential chain. Each account carries its own TokenLifecycle (exchange = WorkosClient.refresh,
 * persist = a save of the accounts store), and `send` picks an account per attempt, failing over between them.
 */
export interface AccountPool extends FailoverSource {
  readonly name: 'accounts';
  /** Loads the accounts store if needed; true when it holds at least one account, which makes the pool win. */
  hasAccounts(): Promise<boolean>;
}
