import type { ChatUsage } from '../chat-completions.types';
import type { GoogleUsageMetadata } from './google-api.types';

/** Gemini counts thoughts apart from candidates; OpenAI's completion_tokens include reasoning tokens. */
export function mapGoogleUsage(usage: GoogleUsageMetadata | undefined): ChatUsage {
  const prompt = usage?.promptTokenCount ?? 0;
  const thoughts = usage?.thoughtsTokenCount;
  const completion = (usage?.candidatesTokenCount ?? 0) + (thoughts ?? 0);
  const chat: ChatUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage?.totalTokenCount ?? prompt + completion,
  };
  if (typeof usage?.cachedContentTokenCount === 'number') {
    chat.prompt_tokens_details = { cached_tokens: usage.cachedContentTokenCount };
  }
  if (typeof thoughts === 'number') chat.completion_tokens_details = { reasoning_tokens: thoughts };
  return chat;
}
