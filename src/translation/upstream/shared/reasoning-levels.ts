import type { ReasoningLevel } from '../../../config/app-config';

/** A reasoning level that forces a value (as opposed to `auto`, which leaves the client's choice, and `off`). */
export type FixedReasoningLevel = Exclude<ReasoningLevel, 'auto' | 'off'>;

export interface ReasoningSettings {
  /** Anthropic `thinking.budget_tokens`. */
  anthropicBudgetTokens: number;
  /** OpenAI Responses `reasoning.effort` and Chat Completions `reasoning_effort`. */
  openaiEffort: FixedReasoningLevel;
  /** Gemini `generationConfig.thinkingConfig.thinkingLevel`. */
  googleThinkingLevel: 'LOW' | 'MEDIUM' | 'HIGH';
}

/** The one table of reasoning levels; every path (transparent and translated) reads it. */
export const REASONING_TABLE: Readonly<Record<FixedReasoningLevel, ReasoningSettings>> = {
  low: { anthropicBudgetTokens: 4096, openaiEffort: 'low', googleThinkingLevel: 'LOW' },
  medium: { anthropicBudgetTokens: 12288, openaiEffort: 'medium', googleThinkingLevel: 'MEDIUM' },
  high: { anthropicBudgetTokens: 24576, openaiEffort: 'high', googleThinkingLevel: 'HIGH' },
  xhigh: { anthropicBudgetTokens: 40960, openaiEffort: 'xhigh', googleThinkingLevel: 'HIGH' },
};

/** Room left for the visible answer when the gateway has to raise `max_tokens` above a thinking budget. */
export const ANSWER_TOKENS_ABOVE_BUDGET = 4096;

export function isFixedReasoningLevel(level: string): level is FixedReasoningLevel {
  return Object.prototype.hasOwnProperty.call(REASONING_TABLE, level);
}

/** Maps a client's `reasoning_effort` (minimal|low|medium|high|xhigh) to a fixed level; `minimal`/`none` → null. */
export function levelFromClientEffort(effort: unknown): FixedReasoningLevel | null {
  if (typeof effort !== 'string') return null;
  if (isFixedReasoningLevel(effort)) return effort;
  return null;
}
