import type { HubFinishReason, HubUsage } from '../../hub/hub-stream';
import type { ChatFinishReason, ChatUsage } from './chat-api.types';

/**
 * Hub usage as OpenAI reports it: `prompt_tokens` includes cached tokens (the hub's convention too), repeated under
 * `prompt_tokens_details` when the upstream said; reasoning tokens are part of `completion_tokens`.
 */
export function toChatUsage(usage: HubUsage): ChatUsage {
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  const chat: ChatUsage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (usage.cacheReadTokens !== undefined) chat.prompt_tokens_details = { cached_tokens: usage.cacheReadTokens };
  if (usage.reasoningTokens !== undefined) chat.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  return chat;
}

export function toChatFinishReason(reason: HubFinishReason): ChatFinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
      return 'content_filter';
    case 'stop':
    case 'stop-sequence':
    case 'other':
      return 'stop';
    default: {
      const unknownReason: never = reason;
      throw new Error(`unknown finish reason ${String(unknownReason)}`);
    }
  }
}
