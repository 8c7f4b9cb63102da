import type { Account } from '../account';

export type LoadedAccounts =
  | { kind: 'ok'; accounts: Account[] }
  /** Nothing stored yet: a pool without accounts. */
  | { kind: 'missing' }
  /** Stored but unusable; it may hold the only live refresh tokens, so it is reported and never overwritten. */
  | { kind: 'broken'; reason: string };

/**
 * Where the pool's accounts live between runs. The JSON file is the one implementation today; a shared store for
 * several replicas (Redis) implements the same three calls. Implementations never log or throw a token.
 */
export interface AccountsStore {
  /** For logs and /health (a path or a URL without credentials). */
  readonly location: string;
  load(): Promise<LoadedAccounts>;
  /** Replaces the stored accounts durably; rejects when the store is broken rather than overwrite it. */
  save(accounts: readonly Account[]): Promise<void>;
  /**
   * Calls `onChange` after someone else changed the store (a person editing the file, the CLI, another replica),
   * never for this store's own saves. Returns the function that stops watching.
   */
  watch(onChange: () => void): () => void;
}

export const ACCOUNTS_STORE = Symbol('ACCOUNTS_STORE');
