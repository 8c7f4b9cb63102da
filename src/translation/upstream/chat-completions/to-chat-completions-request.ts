import type { ModelConfig } from '../../../config/app-config';
import type { EncodedUpstreamRequest, ToolNameMap } from '../../hub/hub-codec';
import type { HubRequest, HubResponseFormat, HubTool, HubToolChoice } from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import { freeformFunctionSchema, freeformToolNames } from '../shared/freeform-tools';
import { clampOutputTokens, clientReasoning, effortFor } from '../shared/request-limits';
import { toStrictJsonSchema } from '../shared/strict-json-schema';
import { CHAT_COMPLETIONS_TOOL_NAMES, createToolNameMap } from '../shared/tool-names';
import type { ChatRequest, ChatResponseFormat, ChatTool, ChatToolChoice } from './chat-completions-api.types';
import { toChatCompletionsMessages } from './to-chat-completions-messages';

/**
 * Hub request → Chat Completions body, before the per-type request edit. Usage is always asked for
 * (`stream_options.include_usage`): the usage log and clients of other APIs need it even when this client did not.
 */
export function toChatCompletionsRequest(request: HubRequest, model: ModelConfig): EncodedUpstreamRequest {
  const freeform = freeformToolNames(request);
  const toolNames = createToolNameMap(request.tools.map((tool) => tool.name), CHAT_COMPLETIONS_TOOL_NAMES);
  const messages = toChatCompletionsMessages(request, { toolNames, freeform });
  if (!messages.some((message) => message.role !== 'system')) {
    throw new TranslationError('at least one user or assistant message is required', 'messages');
  }
  const body: ChatRequest = { model: model.id, messages, stream: request.stream };
  if (request.stream) body.stream_options = { include_usage: true };

  const maxTokens = clampOutputTokens(request.maxOutputTokens, model);
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.stopSequences?.length) body.stop = request.stopSequences;
  if (request.user) body.user = request.user;
  const reasoning = clientReasoning(request, model);
  if (reasoning) body.reasoning_effort = effortFor(reasoning);

  if (request.tools.length) {
    body.tools = request.tools.map((tool) => toChatTool(tool, toolNames));
    if (request.toolChoice) body.tool_choice = toChatToolChoice(request.toolChoice, toolNames);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  const format = toResponseFormat(request.responseFormat);
  if (format) body.response_format = format;
  return { body, stream: request.stream, toolNames, freeformAsFunction: freeform };
}

/** Chat Completions is non-strict unless told otherwise; strictness, and the schema shape it needs, only on request. */
function toChatTool(tool: HubTool, toolNames: ToolNameMap): ChatTool {
  const strict = tool.kind === 'function' && tool.strict === true;
  const parameters = tool.kind === 'freeform' ? freeformFunctionSchema(tool) : strict ? toStrictJsonSchema(tool.inputSchema) : tool.inputSchema;
  return {
    type: 'function',
    function: {
      name: toolNames.toUpstream(tool.name),
      ...(tool.description !== undefined && { description: tool.description }),
      parameters,
      ...(strict && { strict: true }),
    },
  };
}

function toChatToolChoice(choice: HubToolChoice, toolNames: ToolNameMap): ChatToolChoice {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', function: { name: toolNames.toUpstream(choice.toolName) } };
    default: {
      const unknown: never = choice;
      return unknown;
    }
  }
}

function toResponseFormat(format: HubResponseFormat | undefined): ChatResponseFormat | undefined {
  if (format?.type !== 'json') return undefined;
  if (!format.schema) return { type: 'json_object' };
  return {
    type: 'json_schema',
    json_schema: {
      name: format.name ?? 'response',
      ...(format.description !== undefined && { description: format.description }),
      schema: format.schema,
      ...(format.strict !== undefined && { strict: format.strict }),
    },
  };
}
