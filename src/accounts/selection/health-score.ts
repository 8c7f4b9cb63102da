import type { HealthState } from '../account';

/** An outcome counted in the score. 401/402 disable the account and 403/4xx are the request's fault, so none count. */
export type HealthOutcome = 'success' | 'rate_limited' | 'server' | 'timeout' | 'connect';

/** Outcomes this old weigh half as much as new ones. */
export const HEALTH_HALF_LIFE_MS = 10 * 60_000;

/** The floor keeps a struggling account in the draw now and then, which is how its recovery is noticed. */
export const MIN_WEIGHT = 0.1;

// A 429 is about this account; 5xx, timeouts and connection failures are often Factory's or the network's, so they
// are soft: they count half.
const FAILURE_WEIGHT: Record<Exclude<HealthOutcome, 'success'>, number> = {
  rate_limited: 1,
  server: 0.5,
  timeout: 0.5,
  connect: 0.5,
};

/** The counts as of `now`: each halves every `halfLifeMs`. Time never runs backwards here (clock steps are ignored). */
export function decayHealth(health: HealthState, now: number, halfLifeMs = HEALTH_HALF_LIFE_MS): HealthState {
  const elapsed = now - health.at;
  if (elapsed <= 0) return health;
  const factor = 2 ** (-elapsed / halfLifeMs);
  return { successes: health.successes * factor, failures: health.failures * factor, at: now };
}

export function recordHealth(health: HealthState, outcome: HealthOutcome, now: number, halfLifeMs = HEALTH_HALF_LIFE_MS): HealthState {
  const current = decayHealth(health, now, halfLifeMs);
  if (outcome === 'success') return { ...current, successes: current.successes + 1 };
  return { ...current, failures: current.failures + FAILURE_WEIGHT[outcome] };
}

/**
 * The selection weight, in [0.1, 1]:
 *
 *     weight = 0.1 + 0.9 × (S + 1) / (S + F + 1)
 *
 * S and F are the decayed success and failure counts (failures weighted by class). It keeps the known formula's
 * shape (an untried account weighs 1, then the success ratio plus a floor) with two changes: one virtual success
 * (the `+ 1`) so a single early failure does not sink a new account to the floor, and the decay, so an account
 * that failed an hour ago is judged by what it does now: as old failures fade the weight climbs back towards 1.
 */
export function healthScore(health: HealthState, now: number, halfLifeMs = HEALTH_HALF_LIFE_MS): number {
  const { successes, failures } = decayHealth(health, now, halfLifeMs);
  return MIN_WEIGHT + (1 - MIN_WEIGHT) * ((successes + 1) / (successes + failures + 1));
}
