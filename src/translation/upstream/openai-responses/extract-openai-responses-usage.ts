import type { TokenUsage } from '../../../core/http/request-context';
import { count, jsonRecord, reportedUsage } from '../shared/token-usage';

/** Usage in a whole Responses answer or in a `response.*` stream event's `response`. */
export function extractOpenAiResponsesUsage(value: unknown): TokenUsage | null {
  const json = jsonRecord(value);
  const usage = jsonRecord(json?.type?.startsWith?.('response.') ? json?.response?.usage : json?.usage);
  if (!usage) return null;
  return reportedUsage({
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cachedTokens: count(usage.input_tokens_details?.cached_tokens),
  });
}
