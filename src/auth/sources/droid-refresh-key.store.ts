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
    const recordedHash = read.data.source_key_sha256;
    // Only a well-formed hash of another key proves the operator configured a new one. A missing or garbled hash
    // proves nothing, and the env key may well be spent: the saved token, which descends from some key, is newer.
    const hashReadable = typeof recordedHash === 'string' && SHA256_HEX.test(recordedHash);
    if (hashReadable && recordedHash !== this.keyHash) {
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
    const tokens = { refreshToken, accessToken, expiresAt };
    if (hashReadable || refreshToken === this.envKey) return { kind: 'ok', tokens };
    return {
      kind: 'ok',
      tokens,
      warning: `${this.location} has a ${recordedHash === undefined ? 'missing' : 'garbled'} source_key_sha256, so it cannot be matched to DROID_REFRESH_KEY; continuing from its saved token instead of re-sending the key (which may be spent). If you configured a new key, remove the file and restart`,
    };
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

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
