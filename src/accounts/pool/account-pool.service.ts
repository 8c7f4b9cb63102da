import { Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { AccountPool } from '../../credentials/account-pool';
import type { CredentialHealth, UpstreamAttempt } from '../../credentials/credential-source';
import { CredentialUnavailableError } from '../../credentials/token-refresh-error';
import { upstreamErrorToApiError } from '../../core/errors/upstream-error-message';
import { ApiError } from '../../core/errors/api-error';
import type { CallContext } from '../../core/http/call-context';
import type { UpstreamResponse } from '../../outbound/upstream-response';
import { cooldownUntil } from '../selection/retry-after';
import { pickAccount } from '../selection/pick-account';
import { AccountsService } from './accounts.service';
import { classifyStatus, transportFailure } from './classify-outcome';
import type { PooledAccount } from './pooled-account';
import { readHeldBody } from '../../outbound/read-body';
import { countNoun } from '../../core/text/count-noun';

/** Accounts tried per request at most (fewer when fewer are usable). */
export const MAX_ATTEMPTS = 3;

/** The last failure seen for a request, handed to the client when every attempt failed. */
type LastFailure = { kind: 'response'; response: UpstreamResponse; body: Buffer } | { kind: 'error'; error: unknown };

/**
 * The top of the credential chain when accounts.json holds accounts: picks an account per request by health, and
 * fails over to another account before any byte reached the client. See README "Accounts pool" for the rules.
 */
@Injectable()
export class AccountPoolService implements AccountPool {
  readonly name = 'accounts';
  private readonly logger = new Logger('Accounts');
  random: () => number = Math.random;

  constructor(private readonly accounts: AccountsService) {}

  async hasAccounts(): Promise<boolean> {
    await this.accounts.ensureLoaded();
    return this.accounts.configured;
  }

  disabledOnly(): number {
    const all = this.accounts.list();
    return all.length > 0 && all.every((pooled) => pooled.account.status === 'disabled') ? all.length : 0;
  }

  setInUse(inUse: boolean): void {
    this.accounts.inUse = inUse;
  }

  async init(): Promise<void> {
    await this.accounts.ensureLoaded();
  }

  /** Refreshes the accounts whose token is missing or due; the rest keep the token saved by the last run. */
  async start(): Promise<void> {
    await this.tick();
  }

  async tick(): Promise<void> {
    await this.accounts.tick().catch((error: unknown) => this.logger.error({ error: String(error) }, 'accounts check failed'));
  }

  /**
   * One request with failover: at most min(usable accounts, 3) accounts are tried. A 401 gets one refresh and retry on
   * the same account, then disables it; 402 disables it; 429 cools it down; 429, 5xx and transport failures move on to
   * another account. Anything else (success, 403, other 4xx) is answered as is. When every attempt failed, the last
   * upstream answer (or error) is what the client gets.
   */
  async send({ context }: CallContext, attempt: UpstreamAttempt): Promise<UpstreamResponse> {
    const tried = new Set<string>();
    const maxAttempts = Math.min(Math.max(this.accounts.summary().usable, 1), MAX_ATTEMPTS);
    let attempts = 0;
    let last: LastFailure | undefined;
    let unavailable: string | undefined;

    while (attempts < maxAttempts) {
      const pooled = this.pick(tried);
      if (!pooled) break;
      tried.add(pooled.id);
      const token = await this.accessToken(pooled, (reason) => (unavailable = reason));
      if (token === undefined) continue;
      attempts += 1;
      context.accountId = pooled.id;

      const used = { token };
      let outcome = await this.tryOnce(pooled, `Bearer ${token}`, attempt);
      if (outcome.kind === 'response' && outcome.response.status === 401) {
        outcome = await this.retryAfter401(pooled, used, attempt, outcome);
      }
      if (outcome.kind === 'error') {
        last = outcome;
        continue;
      }
      const verdict = classifyStatus(outcome.response.status);
      switch (verdict.kind) {
        case 'success':
          pooled.lifecycle.markServed(used.token);
          this.accounts.recordAttempt(pooled);
          return outcome.response;
        case 'final':
          this.accounts.recordAttempt(pooled, verdict.failure, `upstream answered ${outcome.response.status}`);
          return outcome.response;
        case 'unauthorized':
        case 'payment_required':
        case 'retry_elsewhere':
          last = await this.failed(pooled, outcome.response);
          continue;
        default: {
          const unreachable: never = verdict;
          throw new Error(`unknown verdict ${JSON.stringify(unreachable)}`);
        }
      }
    }
    if (!last) throw this.noAccount(unavailable);
    if (last.kind === 'error') throw last.error;
    return { ...last.response, body: Readable.from([last.body], { objectMode: false }) };
  }

  health(): CredentialHealth {
    const summary = this.accounts.summary();
    const details: Record<string, unknown> = { source: this.name, file: this.accounts.location, ...summary };
    const broken = this.accounts.brokenReason;
    if (broken) details.error = broken;
    return { ready: summary.usable > 0, details };
  }

  private pick(tried: Set<string>): PooledAccount | undefined {
    const now = this.accounts.now();
    const candidates = this.accounts.list().map((pooled) => pooled.candidate(now));
    return pickAccount(candidates, { now, random: this.random, exclude: tried })?.pooled;
  }

  /** A valid access token for the account (refreshing first if needed), or undefined when it has none to give. */
  private async accessToken(pooled: PooledAccount | undefined, onUnavailable?: (reason: string) => void): Promise<string | undefined> {
    if (!pooled) return undefined;
    try {
      return await pooled.lifecycle.accessToken();
    } catch (error) {
      if (!(error instanceof CredentialUnavailableError)) throw error;
      onUnavailable?.(error.message);
      await this.accounts.noteRefreshRejection(pooled);
      return undefined;
    }
  }

  /** One upstream call; transport failures that another account might not have are returned, the rest thrown. */
  private async tryOnce(pooled: PooledAccount, authorization: string, attempt: UpstreamAttempt) {
    try {
      return { kind: 'response' as const, response: await attempt(authorization) };
    } catch (error) {
      const failure = transportFailure(error);
      if (!failure) throw error;
      this.accounts.recordAttempt(pooled, failure, (error as Error).message);
      return { kind: 'error' as const, error };
    }
  }

  private async retryAfter401(
    pooled: PooledAccount,
    used: { token: string },
    attempt: UpstreamAttempt,
    refused: { kind: 'response'; response: UpstreamResponse },
  ): Promise<Awaited<ReturnType<AccountPoolService['tryOnce']>>> {
    const renewed = await pooled.lifecycle.refreshAfterRejection(used.token);
    if (renewed === undefined) return refused;
    used.token = renewed;
    await readHeldBody(refused.response.body);
    this.logger.log({ account: pooled.id }, 'upstream refused the access token; retrying once with a refreshed one');
    return this.tryOnce(pooled, `Bearer ${renewed}`, attempt);
  }


  /** Records a failed answer, takes the account out where due, and keeps the answer in case it is the last one. */
  private async failed(pooled: PooledAccount, response: UpstreamResponse): Promise<LastFailure> {
    const body = await readHeldBody(response.body);
    const { status } = response;
    const message = upstreamErrorToApiError(status, body.toString('utf8')).message;
    switch (status) {
      case 401: {
        this.accounts.recordAttempt(pooled, 'unauthorized', message);
        const refresh = pooled.lifecycle.status();
        if (!refresh.refreshRejected && refresh.nextRetryAt) {
          // No refresh could be tried (WorkOS failing, backing off): out until the next attempt, not disabled for good.
          this.accounts.coolDown(pooled, Date.parse(refresh.nextRetryAt));
          break;
        }
        await this.disable(
          pooled,
          'unauthorized',
          refresh.refreshRejected
            ? `upstream answered 401 (${message}) and WorkOS refused the refresh token: sign in again`
            : `upstream answered 401 (${message}) even after a token refresh`,
        );
        break;
      }
      case 402:
        this.accounts.recordAttempt(pooled, 'payment_required', message);
        await this.disable(pooled, 'payment_required', message);
        break;
      case 429:
        this.accounts.recordAttempt(pooled, 'rate_limited', message);
        this.accounts.coolDown(pooled, cooldownUntil(response.headers['retry-after'], this.accounts.now()));
        break;
      default:
        this.accounts.recordAttempt(pooled, 'server', message);
    }
    return { kind: 'response', response, body };
  }

  private async disable(pooled: PooledAccount, cause: 'unauthorized' | 'payment_required', reason: string): Promise<void> {
    // Concurrent requests on the same account all see the refusal; the first one disables it.
    if (pooled.account.status === 'disabled') return;
    await this.accounts.setStatus(pooled, 'disabled', cause, reason).catch((error: unknown) =>
      this.logger.error({ account: pooled.id, error: String(error) }, 'disabled account not saved'),
    );
  }

  private noAccount(unavailable?: string): ApiError {
    const now = this.accounts.now();
    const broken = this.accounts.brokenReason;
    if (broken && this.accounts.list().length === 0) {
      return new ApiError(503, `Upstream credential unavailable: ${broken}`, { code: 'credentials_unavailable' });
    }
    const cooling = this.accounts.list().filter((pooled) => pooled.status(now) === 'cooling');
    if (cooling.length && cooling.length === this.accounts.list().filter((pooled) => pooled.status(now) !== 'disabled').length) {
      const until = Math.min(...cooling.map((pooled) => pooled.account.cooldownUntil ?? now));
      const seconds = Math.max(1, Math.ceil((until - now) / 1000));
      return new ApiError(429, `Every account in the pool is rate limited; retry in ${seconds} s`, {
        code: 'accounts_rate_limited',
        headers: { 'retry-after': String(seconds) },
      });
    }
    const { total, disabled } = this.accounts.summary(now);
    const why = unavailable ? `; ${unavailable}` : '';
    return new ApiError(503, `Upstream credential unavailable: no usable account in the pool (${countNoun(total, 'account')}, ${disabled} disabled)${why}`, {
      code: 'credentials_unavailable',
    });
  }
}
