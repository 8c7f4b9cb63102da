import { Injectable } from '@nestjs/common';

/** What one readiness check reports; `details` must never contain a secret. */
export interface ReadinessReport {
  ready: boolean;
  /**
   * Shown on /health with its own up/down status but never makes the gateway unready: a fault the replica can serve
   * through (Redis down while valid tokens are held), which an operator must still see.
   */
  advisory?: boolean;
  details?: Record<string, unknown>;
}

export type ReadinessCheck = () => ReadinessReport | Promise<ReadinessReport>;

/**
 * Feature modules register their readiness checks here (credentials available, accounts usable …), so `/health`
 * grows with the app without the health module knowing every feature.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks.entries()];
  }
}
