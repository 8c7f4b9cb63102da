import type { HubStreamDecoder } from '../hub/hub-codec';
import type { HubStreamPart } from '../hub/hub-stream';
import { parseSseBatches, type SseEvent } from '../sse/sse-event-stream';

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
  for await (const batch of decodeUpstreamBatches(source, decoder, signal)) yield* batch;
}

/**
 * The same parts as decodeUpstreamStream, as one array per upstream chunk (never empty), for the converted stream's
 * hot loop: one async step and one client write per chunk instead of one per part.
 */
export async function* decodeUpstreamBatches(
  source: AsyncIterable<Uint8Array | string>,
  decoder: HubStreamDecoder,
  signal?: AbortSignal,
): AsyncGenerator<HubStreamPart[], void, undefined> {
  const events = parseSseBatches(source);
  let started = false;
  try {
    for (;;) {
      let next: IteratorResult<SseEvent[], void>;
      try {
        next = await events.next();
      } catch (error) {
        if (signal?.aborted) throw error;
        const message = `Upstream stream failed: ${error instanceof Error ? error.message : String(error)}`;
        const failed: HubStreamPart = { type: 'error', error: { message, type: 'stream_failed', status: 502 } };
        yield started ? [failed] : [{ type: 'stream-start' }, failed];
        return;
      }
      if (next.done) break;
      const batch: HubStreamPart[] = [];
      for (const event of next.value) {
        const parts = decoder.push(event);
        for (const part of parts) batch.push(part);
        if (parts.some(isTerminal)) {
          yield batch;
          return;
        }
      }
      started ||= batch.length > 0;
      if (batch.length > 0) yield batch;
    }
    const rest = decoder.finish();
    if (rest.length > 0) yield rest;
  } finally {
    await events.return();
  }
}

function isTerminal(part: HubStreamPart): boolean {
  return part.type === 'finish' || part.type === 'error';
}
