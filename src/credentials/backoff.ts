export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * The delay before the next attempt after `failures` consecutive failures (1 = the first): doubling from `baseMs`,
 * capped at `maxMs`, with "equal jitter" (half fixed, half random) so that many credentials failing together, e.g.
 * during a WorkOS outage, do not all retry in the same second.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
