import type { ChatStreamItem } from '../../translation/client/chat-completions/chat-api.types';
import type { SseEvent } from '../../translation/sse/sse-event-stream';

/** Per-response values the caller chooses; the converter only copies them into what it emits. */
export interface ChatResponseContext {
  /** `chatcmpl-…`, the same on every chunk of one answer. */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model id the client asked for (not the resolved one). */
  model: string;
}

/**
 * Turns one upstream Chat Completions SSE stream into chat items. Stateful: one per response. An upstream error, an
 * unreadable event or a stream that ends before `[DONE]` is returned as a `ChatStreamError` item, never thrown, and
 * is always the last item; `translateChatStream` does the wiring.
 */
export interface ChatStreamConverter {
  /** One parsed SSE event in; zero or more items out. */
  push(event: SseEvent): ChatStreamItem[];
  /** The upstream body ended: closing items (or the truncation error). Call exactly once. */
  finish(): ChatStreamItem[];
}
