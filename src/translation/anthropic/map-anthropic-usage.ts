import type { ChatUsage } from '../chat-completions.types';
import type { AnthropicUsage } from './anthropic-api.types';

/**
 * Anthropic counts cached prompt tokens apart from `input_tokens`; OpenAI's `prompt_tokens` includes them, with the
 * cache hits repeated under `prompt_tokens_details.cached_tokens`.
 */
export function mapAnthropicUsage(usage: AnthropicUsage | undefined): ChatUsage {
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  const prompt = (usage?.input_tokens ?? 0) + cacheRead + (usage?.cache_creation_input_tokens ?? 0);
  const completion = usage?.output_tokens ?? 0;
  const chat: ChatUsage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (typeof usage?.cache_read_input_tokens === 'number') chat.prompt_tokens_details = { cached_tokens: cacheRead };
  return chat;
}
