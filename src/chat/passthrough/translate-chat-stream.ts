import { isChatStreamError, type ChatStreamItem } from '../../translation/client/chat-completions/chat-api.types';
import { convertSseBatches, flattenBatches, type SseConversionRules } from '../../translation/sse/convert-sse-batches';
import type { ChatStreamConverter } from './chat-stream-converter';
import { chatStreamError } from './chat-stream-error';

/** A chat stream ends with the converter's closing chunks or exactly one error item. */
const CHAT_STREAM_RULES: SseConversionRules<ChatStreamItem> = {
  isTerminal: isChatStreamError,
  failure: (message) => [chatStreamError(message, 'upstream_error', 'stream_failed')],
};

/**
 * Upstream body -> chat stream items: SSE parsing, the converter, and the failure rules in one place. Yields chunks
 * and then either the closing chunks or exactly one error item (see ChatStreamConverter); a transport failure while
 * reading becomes that error item too, unless `signal` says the caller itself aborted, which is rethrown. Stops
 * reading the upstream as soon as the answer is decided.
 */
export function translateChatStream(
  source: AsyncIterable<Uint8Array | string>,
  converter: ChatStreamConverter,
  signal?: AbortSignal,
): AsyncGenerator<ChatStreamItem, void, undefined> {
  return flattenBatches(translateChatBatches(source, converter, signal));
}

/**
 * The same items as translateChatStream, as one array per upstream chunk (never empty), for the stream's hot loop:
 * one async step and one client write per chunk instead of one per item.
 */
export function translateChatBatches(
  source: AsyncIterable<Uint8Array | string>,
  converter: ChatStreamConverter,
  signal?: AbortSignal,
): AsyncGenerator<ChatStreamItem[], void, undefined> {
  return convertSseBatches(source, converter, CHAT_STREAM_RULES, signal);
}
