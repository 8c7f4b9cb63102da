import type { TokenLifecycleStatus } from '../credentials/token-lifecycle';
import type { Account, AccountStatus } from './account';
import { toRecord } from './accounts-file';
import { healthScore } from './selection/health-score';

/** An account as the admin API and the CLI show it: everything but the tokens. */
export interface AccountView {
  id: string;
  label: string | null;
  email: string | null;
  /** `cooling` turns back into `active` once `cooldown_until` has passed. */
  status: AccountStatus;
  disabled_reason: string | null;
  disabled_cause: string | null;
  disabled_at: string | null;
  cooldown_until: string | null;
  /** Selection weight now, 0.1 … 1 (see selection/health-score.ts). */
  health: number;
  expires_at: string | null;
  refreshed_at: string | null;
  token_version: number;
  created_at: string;
  stats: Omit<ReturnType<typeof toRecord>['stats'], 'health'>;
  /** The gateway's refresh state; absent where nothing refreshes (the CLI). */
  refresh?: { last_refresh_at: string | null; last_error: string | null; next_retry_at: string | null; refresh_rejected: boolean };
}

export function effectiveStatus(account: Account, now: number): AccountStatus {
  if (account.status === 'cooling' && (account.cooldownUntil === undefined || account.cooldownUntil <= now)) return 'active';
  return account.status;
}

export function toView(account: Account, now: number, refresh?: TokenLifecycleStatus): AccountView {
  const record = toRecord(account);
  const { health: _health, ...stats } = record.stats;
  const status = effectiveStatus(account, now);
  return {
    id: record.id,
    label: record.label,
    email: record.email,
    status,
    disabled_reason: record.disabled_reason,
    disabled_cause: record.disabled_cause,
    disabled_at: record.disabled_at,
    cooldown_until: status === 'cooling' ? record.cooldown_until : null,
    health: Math.round(healthScore(account.stats.health, now) * 100) / 100,
    expires_at: record.expires_at,
    refreshed_at: record.refreshed_at,
    token_version: record.token_version,
    created_at: record.created_at,
    stats,
    ...(refresh && {
      refresh: {
        last_refresh_at: refresh.lastRefreshAt ?? null,
        last_error: refresh.lastError ?? null,
        next_retry_at: refresh.nextRetryAt ?? null,
        refresh_rejected: refresh.refreshRejected,
      },
    }),
  };
}
