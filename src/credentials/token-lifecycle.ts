import type { LoggerService } from '@nestjs/common';
import { backoffDelay } from './backoff';
import { accessTokenExpiry } from './jwt-expiry';
import { RefreshLockUnavailableError } from './refresh-lock';
import { CredentialUnavailableError, TokenRefreshError } from './token-refresh-error';

/** One credential's tokens. `expiresAt` is epoch ms; undefined means unknown, which counts as expired. */
export interface TokenSet {
  accessToken?: string;
  refreshToken: string;
  expiresAt?: number;
}

/** Who a refresh says the tokens belong to; the only account details ever logged. */
export interface TokenIdentity {
  email?: string;
  userId?: string;
  organizationId?: string;
}

export interface RefreshedTokens {
  accessToken: string;
  refreshToken: string;
  identity: TokenIdentity;
}

export interface RefreshTiming {
  /** Refresh ahead once less than this remains. */
  aheadMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface TokenLifecycleOptions {
  /** Names the credential in logs, health and errors (a source name or an account id), never a secret. */
  label: string;
  tokens: TokenSet;
  /** Trades a refresh token for new tokens (WorkOS); throws TokenRefreshError. */
  exchange(refreshToken: string): Promise<RefreshedTokens>;
  /** Saves a rotated set durably. Awaited before the new access token is handed out. */
  persist(tokens: TokenSet): Promise<void>;
  /**
   * Reads the stored set right before each refresh. When another program rotated it meanwhile (the Factory CLI shares
   * ~/.factory/auth.json), that set is taken over instead of sending a refresh token that is already spent.
   */
  reload?(): Promise<TokenSet | undefined>;
  /**
   * Runs a refresh under the cluster-wide lock of this credential (REDIS_URL). The stored set is re-read once the lock
   * is held: when another replica rotated it meanwhile, that set is taken and nothing is sent to WorkOS.
   */
  lock?(work: () => Promise<void>): Promise<void>;
  timing: RefreshTiming;
  logger: Pick<LoggerService, 'log' | 'warn' | 'error'>;
  now?: () => number;
  random?: () => number;
}

/** Health of one credential; safe to show (no token). */
export interface TokenLifecycleStatus {
  /** An access token that has not expired yet. */
  valid: boolean;
  expiresAt?: string;
  lastRefreshAt?: string;
  lastError?: string;
  nextRetryAt?: string;
  /** WorkOS refused the refresh token: nothing happens until someone signs in again. */
  refreshRejected: boolean;
  /** The rotated tokens live only in memory: saving them failed and is retried on every check. */
  unsaved: boolean;
}

// A token this close to its expiry is not handed out without a refresh attempt first.
const EXPIRY_SKEW_MS = 60_000;
// A token obtained by a refresh after a 401 and refused too, before it served anything and within this long, is not
// refreshed again: the account, not the token, is the problem, and every further refresh would only rotate tokens for
// nothing. A token that has served requests and is then refused (revoked upstream) is refreshed at once.
const FRESH_TOKEN_MS = 60_000;
// Under the cluster lock, a failed save of a rotated set is retried this many times, 250 ms apart, before release.
const UNSAVED_RETRIES_UNDER_LOCK = 12;

/**
 * The refresh lifecycle of one rotating credential. WorkOS refresh tokens are single-use, so:
 * - one refresh at a time: concurrent callers share the in-flight promise, a refresh token is never sent twice;
 * - the rotated set is persisted (and awaited) before the new access token is handed out;
 * - failures back off exponentially with jitter; a refused refresh token stops the retries.
 */
export class TokenLifecycle {
  readonly label: string;
  private tokens: TokenSet;
  private inFlight?: Promise<void>;
  private saving?: Promise<void>;
  private failures = 0;
  private nextAttemptAt?: number;
  private lastError?: string;
  private lastRefreshAt?: number;
  /** When the current access token was exchanged by us because the one before was refused with a 401. */
  private freshFromRejectionAt?: number;
  /** The current access token has had a request accepted upstream. */
  private served = false;
  private rejected = false;
  private unsaved = false;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(private readonly options: TokenLifecycleOptions) {
    this.label = options.label;
    this.tokens = { ...options.tokens };
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** A valid access token: the current one while not about to expire, else after one (shared) refresh. */
  async accessToken(): Promise<string> {
    if (this.remainingMs() > EXPIRY_SKEW_MS) return this.tokens.accessToken!;
    if (this.inFlight || this.mayRefresh()) await this.refreshNow().catch(() => undefined);
    // A refresh that failed leaves the old token, which is still good until its real expiry.
    if (this.remainingMs() > 0) return this.tokens.accessToken!;
    throw new CredentialUnavailableError(this.unavailableReason());
  }

  /** Refreshes now, or joins the refresh already in flight. Rejects with the refresh error. */
  refreshNow(): Promise<void> {
    return (this.inFlight ??= this.refreshOnce().finally(() => {
      this.inFlight = undefined;
    }));
  }

  /** The scheduler's check: retries a failed save, then refreshes when due and not backing off. Never rejects. */
  async refreshIfDue(): Promise<void> {
    if (this.inFlight) return;
    if (this.unsaved) await this.retrySave();
    if (!this.mayRefresh() || this.remainingMs() >= this.options.timing.aheadMs) return;
    await this.refreshNow().catch(() => undefined);
  }

  /**
   * Called after the upstream answered 401 to `rejectedToken`. Returns a different, valid access token worth one retry
   * (refreshing once if nobody did yet), or undefined when a retry would not help.
   */
  async refreshAfterRejection(rejectedToken: string): Promise<string | undefined> {
    if (this.inFlight) {
      await this.inFlight.catch(() => undefined);
    } else if (this.tokens.accessToken === rejectedToken && this.mayRefresh() && !this.freshAndUnserved()) {
      const startedAt = this.now();
      await this.refreshNow().catch(() => undefined);
      // Only a set we exchanged ourselves counts: one another replica rotated (revoked since, perhaps, after serving
      // there) may be refreshed again, under the lock, at most once per replica.
      const exchanged = this.lastRefreshAt !== undefined && this.lastRefreshAt >= startedAt;
      if (this.tokens.accessToken !== rejectedToken && exchanged) this.freshFromRejectionAt = startedAt;
    }
    const current = this.tokens.accessToken;
    return current && current !== rejectedToken && this.remainingMs() > 0 ? current : undefined;
  }

  /** The upstream accepted a request made with `accessToken`. */
  markServed(accessToken: string): void {
    if (accessToken === this.tokens.accessToken) this.served = true;
  }

  /** The set held now, for writing it back to a store that lost it. */
  currentTokens(): TokenSet {
    return { ...this.tokens };
  }

  /**
   * Takes over tokens rotated elsewhere (the Factory CLI rewrote auth.json). False, and nothing changes, while a refresh
   * is in flight or when the refresh token is the one already held.
   */
  adopt(tokens: TokenSet): boolean {
    // While our rotated set is unsaved, the store holds the set it replaced: taking that would replay a spent token.
    if (this.inFlight || this.unsaved || tokens.refreshToken === this.tokens.refreshToken) return false;
    this.take(tokens);
    this.lastError = undefined;
    this.failures = 0;
    this.nextAttemptAt = undefined;
    this.rejected = false;
    this.lastError = undefined;
    return true;
  }

  get refreshRejected(): boolean {
    return this.rejected;
  }

  status(): TokenLifecycleStatus {
    const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
    return {
      valid: this.remainingMs() > 0,
      expiresAt: this.tokens.accessToken ? iso(this.tokens.expiresAt) : undefined,
      lastRefreshAt: iso(this.lastRefreshAt),
      lastError: this.lastError,
      nextRetryAt: this.inBackoff() ? iso(this.nextAttemptAt) : undefined,
      refreshRejected: this.rejected,
      unsaved: this.unsaved,
    };
  }

  private async refreshOnce(): Promise<void> {
    // A retried save of the previous set must land before a newer set is written.
    await this.saving;
    const lock = this.options.lock;
    if (!lock) {
      if ((await this.takeOverExternal()) && this.remainingMs() >= this.options.timing.aheadMs) return;
      return this.exchangeAndSave();
    }
    try {
      await lock(async () => {
        // Another replica may have rotated the set while we waited for the lock: its set is the one to use, and ours
        // is spent. Only when the stored set is still ours (or unusable) is its refresh token sent.
        if ((await this.takeOverExternal(true)) && this.remainingMs() > EXPIRY_SKEW_MS) return;
        await this.exchangeAndSave();
        // Released unsaved, the lock would let the next replica read the set we just spent: keep trying a moment.
        for (let attempt = 0; this.unsaved && attempt < UNSAVED_RETRIES_UNDER_LOCK; attempt += 1) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          await this.save({ ...this.tokens });
        }
      });
    } catch (error) {
      if (error instanceof RefreshLockUnavailableError) this.recordFailure(error);
      throw error;
    }
  }

  private async exchangeAndSave(): Promise<void> {
    const spent = this.tokens.refreshToken;
    let fresh: RefreshedTokens;
    try {
      fresh = await this.options.exchange(spent);
    } catch (error) {
      this.recordFailure(error);
      throw error;
    }
    const now = this.now();
    const next: TokenSet = {
      accessToken: fresh.accessToken,
      refreshToken: fresh.refreshToken,
      expiresAt: accessTokenExpiry(fresh.accessToken, now),
    };
    // `spent` is dead from here on: the new set is kept even when saving fails, or the next refresh would replay it.
    await this.save(next);
    this.take(next);
    this.lastRefreshAt = now;
    if (!this.unsaved) this.lastError = undefined;
    this.options.logger.log(
      { credential: this.label, ...fresh.identity, expiresAt: new Date(next.expiresAt!).toISOString() },
      'access token refreshed',
    );
  }

  /** Holds `tokens` from now on. */
  private take(tokens: TokenSet): void {
    this.tokens = { ...tokens };
    this.freshFromRejectionAt = undefined;
    this.served = false;
    this.failures = 0;
    this.nextAttemptAt = undefined;
    this.rejected = false;
  }

  private freshAndUnserved(): boolean {
    return !this.served && this.freshFromRejectionAt !== undefined && this.now() - this.freshFromRejectionAt < FRESH_TOKEN_MS;
  }

  /** `strict` (under the cluster lock): a store that cannot be read stops the refresh rather than risk a spent token. */
  private async takeOverExternal(strict = false): Promise<boolean> {
    // While our own save is failing the store still holds the spent token: it must not be taken for a newer one.
    if (this.unsaved) return false;
    const stored = await this.options.reload?.().catch((error: unknown) => {
      if (strict) throw new RefreshLockUnavailableError(`cannot read the stored tokens under the lock (${messageOf(error)})`);
      return undefined;
    });
    if (!stored || stored.refreshToken === this.tokens.refreshToken) return false;
    this.take(stored);
    this.lastError = undefined;
    this.options.logger.log({ credential: this.label }, 'took over tokens rotated by another program or replica');
    return true;
  }

  private async save(tokens: TokenSet): Promise<void> {
    try {
      await this.options.persist(tokens);
      if (this.unsaved) {
        this.options.logger.log({ credential: this.label }, 'rotated token saved');
        this.unsaved = false;
        this.lastError = undefined;
      }
    } catch (error) {
      this.unsaved = true;
      this.lastError = `the rotated token could not be saved (${messageOf(error)}); retrying at every check`;
      this.options.logger.error(
        { credential: this.label, error: messageOf(error) },
        'rotated token NOT saved: it exists only in memory until a save succeeds',
      );
    }
  }

  private async retrySave(): Promise<void> {
    this.saving = this.save({ ...this.tokens });
    await this.saving;
    this.saving = undefined;
  }

  private recordFailure(error: unknown): void {
    // Waiting for Redis (or for the lock) says nothing about the refresh token: retry soon, without escalating.
    const lockOnly = error instanceof RefreshLockUnavailableError;
    if (!lockOnly) this.failures += 1;
    this.lastError = messageOf(error);
    this.rejected = error instanceof TokenRefreshError && error.rejected;
    const delay = lockOnly
      ? this.options.timing.retryBaseMs
      : backoffDelay(this.failures, { baseMs: this.options.timing.retryBaseMs, maxMs: this.options.timing.retryMaxMs }, this.random);
    this.nextAttemptAt = this.now() + delay;
    this.options.logger.warn(
      {
        credential: this.label,
        failures: this.failures,
        error: this.lastError,
        ...(this.rejected ? {} : { retryInMs: delay }),
      },
      this.rejected ? 'refresh token rejected' : 'token refresh failed',
    );
  }

  private mayRefresh(): boolean {
    return !this.rejected && !this.inBackoff();
  }

  private inBackoff(): boolean {
    return this.nextAttemptAt !== undefined && this.now() < this.nextAttemptAt;
  }

  private remainingMs(): number {
    if (!this.tokens.accessToken || this.tokens.expiresAt === undefined) return Number.NEGATIVE_INFINITY;
    return this.tokens.expiresAt - this.now();
  }

  private unavailableReason(): string {
    const why = this.lastError ?? (this.tokens.accessToken ? 'the access token expired' : 'no token obtained yet');
    const next = this.inBackoff() ? `; next attempt at ${new Date(this.nextAttemptAt!).toISOString()}` : '';
    return `No valid access token for ${this.label}: ${why}${next}`;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
