import type { UsageEvent } from './usage-event';

/** Where usage events go. `write` must never block or throw into the request path. */
export interface UsageSink {
  readonly name: string;
  write(event: UsageEvent): void;
  /** Flushes what it can within its own deadline; called once at shutdown. */
  close(): Promise<void>;
}
