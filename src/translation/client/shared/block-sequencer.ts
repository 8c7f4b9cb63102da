import type { HubProviderMetadata } from '../../hub/hub-prompt';

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

export interface BlockRenderer<B extends SequencedBlock> {
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

  open(id: string, block: B): B {
    this.byId.set(id, block);
    return block;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  enqueue(id: string, op: BlockOp): void {
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
