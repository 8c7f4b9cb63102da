import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { CallContext } from '../core/http/call-context';
import { ReadinessRegistry } from '../health/readiness.registry';
import type { UpstreamResponse } from '../outbound/upstream-response';
import { ACCOUNT_POOL, type AccountPool } from '../credentials/account-pool';
import { selectCredentialSource, type SharedTokens } from './credential-chain';
import { SHARED_TOKENS } from './shared-tokens';
import { sendWithLease } from './send-with-lease';
import type { CredentialHealth, CredentialSource, CredentialSourceName, UpstreamAttempt } from '../credentials/credential-source';
import { WorkosClient } from '../credentials/workos/workos-client.service';

/**
 * The credential seam every upstream call goes through. Callers never pick a credential themselves: they hand over an
 * attempt, and this service decides which credential to use and whether a refused attempt is retried once with a
 * refreshed token (before any byte reached the client).
 */
@Injectable()
export class AuthService implements OnModuleInit {
  private readonly logger = new Logger('Auth');
  private source!: CredentialSource;
  /** Why a credential higher in the chain was passed over, for /health. */
  private skipped?: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workos: WorkosClient,
    private readonly readiness: ReadinessRegistry,
    @Optional() @Inject(ACCOUNT_POOL) private readonly pool?: AccountPool,
    @Optional() @Inject(SHARED_TOKENS) private readonly shared?: SharedTokens | null,
  ) {}

  async onModuleInit(): Promise<void> {
    ({ source: this.source, skipped: this.skipped } = await selectCredentialSource({
      config: this.config,
      exchange: (refreshToken) => this.workos.refresh(refreshToken),
      logger: this.logger,
      pool: this.pool,
      shared: this.shared ?? undefined,
    }));
    await this.source.init?.();
    this.logger.log({ source: this.source.name }, 'upstream credential source');
    this.readiness.register('credentials', () => this.health());
  }

  get sourceName(): CredentialSourceName {
    return this.source.name;
  }

  health(): CredentialHealth {
    const health = this.source.health();
    return this.skipped ? { ...health, details: { ...health.details, skipped: this.skipped } } : health;
  }

  /** The first refresh; never rejects. */
  async start(): Promise<void> {
    await this.source.start?.();
  }

  /** The periodic check; never rejects. */
  async tick(): Promise<void> {
    await this.source.tick?.();
  }

  /**
   * Runs an upstream attempt with the chosen credential; a 401 to a refreshable one is retried once after a refresh.
   * A source with its own `send` (the accounts pool, which fails over between accounts) runs the call itself.
   */
  async send(call: CallContext, attempt: UpstreamAttempt): Promise<UpstreamResponse> {
    call.context.credentialSource = this.source.name;
    if (this.source.send) return this.source.send(call, attempt);
    const { name } = this.source;
    return sendWithLease(this.source, call, attempt, () =>
      this.logger.log({ source: name }, 'upstream refused the access token; retrying once with a refreshed one'),
    );
  }
}
