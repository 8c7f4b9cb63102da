import { isChatStreamError, type ChatStreamItem } from '../../translation/client/chat-completions/chat-api.types';
import type { ChatStreamConverter } from './chat-stream-converter';
import { chatStreamError } from './chat-stream-error';
import { parseSseBatches, type SseEvent } from '../../translation/sse/sse-event-stream';

/**
 * Upstream body -> chat stream items: SSE parsing, the converter, and the failure rules in one place. Yields chunks
 * and then either the closing chunks or exactly one error item (see ChatStreamConverter); a transport failure while
 * reading becomes that error item too, unless `signal` says the caller itself aborted, which is rethrown. Stops
 * reading the upstream as soon as the answer is decided.
 */
export async function* translateChatStream(
  source: AsyncIterable<Uint8Array | string>,
  converter: ChatStreamConverter,
  signal?: AbortSignal,
): AsyncGenerator<ChatStreamItem, void, undefined> {
  for await (const batch of translateChatBatches(source, converter, signal)) yield* batch;
}

/**
 * The same items as translateChatStream, as one array per upstream chunk (never empty), for the stream's hot loop:
 * one async step and one client write per chunk instead of one per item.
 */
export async function* translateChatBatches(
  source: AsyncIterable<Uint8Array | string>,
  converter: ChatStreamConverter,
  signal?: AbortSignal,
): AsyncGenerator<ChatStreamItem[], void, undefined> {
  const events = parseSseBatches(source);
  try {
    for (;;) {
      let next: IteratorResult<SseEvent[], void>;
      try {
        next = await events.next();
      } catch (error) {
        if (signal?.aborted) throw error;
        yield [chatStreamError(`Upstream stream failed: ${describe(error)}`, 'upstream_error', 'stream_failed')];
        return;
      }
      if (next.done) break;
      const batch: ChatStreamItem[] = [];
      for (const event of next.value) {
        const items = converter.push(event);
        for (const item of items) batch.push(item);
        if (items.some(isChatStreamError)) {
          yield batch;
          return;
        }
      }
      if (batch.length > 0) yield batch;
    }
    const rest = converter.finish();
    if (rest.length > 0) yield rest;
  } finally {
    await events.return();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
