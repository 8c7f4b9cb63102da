import type { HubUsage } from '../../hub/hub-stream';
import type { AnthropicUsage } from './anthropic-api.types';

/**
 * Anthropic counts cache reads and writes apart from `input_tokens`; the hub's `inputTokens` includes them (the
 * OpenAI convention), so they are added up here and the cache figures kept as subsets.
 */
export function mapAnthropicUsage(usage: AnthropicUsage | undefined): HubUsage {
  const hub: HubUsage = {};
  const read = count(usage?.cache_read_input_tokens);
  const written = count(usage?.cache_creation_input_tokens);
  const input = count(usage?.input_tokens);
  if (input !== undefined || read !== undefined || written !== undefined) {
    hub.inputTokens = (input ?? 0) + (read ?? 0) + (written ?? 0);
  }
  const output = count(usage?.output_tokens);
  if (output !== undefined) hub.outputTokens = output;
  if (read !== undefined) hub.cacheReadTokens = read;
  if (written !== undefined) hub.cacheWriteTokens = written;
  return hub;
}

/** Stream usage is cumulative: later events repeat or raise the counts, and a `null` keeps the earlier one. */
export function mergeAnthropicUsage(into: AnthropicUsage, from: AnthropicUsage | undefined): AnthropicUsage {
  const merged = { ...into };
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = from?.[key];
    if (typeof value === 'number') merged[key] = value;
  }
  return merged;
}

function count(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
