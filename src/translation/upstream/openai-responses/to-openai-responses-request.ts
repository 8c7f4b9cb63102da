import type { ModelConfig } from '../../../config/app-config';
import type { EncodedUpstreamRequest, ToolNameMap } from '../../hub/hub-codec';
import type { HubRequest, HubResponseFormat, HubTool, HubToolChoice } from '../../hub/hub-prompt';
import { freeformToolNames } from '../shared/freeform-tools';
import { clampOutputTokens, clientReasoning, effortFor } from '../shared/request-limits';
import { toStrictJsonSchema } from '../shared/strict-json-schema';
import { createToolNameMap, OPENAI_TOOL_NAMES } from '../shared/tool-names';
import type { ResponsesRequest, ResponsesTextFormat, ResponsesTool, ResponsesToolChoice } from './openai-responses-api.types';
import { toOpenAiResponsesInput } from './to-openai-responses-input';

/** Responses rejects `max_output_tokens` below this. */
const MIN_OUTPUT_TOKENS = 16;

/**
 * Hub request → Responses body, before the per-type request edit. `store: false` (the gateway keeps no state
 * upstream) with `include: ['reasoning.encrypted_content']` whenever reasoning may be produced or goes back, so the
 * next turn can return it; stop sequences and top_k have no Responses equivalent and are dropped.
 */
export function toOpenAiResponsesRequest(request: HubRequest, model: ModelConfig): EncodedUpstreamRequest {
  const freeform = freeformToolNames(request);
  const toolNames = createToolNameMap(request.tools.map((tool) => tool.name), OPENAI_TOOL_NAMES);
  const { instructions, input, roundTripsReasoning } = toOpenAiResponsesInput(request, { toolNames, freeform });
  const body: ResponsesRequest = { model: model.id, input, stream: request.stream, store: false };
  if (instructions !== undefined) body.instructions = instructions;

  const mayReason = model.reasoning !== 'off' && request.reasoning?.enabled !== false;
  if (roundTripsReasoning || mayReason) body.include = ['reasoning.encrypted_content'];
  const reasoning = clientReasoning(request, model);
  if (reasoning) body.reasoning = { effort: effortFor(reasoning), summary: reasoning.summary ?? 'auto' };

  const maxTokens = clampOutputTokens(request.maxOutputTokens, model);
  if (maxTokens !== undefined) body.max_output_tokens = Math.max(maxTokens, MIN_OUTPUT_TOKENS);
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.user) body.user = request.user;

  if (request.tools.length) {
    body.tools = request.tools.map((tool) => toResponsesTool(tool, toolNames));
    if (request.toolChoice) body.tool_choice = toResponsesToolChoice(request.toolChoice, toolNames, freeform);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  const format = toTextFormat(request.responseFormat);
  if (format) body.text = { format };
  // Custom tools are native here, so nothing is offered as a wrapped function.
  return { body, stream: request.stream, toolNames };
}

/**
 * Responses normalises a function's schema into strict mode unless told `strict: false` (optional fields would become
 * mandatory), so strictness is sent explicitly: on only when the client asked for it, with the schema made to fit.
 */
function toResponsesTool(tool: HubTool, toolNames: ToolNameMap): ResponsesTool {
  const name = toolNames.toUpstream(tool.name);
  const description = tool.description !== undefined ? { description: tool.description } : {};
  if (tool.kind === 'freeform') return { type: 'custom', name, ...description, ...(tool.format !== undefined && { format: tool.format }) };
  const strict = tool.strict === true;
  const parameters = strict ? toStrictJsonSchema(tool.inputSchema) : tool.inputSchema;
  return { type: 'function', name, ...description, parameters, strict };
}

function toResponsesToolChoice(choice: HubToolChoice, toolNames: ToolNameMap, freeform: ReadonlySet<string>): ResponsesToolChoice {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: freeform.has(choice.toolName) ? 'custom' : 'function', name: toolNames.toUpstream(choice.toolName) };
    default: {
      const unknown: never = choice;
      return unknown;
    }
  }
}

function toTextFormat(format: HubResponseFormat | undefined): ResponsesTextFormat | undefined {
  if (format?.type !== 'json') return undefined;
  if (!format.schema) return { type: 'json_object' };
  return {
    type: 'json_schema',
    name: format.name ?? 'response',
    ...(format.description !== undefined && { description: format.description }),
    schema: format.schema,
    ...(format.strict !== undefined && { strict: format.strict }),
  };
}
