import { BatchingUsageSink, DEFAULT_BATCHING, type BatchWriter, type StampedEvent } from './batching-usage-sink';
import type { UsageEvent } from './usage-event';

const event = (n: number): UsageEvent => ({ event: 'usage', requestId: `r${n}` }) as UsageEvent;

/** A fake external service: records batches, fails while `down`, or hangs until released. */
class FakeWriter implements BatchWriter {
  readonly batches: string[][] = [];
  attempts = 0;
  down = false;
  hang: Promise<void> | undefined;

  async write(batch: StampedEvent[]): Promise<void> {
    this.attempts += 1;
    await this.hang;
    if (this.down) throw Object.assign(new Error('service unavailable'), { code: 'ServiceUnavailable' });
    this.batches.push(batch.map(({ event }) => event.requestId!));
  }
}

describe(BatchingUsageSink.name, () => {
  let writer: FakeWriter;
  let dropped: number;
  let health: boolean[];
  const sink = (over: Partial<typeof DEFAULT_BATCHING> = {}) =>
    new BatchingUsageSink('test', writer, {
      ...DEFAULT_BATCHING,
      ...over,
      onDrop: (count) => (dropped += count),
      onHealthChange: (healthy) => health.push(healthy),
      random: () => 1,
    });

  beforeEach(() => {
    jest.useFakeTimers();
    writer = new FakeWriter();
    dropped = 0;
    health = [];
  });
  afterEach(() => jest.useRealTimers());

  it('sends a batch as soon as 10 events wait', async () => {
    const usage = sink();
    for (let i = 1; i <= 9; i++) usage.write(event(i));
    await jest.advanceTimersByTimeAsync(0);
    expect(writer.batches).toEqual([]);
    usage.write(event(10));
    await jest.advanceTimersByTimeAsync(0);
    expect(writer.batches).toEqual([['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10']]);
  });

  it('sends a partial batch 5 s after its oldest event', async () => {
    const usage = sink();
    usage.write(event(1));
    await jest.advanceTimersByTimeAsync(3_000);
    usage.write(event(2));
    await jest.advanceTimersByTimeAsync(1_999);
    expect(writer.batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(writer.batches).toEqual([['r1', 'r2']]);
  });

  it('retries a failed batch with growing delays, then succeeds without losing it', async () => {
    const usage = sink();
    writer.down = true;
    for (let i = 1; i <= 10; i++) usage.write(event(i));
    await jest.advanceTimersByTimeAsync(0);
    expect(writer.attempts).toBe(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(writer.attempts).toBe(2);
    writer.down = false;
    await jest.advanceTimersByTimeAsync(1_999);
    expect(writer.attempts).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(writer.batches).toHaveLength(1);
    expect(dropped).toBe(0);
    expect(health).toEqual([false, true]);
  });

  it('drops a batch with a count once its retries are used up, and goes on with the next', async () => {
    const usage = sink({ retries: 2 });
    writer.down = true;
    for (let i = 1; i <= 10; i++) usage.write(event(i));
    await jest.advanceTimersByTimeAsync(1_000 + 2_000);
    expect(writer.attempts).toBe(3);
    expect(dropped).toBe(10);
    writer.down = false;
    usage.write(event(11));
    await jest.advanceTimersByTimeAsync(5_000);
    expect(writer.batches).toEqual([['r11']]);
  });

  it('never blocks a writer: while the service hangs, the queue is bounded and the excess is dropped and counted', async () => {
    let release!: () => void;
    writer.hang = new Promise((resolve) => (release = resolve));
    const usage = sink({ maxQueue: 25 });
    for (let i = 1; i <= 100; i++) usage.write(event(i));
    // 10 went out in the hanging batch, 25 wait, the other 65 were dropped at once.
    expect(usage.pending).toBe(25);
    expect(dropped).toBe(65);
    release();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(writer.batches.flat()).toHaveLength(35);
    expect(usage.pending).toBe(0);
  });

  it('flushes what is left at close, and drops (counted) what cannot be sent in time', async () => {
    const usage = sink();
    usage.write(event(1));
    usage.write(event(2));
    await usage.close();
    expect(writer.batches).toEqual([['r1', 'r2']]);

    const stuck = sink({ closeTimeoutMs: 1_000 });
    writer.hang = new Promise(() => undefined);
    stuck.write(event(3));
    const closing = stuck.close();
    await jest.advanceTimersByTimeAsync(1_000);
    await closing;
    expect(dropped).toBe(1);
    stuck.write(event(4));
    expect(dropped).toBe(2);
  });
});
