import type { TokenUsage } from '../../../core/http/request-context';
import { count, jsonRecord, reportedUsage } from '../shared/token-usage';

/** Usage in a chat.completion or in the usage chunk of a stream. */
export function extractChatCompletionsUsage(value: unknown): TokenUsage | null {
  const usage = jsonRecord(jsonRecord(value)?.usage);
  if (!usage) return null;
  return reportedUsage({
    inputTokens: count(usage.prompt_tokens),
    outputTokens: count(usage.completion_tokens),
    cachedTokens: count(usage.prompt_tokens_details?.cached_tokens),
  });
}
