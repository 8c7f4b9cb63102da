import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DrainService } from '../lifecycle/drain.service';
import { MetricsService } from '../metrics/metrics.service';
import { KeepaliveWheel } from './keepalive-wheel';
import { SseResponseWriter, type SseHost, type SseResponseOptions } from './sse-response-writer';

// A tick a quarter of the shortest period keeps keepalives within 25 % of it; a second at most, so headers of a stream
// whose upstream answered but stays silent are never held longer than that.
const MAX_TICK_MS = 1000;
const MIN_TICK_MS = 10;

/** Opens SSE responses for every streaming route, all sharing one keepalive wheel, the drain and the metrics. */
@Injectable()
export class SseResponses implements OnApplicationShutdown {
  private readonly wheel: KeepaliveWheel;
  private readonly host: SseHost;

  constructor(@Inject(APP_CONFIG) config: AppConfig, drain: DrainService, metrics: MetricsService) {
    const periods = [config.sseKeepaliveMs, config.sseEarlyHeadersMs].filter((ms) => ms > 0);
    const tickMs = Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.floor(Math.min(MAX_TICK_MS * 4, ...periods) / 4)));
    this.wheel = new KeepaliveWheel(tickMs);
    this.host = {
      wheel: this.wheel,
      keepaliveTicks: config.sseKeepaliveMs > 0 ? this.wheel.ticksFor(config.sseKeepaliveMs) : 0,
      earlyHeadersTicks: config.sseEarlyHeadersMs > 0 ? this.wheel.ticksFor(config.sseEarlyHeadersMs) : 0,
      registerOpenWork: (work) => drain.registerOpenWork(work),
      streamOpened: () => metrics.streamOpened(),
    };
  }

  /** A writer for one client's stream, waiting for the upstream's answer (see SseResponseWriter). */
  open(res: Response, options: SseResponseOptions): SseResponseWriter {
    return new SseResponseWriter(res, this.host, options);
  }

  onApplicationShutdown(): void {
    this.wheel.stop();
  }
}
