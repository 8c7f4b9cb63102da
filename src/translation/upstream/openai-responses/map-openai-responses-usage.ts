import type { HubUsage } from '../../hub/hub-stream';
import type { ResponsesUsage } from './openai-responses-api.types';

/** Responses already counts cached tokens inside `input_tokens` and reasoning inside `output_tokens`, as the hub does. */
export function mapOpenAiResponsesUsage(usage: ResponsesUsage | undefined): HubUsage {
  const hub: HubUsage = {};
  if (typeof usage?.input_tokens === 'number') hub.inputTokens = usage.input_tokens;
  if (typeof usage?.output_tokens === 'number') hub.outputTokens = usage.output_tokens;
  const cached = usage?.input_tokens_details?.cached_tokens;
  if (typeof cached === 'number') hub.cacheReadTokens = cached;
  const reasoning = usage?.output_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') hub.reasoningTokens = reasoning;
  return hub;
}
