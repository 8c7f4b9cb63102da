import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { RefreshLockUnavailableError, type RefreshLock } from '../credentials/refresh-lock';
import type { RedisConnection } from './redis-connection';

// Deletes the lock only while it still holds our token: a holder whose lock expired must not delete the next one's.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

const POLL_MIN_MS = 20;
const POLL_MAX_MS = 250;

/**
 * `SET lock <random token> NX PX ttl`, released by a compare-and-delete script. A waiter polls (20 → 250 ms) for at
 * most the TTL plus a margin; by then a live holder has finished and a dead one's lock has expired. The TTL is longer
 * than a WorkOS call may take (see REDIS_LOCK_TTL_MS), so it never expires under a live holder.
 */
export class RedisRefreshLock implements RefreshLock {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ttlMs: number,
  ) {}

  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = this.redis.key(`lock:${name}`);
    const token = randomBytes(16).toString('hex');
    await this.acquire(key, token);
    try {
      return await work();
    } finally {
      await this.redis.script(RELEASE, [key], [token]).catch(() => undefined);
    }
  }

  private async acquire(key: string, token: string): Promise<void> {
    const deadline = Date.now() + this.ttlMs + 1_000;
    let wait = POLL_MIN_MS;
    for (;;) {
      let taken: string | null;
      try {
        taken = await this.redis.client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: this.ttlMs } });
      } catch (error) {
        throw new RefreshLockUnavailableError(`cannot refresh without the cluster lock: redis unavailable (${(error as Error).message})`);
      }
      if (taken === 'OK') return;
      if (Date.now() >= deadline) throw new RefreshLockUnavailableError('cannot refresh: another replica held the refresh lock for its whole TTL');
      await sleep(wait);
      wait = Math.min(POLL_MAX_MS, wait * 2);
    }
  }
}
