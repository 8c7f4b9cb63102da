import type { HubUsage } from '../../hub/hub-stream';
import type { GoogleUsageMetadata } from './google-api.types';

/**
 * Gemini's `promptTokenCount` already includes cached content; thoughts are counted apart from candidates, while the
 * hub's `outputTokens` includes reasoning, so the two are added.
 */
export function mapGoogleUsage(usage: GoogleUsageMetadata | undefined): HubUsage {
  const hub: HubUsage = {};
  if (typeof usage?.promptTokenCount === 'number') hub.inputTokens = usage.promptTokenCount;
  const thoughts = usage?.thoughtsTokenCount;
  if (typeof usage?.candidatesTokenCount === 'number' || typeof thoughts === 'number') {
    hub.outputTokens = (usage?.candidatesTokenCount ?? 0) + (thoughts ?? 0);
  }
  if (typeof usage?.cachedContentTokenCount === 'number') hub.cacheReadTokens = usage.cachedContentTokenCount;
  if (typeof thoughts === 'number') hub.reasoningTokens = thoughts;
  return hub;
}
