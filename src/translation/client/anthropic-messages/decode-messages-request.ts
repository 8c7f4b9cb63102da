import { ApiError } from '../../../core/errors/api-error';
import { isJsonObject } from '../../../core/json/json-object';
import type { DecodedClientRequest } from '../../hub/hub-codec';
import type { HubReasoning, HubReasoningEffort, HubRequest, HubTextPart, HubTool, HubToolChoice } from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import { checkFieldTypes, type FieldTable } from '../field-types';
import { ParamPaths } from '../param-paths';
import { decodeMessagesConversation } from './decode-messages-content';

/** The Messages fields the gateway reads, with the types Anthropic's API accepts. */
const MESSAGES_FIELDS: FieldTable = {
  max_tokens: ['integer'],
  system: ['string', 'array'],
  tools: ['array'],
  tool_choice: ['object'],
  stop_sequences: ['string-array'],
  temperature: ['number'],
  top_p: ['number'],
  top_k: ['integer'],
  thinking: ['object'],
  metadata: ['object'],
  output_config: ['object'],
  stream: ['boolean'],
};

/** Anthropic's `output_config.effort` levels as hub efforts (`max` is the top one). */
const EFFORTS: Record<string, HubReasoningEffort> = { low: 'low', medium: 'medium', high: 'high', max: 'xhigh' };

export interface MessagesDecodeOptions {
  /** count_tokens takes a request without `max_tokens`. */
  countTokens: boolean;
}

/**
 * An Anthropic Messages request → the hub request, for an upstream of another family. Tools the upstream cannot run
 * are left out: Anthropic server tools (web search, code execution …) and tools deferred behind tool search
 * (`defer_loading`, which Anthropic keeps out of the prompt until searched for).
 */
export function decodeMessagesRequest(body: Record<string, unknown>, options: MessagesDecodeOptions): DecodedClientRequest {
  if (typeof body.model !== 'string' || body.model.trim() === '') throw ApiError.badRequest('model: Field required', 'model');
  if (!options.countTokens && body.max_tokens === undefined) throw ApiError.badRequest('max_tokens: Field required', 'max_tokens');
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw ApiError.badRequest('messages: at least one message is required', 'messages');
  }
  checkFieldTypes(body, MESSAGES_FIELDS);

  const paths = new ParamPaths();
  const notes: string[] = [];
  const conversation = decodeMessagesConversation(body.messages, paths);
  const system = [...systemParts(body.system), ...conversation.system];
  const request: HubRequest = {
    model: body.model,
    system,
    messages: conversation.messages,
    tools: decodeTools(body.tools as unknown[] | undefined, paths, notes),
    stream: body.stream === true,
  };
  if (typeof body.max_tokens === 'number') request.maxOutputTokens = body.max_tokens;
  const choice = decodeToolChoice(body.tool_choice);
  if (choice) {
    if (choice.toolChoice) request.toolChoice = choice.toolChoice;
    if (choice.serial) request.parallelToolCalls = false;
  }
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.topP = body.top_p;
  if (typeof body.top_k === 'number') request.topK = body.top_k;
  const stops = (body.stop_sequences as string[] | undefined)?.filter(Boolean) ?? [];
  if (stops.length > 0) request.stopSequences = stops;
  const reasoning = decodeThinking(body.thinking, body.output_config);
  if (reasoning) request.reasoning = reasoning;
  const metadata = isJsonObject(body.metadata) ? body.metadata : {};
  if (typeof metadata.user_id === 'string' && metadata.user_id) request.user = metadata.user_id;
  return { request, includeUsage: true, clientParam: (param) => paths.toClient(param), notes };
}

function systemParts(system: unknown): HubTextPart[] {
  if (typeof system === 'string') return system ? [{ type: 'text', text: system }] : [];
  if (!Array.isArray(system)) return [];
  return system.map((block: unknown, k): HubTextPart => {
    if (!isJsonObject(block) || block.type !== 'text' || typeof block.text !== 'string') {
      throw new TranslationError('system blocks must be text blocks with a string `text`', `system[${k}]`);
    }
    const part: HubTextPart = { type: 'text', text: block.text };
    if (block.cache_control !== undefined) part.providerMetadata = { anthropic: { cacheControl: block.cache_control } };
    return part;
  });
}

function decodeTools(tools: unknown[] | undefined, paths: ParamPaths, notes: string[]): HubTool[] {
  const hub: HubTool[] = [];
  (tools ?? []).forEach((tool: unknown, i) => {
    if (!isJsonObject(tool)) throw new TranslationError('each tool must be an object', `tools[${i}]`);
    // Server tools (`web_search_20250305` …) and Anthropic-schema client tools (`bash_20250124` …) carry a versioned
    // type; only Anthropic can run or describe them.
    if (tool.type !== undefined && tool.type !== 'custom') {
      notes.push(`tools[${i}]: Anthropic tool ${JSON.stringify(tool.type)} left out; only Anthropic models can run it`);
      return;
    }
    if (tool.defer_loading === true) {
      notes.push(`tools[${i}]: deferred tool '${String(tool.name)}' left out (defer_loading: only Anthropic's tool search reveals it)`);
      return;
    }
    if (typeof tool.name !== 'string' || !tool.name) throw new TranslationError('a tool needs a name', `tools[${i}].name`);
    paths.set(`tools[${hub.length}]`, `tools[${i}]`);
    const part: HubTool = {
      name: tool.name,
      kind: 'function',
      inputSchema: isJsonObject(tool.input_schema) ? tool.input_schema : { type: 'object', properties: {} },
    };
    if (typeof tool.description === 'string') part.description = tool.description;
    if (typeof tool.strict === 'boolean') part.strict = tool.strict;
    if (tool.cache_control !== undefined) part.providerMetadata = { anthropic: { cacheControl: tool.cache_control } };
    hub.push(part);
  });
  return hub;
}

function decodeToolChoice(choice: unknown): { toolChoice?: HubToolChoice; serial: boolean } | undefined {
  if (!isJsonObject(choice)) return undefined;
  const serial = choice.disable_parallel_tool_use === true;
  switch (choice.type) {
    case 'auto':
      return { toolChoice: { type: 'auto' }, serial };
    case 'any':
      return { toolChoice: { type: 'required' }, serial };
    case 'none':
      return { toolChoice: { type: 'none' }, serial };
    case 'tool':
      if (typeof choice.name !== 'string') throw new TranslationError('a tool choice of type tool needs a name', 'tool_choice.name');
      return { toolChoice: { type: 'tool', toolName: choice.name }, serial };
    default:
      throw new TranslationError(`unsupported tool_choice type '${String(choice.type)}'`, 'tool_choice.type');
  }
}

/** `thinking` (enabled with a budget, adaptive, disabled) and `output_config.effort` as the hub's reasoning request. */
function decodeThinking(thinking: unknown, outputConfig: unknown): HubReasoning | undefined {
  const effort = isJsonObject(outputConfig) && typeof outputConfig.effort === 'string' ? EFFORTS[outputConfig.effort] : undefined;
  if (!isJsonObject(thinking)) return effort ? { enabled: true, effort } : undefined;
  switch (thinking.type) {
    case 'disabled':
      return { enabled: false };
    case 'enabled': {
      const reasoning: HubReasoning = { enabled: true };
      if (typeof thinking.budget_tokens === 'number') reasoning.budgetTokens = thinking.budget_tokens;
      if (effort) reasoning.effort = effort;
      return reasoning;
    }
    case 'adaptive':
      return effort ? { enabled: true, effort } : { enabled: true };
    default:
      throw new TranslationError(`unsupported thinking type '${String(thinking.type)}'`, 'thinking.type');
  }
}
