import type { ModelConfig } from '../../config/app-config';
import { ANSWER_TOKENS_ABOVE_BUDGET, REASONING_TABLE } from '../upstream/shared/reasoning-levels';
import type { ChatCompletionRequest, ChatToolChoice } from '../chat-completions.types';
import {
  assertSingleChoice,
  clientReasoningLevel,
  isNumber,
  requestedMaxTokens,
  stopSequences,
} from '../shared/request-params';
import { toFunctionTools } from '../shared/function-tools';
import { TranslationError } from '../translation-error';
import type { AnthropicMessage, AnthropicMessagesRequest, AnthropicToolChoice } from './anthropic-api.types';
import { toAnthropicMessages } from './to-anthropic-messages';

/** Anthropic requires `max_tokens`; OpenAI does not, so a chat request without one gets this. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** Chat Completions request -> Anthropic Messages request (before the Factory edits). */
export function toAnthropicRequest(chat: ChatCompletionRequest, model: ModelConfig): AnthropicMessagesRequest {
  assertSingleChoice(chat);
  const { system, messages } = toAnthropicMessages(chat.messages);
  const toolChoice = chat.tools?.length ? toAnthropicToolChoice(chat.tool_choice, chat.parallel_tool_calls) : undefined;
  const budget = thinkingBudget(chat, model, messages, toolChoice);

  const request: AnthropicMessagesRequest = {
    model: model.id,
    max_tokens: maxTokens(chat, budget),
    messages,
    stream: chat.stream === true,
  };
  if (system.length) request.system = system;
  if (budget !== undefined) request.thinking = { type: 'enabled', budget_tokens: budget };

  // With thinking on, Anthropic rejects temperature other than 1, any top_k, and top_p below 0.95.
  if (isNumber(chat.temperature) && (budget === undefined || chat.temperature === 1)) request.temperature = chat.temperature;
  if (isNumber(chat.top_p) && (budget === undefined || chat.top_p >= 0.95)) request.top_p = chat.top_p;
  if (isNumber(chat.top_k) && budget === undefined) request.top_k = chat.top_k;
  const stop = stopSequences(chat);
  if (stop) request.stop_sequences = stop;
  if (typeof chat.user === 'string' && chat.user) request.metadata = { user_id: chat.user };

  if (chat.tools?.length) {
    request.tools = toFunctionTools(chat.tools).map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      input_schema: tool.parameters ?? { type: 'object', properties: {} },
    }));
  }
  if (toolChoice) request.tool_choice = toolChoice;
  return request;
}

function thinkingBudget(
  chat: ChatCompletionRequest,
  model: ModelConfig,
  messages: AnthropicMessage[],
  toolChoice: AnthropicToolChoice | undefined,
): number | undefined {
  const level = clientReasoningLevel(chat, model);
  if (!level) return undefined;
  // Thinking only works with tool_choice auto/none.
  if (toolChoice?.type === 'any' || toolChoice?.type === 'tool') return undefined;
  // Mid tool loop, Anthropic demands the last assistant turn start with its signed thinking block, which a chat
  // client cannot send back; answering without thinking beats a 400.
  if (continuesToolLoop(messages)) return undefined;
  return REASONING_TABLE[level].anthropicBudgetTokens;
}

function continuesToolLoop(messages: AnthropicMessage[]): boolean {
  const last = messages.at(-1);
  return last?.role === 'user' && last.content.some((block) => block.type === 'tool_result');
}

/** The client's limit, raised above the thinking budget when it leaves no room for the answer. */
function maxTokens(chat: ChatCompletionRequest, budget: number | undefined): number {
  const requested = requestedMaxTokens(chat) ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
  return budget !== undefined && requested <= budget ? budget + ANSWER_TOKENS_ABOVE_BUDGET : requested;
}

export function toAnthropicToolChoice(
  choice: ChatToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
): AnthropicToolChoice | undefined {
  const serial = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined || choice === null) return parallelToolCalls === false ? { type: 'auto', ...serial } : undefined;
  if (choice === 'auto') return { type: 'auto', ...serial };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any', ...serial };
  if (typeof choice === 'object' && choice.type === 'function' && typeof choice.function?.name === 'string') {
    return { type: 'tool', name: choice.function.name, ...serial };
  }
  throw new TranslationError('unsupported tool_choice', 'tool_choice');
}
