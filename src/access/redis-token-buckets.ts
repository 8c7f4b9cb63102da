import type { RedisConnection } from '../redis/redis-connection';
import type { TakeResult, TokenBuckets } from './token-buckets';

// The same bucket as TokenBuckets, kept in a hash per key and updated atomically with Redis' own clock, so every
// replica draws from one allowance and clock skew between replicas cannot mint tokens. Idle buckets expire after the
// minute it takes them to refill, which is when they equal "no bucket".
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local capacity = tonumber(ARGV[1])
local perMs = capacity / 60000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * perMs)
local allowed = tokens >= 1
if allowed then tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 60000)
if allowed then return 0 end
return math.max(1, math.ceil((1 - tokens) / perMs / 1000))`;

/**
 * RATE_LIMIT_PER_MINUTE across every replica (REDIS_URL): one bucket per key in Redis. While Redis is unreachable
 * each replica falls back to its own buckets, so the limit still holds per replica and no request waits on Redis.
 */
export class RedisTokenBuckets {
  constructor(
    private readonly redis: RedisConnection,
    private readonly perMinute: number,
    private readonly fallback: TokenBuckets,
  ) {}

  async take(key: string): Promise<TakeResult> {
    if (!this.redis.isUp) return this.fallback.take(key);
    let retryAfter: unknown;
    try {
      retryAfter = await this.redis.script(TAKE, [this.redis.key(`ratelimit:${key}`)], [String(this.perMinute)]);
    } catch {
      return this.fallback.take(key);
    }
    return retryAfter === 0 ? { allowed: true } : { allowed: false, retryAfterSeconds: Number(retryAfter) };
  }
}
