import type { Logger } from 'pino';
import type { UsageEvent } from './usage-event';
import type { UsageSink } from './usage-sink';

/** The default sink: one JSON log line per event (`"event":"usage"`), on the gateway's own log stream. */
export class LogUsageSink implements UsageSink {
  readonly name = 'log';

  constructor(private readonly logger: Logger) {}

  write(event: UsageEvent): void {
    this.logger.info(event, 'usage');
  }

  async close(): Promise<void> {}
}
