import type { ModelConfig } from '../config/app-config';
import { isJsonObject, JsonObject } from './json-object';
import { ANSWER_TOKENS_ABOVE_BUDGET, REASONING_TABLE } from './reasoning-levels';
import { injectAnthropicSystem } from './system-prompt';

export interface EditRequestOptions {
  /**
   * The body is for `/v1/messages/count_tokens`, which takes no `max_tokens`: the system prompt and thinking are
   * applied exactly as for `/v1/messages` (so the count matches what will be sent) but `max_tokens` is never added.
   */
  countTokens?: boolean;
}

/**
 * Anthropic Messages (and count_tokens): resolved model id, system prompt first, the model's reasoning level.
 * Returns a new body; the input is not mutated.
 */
export function editAnthropicRequest(
  body: Readonly<JsonObject>,
  model: ModelConfig,
  systemPrompt: string,
  options: EditRequestOptions = {},
): JsonObject {
  const edited = injectAnthropicSystem(body, systemPrompt);
  edited.model = model.id;
  applyReasoningLevel(edited, model, options);
  if (isThinkingEnabled(edited.thinking)) dropSamplingRejectedWithThinking(edited);
  return edited;
}

/** Edits `edited` in place; it is already the caller's own shallow copy. */
function applyReasoningLevel(edited: JsonObject, model: ModelConfig, options: EditRequestOptions): void {
  const level = model.reasoning;
  switch (level) {
    case 'auto':
      return;
    case 'off':
      delete edited.thinking;
      return;
    case 'low':
    case 'medium':
    case 'high':
    case 'xhigh': {
      const budget = REASONING_TABLE[level].anthropicBudgetTokens;
      edited.thinking = { type: 'enabled', budget_tokens: budget };
      // The API rejects budget_tokens >= max_tokens. A missing max_tokens counts as "not above" on /v1/messages.
      const maxTokens = edited.max_tokens;
      if (!options.countTokens && (typeof maxTokens !== 'number' || maxTokens <= budget)) {
        edited.max_tokens = budget + ANSWER_TOKENS_ABOVE_BUDGET;
      }
      return;
    }
    default: {
      const unreachable: never = level;
      throw new Error(`unknown reasoning level ${String(unreachable)}`);
    }
  }
}

function isThinkingEnabled(thinking: unknown): boolean {
  return isJsonObject(thinking) && (thinking.type === 'enabled' || thinking.type === 'adaptive');
}

/** With thinking on, the API rejects a temperature other than 1 and any top_k. */
function dropSamplingRejectedWithThinking(edited: JsonObject): void {
  if ('temperature' in edited && edited.temperature !== 1) delete edited.temperature;
  delete edited.top_k;
}
