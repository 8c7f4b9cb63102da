import { writeFileAtomic } from '../../credentials/atomic-file';
import { jwtExpiry } from '../../credentials/jwt-expiry';
import type { TokenSet } from '../../credentials/token-lifecycle';
import { readTokenFile, stringField, type TokenFileRead } from './token-file';
import type { LoadedTokens, TokenStore } from './token-store';

/**
 * `~/.factory/auth.json` as the Factory CLI writes it (`{access_token, refresh_token, …}`). Rotated tokens are written
 * back into the same file, keeping every other field, so the CLI keeps working with the live token.
 */
export class FactoryAuthFileStore implements TokenStore {
  constructor(readonly location: string) {}

  async load(): Promise<LoadedTokens> {
    const read = await readTokenFile(this.location);
    const tokens = this.tokensOf(read);
    if (typeof tokens === 'string') return { kind: 'broken', reason: tokens };
    return { kind: 'ok', tokens };
  }

  async reload(): Promise<TokenSet | undefined> {
    const tokens = this.tokensOf(await readTokenFile(this.location));
    return typeof tokens === 'string' ? undefined : tokens;
  }

  async save(tokens: TokenSet): Promise<void> {
    // Re-read right before writing: the CLI may have added fields since, and a file we cannot parse is not ours to replace.
    const read = await readTokenFile(this.location);
    if (read.kind === 'corrupt') throw new Error(`${this.location} ${read.reason}; not overwriting it`);
    const base = read.kind === 'ok' ? read.data : {};
    const record = { ...base, access_token: tokens.accessToken, refresh_token: tokens.refreshToken };
    await writeFileAtomic(this.location, `${JSON.stringify(record, null, 2)}\n`);
  }

  /** The tokens in a read file, or why there are none. */
  private tokensOf(read: TokenFileRead): TokenSet | string {
    switch (read.kind) {
      case 'missing':
        return `${this.location} was not found`;
      case 'corrupt':
        return `${this.location} ${read.reason}; it is left untouched: repair it or sign in again with the Factory CLI`;
      case 'ok': {
        const refreshToken = stringField(read.data, 'refresh_token');
        if (!refreshToken) return `${this.location} has no refresh_token; sign in again with the Factory CLI`;
        const accessToken = stringField(read.data, 'access_token');
        return { refreshToken, accessToken, expiresAt: accessToken ? jwtExpiry(accessToken) : undefined };
      }
      default: {
        const unreachable: never = read;
        throw new Error(`unexpected read result ${String(unreachable)}`);
      }
    }
  }
}
