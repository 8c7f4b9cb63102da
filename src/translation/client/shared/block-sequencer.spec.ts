import type { HubStreamPart } from '../../hub/hub-stream';
import { BlockSequencer, type BlockOp, type BlockRenderer, type SequencedBlock } from './block-sequencer';

interface Block extends SequencedBlock {
  id: string;
}

/** Writes each rendered operation as `id:op[:text]`; declines reasoning blocks, as a client without thinking would. */
class RecordingRenderer implements BlockRenderer<Block> {
  readonly written: string[] = [];

  createBlock(kind: Block['kind'], id: string, toolName?: string): Block | null {
    if (kind === 'reasoning') return null;
    return { kind, id: toolName ? `${id}(${toolName})` : id, ops: [], queued: false, closed: false };
  }

  emittable(_block: Block, op: BlockOp): boolean {
    return op.op !== 'end' && (op.op !== 'delta' || op.text !== '');
  }

  render(block: Block, op: BlockOp): void {
    this.written.push(`${block.id}:${op.op}${op.op === 'delta' ? `:${op.text}` : op.op === 'tool-call' ? `:${op.input}` : ''}`);
    if (op.op === 'end' || op.op === 'tool-call') block.closed = true;
  }

  forceEnd(block: Block): void {
    this.written.push(`${block.id}:forced-end`);
    block.closed = true;
  }
}

function run(parts: HubStreamPart[]): { written: string[]; notRouted: string[] } {
  const renderer = new RecordingRenderer();
  const blocks = new BlockSequencer(renderer);
  const notRouted = parts.filter((part) => !blocks.route(part)).map((part) => part.type);
  blocks.closeAll();
  return { written: renderer.written, notRouted };
}

describe(BlockSequencer.name, () => {
  it('routes content parts to their blocks and hands every other part back', () => {
    const { written, notRouted } = run([
      { type: 'stream-start' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'hi' },
      { type: 'text-end', id: 't' },
      { type: 'usage', usage: { inputTokens: 1 } },
      { type: 'finish', finishReason: 'stop', usage: {} },
    ]);
    expect(written).toEqual(['t:delta:hi', 't:end']);
    expect(notRouted).toEqual(['stream-start', 'usage', 'finish']);
  });

  it('leaves out every part of a block the renderer declines', () => {
    const { written } = run([
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'thinking' },
      { type: 'reasoning-end', id: 'r' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'answer' },
      { type: 'text-end', id: 't' },
    ]);
    expect(written).toEqual(['t:delta:answer', 't:end']);
  });

  it('opens a tool block for a whole tool call that had no streamed input, and plays interleaved tools one at a time', () => {
    const { written } = run([
      { type: 'tool-input-start', id: 'a', toolName: 'read' },
      { type: 'tool-call', toolCallId: 'b', toolName: 'write', input: '{"x":2}' },
      { type: 'tool-input-delta', id: 'a', delta: '{"x":1}' },
      { type: 'tool-input-end', id: 'a' },
      { type: 'tool-call', toolCallId: 'a', toolName: 'read', input: '{"x":1}' },
    ]);
    expect(written).toEqual(['a(read):tool-start', 'a(read):delta:{"x":1}', 'a(read):tool-call:{"x":1}', 'b(write):tool-start', 'b(write):tool-call:{"x":2}']);
  });
});
