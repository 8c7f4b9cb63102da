import type { ChatUsage } from '../chat-completions.types';
import type { ResponsesUsage } from './responses-api.types';

export function mapResponsesUsage(usage: ResponsesUsage | undefined): ChatUsage {
  const prompt = usage?.input_tokens ?? 0;
  const completion = usage?.output_tokens ?? 0;
  const chat: ChatUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage?.total_tokens ?? prompt + completion,
  };
  const cached = usage?.input_tokens_details?.cached_tokens;
  if (typeof cached === 'number') chat.prompt_tokens_details = { cached_tokens: cached };
  const reasoning = usage?.output_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') chat.completion_tokens_details = { reasoning_tokens: reasoning };
  return chat;
}
