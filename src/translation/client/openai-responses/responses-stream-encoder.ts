import type { ClientResponseContext, HubStreamEncoder } from '../../hub/hub-codec';
import type { HubProviderMetadata } from '../../hub/hub-prompt';
import type { HubError, HubStreamPart, HubUsage } from '../../hub/hub-stream';
import { BlockSequencer, type BlockOp, type BlockRenderer, type SequencedBlock } from '../shared/block-sequencer';
import { callItem, itemId, messageItem, outputText, reasoningItem, responseObject, statusOf, toResponsesUsage, type ResponsesItem } from './responses-items';
import { responsesToolRef } from './responses-tool-names';

interface Block extends SequencedBlock {
  outputIndex?: number;
  itemId?: string;
  /** Text (or tool input) sent so far. */
  text: string;
  /** Whether a reasoning block's summary part was opened. */
  summaryOpen: boolean;
  toolCallId?: string;
  toolName?: string;
  freeform: boolean;
}

/**
 * Hub parts → the OpenAI Responses event stream, exactly the documented sequence (Codex drops the connection on
 * anything else): `response.created`, `response.in_progress`, then per output item `output_item.added`, its content
 * (`content_part.added` → `output_text.delta`* → `output_text.done` → `content_part.done` for a message;
 * `reasoning_summary_part.added` → `reasoning_summary_text.delta`* → `.done` → `reasoning_summary_part.done` for
 * reasoning; `function_call_arguments.delta`* → `.done`, or `custom_tool_call_input.delta`* → `.done` for a freeform
 * tool) and `output_item.done`; one item at a time, numbered from 0; then `response.completed`, `response.incomplete`
 * or `response.failed`. Every event has a `sequence_number` one above the last.
 */
export class ResponsesStreamEncoder implements HubStreamEncoder, BlockRenderer<Block> {
  private sequence = 0;
  private started = false;
  private finished = false;
  private readonly blocks = new BlockSequencer<Block>(this);
  /** Finished items, in output order (items are played one at a time, so they finish in order). */
  private readonly output: ResponsesItem[] = [];
  private itemCount = 0;
  private usage: HubUsage = {};
  private out = '';

  constructor(private readonly context: ClientResponseContext) {}

  push(part: HubStreamPart): string {
    if (this.finished) return '';
    this.out = '';
    this.start();
    if (this.blocks.route(part)) return this.out;
    switch (part.type) {
      case 'stream-start':
        break;
      case 'usage':
        this.usage = { ...this.usage, ...part.usage };
        break;
      case 'finish': {
        this.blocks.closeAll();
        const usage = toResponsesUsage({ ...this.usage, ...part.usage });
        if (part.unterminated) {
          this.failed({ code: 'server_error', message: 'Upstream stream ended before its terminal event; the answer is incomplete' }, usage);
        } else {
          const { status, incomplete_details } = statusOf(part.finishReason);
          this.finished = true;
          this.emit(`response.${status}`, { response: responseObject(this.context, { status, incomplete_details, output: this.output, usage }) });
        }
        break;
      }
      case 'error':
        this.failed(responsesError(part.error), null);
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
    this.start();
    this.failed(responsesError({ message, status }), null);
    return this.out;
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

  render(block: Block, op: BlockOp): void {
    switch (op.op) {
      case 'tool-start':
        this.openItem(block, callItem(this.context, this.nextIndex(), { toolCallId: block.toolCallId!, toolName: block.toolName!, input: '' }, 'in_progress'));
        break;
      case 'delta':
        if (!op.text) break;
        if (block.kind === 'tool') this.toolDelta(block, op.text);
        else if (block.kind === 'text') this.textDelta(block, op.text);
        else this.reasoningDelta(block, op.text);
        break;
      case 'end':
        if (block.kind === 'text') this.endText(block);
        else this.endReasoning(block, op.metadata);
        break;
      case 'tool-call':
        this.endTool(block, op.input);
        break;
      default: {
        const unknownOp: never = op;
        throw new Error(`unknown block operation ${JSON.stringify(unknownOp)}`);
      }
    }
  }

  forceEnd(block: Block): void {
    if (block.kind === 'tool') this.endTool(block, block.text);
    else if (block.kind === 'text') this.endText(block);
    else this.endReasoning(block, undefined);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    const pending = responseObject(this.context, { status: 'in_progress', output: [], usage: null });
    this.emit('response.created', { response: pending });
    this.emit('response.in_progress', { response: pending });
  }

  createBlock(kind: Block['kind'], id: string, toolName?: string): Block {
    const block: Block = { kind, ops: [], queued: false, closed: false, text: '', summaryOpen: false, freeform: false };
    if (kind !== 'tool') return block;
    return { ...block, toolCallId: id, toolName, freeform: responsesToolRef(this.context.request, toolName!).freeform };
  }

  private nextIndex(): number {
    return this.itemCount;
  }

  private openItem(block: Block, item: ResponsesItem): void {
    block.outputIndex = this.itemCount++;
    block.itemId = item.id;
    this.emit('response.output_item.added', { output_index: block.outputIndex, item });
  }

  private doneItem(block: Block, item: ResponsesItem): void {
    this.output.push(item);
    this.emit('response.output_item.done', { output_index: block.outputIndex, item });
    block.closed = true;
  }

  private at(block: Block): { item_id: string; output_index: number } {
    return { item_id: block.itemId!, output_index: block.outputIndex! };
  }

  private textDelta(block: Block, delta: string): void {
    if (block.outputIndex === undefined) {
      this.openItem(block, messageItem(itemId(this.context, 'msg', this.nextIndex()), '', 'in_progress'));
      this.emit('response.content_part.added', { ...this.at(block), content_index: 0, part: outputText('') });
    }
    block.text += delta;
    this.emitDelta('response.output_text.delta', block, ',"content_index":0', delta, ',"logprobs":[]');
  }

  private endText(block: Block): void {
    if (block.outputIndex === undefined) {
      block.closed = true;
      return;
    }
    this.emit('response.output_text.done', { ...this.at(block), content_index: 0, text: block.text, logprobs: [] });
    this.emit('response.content_part.done', { ...this.at(block), content_index: 0, part: outputText(block.text) });
    this.doneItem(block, messageItem(block.itemId!, block.text, 'completed'));
  }

  private reasoningDelta(block: Block, delta: string): void {
    if (block.outputIndex === undefined) this.openReasoning(block);
    if (!block.summaryOpen) {
      block.summaryOpen = true;
      this.emit('response.reasoning_summary_part.added', { ...this.at(block), summary_index: 0, part: { type: 'summary_text', text: '' } });
    }
    block.text += delta;
    this.emitDelta('response.reasoning_summary_text.delta', block, ',"summary_index":0', delta, '');
  }

  private openReasoning(block: Block): void {
    this.openItem(block, reasoningItem(itemId(this.context, 'rs', this.nextIndex()), '', undefined, false));
  }

  private endReasoning(block: Block, metadata: HubProviderMetadata | undefined): void {
    if (block.outputIndex === undefined) this.openReasoning(block);
    if (block.summaryOpen) {
      this.emit('response.reasoning_summary_text.done', { ...this.at(block), summary_index: 0, text: block.text });
      this.emit('response.reasoning_summary_part.done', { ...this.at(block), summary_index: 0, part: { type: 'summary_text', text: block.text } });
    }
    this.doneItem(block, reasoningItem(block.itemId!, block.text, metadata, true));
  }

  private toolDelta(block: Block, delta: string): void {
    block.text += delta;
    const type = block.freeform ? 'response.custom_tool_call_input.delta' : 'response.function_call_arguments.delta';
    this.emitDelta(type, block, '', delta, '');
  }

  private endTool(block: Block, input: string): void {
    const rest = input.startsWith(block.text) ? input.slice(block.text.length) : '';
    if (rest) this.toolDelta(block, rest);
    const call = { toolCallId: block.toolCallId!, toolName: block.toolName!, input: block.text };
    const done = callItem(this.context, block.outputIndex!, call, 'completed');
    done.id = block.itemId!;
    if (block.freeform) this.emit('response.custom_tool_call_input.done', { ...this.at(block), input: block.text });
    else this.emit('response.function_call_arguments.done', { ...this.at(block), name: done.name, arguments: block.text });
    this.doneItem(block, done);
  }

  private failed(error: { code: string; message: string }, usage: Record<string, unknown> | null): void {
    this.finished = true;
    this.emit('response.failed', { response: responseObject(this.context, { status: 'failed', output: this.output, usage, error }) });
  }

  /**
   * A delta event: the hot path (an event per upstream delta), so written as text around the one serialised value; the
   * same bytes as `emit` with `{item_id, output_index, …index, delta, …}`.
   */
  private emitDelta(type: string, block: Block, index: string, delta: string, after: string): void {
    this.out +=
      `event: ${type}\ndata: {"type":"${type}","sequence_number":${this.sequence++},"item_id":${JSON.stringify(block.itemId)},` +
      `"output_index":${block.outputIndex!}${index},"delta":${JSON.stringify(delta)}${after}}\n\n`;
  }

  private emit(type: string, payload: Record<string, unknown>): void {
    this.out += `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.sequence++, ...payload })}\n\n`;
  }
}

function carriesReasoning(metadata: HubProviderMetadata | undefined): boolean {
  return (
    metadata?.anthropic?.signature !== undefined ||
    metadata?.anthropic?.redactedData !== undefined ||
    metadata?.google?.thoughtSignature !== undefined
  );
}

/** OpenAI's error codes for a failed response; Codex waits and retries on `rate_limit_exceeded`. */
function responsesError(error: HubError): { code: string; message: string } {
  const rateLimited = error.status === 429 || /rate_limit/.test(error.type ?? '');
  return { code: rateLimited ? 'rate_limit_exceeded' : 'server_error', message: error.message };
}
