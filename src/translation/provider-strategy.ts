import type { ModelConfig, UpstreamType } from '../config/app-config';
import type {
  ChatCompletion,
  ChatCompletionRequest,
  ChatStreamItem,
} from './chat-completions.types';
import type { SseEvent } from './sse/sse-event-stream';

export const PROVIDER_STRATEGIES = Symbol('PROVIDER_STRATEGIES');

/** A JSON request body for an upstream; the Factory edits take it from here. */
export type UpstreamJsonBody = Record<string, unknown>;

export interface UpstreamRequestBody {
  body: UpstreamJsonBody;
  /** Whether to ask the upstream to stream (already written into `body` where the API has such a field). */
  stream: boolean;
}

/** Per-response values the caller chooses; converters only copy them into what they emit. */
export interface ChatResponseContext {
  /** `chatcmpl-…`, the same on every chunk of one answer. */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model id the client asked for (not the resolved one). */
  model: string;
  /** `stream_options.include_usage`; pass `true` when accumulating a stream into a non-stream answer. */
  includeUsage: boolean;
}

/**
 * Turns one upstream SSE stream into chat chunks. Stateful: create one per response.
 *
 * How failures surface: an upstream error event, an unparseable event or a stream that ends before its terminal
 * event (message_stop / response.completed / the chunk with finishReason / [DONE]) is returned as a
 * `ChatStreamError` item (see `isChatStreamError`), never thrown. It is always the last item: afterwards `push` and
 * `finish` return `[]`. The caller encodes it like any chunk (`encodeChatStreamItem`) and ends the response WITHOUT
 * `data: [DONE]`; on a clean end it writes `CHAT_STREAM_DONE`. `translateChatStream` does all of this wiring.
 */
export interface ChatStreamConverter {
  /** One parsed SSE event in; zero or more items out. */
  push(event: SseEvent): ChatStreamItem[];
  /** The upstream body ended: closing chunks (or the truncation error). Call exactly once. */
  finish(): ChatStreamItem[];
}

/** Chat Completions <-> one upstream API family. Pure: no I/O, no config beyond the resolved model. */
export interface ProviderStrategy {
  readonly type: UpstreamType;
  /**
   * Chat request -> upstream body, before the Factory edits (no system-prompt injection, no fixed reasoning level).
   * Throws TranslationError (400) for what the upstream cannot express, naming the message/part.
   */
  toUpstreamRequest(chat: ChatCompletionRequest, model: ModelConfig): UpstreamRequestBody;
  /** Upstream JSON (non-stream) -> chat.completion. Throws UpstreamFormatError (502) on a body of the wrong shape. */
  fromUpstreamResponse(body: unknown, ctx: ChatResponseContext): ChatCompletion;
  createStreamConverter(ctx: ChatResponseContext): ChatStreamConverter;
}
