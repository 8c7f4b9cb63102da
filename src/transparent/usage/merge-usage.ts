import type { TokenUsage } from '../../core/http/request-context';

/** Reads the token counts in one upstream JSON object: the model's upstream provider knows where its API puts them. */
export type UsageReader = (value: unknown) => TokenUsage | null;

/** Folds one object's counts into a stream's running usage: later counts win (streams repeat cumulative figures). */
export function mergeUsage(into: TokenUsage, from: TokenUsage | null): TokenUsage {
  if (!from) return into;
  for (const key of ['inputTokens', 'outputTokens', 'cachedTokens'] as const) {
    if (from[key] !== undefined) into[key] = from[key];
  }
  return into;
}
