import { ApiError } from '../../../core/errors/api-error';
import { isJsonObject } from '../../../core/json/json-object';
import type { DecodedClientRequest } from '../../hub/hub-codec';
import type { HubReasoning, HubRequest, HubResponseFormat, HubTool, HubToolChoice } from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import { ParamPaths } from '../param-paths';
import { checkChatRequestFields } from './chat-request-fields';
import { decodeChatMessages } from './decode-chat-messages';

const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;

/**
 * A Chat Completions request → the hub request. Checks the envelope and the type of every field it reads (400 naming
 * the field, in OpenAI's words); fields it does not read stay with the client, since only the `common` upstream, which
 * is served without the hub, could take them.
 */
export function decodeChatRequest(body: Record<string, unknown>): DecodedClientRequest {
  checkChatEnvelope(body);
  checkChatRequestFields(body);
  if (typeof body.n === 'number' && body.n > 1) throw new TranslationError('only n=1 is supported for this model', 'n');

  const paths = new ParamPaths();
  const { system, messages } = decodeChatMessages(body.messages as unknown[], paths);
  const tools = decodeTools(body.tools, paths);
  const request: HubRequest = { model: body.model as string, system, messages, tools, stream: body.stream === true };

  const toolChoice = decodeToolChoice(body.tool_choice);
  if (toolChoice) request.toolChoice = toolChoice;
  if (typeof body.parallel_tool_calls === 'boolean') request.parallelToolCalls = body.parallel_tool_calls;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (typeof maxTokens === 'number') request.maxOutputTokens = maxTokens;
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.topP = body.top_p;
  if (typeof body.top_k === 'number') request.topK = body.top_k;
  const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? (body.stop as string[]) : [];
  if (stop.some(Boolean)) request.stopSequences = stop.filter(Boolean);
  const reasoning = decodeReasoning(body.reasoning_effort);
  if (reasoning) request.reasoning = reasoning;
  const responseFormat = decodeResponseFormat(body.response_format);
  if (responseFormat) request.responseFormat = responseFormat;
  if (typeof body.user === 'string' && body.user) request.user = body.user;

  const streamOptions = isJsonObject(body.stream_options) ? body.stream_options : {};
  return { request, includeUsage: streamOptions.include_usage === true, clientParam: (param) => paths.toClient(param), notes: [] };
}

/** The fields the gateway itself relies on: model, messages, stream. */
export function checkChatEnvelope(body: Record<string, unknown>): void {
  if (typeof body.model !== 'string' || body.model.trim() === '') {
    throw ApiError.badRequest('`model` is required and must be a non-empty string', 'model');
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw ApiError.badRequest('`messages` must be a non-empty array', 'messages');
  }
  body.messages.forEach((message, index) => {
    if (!isJsonObject(message) || typeof message.role !== 'string') {
      throw ApiError.badRequest(`messages[${index}] must be an object with a string \`role\``, `messages[${index}].role`);
    }
  });
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') {
    throw ApiError.badRequest('`stream` must be a boolean', 'stream');
  }
}

function decodeTools(tools: unknown, paths: ParamPaths): HubTool[] {
  if (!Array.isArray(tools)) return [];
  return tools.map((tool: unknown, i): HubTool => {
    const t = isJsonObject(tool) ? tool : {};
    if (t.type !== 'function') throw new TranslationError(`tools of type '${String(t.type)}' are not supported`, `tools[${i}].type`);
    const fn = isJsonObject(t.function) ? t.function : {};
    if (typeof fn.name !== 'string' || !fn.name) throw new TranslationError('a tool needs a name', `tools[${i}].function.name`);
    paths.set(`tools[${i}]`, `tools[${i}]`);
    const hub: HubTool = {
      name: fn.name,
      kind: 'function',
      inputSchema: isJsonObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
    };
    if (typeof fn.description === 'string') hub.description = fn.description;
    if (typeof fn.strict === 'boolean') hub.strict = fn.strict;
    return hub;
  });
}

function decodeToolChoice(choice: unknown): HubToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  if (isJsonObject(choice) && choice.type === 'function' && isJsonObject(choice.function) && typeof choice.function.name === 'string') {
    return { type: 'tool', toolName: choice.function.name };
  }
  throw new TranslationError('unsupported tool_choice', 'tool_choice');
}

function decodeReasoning(effort: unknown): HubReasoning | undefined {
  if (effort === undefined || effort === null) return undefined;
  if (!(EFFORTS as readonly unknown[]).includes(effort)) {
    throw new ApiError(400, `Invalid value: '${effort as string}'. Supported values are: ${EFFORTS.map((e) => `'${e}'`).join(', ')}.`, {
      code: 'invalid_value',
      param: 'reasoning_effort',
    });
  }
  return effort === 'none' ? { enabled: false } : { enabled: true, effort: effort as HubReasoning['effort'] };
}

function decodeResponseFormat(format: unknown): HubResponseFormat | undefined {
  if (!isJsonObject(format)) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const spec = isJsonObject(format.json_schema) ? format.json_schema : {};
      const json: HubResponseFormat = { type: 'json' };
      if (isJsonObject(spec.schema)) json.schema = spec.schema;
      if (typeof spec.name === 'string') json.name = spec.name;
      if (typeof spec.description === 'string') json.description = spec.description;
      if (typeof spec.strict === 'boolean') json.strict = spec.strict;
      return json;
    }
    default:
      throw new TranslationError('unsupported response_format type', 'response_format.type');
  }
}
