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
import type {
  AnthropicStopReason,
  AnthropicStreamDelta,
  AnthropicStreamEvent,
  AnthropicUsage,
} from './anthropic-api.types';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';
import { mapAnthropicUsage } from './map-anthropic-usage';

/** What an Anthropic content block index stands for in the chat stream. */
type Block = { kind: 'text' } | { kind: 'thinking' } | { kind: 'tool'; toolIndex: number } | { kind: 'other' };

/** Anthropic Messages SSE -> chat.completion.chunk items. Terminal event: `message_stop`. */
export class AnthropicStreamConverter implements ChatStreamConverter {
  private readonly out: ChatChunkWriter;
  private readonly blocks = new Map<number, Block>();
  private toolCount = 0;
  private usage: AnthropicUsage = {};
  private stopReason: AnthropicStopReason | null = null;
  private closed = false;

  constructor(ctx: ChatResponseContext) {
    this.out = new ChatChunkWriter(ctx);
  }

  push(sse: SseEvent): ChatStreamItem[] {
    if (this.closed) return [];
    const data = parseEventJson(sse.data);
    if (!data) return this.close([invalidEventError(`${sse.event ?? 'message'}: not a JSON object`)]);
    return this.handle(data as AnthropicStreamEvent);
  }

  finish(): ChatStreamItem[] {
    return this.closed ? [] : this.close([truncatedStreamError('message_stop')]);
  }

  private handle(event: AnthropicStreamEvent): ChatStreamItem[] {
    switch (event.type) {
      case 'message_start':
        this.usage = { ...event.message?.usage };
        return this.out.start();
      case 'content_block_start':
        return this.startBlock(event.index, event.content_block);
      case 'content_block_delta':
        return this.delta(event.index, event.delta);
      case 'content_block_stop':
      case 'ping':
        return [];
      case 'message_delta':
        if (event.delta?.stop_reason) this.stopReason = event.delta.stop_reason;
        // message_delta usage is cumulative; newer API versions repeat the input counts here too.
        this.usage = { ...this.usage, ...definedFields(event.usage) };
        return [];
      case 'message_stop':
        return this.close(this.out.finish(mapAnthropicStopReason(this.stopReason), mapAnthropicUsage(this.usage)));
      case 'error':
        return this.close([errorFromUpstream(event.error, 'Anthropic stream error')]);
      default:
        // New event types may appear at any time (Anthropic's versioning policy); skipping them is the contract.
        return [];
    }
  }

  private startBlock(index: number, block: { type: string; id?: string; name?: string } | undefined): ChatStreamItem[] {
    switch (block?.type) {
      case 'text':
        this.blocks.set(index, { kind: 'text' });
        return this.out.start();
      case 'thinking':
        this.blocks.set(index, { kind: 'thinking' });
        return this.out.start();
      case 'tool_use': {
        const toolIndex = this.toolCount++;
        this.blocks.set(index, { kind: 'tool', toolIndex });
        return this.out.toolCallStart(toolIndex, block.id ?? '', block.name ?? '');
      }
      default:
        this.blocks.set(index, { kind: 'other' });
        return [];
    }
  }

  private delta(index: number, delta: AnthropicStreamDelta | undefined): ChatStreamItem[] {
    const block = this.blocks.get(index);
    switch (delta?.type) {
      case 'text_delta':
        return block?.kind === 'text' ? this.out.content(delta.text) : [];
      case 'thinking_delta':
        return block?.kind === 'thinking' ? this.out.reasoning(delta.thinking) : [];
      case 'input_json_delta':
        return block?.kind === 'tool' ? this.out.toolCallArguments(block.toolIndex, delta.partial_json) : [];
      default:
        // signature and citation deltas have no chat equivalent.
        return [];
    }
  }

  private close(items: ChatStreamItem[]): ChatStreamItem[] {
    this.closed = true;
    return items;
  }
}

function definedFields(usage: AnthropicUsage | undefined): AnthropicUsage {
  return Object.fromEntries(Object.entries(usage ?? {}).filter(([, v]) => typeof v === 'number'));
}
