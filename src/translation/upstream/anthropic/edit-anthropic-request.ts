import type { ModelConfig } from '../../../config/app-config';
import { isJsonObject, JsonObject } from '../../../core/json/json-object';
import { ANSWER_TOKENS_ABOVE_BUDGET, REASONING_TABLE } from '../shared/reasoning-levels';
import type { EditRequestOptions } from '../upstream-provider';
import { injectAnthropicSystem } from './inject-anthropic-system';

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
      // Thinking cannot be switched on in the middle of a tool loop whose assistant turn carries no signed thinking
      // block (a Chat Completions client cannot send one back): the API would reject the request.
      if (continuesToolUseWithoutThinking(edited.messages)) return;
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

/**
 * Whether the request answers tool calls of an assistant turn that does not start with a thinking block. With thinking
 * enabled, Anthropic requires that turn to start with one (the signed block from the previous response).
 * https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks
 */
function continuesToolUseWithoutThinking(messages: unknown): boolean {
  if (!Array.isArray(messages)) return false;
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message: unknown = messages[index];
    if (!isJsonObject(message) || message.role !== 'assistant') continue;
    const content = message.content;
    if (!Array.isArray(content) || !content.some((block) => isJsonObject(block) && block.type === 'tool_use')) return false;
    const first: unknown = content[0];
    return !(isJsonObject(first) && (first.type === 'thinking' || first.type === 'redacted_thinking'));
  }
  return false;
}

function isThinkingEnabled(thinking: unknown): boolean {
  return isJsonObject(thinking) && (thinking.type === 'enabled' || thinking.type === 'adaptive');
}

/** With thinking on, the API rejects a temperature other than 1 and any top_k. */
function dropSamplingRejectedWithThinking(edited: JsonObject): void {
  if ('temperature' in edited && edited.temperature !== 1) delete edited.temperature;
  delete edited.top_k;
}
