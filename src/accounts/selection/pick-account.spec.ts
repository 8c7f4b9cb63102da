import type { HealthState } from '../account';
import { healthScore, HEALTH_HALF_LIFE_MS, recordHealth } from './health-score';
import { EXPIRY_MARGIN_MS, pickAccount, type Candidate } from './pick-account';
import { seededRandom } from './seeded-random';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const HOUR = 3_600_000;
const fresh: HealthState = { successes: 0, failures: 0, at: T0 };

function candidate(id: string, overrides: Partial<Candidate> = {}): Candidate {
  return { id, status: 'active', expiresAt: T0 + 8 * HOUR, health: fresh, ...overrides };
}

function withOutcomes(successes: number, failures: number): HealthState {
  let health = fresh;
  for (let index = 0; index < successes; index += 1) health = recordHealth(health, 'success', T0);
  for (let index = 0; index < failures; index += 1) health = recordHealth(health, 'rate_limited', T0);
  return health;
}

/** Each account's share of `picks` draws. */
function shares(candidates: Candidate[], now: number, picks = 10_000, seed = 42): Record<string, number> {
  const random = seededRandom(seed);
  const counts: Record<string, number> = Object.fromEntries(candidates.map((item) => [item.id, 0]));
  for (let index = 0; index < picks; index += 1) {
    const picked = pickAccount(candidates, { now, random });
    if (picked) counts[picked.id] += 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([id, count]) => [id, count / picks]));
}

describe(pickAccount.name, () => {
  // 10,000 draws: one standard deviation of a share is at most 0.5 percentage points, so ±2 points is 4 sigma.
  const TOLERANCE = 0.02;

  it.each([1, 7, 2024])('matches the health weights within ±2 percentage points over 10,000 picks (seed %d)', (seed) => {
    const candidates = [
      candidate('untried'),
      candidate('mixed', { health: withOutcomes(3, 3) }),
      candidate('poor', { health: withOutcomes(1, 12) }),
      candidate('good', { health: withOutcomes(30, 1) }),
    ];
    const weights = candidates.map((item) => healthScore(item.health, T0));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const observed = shares(candidates, T0, 10_000, seed);
    candidates.forEach((item, index) => {
      expect(Math.abs(observed[item.id] - weights[index] / total)).toBeLessThan(TOLERANCE);
    });
    // The weights differ enough that a uniform pick would fail the check above.
    expect(Math.max(...weights) / Math.min(...weights)).toBeGreaterThan(3);
  });

  it("drops a failing account's share, then lets it recover as time passes", () => {
    const healthy = [candidate('a'), candidate('b')];
    const before = shares([...healthy, candidate('flaky')], T0).flaky;
    const failing = candidate('flaky', { health: withOutcomes(0, 15) });
    const during = shares([...healthy, failing], T0).flaky;
    const afterHalfHour = shares([...healthy, failing], T0 + 0.5 * HOUR).flaky;
    const afterTwoHours = shares([...healthy, failing], T0 + 2 * HOUR).flaky;

    expect(before).toBeCloseTo(1 / 3, 1);
    expect(during).toBeLessThan(0.08);
    expect(afterHalfHour).toBeGreaterThan(during + 0.05);
    expect(afterTwoHours).toBeGreaterThan(0.3);
    expect(2 * HOUR).toBe(12 * HEALTH_HALF_LIFE_MS);
  });

  it('never picks a disabled account, whatever its health', () => {
    const candidates = [candidate('off', { status: 'disabled', health: withOutcomes(100, 0) }), candidate('on', { health: withOutcomes(0, 20) })];
    expect(shares(candidates, T0).off).toBe(0);
    expect(pickAccount([candidates[0]], { now: T0, random: Math.random })).toBeUndefined();
  });

  it('skips a cooling account until its cooldown has passed', () => {
    const cooling = candidate('cooling', { cooldownUntil: T0 + 2_000 });
    const candidates = [cooling, candidate('other')];
    expect(shares(candidates, T0 + 1_999).cooling).toBe(0);
    expect(pickAccount([cooling], { now: T0 + 1_999, random: Math.random })).toBeUndefined();
    expect(shares(candidates, T0 + 2_000).cooling).toBeGreaterThan(0.4);
  });

  it('skips a token about to expire while another account can serve, and uses it when it is the last one', () => {
    const expiring = candidate('expiring', { expiresAt: T0 + EXPIRY_MARGIN_MS - 1 });
    const never = candidate('never-refreshed', { expiresAt: undefined });
    expect(shares([expiring, never, candidate('ok')], T0)).toEqual({ expiring: 0, 'never-refreshed': 0, ok: 1 });
    expect(pickAccount([expiring], { now: T0, random: () => 0.5 })?.id).toBe('expiring');
    expect(pickAccount([candidate('ok', { expiresAt: T0 + EXPIRY_MARGIN_MS })], { now: T0, random: () => 0.5 })?.id).toBe('ok');
  });

  it('leaves out accounts already tried for this request', () => {
    const candidates = [candidate('a'), candidate('b')];
    const random = seededRandom(3);
    for (let index = 0; index < 100; index += 1) {
      expect(pickAccount(candidates, { now: T0, random, exclude: new Set(['a']) })?.id).toBe('b');
    }
    expect(pickAccount(candidates, { now: T0, random, exclude: new Set(['a', 'b']) })).toBeUndefined();
  });
});
