import {
  isChatStreamError,
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionMessage,
  type ChatFinishReason,
  type ChatStreamItem,
  type ChatToolCall,
  type ChatUsage,
} from '../../translation/client/chat-completions/chat-api.types';
import { UpstreamStreamError } from './upstream-stream-error';

interface ChoiceState {
  content: string;
  reasoning: string;
  refusal: string;
  toolCalls: ChatToolCall[];
  finishReason: ChatFinishReason | null;
}

/** Folds chat chunks into the one chat.completion a non-stream client expects. */
export class ChatCompletionAccumulator {
  private envelope: Pick<ChatCompletion, 'id' | 'created' | 'model'> | undefined;
  private readonly choices = new Map<number, ChoiceState>();
  private usage: ChatUsage | undefined;

  add(chunk: ChatCompletionChunk): void {
    this.envelope ??= { id: chunk.id, created: chunk.created, model: chunk.model };
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      const state = this.choice(choice.index);
      const { delta } = choice;
      if (typeof delta?.content === 'string') state.content += delta.content;
      if (typeof delta?.reasoning_content === 'string') state.reasoning += delta.reasoning_content;
      if (typeof delta?.refusal === 'string') state.refusal += delta.refusal;
      for (const call of delta?.tool_calls ?? []) {
        const target = (state.toolCalls[call.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (call.id) target.id = call.id;
        if (call.function?.name) target.function.name = call.function.name;
        if (call.function?.arguments) target.function.arguments += call.function.arguments;
      }
      if (choice.finish_reason) state.finishReason = choice.finish_reason;
    }
  }

  toCompletion(): ChatCompletion {
    const choices = [...this.choices.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, state]) => ({ index, message: toMessage(state), finish_reason: state.finishReason ?? 'stop', logprobs: null }));
    const completion: ChatCompletion = {
      id: this.envelope?.id ?? '',
      object: 'chat.completion',
      created: this.envelope?.created ?? 0,
      model: this.envelope?.model ?? '',
      choices: choices.length ? choices : [{ index: 0, message: toMessage(emptyChoice()), finish_reason: 'stop', logprobs: null }],
    };
    if (this.usage) completion.usage = this.usage;
    return completion;
  }

  private choice(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) this.choices.set(index, (state = emptyChoice()));
    return state;
  }
}

/**
 * Drains translated stream items into one chat.completion (for a non-stream client served by a streaming upstream).
 * Throws UpstreamStreamError (502) when the stream ends in an error item. Create the converter with
 * `includeUsage: true`, or the answer has no usage.
 */
export async function accumulateChatStream(items: AsyncIterable<ChatStreamItem>): Promise<ChatCompletion> {
  const accumulator = new ChatCompletionAccumulator();
  for await (const item of items) {
    if (isChatStreamError(item)) throw new UpstreamStreamError(item);
    accumulator.add(item);
  }
  return accumulator.toCompletion();
}

function emptyChoice(): ChoiceState {
  return { content: '', reasoning: '', refusal: '', toolCalls: [], finishReason: null };
}

function toMessage(state: ChoiceState): ChatCompletionMessage {
  const toolCalls = state.toolCalls.filter(Boolean);
  const message: ChatCompletionMessage = {
    role: 'assistant',
    content: state.content || (toolCalls.length ? null : ''),
    refusal: state.refusal || null,
  };
  if (toolCalls.length) message.tool_calls = toolCalls;
  if (state.reasoning) message.reasoning_content = state.reasoning;
  return message;
}
