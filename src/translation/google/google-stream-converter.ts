import type { ChatFinishReason, ChatStreamItem } from '../chat-completions.types';
import type { ChatResponseContext, ChatStreamConverter } from '../provider-strategy';
import { ChatChunkWriter } from '../shared/chat-chunk-writer';
import {
  errorFromUpstream,
  invalidEventError,
  parseEventJson,
  truncatedStreamError,
} from '../shared/chat-stream-error';
import type { SseEvent } from '../sse/sse-event-stream';
import type { GoogleGenerateResponse, GoogleUsageMetadata } from './google-api.types';
import { googleToolCallId } from './google-tool-call-id';
import { mapGoogleFinishReason } from './map-google-finish-reason';
import { mapGoogleUsage } from './map-google-usage';

/**
 * Gemini SSE (each event a whole GenerateContentResponse) -> chat.completion.chunk items. There is no end event: the
 * chunk carrying `finishReason` is the terminal one, and the closing chunks go out when the body ends, so usage
 * that arrives in or after that chunk is counted.
 */
export class GoogleStreamConverter implements ChatStreamConverter {
  private readonly out: ChatChunkWriter;
  private toolCount = 0;
  private usage: GoogleUsageMetadata | undefined;
  private finishReason: ChatFinishReason | undefined;
  private closed = false;

  constructor(private readonly ctx: ChatResponseContext) {
    this.out = new ChatChunkWriter(ctx);
  }

  push(sse: SseEvent): ChatStreamItem[] {
    if (this.closed) return [];
    // Not part of Gemini's format, but harmless to accept from an OpenAI-style relay.
    if (sse.data.trim() === '[DONE]') return [];
    const data = parseEventJson(sse.data) as GoogleGenerateResponse | undefined;
    if (!data) return this.close([invalidEventError(`${sse.event ?? 'message'}: not a JSON object`)]);
    if (data.error) return this.close([errorFromUpstream(data.error, 'Google stream error')]);
    return this.handle(data);
  }

  finish(): ChatStreamItem[] {
    if (this.closed) return [];
    if (this.finishReason === undefined) return this.close([truncatedStreamError('a chunk with finishReason')]);
    return this.close(this.out.finish(this.finishReason, mapGoogleUsage(this.usage)));
  }

  private handle(response: GoogleGenerateResponse): ChatStreamItem[] {
    const items: ChatStreamItem[] = [...this.out.start()];
    if (response.usageMetadata) this.usage = response.usageMetadata;
    const candidate = response.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if ('functionCall' in part) {
        const index = this.toolCount++;
        const id = googleToolCallId(this.ctx.id, index, part.functionCall.id);
        items.push(...this.out.toolCallStart(index, id, part.functionCall.name));
        items.push(...this.out.toolCallArguments(index, JSON.stringify(part.functionCall.args ?? {})));
      } else if ('text' in part && typeof part.text === 'string') {
        items.push(...(part.thought ? this.out.reasoning(part.text) : this.out.content(part.text)));
      }
    }
    if (candidate?.finishReason) this.finishReason = mapGoogleFinishReason(candidate.finishReason, this.toolCount > 0);
    else if (!candidate && response.promptFeedback?.blockReason) this.finishReason = 'content_filter';
    return items;
  }

  private close(items: ChatStreamItem[]): ChatStreamItem[] {
    this.closed = true;
    return items;
  }
}
