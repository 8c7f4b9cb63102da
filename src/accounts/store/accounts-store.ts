import type { Account } from '../account';

export type LoadedAccounts =
  | { kind: 'ok'; accounts: Account[] }
  /**
   * Nothing stored: a pool without accounts. `lost` when this store had held accounts before (a shared store emptied
   * behind our back, e.g. Redis restarted without persistence).
   */
  | { kind: 'missing'; lost?: boolean }
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
  /**
   * Replaces the stored accounts durably; rejects when the store is broken rather than overwrite it. A shared store
   * rejects with StoreConflictError when someone else wrote since this store's last load: load, merge, save again.
   */
  save(accounts: readonly Account[]): Promise<void>;
  /** A store several replicas share: token refreshes then run under the cluster-wide lock named here. */
  lockName?(accountId: string): string;
  /**
   * Calls `onChange` after someone else changed the store (a person editing the file, the CLI, another replica),
   * never for this store's own saves. Returns the function that stops watching.
   */
  watch(onChange: () => void): () => void;
}

/** Someone else saved since our last load; nothing was written. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
}

export const ACCOUNTS_STORE = Symbol('ACCOUNTS_STORE');

/** With a shared store (REDIS_URL): accounts.json as a read-only seed merged in at start, else null. */
export const ACCOUNTS_SEED = Symbol('ACCOUNTS_SEED');
