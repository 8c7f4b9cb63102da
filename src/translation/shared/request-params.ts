import type { ModelConfig } from '../../config/app-config';
import { levelFromClientEffort, type FixedReasoningLevel } from '../upstream/shared/reasoning-levels';
import type { ChatCompletionRequest } from '../chat-completions.types';
import { TranslationError } from '../translation-error';

/** `max_completion_tokens` wins over the deprecated `max_tokens`, as in OpenAI's API. */
export function requestedMaxTokens(chat: ChatCompletionRequest): number | undefined {
  if (typeof chat.max_completion_tokens === 'number') return chat.max_completion_tokens;
  if (typeof chat.max_tokens === 'number') return chat.max_tokens;
  return undefined;
}

export function stopSequences(chat: ChatCompletionRequest): string[] | undefined {
  const { stop } = chat;
  if (typeof stop === 'string') return stop ? [stop] : undefined;
  if (Array.isArray(stop)) {
    const sequences = stop.filter((s): s is string => typeof s === 'string' && s !== '');
    return sequences.length ? sequences : undefined;
  }
  return undefined;
}

/** Only Chat Completions can return several choices; silently answering one would be wrong. */
export function assertSingleChoice(chat: ChatCompletionRequest): void {
  if (typeof chat.n === 'number' && chat.n > 1) {
    throw new TranslationError('only n=1 is supported for this model', 'n');
  }
}

/**
 * The client's `reasoning_effort` as a table level. Only under `auto` does the client choose; fixed levels and `off`
 * are applied (or stripped) by the Factory edits on every path, so translating here would be undone or doubled.
 */
export function clientReasoningLevel(chat: ChatCompletionRequest, model: ModelConfig): FixedReasoningLevel | null {
  return model.reasoning === 'auto' ? levelFromClientEffort(chat.reasoning_effort) : null;
}

export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
