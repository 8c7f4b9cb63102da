import { createHash } from 'node:crypto';
import type { LoadedTokens, TokenStore } from './token-store';
import type { TokenSet } from '../../credentials/token-lifecycle';
import type { RedisConnection } from '../../redis/redis-connection';

/** The stored record: the set, its rotation count, and a hash of the seed refresh token its chain started from. */
interface TokenRecord {
  access_token: string | null;
  refresh_token: string;
  expires_at: number | null;
  token_version: number;
  seed_sha256: string | null;
  updated_at: string;
}

// Writes the set with the next version and tells the other replicas. Called under the credential's refresh lock.
const SAVE = `
local current = redis.call('GET', KEYS[1])
local version = 0
if current then version = tonumber(cjson.decode(current).token_version) or 0 end
local record = cjson.decode(ARGV[1])
record.token_version = version + 1
redis.call('SET', KEYS[1], cjson.encode(record))
redis.call('PUBLISH', KEYS[2], tostring(version + 1))
return version + 1`;

// Puts a set back only where none is stored (after Redis lost its data); never replaces a newer one.
const RESTORE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PUBLISH', KEYS[2], '1')
return 1`;

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * A refreshable credential's token set in Redis, shared by every replica (DROID_REFRESH_KEY under a hash of the key,
 * as the file store does; the auth.json-sourced set under one name). The local store is the seed: read while Redis
 * holds nothing, or when it holds a refresh token that differs from the one the shared chain started from (someone
 * signed in again, or set a new key), and never written in this mode.
 */
export class RedisTokenStore implements TokenStore {
  readonly location: string;
  readonly lockName: string;
  private readonly key: string;
  /** The seed hash the next save records: the stored one, or that of a seed just taken from the local store. */
  private seedHash: string | null = null;
  private seenRecord = false;

  constructor(
    private readonly redis: RedisConnection,
    name: string,
    private readonly seed: TokenStore,
    /** Whether a seed refresh token other than the chain's start begins a new chain (a new sign-in in auth.json). */
    private readonly newChainFromSeed: boolean,
  ) {
    this.key = redis.key(`tokens:${name}`);
    this.lockName = `tokens:${name}`;
    this.location = `${redis.location} ${this.key}`;
  }

  async load(): Promise<LoadedTokens> {
    const record = await this.read();
    const seeded = await this.seed.load();
    if (!record) {
      if (seeded.kind === 'ok') this.seedHash = sha256(seeded.tokens.refreshToken);
      return seeded;
    }
    this.seedHash = record.seed_sha256;
    if (seeded.kind === 'ok' && this.newChainFromSeed) {
      const seedToken = seeded.tokens.refreshToken;
      const fresh = seedToken !== record.refresh_token && sha256(seedToken) !== record.seed_sha256;
      if (fresh) {
        this.seedHash = sha256(seedToken);
        return { ...seeded, notice: `${this.seed.location} holds a refresh token the shared set did not start from; starting a new chain from it` };
      }
    }
    return { kind: 'ok', tokens: tokensOf(record) };
  }

  async reload(): Promise<TokenSet | undefined> {
    const record = await this.read();
    return record ? tokensOf(record) : undefined;
  }

  async save(tokens: TokenSet): Promise<void> {
    await this.redis.script(SAVE, [this.key, this.channelKey()], [JSON.stringify(this.recordOf(tokens))]);
    this.seenRecord = true;
  }

  async restore(tokens: TokenSet): Promise<boolean> {
    const wrote = await this.redis.script(RESTORE, [this.key, this.channelKey()], [JSON.stringify({ ...this.recordOf(tokens), token_version: 1 })]);
    return wrote === 1 && this.seenRecord;
  }

  watch(onChange: () => void): () => void {
    const unsubscribe = this.redis.subscribe(this.channel(), () => onChange());
    this.redis.on('up', onChange);
    return () => {
      unsubscribe();
      this.redis.off('up', onChange);
    };
  }

  private channel(): string {
    return `changed:${this.lockName}`;
  }

  private channelKey(): string {
    return this.redis.key(this.channel());
  }

  private recordOf(tokens: TokenSet): Omit<TokenRecord, 'token_version'> {
    return {
      access_token: tokens.accessToken ?? null,
      refresh_token: tokens.refreshToken,
      expires_at: tokens.expiresAt ?? null,
      seed_sha256: this.seedHash,
      updated_at: new Date().toISOString(),
    };
  }

  private async read(): Promise<TokenRecord | undefined> {
    const text = await this.redis.client.get(this.key);
    if (text === null) return undefined;
    this.seenRecord = true;
    const record = JSON.parse(text) as TokenRecord;
    if (typeof record.refresh_token !== 'string' || !record.refresh_token) throw new Error(`${this.key} holds no refresh_token`);
    return record;
  }
}

function tokensOf(record: TokenRecord): TokenSet {
  return {
    refreshToken: record.refresh_token,
    accessToken: record.access_token ?? undefined,
    expiresAt: record.expires_at ?? undefined,
  };
}
