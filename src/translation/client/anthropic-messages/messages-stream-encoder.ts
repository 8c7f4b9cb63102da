import type { ClientResponseContext, HubStreamEncoder } from '../../hub/hub-codec';
import type { HubProviderMetadata } from '../../hub/hub-prompt';
import type { HubError, HubStreamPart, HubUsage } from '../../hub/hub-stream';
import { BlockSequencer, type BlockOp, type BlockRenderer, type SequencedBlock } from '../shared/block-sequencer';
import { gatewaySignature } from './gateway-signature';
import { toMessagesStopReason, toMessagesUsage } from './map-messages-usage';
import { messagesErrorType } from './messages-error-type';

interface Block extends SequencedBlock {
  /** The Anthropic index, once `content_block_start` went out. */
  index?: number;
  toolCallId?: string;
  toolName?: string;
  /** Input JSON sent as `input_json_delta` so far. */
  sent: string;
}

const PING = 'event: ping\ndata: {"type":"ping"}\n\n';

/**
 * Hub parts → the Anthropic Messages event stream as a strict state machine: `message_start` first (with an input
 * token estimate, never 0), content blocks indexed 0, 1, 2 … with exactly one open at a time and each closed before
 * the next starts, no empty text block ever, `tool_use` opened with `input: {}` and its arguments only in
 * `input_json_delta`, then always `message_delta` (stop reason and usage) and `message_stop` — also when the upstream
 * ended without its terminal event. Blocks the upstream interleaves (parallel tool calls in a Chat Completions stream)
 * are buffered and played one after the other in the order they started.
 */
export class MessagesStreamEncoder implements HubStreamEncoder, BlockRenderer<Block> {
  private started = false;
  private finished = false;
  private nextIndex = 0;
  private readonly blocks = new BlockSequencer<Block>(this);
  private calledTools = false;
  private usage: HubUsage = {};
  private out = '';

  constructor(private readonly context: ClientResponseContext) {}

  push(part: HubStreamPart): string {
    if (this.finished) return '';
    this.out = '';
    if (part.type !== 'error') this.start(part.type === 'stream-start' ? part.usage : undefined);
    if (this.blocks.route(part)) return this.out;
    switch (part.type) {
      case 'stream-start':
        break;
      case 'usage':
        this.usage = { ...this.usage, ...part.usage };
        break;
      case 'finish':
        this.blocks.closeAll();
        this.finish(toMessagesStopReason(part.finishReason, this.calledTools), part.stopSequence, { ...this.usage, ...part.usage });
        break;
      case 'error':
        this.error(part.error);
        break;
      default: {
        const unknownPart: never = part;
        throw new Error(`unknown stream part ${JSON.stringify(unknownPart)}`);
      }
    }
    return this.out;
  }

  fail(message: string, status?: number): string {
    if (this.finished) return '';
    this.out = '';
    this.error(status === undefined ? { message, type: 'api_error' } : { message, status });
    return this.out;
  }

  /** During upstream silence: Anthropic's own `ping` once the message started, an SSE comment before. */
  keepalive(): string {
    return this.started && !this.finished ? PING : ': keepalive\n\n';
  }

  createBlock(kind: Block['kind'], id: string, toolName?: string): Block | null {
    // Thinking blocks only for a client that asked for thinking: others would not expect them.
    if (kind === 'reasoning' && this.context.request.reasoning?.enabled !== true) return null;
    const block: Block = { kind, ops: [], queued: false, closed: false, sent: '' };
    return kind === 'tool' ? { ...block, toolCallId: id, toolName } : block;
  }

  private start(usage: HubUsage | undefined): void {
    if (this.started) return;
    this.started = true;
    const known = usage?.inputTokens !== undefined ? toMessagesUsage(usage) : undefined;
    this.emit('message_start', {
      type: 'message_start',
      message: {
        id: this.context.id,
        type: 'message',
        role: 'assistant',
        model: this.context.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          // Clients show and budget by this figure before the answer ends; 0 would read as an empty prompt.
          input_tokens: Math.max(1, known?.input_tokens ?? this.context.inputTokenEstimate),
          cache_creation_input_tokens: known?.cache_creation_input_tokens ?? 0,
          cache_read_input_tokens: known?.cache_read_input_tokens ?? 0,
          output_tokens: 1,
        },
      },
    });
  }

  emittable(block: Block, op: BlockOp): boolean {
    switch (op.op) {
      case 'delta':
        return op.text !== '';
      case 'end':
        return block.kind === 'reasoning' && carriesReasoning(op.metadata);
      case 'tool-start':
      case 'tool-call':
        return true;
      default:
        return false;
    }
  }

  forceEnd(block: Block): void {
    if (block.kind === 'tool') this.render(block, { op: 'tool-call', input: block.sent });
    else this.closeBlock(block);
  }

  render(block: Block, op: BlockOp): void {
    switch (op.op) {
      case 'tool-start':
        this.calledTools = true;
        this.openBlock(block, { type: 'tool_use', id: block.toolCallId, name: block.toolName, input: {} });
        break;
      case 'delta':
        if (!op.text) break;
        if (block.kind === 'tool') {
          block.sent += op.text;
          this.delta(block, 'input_json_delta', 'partial_json', op.text);
          break;
        }
        if (block.index === undefined) {
          this.openBlock(block, block.kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' });
        }
        if (block.kind === 'text') this.delta(block, 'text_delta', 'text', op.text);
        else this.delta(block, 'thinking_delta', 'thinking', op.text);
        break;
      case 'end':
        if (block.kind === 'reasoning') this.endThinking(block, op.metadata);
        else this.closeBlock(block);
        break;
      case 'tool-call': {
        const rest = op.input.startsWith(block.sent) ? op.input.slice(block.sent.length) : '';
        if (rest) this.delta(block, 'input_json_delta', 'partial_json', rest);
        this.closeBlock(block);
        break;
      }
      default: {
        const unknownOp: never = op;
        throw new Error(`unknown block operation ${JSON.stringify(unknownOp)}`);
      }
    }
  }

  /** Thinking ends with its signature; redacted reasoning is a `redacted_thinking` block of its own. */
  private endThinking(block: Block, metadata: HubProviderMetadata | undefined): void {
    const redacted = metadata?.anthropic?.redactedData;
    if (block.index === undefined && redacted !== undefined) {
      this.openBlock(block, { type: 'redacted_thinking', data: redacted });
    } else {
      if (block.index === undefined) this.openBlock(block, { type: 'thinking', thinking: '', signature: '' });
      this.delta(block, 'signature_delta', 'signature', gatewaySignature(metadata));
    }
    this.closeBlock(block);
  }

  private openBlock(block: Block, contentBlock: Record<string, unknown>): void {
    block.index = this.nextIndex++;
    this.emit('content_block_start', { type: 'content_block_start', index: block.index, content_block: contentBlock });
  }

  /**
   * One `content_block_delta`: the hot path (an event per upstream delta), so written as text around the one serialised
   * value; the same bytes as serialising the event object.
   */
  private delta(block: Block, type: string, field: string, value: string): void {
    this.out += `event: content_block_delta\ndata: {"type":"content_block_delta","index":${block.index!},"delta":{"type":"${type}","${field}":${JSON.stringify(value)}}}\n\n`;
  }

  private closeBlock(block: Block): void {
    block.closed = true;
    if (block.index !== undefined) this.emit('content_block_stop', { type: 'content_block_stop', index: block.index });
  }

  private finish(stopReason: string, stopSequence: string | undefined, usage: HubUsage): void {
    this.finished = true;
    const final = toMessagesUsage(usage);
    if (usage.inputTokens === undefined) final.input_tokens = Math.max(1, this.context.inputTokenEstimate);
    this.emit('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: stopReason === 'stop_sequence' ? (stopSequence ?? null) : null },
      usage: final,
    });
    this.emit('message_stop', { type: 'message_stop' });
  }

  private error(error: HubError): void {
    this.finished = true;
    this.emit('error', { type: 'error', error: { type: messagesErrorType(error), message: error.message } });
  }

  private emit(event: string, data: unknown): void {
    this.out += `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  }
}

function carriesReasoning(metadata: HubProviderMetadata | undefined): boolean {
  return (
    metadata?.anthropic?.redactedData !== undefined ||
    metadata?.openai?.encryptedContent !== undefined ||
    metadata?.google?.thoughtSignature !== undefined
  );
}
