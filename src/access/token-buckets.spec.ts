import { TokenBuckets } from './token-buckets';

describe(TokenBuckets.name, () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('allows a burst of the minute allowance, then refuses with the seconds until one token is back', () => {
    const buckets = new TokenBuckets(3, 100, clock);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')].every((result) => result.allowed)).toBe(true);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    now += 19_000;
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(buckets.take('a')).toEqual({ allowed: true });
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets(1, 100, clock);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('b').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('refills at the steady rate without exceeding the allowance', () => {
    const buckets = new TokenBuckets(60, 100, clock);
    for (let i = 0; i < 60; i++) buckets.take('a');
    now += 10 * 60_000;
    let allowed = 0;
    while (buckets.take('a').allowed) allowed++;
    expect(allowed).toBe(60);
  });

  it('forgets full buckets and bounds the number of keys', () => {
    const buckets = new TokenBuckets(10, 100, clock);
    for (let i = 0; i < 500; i++) buckets.take(`ip-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
    now += 61_000;
    buckets.take('fresh');
    expect(buckets.size).toBe(1);
  });
});
