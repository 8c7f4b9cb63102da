import type { ClientResponseContext, HubStreamEncoder } from '../../hub/hub-codec';
import type { HubProviderMetadata } from '../../hub/hub-prompt';
import type { HubError, HubStreamPart, HubUsage } from '../../hub/hub-stream';
import { gatewaySignature } from './gateway-signature';
import { toMessagesStopReason, toMessagesUsage } from './map-messages-usage';
import { messagesErrorType } from './messages-error-type';

type Op =
  | { op: 'delta'; text: string }
  | { op: 'end'; metadata?: HubProviderMetadata }
  | { op: 'tool-start' }
  | { op: 'tool-call'; input: string };

interface Block {
  kind: 'text' | 'thinking' | 'tool';
  /** Operations not rendered yet: everything, while another block holds the one open Anthropic block. */
  ops: Op[];
  /** Waiting for its turn (or current). */
  queued: boolean;
  /** The Anthropic index, once `content_block_start` went out. */
  index?: number;
  closed: boolean;
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
export class MessagesStreamEncoder implements HubStreamEncoder {
  private started = false;
  private finished = false;
  private nextIndex = 0;
  private current: Block | null = null;
  private readonly waiting: Block[] = [];
  private readonly byId = new Map<string, Block>();
  private calledTools = false;
  private usage: HubUsage = {};
  private out = '';

  constructor(private readonly context: ClientResponseContext) {}

  push(part: HubStreamPart): string {
    if (this.finished) return '';
    this.out = '';
    if (part.type !== 'error') this.start(part.type === 'stream-start' ? part.usage : undefined);
    switch (part.type) {
      case 'stream-start':
        break;
      case 'text-start':
        this.open(part.id, 'text');
        break;
      case 'reasoning-start':
        if (this.thinkingWanted()) this.open(part.id, 'thinking');
        break;
      case 'text-delta':
      case 'reasoning-delta':
        this.enqueue(part.id, { op: 'delta', text: part.delta });
        break;
      case 'text-end':
      case 'reasoning-end':
        this.enqueue(part.id, { op: 'end', metadata: part.providerMetadata });
        break;
      case 'tool-input-start': {
        const block = this.open(part.id, 'tool');
        block.toolCallId = part.id;
        block.toolName = part.toolName;
        this.enqueue(part.id, { op: 'tool-start' });
        break;
      }
      case 'tool-input-delta':
        this.enqueue(part.id, { op: 'delta', text: part.delta });
        break;
      case 'tool-input-end':
        break;
      case 'tool-call':
        if (!this.byId.has(part.toolCallId)) {
          const block = this.open(part.toolCallId, 'tool');
          block.toolCallId = part.toolCallId;
          block.toolName = part.toolName;
          this.enqueue(part.toolCallId, { op: 'tool-start' });
        }
        this.enqueue(part.toolCallId, { op: 'tool-call', input: part.input });
        break;
      case 'usage':
        this.usage = { ...this.usage, ...part.usage };
        break;
      case 'finish':
        this.closeAll();
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

  fail(message: string): string {
    if (this.finished) return '';
    this.out = '';
    this.error({ message, type: 'api_error' });
    return this.out;
  }

  /** During upstream silence: Anthropic's own `ping` once the message started, an SSE comment before. */
  keepalive(): string {
    return this.started && !this.finished ? PING : ': keepalive\n\n';
  }

  private thinkingWanted(): boolean {
    return this.context.request.reasoning?.enabled === true;
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

  private open(id: string, kind: Block['kind']): Block {
    const block: Block = { kind, ops: [], queued: false, closed: false, sent: '' };
    this.byId.set(id, block);
    return block;
  }

  private enqueue(id: string, op: Op): void {
    const block = this.byId.get(id);
    if (!block || block.closed) return;
    block.ops.push(op);
    if (!block.queued && this.emittable(block, op)) {
      block.queued = true;
      this.waiting.push(block);
    }
    if (!block.queued && op.op === 'end') {
      // Nothing to show (a text or thinking block without content): it never becomes an Anthropic block.
      block.closed = true;
      return;
    }
    this.drain();
  }

  private emittable(block: Block, op: Op): boolean {
    switch (op.op) {
      case 'delta':
        return op.text !== '';
      case 'end':
        return block.kind === 'thinking' && carriesReasoning(op.metadata);
      case 'tool-start':
      case 'tool-call':
        return true;
      default:
        return false;
    }
  }

  /** Renders queued operations: the current block's, then (once it closes) the next waiting block's. */
  private drain(): void {
    for (;;) {
      if (!this.current) {
        const next = this.waiting.shift();
        if (!next) return;
        this.current = next;
      }
      const block = this.current;
      while (block.ops.length > 0 && !block.closed) this.render(block, block.ops.shift()!);
      if (!block.closed) return;
      this.current = null;
    }
  }

  private render(block: Block, op: Op): void {
    switch (op.op) {
      case 'tool-start':
        this.calledTools = true;
        this.openBlock(block, { type: 'tool_use', id: block.toolCallId, name: block.toolName, input: {} });
        break;
      case 'delta':
        if (!op.text) break;
        if (block.kind === 'tool') {
          block.sent += op.text;
          this.delta(block, { type: 'input_json_delta', partial_json: op.text });
          break;
        }
        if (block.index === undefined) {
          this.openBlock(block, block.kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' });
        }
        this.delta(block, block.kind === 'text' ? { type: 'text_delta', text: op.text } : { type: 'thinking_delta', thinking: op.text });
        break;
      case 'end':
        if (block.kind === 'thinking') this.endThinking(block, op.metadata);
        else this.closeBlock(block);
        break;
      case 'tool-call': {
        const rest = op.input.startsWith(block.sent) ? op.input.slice(block.sent.length) : '';
        if (rest) this.delta(block, { type: 'input_json_delta', partial_json: rest });
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
      this.delta(block, { type: 'signature_delta', signature: gatewaySignature(metadata) });
    }
    this.closeBlock(block);
  }

  private openBlock(block: Block, contentBlock: Record<string, unknown>): void {
    block.index = this.nextIndex++;
    this.emit('content_block_start', { type: 'content_block_start', index: block.index, content_block: contentBlock });
  }

  private delta(block: Block, delta: Record<string, unknown>): void {
    this.emit('content_block_delta', { type: 'content_block_delta', index: block.index, delta });
  }

  private closeBlock(block: Block): void {
    block.closed = true;
    if (block.index !== undefined) this.emit('content_block_stop', { type: 'content_block_stop', index: block.index });
  }

  /** The stream ends: every block still open or waiting is played and closed, in order. */
  private closeAll(): void {
    for (const block of [this.current, ...this.waiting.splice(0)]) {
      if (!block || block.closed) continue;
      this.current = block;
      while (block.ops.length > 0 && !block.closed) this.render(block, block.ops.shift()!);
      if (!block.closed) {
        if (block.kind === 'tool') this.render(block, { op: 'tool-call', input: block.sent });
        else this.closeBlock(block);
      }
    }
    this.current = null;
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
