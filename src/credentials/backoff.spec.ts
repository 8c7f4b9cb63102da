import { backoffDelay } from './backoff';

describe(backoffDelay.name, () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles per failure between half and all of the ceiling, and stops at the cap', () => {
    const low = (failures: number) => backoffDelay(failures, policy, () => 0);
    const high = (failures: number) => backoffDelay(failures, policy, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(low)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(high)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
    expect(low(1_000)).toBe(30_000);
  });

  it('spreads retries with the random source', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3, policy)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2_000);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });
});
