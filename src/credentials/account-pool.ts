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
  /** How many accounts it holds when every one of them is disabled (then a configured credential below wins), else 0. */
  disabledOnly(): number;
  /** Told once the chain is chosen; a pool that is not in use never makes the gateway unready. */
  setInUse(inUse: boolean): void;
}
