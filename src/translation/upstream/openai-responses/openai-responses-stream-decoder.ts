import type { EncodedUpstreamRequest, HubStreamDecoder } from '../../hub/hub-codec';
import type { HubStreamPart } from '../../hub/hub-stream';
import type { SseEvent } from '../../sse/sse-event-stream';
import { HubPartWriter } from '../shared/hub-part-writer';
import { hubErrorFrom, parseEventObject, unreadableEventError } from '../shared/upstream-stream-errors';
import { messageText, REASONING_PART_SEPARATOR, reasoningMetadata, reasoningText } from './from-openai-responses-response';
import { mapOpenAiResponsesFinishReason } from './map-openai-responses-finish-reason';
import { mapOpenAiResponsesUsage } from './map-openai-responses-usage';
import type { ResponsesOutputItem, ResponsesStreamEvent } from './openai-responses-api.types';

interface OpenItem {
  kind: 'text' | 'reasoning' | 'tool';
  /** The hub block id: the item id, or the call id for tool calls. */
  id: string;
  /** Whether any text went out: later summary parts get a separator, and a finished item fills in what never came. */
  hasText: boolean;
}

/** Responses SSE → hub stream parts. Terminal events: `response.completed` / `response.incomplete` / `response.failed`. */
export class OpenAiResponsesStreamDecoder implements HubStreamDecoder {
  private readonly out: HubPartWriter;
  private readonly items = new Map<number, OpenItem>();
  private toolCalls = 0;

  constructor(encoded: EncodedUpstreamRequest) {
    this.out = new HubPartWriter(encoded);
  }

  push(sse: SseEvent): HubStreamPart[] {
    if (this.out.isClosed) return [];
    const data = parseEventObject(sse.data);
    if (!data) return this.out.error(unreadableEventError(sse.event));
    return this.handle(data as ResponsesStreamEvent);
  }

  finish(): HubStreamPart[] {
    return this.out.finish(this.toolCalls ? 'tool-calls' : 'other', {}, { unterminated: true });
  }

  private handle(event: ResponsesStreamEvent): HubStreamPart[] {
    switch (event.type) {
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        return this.out.start({ id: event.response?.id, modelId: event.response?.model });
      case 'response.output_item.added':
        return this.openItem(event.output_index, event.item);
      case 'response.output_item.done':
        return this.closeItem(event.output_index, event.item);
      case 'response.output_text.delta':
      case 'response.refusal.delta':
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        return this.delta(event.output_index, event.delta);
      case 'response.reasoning_summary_part.added': {
        const item = this.items.get(event.output_index);
        return item?.hasText ? this.out.delta(item.id, REASONING_PART_SEPARATOR) : [];
      }
      case 'response.completed':
      case 'response.incomplete': {
        const response = event.response ?? { status: 'completed' };
        const reason = mapOpenAiResponsesFinishReason(response, this.toolCalls > 0);
        return this.out.finish(reason, mapOpenAiResponsesUsage(event.response?.usage));
      }
      case 'response.failed':
        return this.out.error(hubErrorFrom(event.response?.error, 'Upstream response failed'));
      case 'error':
        // The event's own `type` is 'error', not an error type: pass only what describes the failure.
        return this.out.error(hubErrorFrom({ message: event.message, code: event.code }, 'Responses stream error'));
      default:
        // Bookkeeping events (content_part.added, output_text.done, arguments.done, …) carry nothing new.
        return [];
    }
  }

  private openItem(index: number, item: ResponsesOutputItem | undefined): HubStreamPart[] {
    switch (item?.type) {
      case 'message': {
        const id = item.id ?? `msg_${index}`;
        this.items.set(index, { kind: 'text', id, hasText: false });
        return this.out.textStart(id);
      }
      case 'reasoning': {
        const id = item.id ?? `rs_${index}`;
        this.items.set(index, { kind: 'reasoning', id, hasText: false });
        return this.out.reasoningStart(id);
      }
      case 'function_call':
      case 'custom_tool_call': {
        this.items.set(index, { kind: 'tool', id: item.call_id, hasText: false });
        this.toolCalls += 1;
        const metadata = item.id ? { openai: { itemId: item.id } } : undefined;
        const input = item.type === 'function_call' ? item.arguments : item.input;
        return [...this.out.toolStart(item.call_id, item.name, metadata), ...this.out.toolDelta(item.call_id, input ?? '')];
      }
      default:
        return [];
    }
  }

  private delta(index: number, delta: string | undefined): HubStreamPart[] {
    const item = this.items.get(index);
    if (!item || !delta) return [];
    item.hasText = true;
    return this.out.delta(item.id, delta);
  }

  /** Ends the item's block; a tool call the upstream sent only whole (no added event, no deltas) is filled in here. */
  private closeItem(index: number, item: ResponsesOutputItem | undefined): HubStreamPart[] {
    if (!item) return [];
    const open = this.items.get(index);
    const parts: HubStreamPart[] = [];
    if (!open) {
      if (item.type !== 'function_call' && item.type !== 'custom_tool_call') return [];
      parts.push(...this.openItem(index, item));
    }
    const { id, hasText } = this.items.get(index)!;
    this.items.delete(index);
    switch (item.type) {
      case 'message':
        if (!hasText) parts.push(...this.out.delta(id, messageText(item)));
        return [...parts, ...this.out.end(id)];
      case 'reasoning':
        if (!hasText) parts.push(...this.out.delta(id, reasoningText(item)));
        return [...parts, ...this.out.end(id, reasoningMetadata(item))];
      case 'function_call':
        return [...parts, ...this.out.toolEnd(id, item.arguments)];
      case 'custom_tool_call':
        return [...parts, ...this.out.toolEnd(id, item.input)];
      default:
        return parts;
    }
  }
}
