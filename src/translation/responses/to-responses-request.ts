import type { ModelConfig } from '../../config/app-config';
import { REASONING_TABLE } from '../upstream/shared/reasoning-levels';
import type { ChatCompletionRequest, ChatResponseFormat, ChatToolChoice } from '../chat-completions.types';
import { toFunctionTools } from '../shared/function-tools';
import { assertSingleChoice, clientReasoningLevel, isNumber, requestedMaxTokens } from '../shared/request-params';
import { TranslationError } from '../translation-error';
import type { ResponsesRequest, ResponsesTextFormat, ResponsesToolChoice } from './responses-api.types';
import { toResponsesInput } from './to-responses-input';

/**
 * Chat Completions request -> Responses request (before the Factory edits). `stop` has no Responses equivalent and
 * is dropped; `store:false` because the gateway keeps no conversation state upstream.
 */
export function toResponsesRequest(chat: ChatCompletionRequest, model: ModelConfig): ResponsesRequest {
  assertSingleChoice(chat);
  const { instructions, input } = toResponsesInput(chat.messages);
  const request: ResponsesRequest = { model: model.id, input, stream: chat.stream === true, store: false };
  if (instructions !== undefined) request.instructions = instructions;

  const maxTokens = requestedMaxTokens(chat);
  if (maxTokens !== undefined) request.max_output_tokens = maxTokens;
  if (isNumber(chat.temperature)) request.temperature = chat.temperature;
  if (isNumber(chat.top_p)) request.top_p = chat.top_p;
  if (typeof chat.parallel_tool_calls === 'boolean') request.parallel_tool_calls = chat.parallel_tool_calls;
  if (typeof chat.user === 'string' && chat.user) request.user = chat.user;

  const effort = reasoningEffort(chat, model);
  if (effort) request.reasoning = { effort, summary: 'auto' };

  if (chat.tools?.length) {
    request.tools = toFunctionTools(chat.tools).map((tool) => ({ type: 'function', ...tool }));
    if (chat.tool_choice !== undefined && chat.tool_choice !== null) request.tool_choice = toResponsesToolChoice(chat.tool_choice);
  }
  const format = toTextFormat(chat.response_format);
  if (format) request.text = { format };
  return request;
}

/** Under `auto`, the client's effort; Responses also knows `minimal` and `none`, which the table does not. */
function reasoningEffort(chat: ChatCompletionRequest, model: ModelConfig): string | undefined {
  const level = clientReasoningLevel(chat, model);
  if (level) return REASONING_TABLE[level].openaiEffort;
  if (model.reasoning === 'auto' && (chat.reasoning_effort === 'minimal' || chat.reasoning_effort === 'none')) {
    return chat.reasoning_effort;
  }
  return undefined;
}

export function toResponsesToolChoice(choice: ChatToolChoice): ResponsesToolChoice {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (typeof choice === 'object' && choice.type === 'function' && typeof choice.function?.name === 'string') {
    return { type: 'function', name: choice.function.name };
  }
  throw new TranslationError('unsupported tool_choice', 'tool_choice');
}

function toTextFormat(format: ChatResponseFormat | undefined): ResponsesTextFormat | undefined {
  switch (format?.type) {
    case undefined:
    case 'text':
      return undefined;
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const { name, description, schema, strict } = format.json_schema ?? { name: 'response' };
      return {
        type: 'json_schema',
        name,
        ...(description !== undefined && { description }),
        ...(schema !== undefined && { schema }),
        ...(typeof strict === 'boolean' && { strict }),
      };
    }
    default:
      throw new TranslationError('unsupported response_format type', 'response_format.type');
  }
}
