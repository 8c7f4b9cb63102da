import type { UsageEvent } from './usage-event';
import type { UsageSink } from './usage-sink';

/** An event with the time it was recorded (epoch ms). */
export interface StampedEvent {
  event: UsageEvent;
  at: number;
}

/** Sends one batch to the external service; rejects when the batch was not accepted. */
export interface BatchWriter {
  write(batch: StampedEvent[]): Promise<void>;
}

export interface BatchingOptions {
  /** Send as soon as this many events wait. */
  batchSize: number;
  /** … or when the oldest waiting event is this old. */
  flushMs: number;
  /** Events beyond this are dropped while the service is slow or down. */
  maxQueue: number;
  /** Further attempts per batch after the first. */
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long close() may spend sending what is left. */
  closeTimeoutMs: number;
  /** Called with the number of events given up on. */
  onDrop(count: number): void;
  /** Called when the service goes from accepting to failing and back (log transitions, not every failure). */
  onHealthChange(healthy: boolean, error?: unknown): void;
  now?: () => number;
  random?: () => number;
}

export const DEFAULT_BATCHING = { batchSize: 10, flushMs: 5_000, maxQueue: 1_000, retries: 3, retryBaseMs: 1_000, retryMaxMs: 30_000, closeTimeoutMs: 5_000 };

/**
 * Batches events for an external service: a batch leaves at `batchSize` events or `flushMs` after its oldest event,
 * one batch at a time, retried with jittered exponential backoff. `write` only appends to a bounded queue, so a slow
 * or dead service costs requests nothing: once the queue is full, or a batch has used its retries, events are dropped
 * and counted.
 */
export class BatchingUsageSink implements UsageSink {
  private readonly queue: StampedEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private wakeRetry: (() => void) | undefined;
  private closed = false;
  /** The batch being sent, and whether close() gave up on it (and counted it) already. */
  private inFlight: StampedEvent[] | undefined;
  private abandoned = false;
  private healthy = true;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    readonly name: string,
    private readonly writer: BatchWriter,
    private readonly options: BatchingOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Events waiting to be sent. */
  get pending(): number {
    return this.queue.length;
  }

  write(event: UsageEvent): void {
    if (this.closed || this.queue.length >= this.options.maxQueue) {
      this.options.onDrop(1);
      return;
    }
    this.queue.push({ event, at: this.now() });
    if (this.sending) return;
    if (this.queue.length >= this.options.batchSize) this.startSending();
    else this.timer ??= setTimeout(() => this.startSending(), this.options.flushMs).unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeRetry?.();
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (deadline = setTimeout(resolve, this.options.closeTimeoutMs).unref()));
    await Promise.race([this.flushAll(), timedOut]);
    clearTimeout(deadline);
    clearTimeout(this.timer);
    const left = this.queue.splice(0).length + (this.inFlight?.length ?? 0);
    this.abandoned = true;
    if (left) this.options.onDrop(left);
  }

  private async flushAll(): Promise<void> {
    await this.sending;
    if (this.queue.length) this.startSending();
    await this.sending;
  }

  private startSending(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.sending || this.queue.length === 0) return;
    this.sending = this.sendQueued().finally(() => {
      this.sending = undefined;
      this.scheduleRest();
    });
  }

  private async sendQueued(): Promise<void> {
    // Full batches go straight away; a partial one only once its oldest event has waited flushMs (or at close).
    while (this.queue.length >= this.options.batchSize || (this.queue.length > 0 && (this.closed || this.oldestDue()))) {
      const batch = this.queue.splice(0, this.options.batchSize);
      this.inFlight = batch;
      const sent = await this.sendWithRetries(batch);
      this.inFlight = undefined;
      if (!sent && !this.abandoned) this.options.onDrop(batch.length);
    }
  }

  private scheduleRest(): void {
    if (this.closed || this.queue.length === 0 || this.timer) return;
    const wait = Math.max(0, this.options.flushMs - (this.now() - this.queue[0].at));
    this.timer = setTimeout(() => this.startSending(), wait).unref();
  }

  private oldestDue(): boolean {
    return this.now() - this.queue[0].at >= this.options.flushMs;
  }

  private async sendWithRetries(batch: StampedEvent[]): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.writer.write(batch);
        this.setHealthy(true);
        return true;
      } catch (error) {
        this.setHealthy(false, error);
        if (attempt >= this.options.retries || this.closed) return false;
        await this.pause(this.backoff(attempt));
      }
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** attempt);
    return ceiling / 2 + (this.random() * ceiling) / 2;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms).unref();
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeRetry = done;
    });
  }

  private setHealthy(healthy: boolean, error?: unknown): void {
    if (healthy === this.healthy) return;
    this.healthy = healthy;
    this.options.onHealthChange(healthy, error);
  }
}
