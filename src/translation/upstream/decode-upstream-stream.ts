import type { HubStreamDecoder } from '../hub/hub-codec';
import type { HubStreamPart } from '../hub/hub-stream';
import { parseSseStream, type SseEvent } from '../sse/sse-event-stream';

/**
 * Upstream body → hub stream parts: SSE framing, the decoder, and the failure rules in one place. Yields parts as their
 * bytes arrive and ends with exactly one `finish` or `error`: a transport failure while reading becomes an `error` part
 * too, unless `signal` says the caller itself aborted (rethrown). Stops reading the upstream once the answer is decided.
 */
export async function* decodeUpstreamStream(
  source: AsyncIterable<Uint8Array | string>,
  decoder: HubStreamDecoder,
  signal?: AbortSignal,
): AsyncGenerator<HubStreamPart, void, undefined> {
  const events = parseSseStream(source);
  let started = false;
  try {
    for (;;) {
      let next: IteratorResult<SseEvent, void>;
      try {
        next = await events.next();
      } catch (error) {
        if (signal?.aborted) throw error;
        const message = `Upstream stream failed: ${error instanceof Error ? error.message : String(error)}`;
        if (!started) yield { type: 'stream-start' };
        yield { type: 'error', error: { message, type: 'stream_failed', status: 502 } };
        return;
      }
      if (next.done) break;
      const parts = decoder.push(next.value);
      started ||= parts.length > 0;
      yield* parts;
      if (parts.some(isTerminal)) return;
    }
    yield* decoder.finish();
  } finally {
    await events.return();
  }
}

function isTerminal(part: HubStreamPart): boolean {
  return part.type === 'finish' || part.type === 'error';
}
