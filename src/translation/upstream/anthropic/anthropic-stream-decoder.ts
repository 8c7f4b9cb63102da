import type { EncodedUpstreamRequest, HubStreamDecoder } from '../../hub/hub-codec';
import type { HubStreamPart } from '../../hub/hub-stream';
import type { SseEvent } from '../../sse/sse-event-stream';
import { HubPartWriter } from '../shared/hub-part-writer';
import { hubErrorFrom, parseEventObject, unreadableEventError } from '../shared/upstream-stream-errors';
import type {
  AnthropicStopReason,
  AnthropicStreamBlock,
  AnthropicStreamDelta,
  AnthropicStreamEvent,
  AnthropicUsage,
} from './anthropic-api.types';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage';
import { readTextDeltaEvent } from './read-text-delta-event';

/** What an Anthropic content block index stands for: the hub block id and, for thinking, the signature so far. */
type Block = { kind: 'text' | 'reasoning'; id: string; signature: string } | { kind: 'tool'; id: string } | { kind: 'skipped' };

/** Anthropic Messages SSE → hub stream parts. Terminal event: `message_stop`. */
export class AnthropicStreamDecoder implements HubStreamDecoder {
  private readonly out: HubPartWriter;
  private readonly blocks = new Map<number, Block>();
  private usage: AnthropicUsage = {};
  private stopReason: AnthropicStopReason | null = null;
  private stopSequence: string | undefined;

  constructor(encoded: EncodedUpstreamRequest) {
    this.out = new HubPartWriter(encoded);
  }

  push(sse: SseEvent): HubStreamPart[] {
    if (this.out.isClosed) return [];
    const data = readTextDeltaEvent(sse.data) ?? parseEventObject(sse.data);
    if (!data) return this.out.error(unreadableEventError(sse.event));
    return this.handle(data as AnthropicStreamEvent);
  }

  finish(): HubStreamPart[] {
    return this.out.finish(mapAnthropicFinishReason(this.stopReason), mapAnthropicUsage(this.usage), {
      stopSequence: this.stopSequence,
      unterminated: true,
    });
  }

  private handle(event: AnthropicStreamEvent): HubStreamPart[] {
    switch (event.type) {
      case 'message_start': {
        this.usage = mergeAnthropicUsage(this.usage, event.message?.usage);
        const usage = mapAnthropicUsage(this.usage);
        return this.out.start({ id: event.message?.id, modelId: event.message?.model, ...(Object.keys(usage).length && { usage }) });
      }
      case 'content_block_start':
        return this.startBlock(event.index, event.content_block);
      case 'content_block_delta':
        return this.delta(event.index, event.delta);
      case 'content_block_stop':
        return this.stopBlock(event.index);
      case 'message_delta':
        if (event.delta?.stop_reason) this.stopReason = event.delta.stop_reason;
        if (event.delta?.stop_sequence) this.stopSequence = event.delta.stop_sequence;
        // Cumulative counts; newer API versions repeat the input counts here too.
        this.usage = mergeAnthropicUsage(this.usage, event.usage);
        return [];
      case 'message_stop':
        return this.out.finish(mapAnthropicFinishReason(this.stopReason), mapAnthropicUsage(this.usage), {
          stopSequence: this.stopSequence,
        });
      case 'error':
        return this.out.error(hubErrorFrom(event.error, 'Anthropic stream error'));
      case 'ping':
        return [];
      default:
        // New event types may appear at any time (Anthropic's versioning policy); skipping them is the contract.
        return [];
    }
  }

  private startBlock(index: number, block: AnthropicStreamBlock | undefined): HubStreamPart[] {
    const id = `${index}`;
    switch (block?.type) {
      case 'text':
        this.blocks.set(index, { kind: 'text', id, signature: '' });
        return [...this.out.textStart(id), ...this.out.delta(id, block.text ?? '')];
      case 'thinking':
        this.blocks.set(index, { kind: 'reasoning', id, signature: block.signature ?? '' });
        return [...this.out.reasoningStart(id), ...this.out.delta(id, block.thinking ?? '')];
      case 'redacted_thinking':
        // Encrypted whole: a reasoning block with no text that carries the data back to Anthropic.
        this.blocks.set(index, { kind: 'skipped' });
        return [...this.out.reasoningStart(id), ...this.out.end(id, { anthropic: { redactedData: block.data } })];
      case 'tool_use': {
        this.blocks.set(index, { kind: 'tool', id: block.id });
        const input = block.input && Object.keys(block.input).length ? JSON.stringify(block.input) : '';
        return [...this.out.toolStart(block.id, block.name), ...this.out.toolDelta(block.id, input)];
      }
      default:
        this.blocks.set(index, { kind: 'skipped' });
        return [];
    }
  }

  private delta(index: number, delta: AnthropicStreamDelta | undefined): HubStreamPart[] {
    const block = this.blocks.get(index);
    if (!block || block.kind === 'skipped') return [];
    switch (delta?.type) {
      case 'text_delta':
        return block.kind === 'text' ? this.out.delta(block.id, delta.text) : [];
      case 'thinking_delta':
        return block.kind === 'reasoning' ? this.out.delta(block.id, delta.thinking) : [];
      case 'signature_delta':
        if (block.kind === 'reasoning') block.signature += delta.signature;
        return [];
      case 'input_json_delta':
        return block.kind === 'tool' ? this.out.toolDelta(block.id, delta.partial_json) : [];
      default:
        // Citation deltas have no hub equivalent.
        return [];
    }
  }

  private stopBlock(index: number): HubStreamPart[] {
    const block = this.blocks.get(index);
    this.blocks.delete(index);
    if (!block || block.kind === 'skipped') return [];
    if (block.kind === 'tool') return this.out.toolEnd(block.id);
    const signed = block.kind === 'reasoning' && block.signature ? { anthropic: { signature: block.signature } } : undefined;
    return this.out.end(block.id, signed);
  }
}
