import type { LoggerService } from '@nestjs/common';
import { ApiError } from '../../core/errors/api-error';
import type { CredentialHealth, CredentialLease, LeasingSource } from '../../credentials/credential-source';
import { TokenLifecycle, type RefreshTiming, type RefreshedTokens } from '../../credentials/token-lifecycle';
import { CredentialUnavailableError } from '../../credentials/token-refresh-error';
import type { RefreshLock } from '../../credentials/refresh-lock';
import type { TokenStore } from './token-store';

export interface RefreshingSourceDeps {
  exchange(refreshToken: string): Promise<RefreshedTokens>;
  timing: RefreshTiming;
  logger: Pick<LoggerService, 'log' | 'warn' | 'error'>;
  /** Shared state (REDIS_URL): refreshes run under this lock, named by the store's `lockName`. */
  lock?: RefreshLock;
}

/**
 * A WorkOS-refreshed credential kept in a token file: DROID_REFRESH_KEY (`$DATA_DIR/auth.json`) or the Factory CLI's
 * `~/.factory/auth.json`. An unusable file leaves the source not ready, with the reason, and is re-read at every check
 * so that repairing it needs no restart.
 */
export class RefreshingSource implements LeasingSource {
  private lifecycle?: TokenLifecycle;
  private broken?: string;
  private warning?: string;
  private stopWatching?: () => void;

  constructor(
    readonly name: 'droid-refresh-key' | 'factory-auth-file',
    private readonly store: TokenStore,
    private readonly deps: RefreshingSourceDeps,
  ) {}

  async init(): Promise<void> {
    await this.load();
  }

  /**
   * The first refresh. Alone, the gateway refreshes at start; with shared state only when due, or every replica
   * starting would rotate the set once more.
   */
  async start(): Promise<void> {
    if (this.shared) await this.lifecycle?.refreshIfDue();
    else await this.lifecycle?.refreshNow().catch(() => undefined);
  }

  private get shared(): boolean {
    return Boolean(this.deps.lock && this.store.lockName);
  }

  async tick(): Promise<void> {
    if (!this.lifecycle) {
      if (await this.load()) await this.start();
      return;
    }
    if (this.lifecycle.refreshRejected && this.store.reload) {
      // Someone signed in again and the file holds a new refresh token.
      const stored = await this.store.reload();
      if (stored && this.lifecycle.adopt(stored)) {
        this.deps.logger.log({ source: this.name, file: this.store.location }, 'picked up new tokens after a rejected refresh');
      }
    }
    await this.lifecycle.refreshIfDue();
  }

  async acquire(): Promise<CredentialLease> {
    const lifecycle = this.lifecycle;
    if (!lifecycle) throw unavailable(this.broken ?? 'the token file has not been read yet');
    let token: string;
    try {
      token = await lifecycle.accessToken();
    } catch (error) {
      if (error instanceof CredentialUnavailableError) throw unavailable(error.message);
      throw error;
    }
    return {
      authorization: `Bearer ${token}`,
      renew: async () => {
        const next = await lifecycle.refreshAfterRejection(token);
        return next === undefined ? undefined : `Bearer ${next}`;
      },
      served: (authorization) => lifecycle.markServed(authorization.replace(/^Bearer /, '')),
    };
  }

  health(): CredentialHealth {
    if (!this.lifecycle) return { ready: false, details: { source: this.name, file: this.store.location, error: this.broken } };
    const status = this.lifecycle.status();
    const details: Record<string, unknown> = { source: this.name, file: this.store.location };
    for (const [key, value] of Object.entries(status)) if (value !== undefined) details[key] = value;
    if (this.warning) details.warning = this.warning;
    return { ready: status.valid, details };
  }

  /** Another replica changed the set, or Redis came back: take a newer set, or put ours back into an emptied store. */
  private async onSharedChange(): Promise<void> {
    const lifecycle = this.lifecycle;
    if (!lifecycle) return;
    try {
      // Back after an outage with a rotated set only we hold: write it before anything else.
      if (lifecycle.status().unsaved) await lifecycle.refreshIfDue();
      if (await this.store.restore?.(lifecycle.currentTokens())) {
        this.deps.logger.error(
          { source: this.name, store: this.store.location },
          'the shared token set was GONE from Redis (restarted without persistence?); wrote back the newest set this replica holds. Enable appendonly (AOF) on Redis',
        );
        return;
      }
      const stored = await this.store.reload?.();
      if (stored && lifecycle.adopt(stored)) this.deps.logger.log({ source: this.name }, 'took the token set another replica rotated');
    } catch {
      // Redis went away again; the next reconnection calls this once more.
    }
  }

  private async load(): Promise<boolean> {
    const loaded = await this.store.load();
    if (loaded.kind === 'broken') {
      if (this.broken !== loaded.reason) this.deps.logger.error({ source: this.name, reason: loaded.reason }, 'token file unusable');
      this.broken = loaded.reason;
      return false;
    }
    if (loaded.notice) this.deps.logger.warn({ source: this.name, notice: loaded.notice }, 'token file');
    if (loaded.warning) this.deps.logger.warn({ source: this.name, warning: loaded.warning }, 'token file');
    this.warning = loaded.warning;
    this.broken = undefined;
    const { lock } = this.deps;
    const lockName = this.store.lockName;
    this.lifecycle = new TokenLifecycle({
      label: this.name,
      tokens: loaded.tokens,
      exchange: (refreshToken) => this.deps.exchange(refreshToken),
      persist: (tokens) => this.store.save(tokens),
      reload: this.store.reload && (() => this.store.reload!()),
      lock: lock && lockName ? (work) => lock.withLock(lockName, work) : undefined,
      timing: this.deps.timing,
      logger: this.deps.logger,
    });
    if (this.shared) this.stopWatching ??= this.store.watch?.(() => void this.onSharedChange());
    return true;
  }
}

function unavailable(reason: string): ApiError {
  return new ApiError(503, `Upstream credential unavailable: ${reason}`, { code: 'credentials_unavailable' });
}
