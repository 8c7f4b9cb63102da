import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { BatchingUsageSink, DEFAULT_BATCHING } from './batching-usage-sink';
import { LogUsageSink } from './log-usage-sink';
import { SlsBatchWriter, createSlsClient } from './sls-batch-writer';
import type { UsageEvent } from './usage-event';
import type { UsageSink } from './usage-sink';

/**
 * Fans usage events out to the sinks: the JSON log (attached by createApp, which owns the logger) and, when
 * the five ALIYUN_* variables are set, Alibaba Cloud Log Service. A failing sink never reaches the request.
 */
@Injectable()
export class UsageService implements OnApplicationShutdown {
  private readonly logger = new Logger('Usage');
  private readonly sinks: UsageSink[] = [];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    if (config.usageSls) {
      const { project, logstore } = config.usageSls;
      this.addSink(this.batching('sls', new SlsBatchWriter(createSlsClient(config.usageSls), { project, logstore })));
      this.logger.log({ project, logstore }, 'usage events also go to Alibaba Cloud Log Service');
    }
  }

  /** Writes usage events to the gateway's JSON log. */
  logTo(logger: PinoLogger): void {
    this.addSink(new LogUsageSink(logger));
  }

  addSink(sink: UsageSink): void {
    this.sinks.push(sink);
  }

  record(event: UsageEvent): void {
    for (const sink of this.sinks) {
      try {
        sink.write(event);
      } catch (error) {
        this.logger.warn({ sink: sink.name, err: String(error) }, 'usage sink failed');
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.sinks.map((sink) => sink.close().catch(() => undefined)));
  }

  private batching(name: string, writer: SlsBatchWriter): BatchingUsageSink {
    return new BatchingUsageSink(name, writer, {
      ...DEFAULT_BATCHING,
      onDrop: (count) => this.metrics.usageSinkDropped(count),
      onHealthChange: (healthy, error) =>
        healthy
          ? this.logger.log({ sink: name }, 'usage sink accepting events again')
          : this.logger.warn({ sink: name, err: describe(error) }, 'usage sink failing; events are retried, then dropped'),
    });
  }
}

// SDK errors carry the service's code and request id, never the credentials.
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
