import type { HubStreamDecoder } from '../hub/hub-codec';
import type { HubStreamPart } from '../hub/hub-stream';
import { convertSseBatches, flattenBatches, type SseConversionRules } from '../sse/convert-sse-batches';

/** A hub stream ends with exactly one `finish` or `error`, and an `error` never comes before `stream-start`. */
const HUB_STREAM_RULES: SseConversionRules<HubStreamPart> = {
  isTerminal: (part) => part.type === 'finish' || part.type === 'error',
  failure: (message, started) => {
    const failed: HubStreamPart = { type: 'error', error: { message, type: 'stream_failed', status: 502 } };
    return started ? [failed] : [{ type: 'stream-start' }, failed];
  },
};

/**
 * Upstream body → hub stream parts: SSE framing, the decoder, and the failure rules in one place. Yields parts as their
 * bytes arrive and ends with exactly one `finish` or `error`: a transport failure while reading becomes an `error` part
 * too, unless `signal` says the caller itself aborted (rethrown). Stops reading the upstream once the answer is decided.
 */
export function decodeUpstreamStream(
  source: AsyncIterable<Uint8Array | string>,
  decoder: HubStreamDecoder,
  signal?: AbortSignal,
): AsyncGenerator<HubStreamPart, void, undefined> {
  return flattenBatches(decodeUpstreamBatches(source, decoder, signal));
}

/**
 * The same parts as decodeUpstreamStream, as one array per upstream chunk (never empty), for the converted stream's
 * hot loop: one async step and one client write per chunk instead of one per part.
 */
export function decodeUpstreamBatches(
  source: AsyncIterable<Uint8Array | string>,
  decoder: HubStreamDecoder,
  signal?: AbortSignal,
): AsyncGenerator<HubStreamPart[], void, undefined> {
  return convertSseBatches(source, decoder, HUB_STREAM_RULES, signal);
}
