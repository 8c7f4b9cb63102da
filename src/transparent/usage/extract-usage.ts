import type { UpstreamType } from '../../config/app-config';
import type { TokenUsage } from '../../core/http/request-context';

type Json = Record<string, any>;

/**
 * Reads token counts from one upstream JSON object: a whole non-stream response, or the data of one SSE event.
 * Returns only the fields this object reports, so a stream's counts are merged event by event.
 */
export function extractUsage(type: UpstreamType, value: unknown): TokenUsage | null {
  if (!value || typeof value !== 'object') return null;
  const json = value as Json;
  switch (type) {
    case 'anthropic':
      return anthropicUsage(json.type === 'message_start' ? json.message?.usage : json.usage);
    case 'openai':
      return responsesUsage(json.type?.startsWith?.('response.') ? json.response?.usage : json.usage);
    case 'common':
      return chatUsage(json.usage);
    case 'google':
      return googleUsage(json.usageMetadata);
    default: {
      const unreachable: never = type;
      throw new Error(`unknown upstream type ${String(unreachable)}`);
    }
  }
}

export function mergeUsage(into: TokenUsage, from: TokenUsage | null): TokenUsage {
  if (!from) return into;
  for (const key of ['inputTokens', 'outputTokens', 'cachedTokens'] as const) {
    if (from[key] !== undefined) into[key] = from[key];
  }
  return into;
}

function anthropicUsage(usage: Json | undefined): TokenUsage | null {
  if (!usage) return null;
  const cached = num(usage.cache_read_input_tokens);
  const written = num(usage.cache_creation_input_tokens);
  const input = num(usage.input_tokens);
  return clean({
    // Anthropic counts cache reads and writes apart from input_tokens; the usage log reports all prompt tokens.
    inputTokens: input === undefined ? undefined : input + (cached ?? 0) + (written ?? 0),
    outputTokens: num(usage.output_tokens),
    cachedTokens: cached,
  });
}

function responsesUsage(usage: Json | undefined): TokenUsage | null {
  if (!usage) return null;
  return clean({
    inputTokens: num(usage.input_tokens),
    outputTokens: num(usage.output_tokens),
    cachedTokens: num(usage.input_tokens_details?.cached_tokens),
  });
}

function chatUsage(usage: Json | undefined): TokenUsage | null {
  if (!usage) return null;
  return clean({
    inputTokens: num(usage.prompt_tokens),
    outputTokens: num(usage.completion_tokens),
    cachedTokens: num(usage.prompt_tokens_details?.cached_tokens),
  });
}

function googleUsage(usage: Json | undefined): TokenUsage | null {
  if (!usage) return null;
  return clean({
    inputTokens: num(usage.promptTokenCount),
    outputTokens: num(usage.candidatesTokenCount),
    cachedTokens: num(usage.cachedContentTokenCount),
  });
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function clean(usage: TokenUsage): TokenUsage | null {
  const entries = Object.entries(usage).filter(([, value]) => value !== undefined);
  return entries.length ? Object.fromEntries(entries) : null;
}
