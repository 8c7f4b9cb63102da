import type { ChatStreamItem } from '../chat-completions.types';
import type { ChatResponseContext, ChatStreamConverter } from '../provider-strategy';
import { ChatChunkWriter } from '../shared/chat-chunk-writer';
import {
  errorFromUpstream,
  invalidEventError,
  parseEventJson,
  truncatedStreamError,
} from '../shared/chat-stream-error';
import type { SseEvent } from '../sse/sse-event-stream';
import { REASONING_PART_SEPARATOR } from './from-responses-response';
import { mapResponsesFinishReason } from './map-responses-finish-reason';
import { mapResponsesUsage } from './map-responses-usage';
import type { ResponsesOutputItem, ResponsesStreamEvent } from './responses-api.types';

interface OpenToolCall {
  toolIndex: number;
  /** Whether any argument text went out; lets `.done` events fill in for upstreams that send no deltas. */
  argumentsSent: boolean;
}

/** Responses SSE -> chat.completion.chunk items. Terminal events: `response.completed` / `response.incomplete`. */
export class ResponsesStreamConverter implements ChatStreamConverter {
  private readonly out: ChatChunkWriter;
  private readonly toolCalls = new Map<number, OpenToolCall>();
  private reasoningSent = false;
  private closed = false;

  constructor(ctx: ChatResponseContext) {
    this.out = new ChatChunkWriter(ctx);
  }

  push(sse: SseEvent): ChatStreamItem[] {
    if (this.closed) return [];
    const data = parseEventJson(sse.data);
    if (!data) return this.close([invalidEventError(`${sse.event ?? 'message'}: not a JSON object`)]);
    return this.handle(data as ResponsesStreamEvent);
  }

  finish(): ChatStreamItem[] {
    return this.closed ? [] : this.close([truncatedStreamError('response.completed')]);
  }

  private handle(event: ResponsesStreamEvent): ChatStreamItem[] {
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        return this.out.start();
      case 'response.output_item.added':
        return event.item?.type === 'function_call' ? this.openToolCall(event.output_index, event.item) : [];
      case 'response.output_item.done':
        return event.item?.type === 'function_call' ? this.completeToolCall(event.output_index, event.item.arguments, event.item) : [];
      case 'response.output_text.delta':
        return this.out.content(event.delta);
      case 'response.refusal.delta':
        return this.out.refusal(event.delta);
      case 'response.reasoning_summary_part.added':
        return this.reasoningSent ? this.out.reasoning(REASONING_PART_SEPARATOR) : [];
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        if (event.delta) this.reasoningSent = true;
        return this.out.reasoning(event.delta);
      case 'response.function_call_arguments.delta':
        return this.toolArguments(event.output_index, event.delta);
      case 'response.function_call_arguments.done':
        return this.completeToolCall(event.output_index, event.arguments);
      case 'response.completed':
      case 'response.incomplete': {
        const reason = mapResponsesFinishReason(event.response ?? { status: 'completed' }, this.toolCalls.size > 0);
        return this.close(this.out.finish(reason, mapResponsesUsage(event.response?.usage)));
      }
      case 'response.failed':
        return this.close([errorFromUpstream(event.response?.error, 'Upstream response failed')]);
      case 'error':
        // The event's own `type` is 'error', not an error type.
        return this.close([errorFromUpstream({ message: event.message, code: event.code }, 'Responses stream error')]);
      default:
        // Item/part bookkeeping events (content_part.added, output_text.done, …) carry nothing new.
        return [];
    }
  }

  private openToolCall(outputIndex: number, item: ResponsesOutputItem & { type: 'function_call' }): ChatStreamItem[] {
    const call: OpenToolCall = { toolIndex: this.toolCalls.size, argumentsSent: false };
    this.toolCalls.set(outputIndex, call);
    return [...this.out.toolCallStart(call.toolIndex, item.call_id, item.name), ...this.toolArguments(outputIndex, item.arguments)];
  }

  private toolArguments(outputIndex: number, fragment: string | undefined): ChatStreamItem[] {
    const call = this.toolCalls.get(outputIndex);
    if (!call || !fragment) return [];
    call.argumentsSent = true;
    return this.out.toolCallArguments(call.toolIndex, fragment);
  }

  /** Fills in the arguments (and the call itself) when the upstream skipped the incremental events. */
  private completeToolCall(
    outputIndex: number,
    args: string | undefined,
    item?: ResponsesOutputItem & { type: 'function_call' },
  ): ChatStreamItem[] {
    const call = this.toolCalls.get(outputIndex);
    if (!call) return item ? this.openToolCall(outputIndex, item) : [];
    return call.argumentsSent ? [] : this.toolArguments(outputIndex, args);
  }

  private close(items: ChatStreamItem[]): ChatStreamItem[] {
    this.closed = true;
    return items;
  }
}
