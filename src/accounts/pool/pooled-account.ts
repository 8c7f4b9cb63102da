import type { LoggerService } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { TokenLifecycle, type RefreshTiming, type RefreshedTokens, type TokenSet } from '../../credentials/token-lifecycle';
import type { Account, AccountStatus, AccountTokens } from '../account';
import { effectiveStatus } from '../account-view';
import type { Candidate } from '../selection/pick-account';

export interface PooledAccountDeps {
  exchange(refreshToken: string): Promise<RefreshedTokens>;
  timing: RefreshTiming;
  logger: Pick<LoggerService, 'log' | 'warn' | 'error'>;
  now: () => number;
  /** Records a rotation on the account and saves the store; awaited before the new access token is used. */
  persist(pooled: PooledAccount, tokens: TokenSet): Promise<void>;
  /** Shared store only: the account's cluster-wide refresh lock (see TokenLifecycleOptions.lock). */
  lock?(work: () => Promise<void>): Promise<void>;
  /** Shared store only: tokens another replica stored since, read under the lock. */
  reload?(): Promise<TokenSet | undefined>;
}

// At most this much earlier than TOKEN_REFRESH_AHEAD_MS (and at most a quarter of it).
const MAX_STAGGER_MS = 30 * 60_000;

/**
 * How much earlier than the configured lead time this account refreshes: a fixed fraction of the spread derived
 * from its id, so accounts added together (and so expiring together) refresh minutes apart, the same way every run.
 */
export function staggerMs(accountId: string, aheadMs: number): number {
  const spread = Math.min(MAX_STAGGER_MS, aheadMs / 4);
  const fraction = createHash('sha256').update(accountId).digest().readUInt32BE(0) / 2 ** 32;
  return Math.floor(fraction * spread);
}

/** One account in the pool: its record and its own token lifecycle (single-flight refresh, persist before use). */
export class PooledAccount {
  readonly lifecycle: TokenLifecycle;
  /** Newer tokens from the store that arrived while a refresh was in flight; taken at the next check. */
  pendingTokens?: AccountTokens;

  constructor(
    public account: Account,
    deps: PooledAccountDeps,
  ) {
    this.lifecycle = new TokenLifecycle({
      label: account.id,
      tokens: tokenSetOf(account.tokens),
      exchange: (refreshToken) => deps.exchange(refreshToken),
      persist: (tokens) => deps.persist(this, tokens),
      lock: deps.lock,
      reload: deps.reload,
      timing: { ...deps.timing, aheadMs: deps.timing.aheadMs + staggerMs(account.id, deps.timing.aheadMs) },
      logger: deps.logger,
      now: deps.now,
    });
  }

  get id(): string {
    return this.account.id;
  }

  status(now: number): AccountStatus {
    return effectiveStatus(this.account, now);
  }

  /** Picked only when enabled and not cooling; a dead refresh token makes it unusable until new tokens arrive. */
  usable(now: number): boolean {
    return this.status(now) === 'active' && !this.lifecycle.refreshRejected;
  }

  candidate(now: number): Candidate & { pooled: PooledAccount } {
    const { account } = this;
    return {
      id: account.id,
      status: this.lifecycle.refreshRejected ? 'disabled' : this.status(now),
      cooldownUntil: account.cooldownUntil,
      expiresAt: account.tokens.accessToken ? account.tokens.expiresAt : undefined,
      health: account.stats.health,
      pooled: this,
    };
  }

  /**
   * Takes tokens stored by someone else (call before replacing `account`). False, with the tokens kept in
   * `pendingTokens` for the next check, while a refresh of ours is in flight.
   */
  adopt(tokens: AccountTokens): boolean {
    if (tokens.refreshToken !== this.account.tokens.refreshToken && !this.lifecycle.adopt(tokenSetOf(tokens))) {
      this.pendingTokens = tokens;
      return false;
    }
    this.pendingTokens = undefined;
    this.account = { ...this.account, tokens: { ...tokens } };
    return true;
  }
}

export function tokenSetOf(tokens: AccountTokens): TokenSet {
  return { refreshToken: tokens.refreshToken, accessToken: tokens.accessToken, expiresAt: tokens.expiresAt };
}
