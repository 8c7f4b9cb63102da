import type { TokenSet } from '../../credentials/token-lifecycle';

export type LoadedTokens =
  | { kind: 'ok'; tokens: TokenSet; /** Worth a warning, e.g. a file left by another key. */ notice?: string }
  | { kind: 'broken'; reason: string };

/** Where a refreshable credential's tokens are kept between runs. */
export interface TokenStore {
  /** The file path, for logs and /health. */
  readonly location: string;
  load(): Promise<LoadedTokens>;
  /** Writes atomically (mode 0600); rejects rather than overwrite something it cannot understand. */
  save(tokens: TokenSet): Promise<void>;
  /** Tokens another program (the Factory CLI) wrote since, for taking them over instead of sending a dead one. */
  reload?(): Promise<TokenSet | undefined>;
}
