import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../credentials/atomic-file';
import { jwtExpiry } from '../../credentials/jwt-expiry';
import type { TokenSet } from '../../credentials/token-lifecycle';
import { readTokenFile, stringField } from './token-file';
import type { LoadedTokens, TokenStore } from './token-store';

/**
 * DROID_REFRESH_KEY mode keeps the rotated tokens in `$DATA_DIR/auth.json` together with the SHA-256 of the key they
 * descend from. The env key is spent at the first refresh, so a restart must continue from the saved token; a file
 * from another key means the operator configured a new one, which then wins.
 */
export class DroidRefreshKeyStore implements TokenStore {
  readonly location: string;
  private readonly keyHash: string;

  constructor(
    private readonly envKey: string,
    private readonly dataDir: string,
  ) {
    this.location = join(dataDir, 'auth.json');
    this.keyHash = sha256(envKey);
  }

  async load(): Promise<LoadedTokens> {
    const read = await readTokenFile(this.location);
    switch (read.kind) {
      case 'missing':
        return { kind: 'ok', tokens: { refreshToken: this.envKey } };
      case 'corrupt':
        return {
          kind: 'broken',
          reason: `${this.location} ${read.reason}; it may hold the only live refresh token, so it is left untouched: repair it, or remove it to start again from DROID_REFRESH_KEY`,
        };
      case 'ok':
        break;
      default: {
        const unreachable: never = read;
        throw new Error(`unexpected read result ${String(unreachable)}`);
      }
    }
    if (read.data.source_key_sha256 !== this.keyHash) {
      return {
        kind: 'ok',
        tokens: { refreshToken: this.envKey },
        notice: `${this.location} holds tokens of a different DROID_REFRESH_KEY; using the configured key, the file is replaced at the first refresh`,
      };
    }
    const refreshToken = stringField(read.data, 'refresh_token');
    if (!refreshToken) {
      return { kind: 'broken', reason: `${this.location} has no refresh_token; repair it or remove it to start again from DROID_REFRESH_KEY` };
    }
    const accessToken = stringField(read.data, 'access_token');
    const savedExpiry = Date.parse(String(read.data.expires_at));
    const expiresAt = accessToken ? (Number.isFinite(savedExpiry) ? savedExpiry : jwtExpiry(accessToken)) : undefined;
    return { kind: 'ok', tokens: { refreshToken, accessToken, expiresAt } };
  }

  async save(tokens: TokenSet): Promise<void> {
    await fsp.mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const record = {
      source_key_sha256: this.keyHash,
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
      expires_at: tokens.expiresAt === undefined ? undefined : new Date(tokens.expiresAt).toISOString(),
      updated_at: new Date().toISOString(),
    };
    await writeFileAtomic(this.location, `${JSON.stringify(record, null, 2)}\n`);
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
