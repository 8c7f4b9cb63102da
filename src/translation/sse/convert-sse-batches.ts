import { SseFramer, type SseEvent } from './sse-event-stream';

/** Turns one upstream's SSE events into the items of another format; stateful, one per stream. */
export interface SseEventConverter<T> {
  push(event: SseEvent): readonly T[];
  /** The body ended without a terminal item: what closes the stream. */
  finish(): readonly T[];
}

/** How a stream of `T` ends: which item is terminal, and what a transport failure becomes. */
export interface SseConversionRules<T> {
  isTerminal(item: T): boolean;
  /** The items that end a stream whose upstream body failed; `started` says whether any item went out before. */
  failure(message: string, started: boolean): T[];
}

/**
 * Upstream body → converted items, one array per upstream chunk (never empty): SSE framing, the converter and the
 * failure rules in one place, for a stream's hot loop, which then pays one async step and one client write per chunk
 * rather than per item. The batch holding a terminal item is the last, and reading stops there. A transport failure
 * while reading, an oversized event included, becomes the rules' failure items, unless `signal` says the caller itself
 * aborted (rethrown). When no terminal item came, the converter's `finish()` ends the stream.
 */
export async function* convertSseBatches<T>(
  source: AsyncIterable<Uint8Array | string>,
  converter: SseEventConverter<T>,
  rules: SseConversionRules<T>,
  signal?: AbortSignal,
): AsyncGenerator<T[], void, undefined> {
  // The framer runs inside this loop rather than as a generator of its own: one async step less per chunk.
  const framer = new SseFramer();
  const chunks = source[Symbol.asyncIterator]();
  let started = false;
  // As for-await does: the source is told to stop (and release its body) only when it did not end or fail itself.
  let sourceDone = false;
  try {
    for (;;) {
      let events: readonly SseEvent[];
      let ended = false;
      try {
        let next: IteratorResult<Uint8Array | string>;
        try {
          next = await chunks.next();
        } catch (error) {
          sourceDone = true;
          throw error;
        }
        ended = sourceDone = next.done === true;
        events = ended ? framer.end() : framer.push(next.value);
      } catch (error) {
        if (signal?.aborted) throw error;
        yield rules.failure(`Upstream stream failed: ${error instanceof Error ? error.message : String(error)}`, started);
        return;
      }
      const batch: T[] = [];
      for (let e = 0; e < events.length; e += 1) {
        const items = converter.push(events[e]);
        let terminal = false;
        for (let i = 0; i < items.length; i += 1) {
          batch.push(items[i]);
          terminal ||= rules.isTerminal(items[i]);
        }
        if (terminal) {
          yield batch;
          return;
        }
      }
      if (ended) {
        for (const item of converter.finish()) batch.push(item);
        if (batch.length > 0) yield batch;
        return;
      }
      started ||= batch.length > 0;
      if (batch.length > 0) yield batch;
    }
  } finally {
    if (!sourceDone) await chunks.return?.();
  }
}

/** The items of convertSseBatches one by one, for readers that gather a whole answer. */
export async function* flattenBatches<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T, void, undefined> {
  for await (const batch of batches) yield* batch;
}
