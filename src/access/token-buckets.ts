export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * One token bucket per key: `perMinute` tokens of capacity, refilled continuously, so a client may burst up to its
 * minute's allowance and then proceeds at the steady rate (no double burst at a window edge, as fixed windows allow).
 * A full bucket is the same as no bucket, so full ones are swept; `maxKeys` bounds memory under many client IPs.
 * Time comes from `now`, so tests need no timers.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private lastSweep: number;

  constructor(
    private readonly perMinute: number,
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    this.perMs = perMinute / 60_000;
    this.lastSweep = now();
  }

  take(key: string): TakeResult {
    const now = this.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS || this.buckets.size >= this.maxKeys) this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now };
    bucket.tokens = this.refilled(bucket, now);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private refilled(bucket: Bucket, now: number): number {
    return Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.perMs);
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.perMinute) this.buckets.delete(key);
    }
    // Still too many: forget the oldest keys (Map order) down to 90 %, so a flood of new keys does not sweep on every
    // request; a forgotten key only regains its full allowance.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys * 0.9) break;
      this.buckets.delete(key);
    }
  }
}
