import type { TokenUsage } from '../../../core/http/request-context';
import { count, jsonRecord, reportedUsage } from '../shared/token-usage';

/** Usage in a Messages answer or stream event (`message_start` carries it inside `message`). */
export function extractAnthropicUsage(value: unknown): TokenUsage | null {
  const json = jsonRecord(value);
  const usage = jsonRecord(json?.type === 'message_start' ? json.message?.usage : json?.usage);
  if (!usage) return null;
  const cached = count(usage.cache_read_input_tokens);
  const written = count(usage.cache_creation_input_tokens);
  const input = count(usage.input_tokens);
  return reportedUsage({
    // Anthropic counts cache reads and writes apart from input_tokens; the usage log reports all prompt tokens.
    inputTokens: input === undefined ? undefined : input + (cached ?? 0) + (written ?? 0),
    outputTokens: count(usage.output_tokens),
    cachedTokens: cached,
  });
}
