import type { ModelConfig } from '../../../config/app-config';
import { ANSWER_TOKENS_ABOVE_BUDGET, REASONING_TABLE } from '../shared/reasoning-levels';
import type { EncodedUpstreamRequest } from '../../hub/hub-codec';
import type { HubRequest, HubToolChoice } from '../../hub/hub-prompt';
import { freeformFunctionSchema, freeformToolNames } from '../shared/freeform-tools';
import { clampOutputTokens, clientReasoning, levelForEffort } from '../shared/request-limits';
import { ANTHROPIC_TOOL_NAMES, createToolNameMap } from '../shared/tool-names';
import type { AnthropicMessage, AnthropicMessagesRequest, AnthropicToolChoice } from './anthropic-api.types';
import { toAnthropicMessages } from './to-anthropic-messages';

/** Anthropic requires `max_tokens`; a client that names none gets this (under the model's limit). */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** The smallest `budget_tokens` the API accepts. */
const MIN_THINKING_BUDGET = 1024;

/** Hub request → Anthropic Messages body, before the per-type request edit (system prompt, fixed reasoning level). */
export function toAnthropicRequest(request: HubRequest, model: ModelConfig): EncodedUpstreamRequest {
  const freeform = freeformToolNames(request);
  const toolNames = createToolNameMap(request.tools.map((tool) => tool.name), ANTHROPIC_TOOL_NAMES);
  const { system, messages } = toAnthropicMessages(request, { toolNames, freeform });
  const toolChoice = request.tools.length ? toAnthropicToolChoice(request.toolChoice, request.parallelToolCalls, toolNames.toUpstream) : undefined;

  const maxTokens = clampOutputTokens(request.maxOutputTokens, model, DEFAULT_ANTHROPIC_MAX_TOKENS)!;
  const thinking = thinkingSettings(request, model, messages, toolChoice, maxTokens);
  const body: AnthropicMessagesRequest = {
    model: model.id,
    max_tokens: thinking?.maxTokens ?? maxTokens,
    messages,
    stream: request.stream,
  };
  if (system.length) body.system = system;
  if (thinking) body.thinking = { type: 'enabled', budget_tokens: thinking.budget };

  // With thinking on, Anthropic rejects a temperature other than 1, any top_k, and top_p below 0.95.
  const { temperature, topP, topK } = request;
  if (temperature !== undefined && (!thinking || temperature === 1)) body.temperature = temperature;
  if (topP !== undefined && (!thinking || topP >= 0.95)) body.top_p = topP;
  if (topK !== undefined && !thinking) body.top_k = topK;
  if (request.stopSequences?.length) body.stop_sequences = request.stopSequences;
  if (request.user) body.metadata = { user_id: request.user };

  if (request.tools.length) {
    body.tools = request.tools.map((tool) => {
      const cacheControl = tool.providerMetadata?.anthropic?.cacheControl;
      return {
        name: toolNames.toUpstream(tool.name),
        ...(tool.description !== undefined && { description: tool.description }),
        input_schema: tool.kind === 'freeform' ? freeformFunctionSchema(tool) : objectSchema(tool.inputSchema),
        ...(cacheControl !== undefined && { cache_control: cacheControl }),
      };
    });
  }
  if (toolChoice) body.tool_choice = toolChoice;
  return { body, stream: request.stream, toolNames, freeformAsFunction: freeform };
}

/**
 * The thinking budget the client asked for (only under the model's `auto` level: fixed levels are the request edit's),
 * and `max_tokens` raised above it when it leaves no room for the answer, both under the model's output limit.
 */
function thinkingSettings(
  request: HubRequest,
  model: ModelConfig,
  messages: AnthropicMessage[],
  toolChoice: AnthropicToolChoice | undefined,
  maxTokens: number,
): { budget: number; maxTokens: number } | undefined {
  const reasoning = clientReasoning(request, model);
  if (!reasoning) return undefined;
  // Thinking only works with tool_choice auto/none.
  if (toolChoice?.type === 'any' || toolChoice?.type === 'tool') return undefined;
  // Mid tool loop, Anthropic demands the last assistant turn start with its signed thinking block; without one
  // (the turn came from another upstream, or a client that kept none), answering without thinking beats a 400.
  if (continuesToolUseWithoutThinking(messages)) return undefined;
  let budget =
    reasoning.budgetTokens ?? REASONING_TABLE[levelForEffort(reasoning.effort ?? 'medium')].anthropicBudgetTokens;
  if (reasoning.effort === 'minimal' && reasoning.budgetTokens === undefined) budget = MIN_THINKING_BUDGET;
  let max = maxTokens > budget ? maxTokens : budget + ANSWER_TOKENS_ABOVE_BUDGET;
  if (model.maxOutputTokens !== undefined && max > model.maxOutputTokens) {
    max = model.maxOutputTokens;
    budget = Math.min(budget, max - ANSWER_TOKENS_ABOVE_BUDGET);
  }
  return budget >= MIN_THINKING_BUDGET ? { budget, maxTokens: max } : undefined;
}

function continuesToolUseWithoutThinking(messages: AnthropicMessage[]): boolean {
  const last = messages.at(-1);
  if (last?.role !== 'user' || !last.content.some((block) => block.type === 'tool_result')) return false;
  const assistant = messages.at(-2);
  const first = assistant?.role === 'assistant' ? assistant.content[0] : undefined;
  return first?.type !== 'thinking' && first?.type !== 'redacted_thinking';
}

/** Anthropic requires an object schema; a tool declared without parameters takes none. */
function objectSchema(schema: Record<string, unknown>): Record<string, unknown> {
  if (schema.type !== undefined) return schema;
  return { type: 'object', ...(schema.properties === undefined && { properties: {} }), ...schema };
}

export function toAnthropicToolChoice(
  choice: HubToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
  toUpstream: (name: string) => string,
): AnthropicToolChoice | undefined {
  const serial = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  switch (choice?.type) {
    case undefined:
      return parallelToolCalls === false ? { type: 'auto', ...serial } : undefined;
    case 'auto':
      return { type: 'auto', ...serial };
    case 'none':
      return { type: 'none' };
    case 'required':
      return { type: 'any', ...serial };
    case 'tool':
      return { type: 'tool', name: toUpstream(choice.toolName), ...serial };
    default: {
      const unknown: never = choice;
      return unknown;
    }
  }
}
