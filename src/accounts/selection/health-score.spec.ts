import { decayHealth, healthScore, HEALTH_HALF_LIFE_MS, MIN_WEIGHT, recordHealth } from './health-score';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const fresh = { successes: 0, failures: 0, at: T0 };

describe('health score', () => {
  it('halves the counts every half-life and never grows them when the clock steps back', () => {
    const health = { successes: 8, failures: 4, at: T0 };
    expect(decayHealth(health, T0 + HEALTH_HALF_LIFE_MS)).toEqual({ successes: 4, failures: 2, at: T0 + HEALTH_HALF_LIFE_MS });
    expect(decayHealth(health, T0 + 3 * HEALTH_HALF_LIFE_MS).successes).toBeCloseTo(1, 10);
    expect(decayHealth(health, T0 - 60_000)).toBe(health);
  });

  it('weighs an untried account 1 and a perfect one 1', () => {
    expect(healthScore(fresh, T0)).toBe(1);
    let health = fresh;
    for (let index = 0; index < 20; index += 1) health = recordHealth(health, 'success', T0);
    expect(healthScore(health, T0)).toBe(1);
  });

  it('counts 5xx, timeouts and connection failures half as much as a 429', () => {
    const limited = recordHealth(fresh, 'rate_limited', T0);
    const soft = ['server', 'timeout', 'connect'] as const;
    for (const outcome of soft) expect(recordHealth(fresh, outcome, T0).failures).toBe(0.5);
    expect(limited.failures).toBe(1);
    expect(healthScore(limited, T0)).toBeCloseTo(0.1 + 0.9 / 2, 10);
    expect(healthScore(recordHealth(fresh, 'server', T0), T0)).toBeGreaterThan(healthScore(limited, T0));
  });

  it('sinks towards the floor under repeated failures and climbs back as they age', () => {
    let health = fresh;
    for (let index = 0; index < 50; index += 1) health = recordHealth(health, 'rate_limited', T0);
    const sunk = healthScore(health, T0);
    expect(sunk).toBeGreaterThanOrEqual(MIN_WEIGHT);
    expect(sunk).toBeLessThan(0.12);
    const later = [1, 3, 6, 10].map((halfLives) => healthScore(health, T0 + halfLives * HEALTH_HALF_LIFE_MS));
    expect(later).toEqual([...later].sort((a, b) => a - b));
    expect(later.at(-1)).toBeGreaterThan(0.95);
  });

  it('lets recent outcomes outweigh old ones', () => {
    let oldFailures = fresh;
    for (let index = 0; index < 10; index += 1) oldFailures = recordHealth(oldFailures, 'rate_limited', T0);
    let recentFailures = fresh;
    for (let index = 0; index < 10; index += 1) recentFailures = recordHealth(recentFailures, 'rate_limited', T0 + 30 * 60_000);
    const now = T0 + 30 * 60_000;
    expect(healthScore(oldFailures, now)).toBeGreaterThan(healthScore(recentFailures, now) + 0.3);
  });
});
