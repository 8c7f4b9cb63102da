import type { AccountStatus, HealthState } from '../account';
import { healthScore } from './health-score';

/** A token this close to expiry that no refresh has replaced yet is skipped while other accounts can serve. */
export const EXPIRY_MARGIN_MS = 5 * 60_000;

/** What selection needs to know about an account; nothing secret. */
export interface Candidate {
  id: string;
  status: AccountStatus;
  cooldownUntil?: number;
  /** Access token expiry (epoch ms); undefined when there is no access token yet. */
  expiresAt?: number;
  health: HealthState;
}

export type Eligibility = 'eligible' | 'disabled' | 'cooling' | 'expiring';

export function eligibility(candidate: Candidate, now: number): Eligibility {
  if (candidate.status === 'disabled') return 'disabled';
  if (candidate.cooldownUntil !== undefined && candidate.cooldownUntil > now) return 'cooling';
  if (candidate.expiresAt === undefined || candidate.expiresAt - now < EXPIRY_MARGIN_MS) return 'expiring';
  return 'eligible';
}

export interface PickOptions {
  now: number;
  /** A source of numbers in [0, 1): `Math.random` in production, `seededRandom(seed)` in tests. */
  random: () => number;
  /** Accounts already tried for this request. */
  exclude?: ReadonlySet<string>;
}

/**
 * A weighted random pick by health score among eligible accounts. Only when none is eligible does an account whose
 * token is about to expire get picked (its lifecycle then refreshes before use). Disabled and cooling accounts never.
 */
export function pickAccount<C extends Candidate>(candidates: readonly C[], options: PickOptions): C | undefined {
  const open = candidates.filter((candidate) => !options.exclude?.has(candidate.id));
  const eligible = open.filter((candidate) => eligibility(candidate, options.now) === 'eligible');
  const pool = eligible.length ? eligible : open.filter((candidate) => eligibility(candidate, options.now) === 'expiring');
  return weightedPick(pool, (candidate) => healthScore(candidate.health, options.now), options.random);
}

export function weightedPick<T>(items: readonly T[], weight: (item: T) => number, random: () => number): T | undefined {
  if (items.length === 0) return undefined;
  const weights = items.map(weight);
  const total = weights.reduce((sum, value) => sum + value, 0);
  let point = random() * total;
  for (let index = 0; index < items.length; index += 1) {
    point -= weights[index];
    if (point < 0) return items[index];
  }
  // Rounding can leave a sliver past the last item.
  return items[items.length - 1];
}
