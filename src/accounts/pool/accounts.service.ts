import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import type { TokenSet } from '../../credentials/token-lifecycle';
import { WorkosClient } from '../../credentials/workos/workos-client.service';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ReadinessRegistry, type ReadinessReport } from '../../health/readiness.registry';
import { MetricsService } from '../../metrics/metrics.service';
import { cloneAccount, type Account, type DisableCause, type FailureClass } from '../account';
import { serializeAccounts } from '../accounts-file';
import { recordHealth, healthScore } from '../selection/health-score';
import type { RefreshLock } from '../../credentials/refresh-lock';
import { REFRESH_LOCK } from '../../redis/redis.tokens';
import { ACCOUNTS_SEED, ACCOUNTS_STORE, StoreConflictError, type AccountsStore } from '../store/accounts-store';
import { compareTokenAge, findImportTarget, mergeExternal, mergeImport, replacesTokens } from '../store/merge-accounts';
import { healthOutcomeOf } from './classify-outcome';
import { PooledAccount, tokenSetOf } from './pooled-account';

// A save that keeps meeting other replicas' writes gives up after this many merges (and is retried by the next one).
const MAX_SAVE_ATTEMPTS = 10;

/** Stats are written at most this often; rotations and status changes are written at once. */
export const STATS_SAVE_DEBOUNCE_MS = 2_000;

export interface PoolSummary {
  total: number;
  usable: number;
  active: number;
  cooling: number;
  disabled: number;
}

/**
 * The pool's state: every account with its token lifecycle, loaded from the store, merged with edits made elsewhere,
 * and saved back (rotations at once and awaited, stats on a debounce and at shutdown). Selection and failover live
 * in AccountPoolService, the HTTP surface in AdminController; both change accounts only through this service.
 */
@Injectable()
export class AccountsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Accounts');
  private readonly pooled = new Map<string, PooledAccount>();
  /** The merge base: the accounts as the store held them when we last read or wrote it. */
  private base: Account[] = [];
  private broken?: string;
  private loaded?: Promise<void>;
  private firstLoadDone = false;
  private stopWatching?: () => void;
  private saveTimer?: NodeJS.Timeout;
  private queue: Promise<unknown> = Promise.resolve();
  now: () => number = Date.now;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ACCOUNTS_STORE) private readonly store: AccountsStore,
    private readonly workos: WorkosClient,
    private readonly readiness: ReadinessRegistry,
    @Optional() private readonly metrics?: MetricsService,
    @Optional() @Inject(REFRESH_LOCK) private readonly lock?: RefreshLock | null,
    @Optional() @Inject(ACCOUNTS_SEED) private readonly seed?: AccountsStore | null,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness.register('accounts', () => this.readinessReport());
    await this.ensureLoaded();
  }

  /** Whether the credential chain uses the pool; when it does not, the pool never makes the gateway unready. */
  inUse = true;

  async onApplicationShutdown(): Promise<void> {
    this.stopWatching?.();
    this.stopWatching = undefined;
    if (this.saveTimer) await this.saveNow().catch((error: unknown) => this.logSaveFailure(error));
  }

  /** The first load and the start of watching; later calls share it. */
  ensureLoaded(): Promise<void> {
    return (this.loaded ??= this.exclusive(() => this.syncFromStore()).then(async () => {
      await this.mergeSeed();
      this.stopWatching = this.store.watch(() => void this.onStoreChanged());
    }));
  }

  /**
   * With a shared store, accounts.json (e.g. mounted from a Secret) is a seed merged in at start by the import rules:
   * new accounts are added, and a token replaces the stored one only when it is not older, so restarting every replica
   * with the same old seed can never undo a rotation. The seed file is never written.
   */
  private async mergeSeed(): Promise<void> {
    if (!this.seed) return;
    const loaded = await this.seed.load();
    if (loaded.kind === 'broken') {
      this.logger.error({ seed: this.seed.location, reason: loaded.reason }, 'accounts seed unusable; ignored');
      return;
    }
    if (loaded.kind === 'missing' || loaded.accounts.length === 0) return;
    const now = this.now();
    const working = this.list().map((pooled) => pooled.account);
    const changed: Account[] = [];
    const outcome: Record<string, string[]> = { added: [], replaced: [], kept_newer: [] };
    for (const incoming of loaded.accounts) {
      const target = findImportTarget(working, incoming.id, incoming.email);
      const result = mergeImport(target, target ? incoming : { ...incoming, createdAt: now });
      if (result.outcome === 'unchanged') {
        if (result.tokens === 'kept_newer') outcome.kept_newer.push(result.account.id);
        continue;
      }
      changed.push(result.account);
      if (!target) working.push(result.account);
      (result.outcome === 'added' ? outcome.added : result.tokens === 'replaced' ? outcome.replaced : outcome.kept_newer).push(result.account.id);
    }
    this.logger.log({ seed: this.seed.location, ...outcome }, 'accounts seed merged into the shared store');
    if (changed.length) await this.put(changed);
  }

  /** True when the pool takes the top of the credential chain: it holds accounts, or a broken file that might. */
  get configured(): boolean {
    return this.pooled.size > 0 || this.broken !== undefined;
  }

  get brokenReason(): string | undefined {
    return this.broken;
  }

  get location(): string {
    return this.store.location;
  }

  list(): PooledAccount[] {
    return [...this.pooled.values()];
  }

  get(id: string): PooledAccount | undefined {
    return this.pooled.get(id);
  }

  summary(now = this.now()): PoolSummary {
    const summary: PoolSummary = { total: this.pooled.size, usable: 0, active: 0, cooling: 0, disabled: 0 };
    for (const pooled of this.pooled.values()) {
      summary[pooled.status(now)] += 1;
      if (pooled.usable(now)) summary.usable += 1;
    }
    return summary;
  }

  /** Adds accounts or replaces their record (admin imports), then saves. */
  async put(accounts: readonly Account[]): Promise<void> {
    for (const account of accounts) {
      const existing = this.pooled.get(account.id);
      if (existing) this.replace(existing, account);
      else this.add(account);
    }
    await this.saveNow();
  }

  async remove(id: string): Promise<boolean> {
    if (!this.pooled.delete(id)) return false;
    this.metrics?.forgetAccount(id);
    this.logger.log({ account: id }, 'account removed');
    this.reportStates();
    await this.saveNow();
    return true;
  }

  /** Status changes from the admin API or the pool; saved at once. */
  async setStatus(pooled: PooledAccount, status: 'active' | 'disabled', cause: DisableCause, reason?: string): Promise<void> {
    const account = pooled.account;
    if (status === 'active') {
      pooled.account = { ...account, status, disabledCause: undefined, disabledReason: undefined, disabledAt: undefined, cooldownUntil: undefined };
      this.logger.log({ account: account.id }, 'account enabled');
    } else {
      const shortReason = reason && reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
      pooled.account = { ...account, status, disabledCause: cause, disabledReason: shortReason, disabledAt: this.now(), cooldownUntil: undefined };
      this.logger.warn({ account: account.id, cause, reason: shortReason }, 'account disabled');
    }
    this.reportStates();
    await this.saveNow();
  }

  async setLabel(pooled: PooledAccount, label: string | undefined): Promise<void> {
    pooled.account = { ...pooled.account, label };
    await this.saveNow();
  }

  /** A 429: out of the rotation until `until`. */
  coolDown(pooled: PooledAccount, until: number): void {
    const wasCooling = pooled.status(this.now()) === 'cooling';
    pooled.account = { ...pooled.account, status: 'cooling', cooldownUntil: Math.max(until, pooled.account.cooldownUntil ?? 0) };
    if (!wasCooling) this.logger.warn({ account: pooled.id, until: new Date(until).toISOString() }, 'account cooling down after a rate limit');
    this.reportStates();
    this.saveSoon();
  }

  /** One upstream attempt's outcome: success, or the class of failure with its message. */
  recordAttempt(pooled: PooledAccount, failure?: FailureClass, message?: string): void {
    const now = this.now();
    const stats = pooled.account.stats;
    stats.requests += 1;
    stats.lastUsedAt = now;
    if (failure === undefined) {
      stats.successes += 1;
      stats.health = recordHealth(stats.health, 'success', now);
    } else {
      stats.failures += 1;
      stats.failuresByClass[failure] = (stats.failuresByClass[failure] ?? 0) + 1;
      stats.lastError = message && message.length > 300 ? `${message.slice(0, 300)}…` : message;
      const outcome = healthOutcomeOf(failure);
      if (outcome) stats.health = recordHealth(stats.health, outcome, now);
    }
    this.metrics?.accountHealth(pooled.id, healthScore(stats.health, now));
    this.saveSoon();
  }

  /**
   * The periodic check, one account after another so that refreshes due together still go out apart: ends cooldowns
   * that are over, takes tokens that arrived during a refresh, refreshes what is due. Never rejects.
   */
  async tick(): Promise<void> {
    const now = this.now();
    for (const pooled of this.list()) {
      if (pooled.account.status === 'cooling' && pooled.status(now) === 'active') {
        pooled.account = { ...pooled.account, status: 'active', cooldownUntil: undefined };
        this.logger.log({ account: pooled.id }, 'account cooldown over');
        this.reportStates();
        this.saveSoon();
      }
      const pending = pooled.pendingTokens;
      if (pending && replacesTokens(pooled.account.tokens, pending)) pooled.adopt(pending);
      else pooled.pendingTokens = undefined;
      if (pooled.account.disabledCause === 'unauthorized' || pooled.account.disabledCause === 'refresh_rejected') continue;
      await pooled.lifecycle.refreshIfDue();
      await this.noteRefreshRejection(pooled);
    }
  }

  /** After a refresh attempt: a refresh token WorkOS refused makes the account disabled until new tokens arrive. */
  async noteRefreshRejection(pooled: PooledAccount): Promise<void> {
    if (!pooled.lifecycle.refreshRejected || pooled.account.status === 'disabled' || !this.pooled.has(pooled.id)) return;
    await this.setStatus(pooled, 'disabled', 'refresh_rejected', pooled.lifecycle.status().lastError).catch((error: unknown) =>
      this.logSaveFailure(error),
    );
  }

  /** Saves now (after merging edits made elsewhere, so they are never overwritten); rejects when saving failed. */
  saveNow(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    return this.exclusive(async () => {
      for (let attempt = 1; ; attempt += 1) {
        await this.syncFromStore();
        if (this.broken) throw new Error(this.broken);
        const accounts = this.list().map((pooled) => cloneAccount(recordOf(pooled)));
        try {
          await this.store.save(accounts);
          this.base = accounts;
          return;
        } catch (error) {
          // Another replica wrote in between: merge its write and try again.
          if (!(error instanceof StoreConflictError) || attempt >= MAX_SAVE_ATTEMPTS) throw error;
        }
      }
    });
  }

  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveNow().catch((error: unknown) => this.logSaveFailure(error));
    }, STATS_SAVE_DEBOUNCE_MS);
    this.saveTimer.unref();
  }

  private async onStoreChanged(): Promise<void> {
    try {
      const differs = await this.exclusive(() => this.syncFromStore());
      // The store held something older than memory (a stale copy written back): put the live state back at once.
      if (differs) await this.saveNow();
    } catch (error) {
      this.logSaveFailure(error);
    }
  }

  /** Reads the store and merges it into memory; true when memory now differs from what the store holds. */
  private async syncFromStore(): Promise<boolean> {
    const loaded = await this.store.load();
    switch (loaded.kind) {
      case 'broken':
        if (this.broken !== loaded.reason) this.logger.error({ file: this.store.location, reason: loaded.reason }, 'accounts store unusable');
        this.broken = loaded.reason;
        return false;
      case 'missing':
        this.clearBroken();
        // Deleting the file does not delete live tokens that exist nowhere else: they are written back.
        if (loaded.lost && this.pooled.size) {
          this.logger.error(
            { store: this.store.location, accounts: this.pooled.size },
            'the shared accounts store was EMPTIED (Redis restarted without persistence?); writing back the newest tokens this replica holds. Enable appendonly (AOF) on Redis',
          );
        } else if (this.pooled.size && this.base.length) this.logger.warn({ file: this.store.location }, 'accounts file disappeared; writing the pool back');
        this.base = [];
        return this.pooled.size > 0;
      case 'ok':
        break;
      default: {
        const unreachable: never = loaded;
        throw new Error(`unknown load result ${String(unreachable)}`);
      }
    }
    this.clearBroken();
    const merged = mergeExternal(this.base, this.list().map((pooled) => pooled.account), loaded.accounts);
    this.base = loaded.accounts.map(cloneAccount);
    for (const id of merged.removed) {
      this.pooled.delete(id);
      this.metrics?.forgetAccount(id);
    }
    for (const account of merged.accounts) {
      const existing = this.pooled.get(account.id);
      if (existing) this.replace(existing, account);
      else this.add(account);
    }
    if (!this.firstLoadDone) {
      this.firstLoadDone = true;
      this.logger.log({ file: this.store.location, accounts: this.pooled.size }, 'accounts loaded');
    } else if (merged.added.length || merged.removed.length || merged.newTokens.length || merged.edited.length) {
      const { added, removed, newTokens, edited } = merged;
      this.logger.log({ file: this.store.location, added, removed, newTokens, edited }, 'accounts changed in the store');
    }
    this.reportStates();
    const running = this.list().map(recordOf);
    // Shared: only a loss is worth writing at once (tokens newer than the stored ones, an account the store lacks);
    // stats follow on the debounce, or every replica would answer every other one's write with a write of its own.
    if (this.store.lockName) return holdsNewer(running, loaded.accounts);
    return serializeAccounts(running) !== serializeAccounts(loaded.accounts);
  }

  private add(account: Account): void {
    const { lock, store } = this;
    const lockName = store.lockName?.(account.id);
    const pooled: PooledAccount = new PooledAccount(cloneAccount(account), {
      exchange: (refreshToken) => this.workos.refresh(refreshToken),
      timing: this.config.tokenRefresh,
      logger: this.logger,
      now: () => this.now(),
      persist: (target, tokens) => this.persistRotation(target, tokens),
      ...(lock &&
        lockName && {
          lock: (work) => lock.withLock(lockName, work),
          reload: () => this.storedTokens(pooled),
        }),
    });
    this.pooled.set(account.id, pooled);
    this.metrics?.accountHealth(account.id, healthScore(account.stats.health, this.now()));
  }

  /** A new record for a pooled account; its tokens go to the lifecycle first (or wait while a refresh is in flight). */
  private replace(pooled: PooledAccount, account: Account): void {
    const taken = pooled.adopt(account.tokens);
    pooled.account = taken ? account : { ...account, tokens: pooled.account.tokens };
  }

  /**
   * Under the account's cluster lock, right before a refresh: reads the store, and returns the tokens another replica
   * rotated meanwhile (recorded on the account), or undefined when the stored ones are still ours.
   */
  private async storedTokens(pooled: PooledAccount): Promise<TokenSet | undefined> {
    await this.exclusive(() => this.syncFromStore());
    // `base` is what the store holds now; the account's own tokens are what the lifecycle is about to spend.
    const stored = this.base.find((account) => account.id === pooled.id)?.tokens;
    if (!stored || !replacesTokens(pooled.account.tokens, stored)) return undefined;
    pooled.pendingTokens = undefined;
    pooled.account = { ...pooled.account, tokens: { ...stored } };
    return tokenSetOf(stored);
  }

  /** TokenLifecycle's persist: the rotation is recorded and saved before the new access token is used. */
  private async persistRotation(pooled: PooledAccount, tokens: TokenSet): Promise<void> {
    const held = pooled.account.tokens;
    if (tokens.refreshToken !== held.refreshToken || tokens.accessToken !== held.accessToken) {
      const now = this.now();
      pooled.account = {
        ...pooled.account,
        tokens: { ...tokens, version: held.version + 1, refreshedAt: Math.max(now, (held.refreshedAt ?? 0) + 1) },
      };
      if (pooled.pendingTokens && !replacesTokens(pooled.account.tokens, pooled.pendingTokens)) pooled.pendingTokens = undefined;
    }
    if (!this.pooled.has(pooled.id)) return;
    await this.saveNow();
  }

  private readinessReport(): ReadinessReport {
    if (!this.configured) return { ready: true, details: { configured: false } };
    const summary = this.summary();
    const details: Record<string, unknown> = { configured: true, file: this.store.location, ...summary };
    if (this.broken) details.error = this.broken;
    if (!this.inUse) return { ready: true, details: { ...details, inUse: false } };
    return { ready: summary.usable > 0, details };
  }

  private reportStates(): void {
    const { active, cooling, disabled } = this.summary();
    this.metrics?.accountStates({ active, cooling, disabled });
  }

  private clearBroken(): void {
    if (this.broken) this.logger.log({ file: this.store.location }, 'accounts store readable again');
    this.broken = undefined;
  }

  private logSaveFailure(error: unknown): void {
    this.logger.error({ file: this.store.location, error: error instanceof Error ? error.message : String(error) }, 'accounts not saved');
  }

  /** Store reads and writes one at a time, so a merge never works from a base another one is replacing. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * The record to write for a pooled account: tokens that arrived from the store while a refresh was in flight are not
 * on the account yet, but they are newer than its own, and writing the older ones back would undo a rotation.
 */
function recordOf(pooled: PooledAccount): Account {
  const pending = pooled.pendingTokens;
  return pending && replacesTokens(pooled.account.tokens, pending) ? { ...pooled.account, tokens: pending } : pooled.account;
}

/** Whether `running` holds an account `stored` lacks, or tokens newer than the stored ones. */
function holdsNewer(running: readonly Account[], stored: readonly Account[]): boolean {
  const byId = new Map(stored.map((account) => [account.id, account]));
  return running.some((account) => {
    const theirs = byId.get(account.id);
    return !theirs || (account.tokens.refreshToken !== theirs.tokens.refreshToken && compareTokenAge(account.tokens, theirs.tokens) > 0);
  });
}
