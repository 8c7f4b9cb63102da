import type { HubProviderMetadata } from '../../hub/hub-prompt';
import type { HubStreamPart } from '../../hub/hub-stream';

/** What can happen to one content block of a hub stream. */
export type BlockOp =
  | { op: 'delta'; text: string }
  | { op: 'end'; metadata?: HubProviderMetadata }
  /** A tool call's opening (id and name known). */
  | { op: 'tool-start' }
  /** A tool call's end, with its whole input. */
  | { op: 'tool-call'; input: string };

export interface SequencedBlock {
  kind: 'text' | 'reasoning' | 'tool';
  /** Operations not rendered yet: everything, while another block holds the client's one open block. */
  ops: BlockOp[];
  /** Waiting for its turn, or current. */
  queued: boolean;
  /** Set by the renderer when the block's end has been written. */
  closed: boolean;
}

/** The hub parts that belong to a content block; the sequencer routes them (see `route`). */
export type HubContentPart = Extract<
  HubStreamPart,
  { type: `${'text' | 'reasoning' | 'tool-input'}-${'start' | 'delta' | 'end'}` | 'tool-call' }
>;

export interface BlockRenderer<B extends SequencedBlock> {
  /**
   * A new block in the client format's shape (`toolName` for a tool); null leaves the block and all its parts out,
   * e.g. reasoning the client did not ask for.
   */
  createBlock(kind: SequencedBlock['kind'], id: string, toolName?: string): B | null;
  /** Whether this operation gives the block something to show (an empty delta does not; a block never shown is dropped). */
  emittable(block: B, op: BlockOp): boolean;
  /** Writes one operation of the current block; sets `block.closed` once the block's end is written. */
  render(block: B, op: BlockOp): void;
  /** Ends a block the stream left open (the upstream never ended it). */
  forceEnd(block: B): void;
}

/**
 * Turns hub blocks, which may interleave (a Chat Completions upstream streams parallel tool calls side by side), into
 * a sequence where exactly one block is open at a time, as the Anthropic and Responses event streams require: the
 * first block with something to show becomes current; the others buffer their operations and are played, in the
 * order they first had something to show, once it closes. A block that never has anything to show never appears.
 */
export class BlockSequencer<B extends SequencedBlock> {
  private current: B | null = null;
  private readonly waiting: B[] = [];
  private readonly byId = new Map<string, B>();

  constructor(private readonly renderer: BlockRenderer<B>) {}

  /**
   * Takes a content part (text, reasoning, tool input, a tool call) to its block and returns true; any other part is
   * the encoder's own, and false narrows it to those.
   */
  route(part: HubStreamPart): part is HubContentPart {
    switch (part.type) {
      case 'text-start':
        this.open(part.id, 'text');
        return true;
      case 'reasoning-start':
        this.open(part.id, 'reasoning');
        return true;
      case 'text-delta':
      case 'reasoning-delta':
      case 'tool-input-delta':
        this.enqueue(part.id, { op: 'delta', text: part.delta });
        return true;
      case 'text-end':
      case 'reasoning-end':
        this.enqueue(part.id, { op: 'end', metadata: part.providerMetadata });
        return true;
      case 'tool-input-start':
        this.openTool(part.id, part.toolName);
        return true;
      case 'tool-input-end':
        return true;
      case 'tool-call':
        // A call whose input was not streamed before it (Gemini sends calls whole) opens its block here.
        if (!this.byId.has(part.toolCallId)) this.openTool(part.toolCallId, part.toolName);
        this.enqueue(part.toolCallId, { op: 'tool-call', input: part.input });
        return true;
      default:
        return false;
    }
  }

  private open(id: string, kind: SequencedBlock['kind'], toolName?: string): B | null {
    const block = this.renderer.createBlock(kind, id, toolName);
    if (block) this.byId.set(id, block);
    return block;
  }

  private openTool(id: string, toolName: string): void {
    if (this.open(id, 'tool', toolName)) this.enqueue(id, { op: 'tool-start' });
  }

  private enqueue(id: string, op: BlockOp): void {
    const block = this.byId.get(id);
    if (!block || block.closed) return;
    block.ops.push(op);
    if (!block.queued && this.renderer.emittable(block, op)) {
      block.queued = true;
      this.waiting.push(block);
    }
    if (!block.queued && (op.op === 'end' || op.op === 'tool-call')) {
      block.closed = true;
      return;
    }
    this.drain();
  }

  /** The stream ends: the current block and every waiting one are played and ended, in order. */
  closeAll(): void {
    for (const block of [this.current, ...this.waiting.splice(0)]) {
      if (!block || block.closed) continue;
      this.current = block;
      this.play(block);
      if (!block.closed) this.renderer.forceEnd(block);
    }
    this.current = null;
  }

  private drain(): void {
    for (;;) {
      if (!this.current) {
        const next = this.waiting.shift();
        if (!next) return;
        this.current = next;
      }
      const block = this.current;
      this.play(block);
      if (!block.closed) return;
      this.current = null;
    }
  }

  private play(block: B): void {
    while (block.ops.length > 0 && !block.closed) this.renderer.render(block, block.ops.shift()!);
  }
}
