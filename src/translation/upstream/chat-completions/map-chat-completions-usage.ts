import type { HubUsage } from '../../hub/hub-stream';
import type { ChatUsage } from './chat-completions-api.types';

/** Chat Completions counts cached tokens inside `prompt_tokens` and reasoning inside `completion_tokens`, as the hub does. */
export function mapChatCompletionsUsage(usage: ChatUsage | null | undefined): HubUsage {
  const hub: HubUsage = {};
  if (typeof usage?.prompt_tokens === 'number') hub.inputTokens = usage.prompt_tokens;
  if (typeof usage?.completion_tokens === 'number') hub.outputTokens = usage.completion_tokens;
  const cached = usage?.prompt_tokens_details?.cached_tokens;
  if (typeof cached === 'number') hub.cacheReadTokens = cached;
  const reasoning = usage?.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') hub.reasoningTokens = reasoning;
  return hub;
}
