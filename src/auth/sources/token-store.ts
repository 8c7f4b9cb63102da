import type { TokenSet } from '../../credentials/token-lifecycle';

export type LoadedTokens =
  | {
      kind: 'ok';
      tokens: TokenSet;
      /** Worth a warning, e.g. a file left by another key. */
      notice?: string;
      /** Also shown on /health (until a restart): the stored set was taken although its origin is unclear. */
      warning?: string;
    }
  | { kind: 'broken'; reason: string };

/** Where a refreshable credential's tokens are kept between runs. */
export interface TokenStore {
  /** The file path or Redis key, for logs and /health. */
  readonly location: string;
  load(): Promise<LoadedTokens>;
  /** Writes atomically (mode 0600); rejects rather than overwrite something it cannot understand. */
  save(tokens: TokenSet): Promise<void>;
  /** Tokens another program (the Factory CLI) or replica wrote since, for taking them over instead of sending a dead one. */
  reload?(): Promise<TokenSet | undefined>;
  /** A shared store: the cluster-wide lock name under which this credential is refreshed. */
  readonly lockName?: string;
  /** Calls `onChange` when another replica may have changed the set (and after Redis reconnects). */
  watch?(onChange: () => void): () => void;
  /**
   * Writes `tokens` only when the store holds none; true when it did so although it had held a set before (the
   * shared store lost its data, e.g. Redis restarted without persistence).
   */
  restore?(tokens: TokenSet): Promise<boolean>;
}
