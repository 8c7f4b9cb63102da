import type { TokenUsage } from '../../../core/http/request-context';
import { count, jsonRecord, reportedUsage } from '../shared/token-usage';

/** Usage in a GenerateContentResponse (the whole answer or one stream chunk). */
export function extractGoogleUsage(value: unknown): TokenUsage | null {
  const usage = jsonRecord(jsonRecord(value)?.usageMetadata);
  if (!usage) return null;
  return reportedUsage({
    inputTokens: count(usage.promptTokenCount),
    outputTokens: count(usage.candidatesTokenCount),
    cachedTokens: count(usage.cachedContentTokenCount),
  });
}
