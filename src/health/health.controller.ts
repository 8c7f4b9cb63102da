import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
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
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult | string | object> {
    const advisory: HealthIndicatorResult = {};
    let result: HealthCheckResult;
    try {
      result = await this.health.check(
        this.registry.entries().map(([name, check]) => async (): Promise<HealthIndicatorResult> => {
          const indicator = this.indicators.check(name);
          const report = await check();
          if (report.advisory) {
            Object.assign(advisory, report.ready ? indicator.up(report.details) : indicator.down(report.details));
            return {};
          }
          return report.ready ? indicator.up(report.details) : indicator.down(report.details);
        }),
      );
    } catch (error) {
      // Terminus signals "not ready" by throwing; answer with its JSON (which says why) rather than a generic error.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      result = error.getResponse() as HealthCheckResult;
    }
    return withAdvisory(result, advisory);
  }
}

/** Advisory entries (see ReadinessReport) join the body under their own status without changing the overall one. */
function withAdvisory(result: HealthCheckResult, advisory: HealthIndicatorResult): HealthCheckResult {
  if (!Object.keys(advisory).length) return result;
  const up = Object.fromEntries(Object.entries(advisory).filter(([, entry]) => entry.status === 'up'));
  const down = Object.fromEntries(Object.entries(advisory).filter(([, entry]) => entry.status !== 'up'));
  return {
    ...result,
    info: { ...result.info, ...up },
    error: { ...result.error, ...down },
    details: { ...result.details, ...advisory },
  };
}
