import type { EncodedUpstreamRequest } from '../../hub/hub-codec';
import type { HubProviderMetadata } from '../../hub/hub-prompt';
import type { HubError, HubFinishReason, HubStreamPart, HubUsage } from '../../hub/hub-stream';
import { unwrapFreeformInput } from './freeform-tools';

interface ToolState {
  toolName: string;
  /** Unwrapped on the way out; its JSON argument fragments are held back until the call ends. */
  freeform: boolean;
  input: string;
  /** Whether any `tool-input-delta` went out. */
  streamed: boolean;
  providerMetadata?: HubProviderMetadata;
}

type Block = { kind: 'text' | 'reasoning' } | ({ kind: 'tool' } & ToolState);

/**
 * Writes the hub stream grammar (see `HubStreamPart`) so each upstream decoder only tracks its own API's state:
 * `stream-start` once and first, deltas only inside their block, tool calls always as start → deltas → end → call
 * (with the client's tool name and freeform inputs unwrapped), every open block ended before `finish`, and nothing
 * after the one terminal `finish` or `error`. Calls that would break the grammar (a delta for an unknown block, a
 * second start) produce no parts.
 */
export class HubPartWriter {
  private started = false;
  private closed = false;
  private readonly open = new Map<string, Block>();

  constructor(private readonly encoded: EncodedUpstreamRequest) {}

  get isClosed(): boolean {
    return this.closed;
  }

  isOpen(id: string): boolean {
    return this.open.has(id);
  }

  /** `stream-start`, the first time only; every other method starts the stream itself when it was not. */
  start(meta: { id?: string; modelId?: string; usage?: HubUsage } = {}): HubStreamPart[] {
    if (this.started || this.closed) return [];
    this.started = true;
    const part: HubStreamPart = { type: 'stream-start' };
    if (meta.id !== undefined) part.id = meta.id;
    if (meta.modelId !== undefined) part.modelId = meta.modelId;
    if (meta.usage !== undefined) part.usage = meta.usage;
    return [part];
  }

  textStart(id: string, providerMetadata?: HubProviderMetadata): HubStreamPart[] {
    return this.blockStart(id, 'text', providerMetadata);
  }

  reasoningStart(id: string, providerMetadata?: HubProviderMetadata): HubStreamPart[] {
    return this.blockStart(id, 'reasoning', providerMetadata);
  }

  /** A text or reasoning delta; empty deltas are dropped. */
  delta(id: string, delta: string): HubStreamPart[] {
    const block = this.open.get(id);
    if (!block || !delta || this.closed) return [];
    if (block.kind === 'text') return [{ type: 'text-delta', id, delta }];
    if (block.kind === 'reasoning') return [{ type: 'reasoning-delta', id, delta }];
    return this.toolDelta(id, delta);
  }

  /** Ends a text or reasoning block (`providerMetadata` carries what only the end knows: signatures). */
  end(id: string, providerMetadata?: HubProviderMetadata): HubStreamPart[] {
    const block = this.open.get(id);
    if (!block || this.closed) return [];
    if (block.kind === 'tool') return this.toolEnd(id);
    this.open.delete(id);
    const type = block.kind === 'text' ? 'text-end' : 'reasoning-end';
    return [providerMetadata ? { type, id, providerMetadata } : { type, id }];
  }

  /** Opens a tool call; `upstreamName` is mapped back to the client's tool name here. */
  toolStart(id: string, upstreamName: string, providerMetadata?: HubProviderMetadata): HubStreamPart[] {
    if (this.closed || this.open.has(id)) return [];
    const toolName = this.encoded.toolNames.toClient(upstreamName);
    const freeform = this.encoded.freeformAsFunction?.has(toolName) ?? false;
    this.open.set(id, { kind: 'tool', toolName, freeform, input: '', streamed: false, providerMetadata });
    const part: HubStreamPart = { type: 'tool-input-start', id, toolName };
    if (providerMetadata) part.providerMetadata = providerMetadata;
    return [...this.start(), part];
  }

  toolDelta(id: string, fragment: string): HubStreamPart[] {
    const block = this.open.get(id);
    if (block?.kind !== 'tool' || !fragment || this.closed) return [];
    block.input += fragment;
    if (block.freeform) return [];
    block.streamed = true;
    return [{ type: 'tool-input-delta', id, delta: fragment }];
  }

  /**
   * Ends a tool call: `tool-input-end` and `tool-call` with the whole input. `finalInput` (an upstream's `.done` event or
   * finished item) replaces what the deltas gathered when they brought nothing; no arguments at all become `{}`.
   */
  toolEnd(id: string, finalInput?: string, providerMetadata?: HubProviderMetadata): HubStreamPart[] {
    const block = this.open.get(id);
    if (block?.kind !== 'tool' || this.closed) return [];
    this.open.delete(id);
    let input = block.input || finalInput || '';
    const parts: HubStreamPart[] = [];
    if (block.freeform) {
      input = unwrapFreeformInput(input);
      if (input) parts.push({ type: 'tool-input-delta', id, delta: input });
    } else {
      input ||= '{}';
      if (!block.streamed) parts.push({ type: 'tool-input-delta', id, delta: input });
    }
    parts.push({ type: 'tool-input-end', id });
    const metadata = providerMetadata ?? block.providerMetadata;
    const call: HubStreamPart = { type: 'tool-call', toolCallId: id, toolName: block.toolName, input };
    if (metadata) call.providerMetadata = metadata;
    parts.push(call);
    return parts;
  }

  /** A call the upstream sent in one piece (Gemini), as the four parts the grammar asks for. */
  toolCall(id: string, upstreamName: string, input: string, providerMetadata?: HubProviderMetadata): HubStreamPart[] {
    return [...this.toolStart(id, upstreamName, providerMetadata), ...this.toolDelta(id, input), ...this.toolEnd(id)];
  }

  /** Ends every open block, in the order they were opened. */
  endAll(): HubStreamPart[] {
    return [...this.open.keys()].flatMap((id) => this.end(id));
  }

  usage(usage: HubUsage): HubStreamPart[] {
    return this.closed ? [] : [...this.start(), { type: 'usage', usage }];
  }

  finish(finishReason: HubFinishReason, usage: HubUsage, options: { stopSequence?: string; unterminated?: boolean } = {}): HubStreamPart[] {
    if (this.closed) return [];
    const parts = [...this.start(), ...this.endAll()];
    const finish: HubStreamPart = { type: 'finish', finishReason, usage };
    if (options.stopSequence !== undefined) finish.stopSequence = options.stopSequence;
    if (options.unterminated) finish.unterminated = true;
    parts.push(finish);
    this.closed = true;
    return parts;
  }

  /** The terminal error; open blocks stay open (the client encoder's `error` handling ends its stream). */
  error(error: HubError): HubStreamPart[] {
    if (this.closed) return [];
    const parts = [...this.start(), { type: 'error', error } as const];
    this.closed = true;
    return parts;
  }

  private blockStart(id: string, kind: 'text' | 'reasoning', providerMetadata?: HubProviderMetadata): HubStreamPart[] {
    if (this.closed || this.open.has(id)) return [];
    this.open.set(id, { kind });
    const type = kind === 'text' ? 'text-start' : 'reasoning-start';
    return [...this.start(), providerMetadata ? { type, id, providerMetadata } : { type, id }];
  }
}
