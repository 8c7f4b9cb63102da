import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AccessKeyStore } from '../access/access-key-store';
import { AuthService } from '../auth/auth.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ReadinessRegistry } from '../health/readiness.registry';
import { openGatewayWarning } from './open-gateway';

/**
 * Says once at start, and on /health for as long as it holds, that the gateway spends its Factory credential for
 * anyone who reaches it. A warning, not a refusal: a trusted private network is a legitimate place for that.
 */
@Injectable()
export class OpenGatewayNotice implements OnApplicationBootstrap {
  private readonly logger = new Logger('Access');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: AccessKeyStore,
    private readonly auth: AuthService,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const warning = this.warning();
    if (warning) this.logger.warn(warning);
    // Informational: an open gateway still serves, so the check is always ready.
    this.readiness.register('access', () => {
      const current = this.warning();
      return { ready: true, details: { inboundKeys: this.keys.enabled, open: current !== undefined, ...(current ? { warning: current } : {}) } };
    });
  }

  private warning(): string | undefined {
    return openGatewayWarning({ host: this.config.host, port: this.config.port, keysRequired: this.keys.enabled, source: this.auth.sourceName });
  }
}
