import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AuthService } from './auth.service';

/** How often refreshable credentials are checked; refreshing itself happens only when due (see TokenLifecycle). */
export const CREDENTIAL_CHECK_INTERVAL_MS = 60_000;

@Injectable()
export class AuthRefreshScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private checking = false;

  constructor(private readonly auth: AuthService) {}

  /** Not awaited: a slow or failing WorkOS must not hold up startup; requests meanwhile join the refresh in flight. */
  onApplicationBootstrap(): void {
    this.auth.start().catch((error: unknown) => this.logger.error({ error: String(error) }, 'first refresh failed'));
  }

  @Interval(CREDENTIAL_CHECK_INTERVAL_MS)
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await this.auth.tick();
    } catch (error) {
      this.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'credential check failed');
    } finally {
      this.checking = false;
    }
  }
}
