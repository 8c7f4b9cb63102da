import { staggerMs } from './pooled-account';

const AHEAD = 2 * 3_600_000;

describe(staggerMs.name, () => {
  it('is the same for the same account on every run', () => {
    expect(staggerMs('acc_1a2b3c4d5e', AHEAD)).toBe(staggerMs('acc_1a2b3c4d5e', AHEAD));
  });

  it('spreads accounts over up to 30 minutes (a quarter of a short lead time), minutes apart', () => {
    const ids = Array.from({ length: 20 }, (_, index) => `acc_${String(index).padStart(10, '0')}`);
    const offsets = ids.map((id) => staggerMs(id, AHEAD)).sort((a, b) => a - b);
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(30 * 60_000);
    expect(offsets.at(-1)! - offsets[0]).toBeGreaterThan(15 * 60_000);
    expect(new Set(offsets.map((offset) => Math.floor(offset / 1000))).size).toBe(20);
    expect(staggerMs(ids[0], 60_000)).toBeLessThan(15_000);
    expect(staggerMs(ids[0], 0)).toBe(0);
  });
});
