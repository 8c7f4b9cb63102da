import type { ModelConfig } from '../../../config/app-config';
import { REASONING_TABLE, type FixedReasoningLevel } from './reasoning-levels';
import type { HubReasoningEffort, HubRequest } from '../../hub/hub-prompt';

/**
 * The output-token limit to send: the client's, lowered to the model's configured `max_output_tokens` (Claude Code asks
 * for 32k–128k whatever the model), never to a global default. Without a client value, `fallback` (an API that requires
 * one) under the same limit.
 */
export function clampOutputTokens(requested: number | undefined, model: ModelConfig, fallback?: number): number | undefined {
  const wanted = requested ?? fallback;
  if (wanted === undefined) return undefined;
  return model.maxOutputTokens !== undefined ? Math.min(wanted, model.maxOutputTokens) : wanted;
}

/** A Responses/Chat `reasoning_effort` value the APIs know. */
export type OpenAiEffort = HubReasoningEffort;

/**
 * What the client asked of reasoning, when the gateway lets the client decide: only under a model's `auto` level (fixed
 * levels and `off` are the per-type request edit's, applied afterwards on every path). `undefined`: say nothing upstream.
 */
export function clientReasoning(request: HubRequest, model: ModelConfig): HubRequest['reasoning'] {
  if (model.reasoning !== 'auto') return undefined;
  return request.reasoning?.enabled ? request.reasoning : undefined;
}

/** The effort an OpenAI API gets: the client's, else its thinking budget in the table's terms, else `medium`. */
export function effortFor(reasoning: NonNullable<HubRequest['reasoning']>): OpenAiEffort {
  if (reasoning.effort) return reasoning.effort;
  return reasoning.budgetTokens !== undefined ? levelForBudget(reasoning.budgetTokens) : 'medium';
}

/** A table level for an effort (`minimal` reads as the lowest level there is). */
export function levelForEffort(effort: HubReasoningEffort): FixedReasoningLevel {
  return effort === 'minimal' ? 'low' : effort;
}

/**
 * The lowest table level whose budget covers `budget`. Stops at `high`: `xhigh` is an effort only some models take,
 * so only a client that names it gets it (Claude Code's "ultrathink" budget of 31999 reads as high).
 */
export function levelForBudget(budget: number): Exclude<FixedReasoningLevel, 'xhigh'> {
  if (budget <= REASONING_TABLE.low.anthropicBudgetTokens) return 'low';
  if (budget <= REASONING_TABLE.medium.anthropicBudgetTokens) return 'medium';
  return 'high';
}
