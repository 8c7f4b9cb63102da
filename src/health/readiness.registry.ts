import { Injectable } from '@nestjs/common';

/** What one readiness check reports; `details` must never contain a secret. */
export interface ReadinessReport {
  ready: boolean;
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
