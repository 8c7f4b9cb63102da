import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { ReadinessRegistry } from './readiness.registry';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: ReadinessRegistry,
  ) {}

  /** Liveness: the process serves requests. Nothing else, so a slow upstream never restarts the pod. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: terminus JSON, 503 while any registered check is not ready (draining, no credentials …). */
  @Get()
  @HealthCheck()
  ready() {
    return this.health.check(
      this.registry.entries().map(([name, check]) => async (): Promise<HealthIndicatorResult> => {
        const indicator = this.indicators.check(name);
        const report = await check();
        return report.ready ? indicator.up(report.details) : indicator.down(report.details);
      }),
    );
  }
}
