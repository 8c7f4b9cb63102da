import type {
  ChatCompletionChunk,
  ChatDelta,
  ChatFinishReason,
  ChatUsage,
} from '../chat-completions.types';
import type { ChatResponseContext } from '../provider-strategy';

/**
 * Builds the chunk sequence every converter shares: the role chunk exactly once and first, deltas, then the finish
 * chunk and (when asked for) the usage chunk. Converters keep only their upstream's state.
 */
export class ChatChunkWriter {
  private started = false;

  constructor(private readonly ctx: ChatResponseContext) {}

  /** The role chunk, if not sent yet. */
  start(): ChatCompletionChunk[] {
    if (this.started) return [];
    this.started = true;
    return [this.chunk({ role: 'assistant', content: '' })];
  }

  content(text: string): ChatCompletionChunk[] {
    return text ? this.delta({ content: text }) : [];
  }

  reasoning(text: string): ChatCompletionChunk[] {
    return text ? this.delta({ reasoning_content: text }) : [];
  }

  refusal(text: string): ChatCompletionChunk[] {
    return text ? this.delta({ refusal: text }) : [];
  }

  /** Opens tool call `index` (counted from 0 per answer): id, type and name travel once, arguments start empty. */
  toolCallStart(index: number, id: string, name: string): ChatCompletionChunk[] {
    return this.delta({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: '' } }] });
  }

  toolCallArguments(index: number, fragment: string): ChatCompletionChunk[] {
    return fragment ? this.delta({ tool_calls: [{ index, function: { arguments: fragment } }] }) : [];
  }

  /** The closing chunks; `usage` is only emitted when the client asked for it. */
  finish(reason: ChatFinishReason, usage: ChatUsage | undefined): ChatCompletionChunk[] {
    const out = [...this.start(), this.chunk({}, reason)];
    if (this.ctx.includeUsage) {
      out.push({ ...this.envelope(), choices: [], usage: usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } });
    }
    return out;
  }

  // The hot path of every translated stream (one call per upstream event): no spreads, one object per chunk.
  private delta(delta: ChatDelta): ChatCompletionChunk[] {
    return this.started ? [this.chunk(delta)] : [...this.start(), this.chunk(delta)];
  }

  private chunk(delta: ChatDelta, finishReason: ChatFinishReason | null = null): ChatCompletionChunk {
    const { id, created, model } = this.ctx;
    const choices = [{ index: 0, delta, finish_reason: finishReason }];
    return this.ctx.includeUsage
      ? { id, object: 'chat.completion.chunk', created, model, choices, usage: null }
      : { id, object: 'chat.completion.chunk', created, model, choices };
  }

  private envelope(): Pick<ChatCompletionChunk, 'id' | 'object' | 'created' | 'model'> {
    return { id: this.ctx.id, object: 'chat.completion.chunk', created: this.ctx.created, model: this.ctx.model };
  }
}
