import type { ChatCompletionChunk, ChatStreamItem } from '../../translation/client/chat-completions/chat-api.types';
import type { ChatResponseContext, ChatStreamConverter } from './chat-stream-converter';
import {
  errorFromUpstream,
  invalidEventError,
  parseEventJson,
  truncatedStreamError,
} from './chat-stream-error';
import type { SseEvent } from '../../translation/sse/sse-event-stream';

/**
 * The `common` upstream's Chat Completions SSE passed through chunk by chunk with the client's model id. `[DONE]` is the terminal event
 * (and is not re-emitted: the encoder writes it); an error object from the upstream ends the stream as an error.
 */
export class PassthroughStreamConverter implements ChatStreamConverter {
  private closed = false;

  constructor(private readonly ctx: ChatResponseContext) {}

  push(sse: SseEvent): ChatStreamItem[] {
    if (this.closed) return [];
    if (sse.data.trim() === '[DONE]') return this.close([]);
    const data = parseEventJson(sse.data);
    if (!data) return this.close([invalidEventError(`${sse.event ?? 'message'}: not a JSON object`)]);
    if (data.error !== undefined && data.error !== null) {
      return this.close([errorFromUpstream(data.error, 'Chat Completions stream error')]);
    }
    return [{ ...(data as ChatCompletionChunk), model: this.ctx.model }];
  }

  finish(): ChatStreamItem[] {
    return this.closed ? [] : this.close([truncatedStreamError('data: [DONE]')]);
  }

  private close(items: ChatStreamItem[]): ChatStreamItem[] {
    this.closed = true;
    return items;
  }
}
