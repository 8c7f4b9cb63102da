/** Where an account is in the rotation. `cooling` is temporary (a 429), `disabled` lasts until someone enables it. */
export const ACCOUNT_STATUSES = ['active', 'disabled', 'cooling'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/**
 * Why an account was disabled. A newer token brings back an account disabled for `unauthorized` or `refresh_rejected`
 * (someone signed in again); `payment_required` and `manual` stay until someone enables the account.
 */
export const DISABLE_CAUSES = ['manual', 'unauthorized', 'payment_required', 'refresh_rejected'] as const;
export type DisableCause = (typeof DISABLE_CAUSES)[number];

/** How an upstream attempt on an account failed; counted per class in the account's stats. */
export const FAILURE_CLASSES = [
  'unauthorized',
  'payment_required',
  'forbidden',
  'rate_limited',
  'server',
  'timeout',
  'connect',
  'client',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** One account's WorkOS tokens and where they stand in the account's rotation history. */
export interface AccountTokens {
  refreshToken: string;
  accessToken?: string;
  /** Epoch ms; undefined when unknown (counts as expired). */
  expiresAt?: number;
  /** Rotations seen by whoever wrote this set; grows by one per refresh. */
  version: number;
  /** Epoch ms when WorkOS issued this set; undefined for a token of unknown age (an import without it). */
  refreshedAt?: number;
}

/** Decayed outcome counts as of `at` (see selection/health-score.ts). */
export interface HealthState {
  successes: number;
  failures: number;
  at: number;
}

export interface AccountStats {
  requests: number;
  successes: number;
  failures: number;
  failuresByClass: Partial<Record<FailureClass, number>>;
  lastUsedAt?: number;
  lastError?: string;
  health: HealthState;
}

/** One pooled Factory account, as the gateway holds it in memory. accounts-file.ts maps it to the file's fields. */
export interface Account {
  id: string;
  label?: string;
  email?: string;
  tokens: AccountTokens;
  status: AccountStatus;
  disabledReason?: string;
  disabledCause?: DisableCause;
  disabledAt?: number;
  /** While `status` is `cooling`: epoch ms when it may be picked again. */
  cooldownUntil?: number;
  createdAt: number;
  stats: AccountStats;
}

export function emptyStats(now: number): AccountStats {
  return { requests: 0, successes: 0, failures: 0, failuresByClass: {}, health: { successes: 0, failures: 0, at: now } };
}

/** A deep copy, so snapshots (the merge base, the last saved file) never share objects with live state. */
export function cloneAccount(account: Account): Account {
  return structuredClone(account);
}
