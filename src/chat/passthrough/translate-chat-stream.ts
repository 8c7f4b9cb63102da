import { isChatStreamError, type ChatStreamItem } from '../../translation/client/chat-completions/chat-api.types';
import type { ChatStreamConverter } from './chat-stream-converter';
import { chatStreamError } from './chat-stream-error';
import { parseSseStream, type SseEvent } from '../../translation/sse/sse-event-stream';

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
  const events = parseSseStream(source);
  try {
    for (;;) {
      let next: IteratorResult<SseEvent, void>;
      try {
        next = await events.next();
      } catch (error) {
        if (signal?.aborted) throw error;
        yield chatStreamError(`Upstream stream failed: ${describe(error)}`, 'upstream_error', 'stream_failed');
        return;
      }
      if (next.done) break;
      const items = converter.push(next.value);
      yield* items;
      if (items.some(isChatStreamError)) return;
    }
    yield* converter.finish();
  } finally {
    await events.return();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
