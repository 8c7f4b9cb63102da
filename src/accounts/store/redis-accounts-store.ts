import { parseAccounts, serializeAccounts } from '../accounts-file';
import type { Account } from '../account';
import { StoreConflictError, type AccountsStore, type LoadedAccounts } from './accounts-store';
import type { RedisConnection } from '../../redis/redis-connection';

// Compare-and-set on a revision counter: the write lands only if nobody wrote since the writer's last load, so a
// replica working from stale memory can never overwrite a rotation, a disable or an added account it has not merged.
const SAVE = `
local rev = tonumber(redis.call('GET', KEYS[2]) or '0')
if rev ~= tonumber(ARGV[2]) then return -1 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], rev + 1)
redis.call('PUBLISH', KEYS[3], tostring(rev + 1))
return rev + 1`;

/**
 * The accounts pool in Redis, for several replicas: the accounts.json text under one key and a revision counter
 * beside it, changed only by a compare-and-set script that publishes the new revision. Every replica merges what it
 * reads with the same rules as for the file (the newer token always wins), so the stored state only moves forward.
 */
export class RedisAccountsStore implements AccountsStore {
  readonly location: string;
  private readonly key: string;
  private readonly revKey: string;
  /** The revision this store last read or wrote; a save must start from it. */
  private revision = 0;
  private heldAccounts = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly now: () => number = Date.now,
  ) {
    this.key = redis.key('accounts');
    this.revKey = redis.key('accounts:rev');
    this.location = `${redis.location} ${this.key}`;
  }

  lockName(accountId: string): string {
    return `account:${accountId}`;
  }

  async load(): Promise<LoadedAccounts> {
    const [text, rev] = await this.redis.client.mGet([this.key, this.revKey]);
    this.revision = Number(rev ?? 0);
    if (text === null) {
      const lost = this.heldAccounts;
      this.heldAccounts = false;
      return { kind: 'missing', lost };
    }
    const parsed = parseAccounts(text, this.now());
    if (parsed.kind === 'broken') return { kind: 'broken', reason: `${this.location} ${parsed.reason}; it is left untouched until it is repaired` };
    this.heldAccounts = parsed.file.accounts.length > 0;
    return { kind: 'ok', accounts: parsed.file.accounts };
  }

  async save(accounts: readonly Account[]): Promise<void> {
    const written = await this.redis.script(SAVE, [this.key, this.revKey, this.redis.key('changed:accounts')], [serializeAccounts(accounts), String(this.revision)]);
    if (written === -1) throw new StoreConflictError(`${this.location} changed since it was read`);
    this.revision = Number(written);
    this.heldAccounts = accounts.length > 0;
  }

  /** Another replica's write (its revision differs from ours), and every reconnection (Redis may have lost data). */
  watch(onChange: () => void): () => void {
    const unsubscribe = this.redis.subscribe('changed:accounts', (message) => {
      if (Number(message) !== this.revision) onChange();
    });
    this.redis.on('up', onChange);
    return () => {
      unsubscribe();
      this.redis.off('up', onChange);
    };
  }
}
