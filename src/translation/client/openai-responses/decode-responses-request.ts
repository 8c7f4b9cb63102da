import { ApiError } from '../../../core/errors/api-error';
import { isJsonObject } from '../../../core/json/json-object';
import type { DecodedClientRequest } from '../../hub/hub-codec';
import type { HubReasoning, HubRequest, HubResponseFormat, HubTool, HubToolChoice } from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import { checkFieldTypes, type FieldTable } from '../field-types';
import { ParamPaths } from '../param-paths';
import { decodeResponsesInput } from './decode-responses-input';
import { flatToolName } from './responses-tool-names';

/** The Responses fields the gateway reads, with the types OpenAI's API accepts. */
const RESPONSES_FIELDS: FieldTable = {
  input: ['string', 'array'],
  instructions: ['string'],
  tools: ['array'],
  tool_choice: ['string', 'object'],
  parallel_tool_calls: ['boolean'],
  max_output_tokens: ['integer'],
  temperature: ['number'],
  top_p: ['number'],
  reasoning: ['object'],
  text: ['object'],
  stream: ['boolean'],
  user: ['string'],
  safety_identifier: ['string'],
  previous_response_id: ['string'],
};

const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
const SUMMARIES = ['auto', 'concise', 'detailed'] as const;

/**
 * An OpenAI Responses request → the hub request, for a model of another family. `instructions` and system/developer
 * messages become the system; `custom` tools (Codex's `apply_patch`) freeform tools; `namespace` tools are flattened
 * to `<namespace>__<tool>`; built-in tools no other family can run (`web_search` …) are left out with a note.
 * Nothing is stored between requests, so `previous_response_id` is refused rather than silently ignored.
 */
export function decodeResponsesRequest(body: Record<string, unknown>): DecodedClientRequest {
  if (typeof body.model !== 'string' || body.model.trim() === '') {
    throw ApiError.badRequest('`model` is required and must be a non-empty string', 'model');
  }
  checkFieldTypes(body, RESPONSES_FIELDS);
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    throw new ApiError(
      400,
      'previous_response_id is not supported for this model: the gateway stores no responses. Send the whole conversation in `input` (with `store: false`).',
      { code: 'unsupported_parameter', param: 'previous_response_id' },
    );
  }
  const paths = new ParamPaths();
  const notes: string[] = [];
  const conversation = decodeResponsesInput(body.input ?? [], paths, notes);
  if (conversation.messages.length === 0) throw ApiError.badRequest('`input` must hold at least one message or item', 'input');
  const instructions = typeof body.instructions === 'string' && body.instructions ? [{ type: 'text' as const, text: body.instructions }] : [];

  const request: HubRequest = {
    model: body.model,
    system: [...instructions, ...conversation.system],
    messages: conversation.messages,
    tools: decodeTools(body.tools as unknown[] | undefined, paths, notes),
    stream: body.stream === true,
  };
  const toolChoice = decodeToolChoice(body.tool_choice);
  if (toolChoice) request.toolChoice = toolChoice;
  if (typeof body.parallel_tool_calls === 'boolean') request.parallelToolCalls = body.parallel_tool_calls;
  if (typeof body.max_output_tokens === 'number') request.maxOutputTokens = body.max_output_tokens;
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.topP = body.top_p;
  const reasoning = decodeReasoning(body.reasoning);
  if (reasoning) request.reasoning = reasoning;
  const format = decodeTextFormat(body.text);
  if (format) request.responseFormat = format;
  const user = typeof body.safety_identifier === 'string' ? body.safety_identifier : body.user;
  if (typeof user === 'string' && user) request.user = user;
  return { request, includeUsage: true, clientParam: (param) => paths.toClient(param), notes };
}

function decodeTools(tools: unknown[] | undefined, paths: ParamPaths, notes: string[]): HubTool[] {
  const hub: HubTool[] = [];
  const add = (tool: Record<string, unknown>, param: string, namespace?: string): void => {
    if (typeof tool.name !== 'string' || !tool.name) throw new TranslationError('a tool needs a name', `${param}.name`);
    if (tool.defer_loading === true) {
      notes.push(`${param}: deferred tool '${tool.name}' left out (defer_loading: only OpenAI's tool search reveals it)`);
      return;
    }
    const part: HubTool =
      tool.type === 'custom'
        ? { name: flatToolName(namespace, tool.name), kind: 'freeform', inputSchema: { type: 'object', properties: {} } }
        : {
            name: flatToolName(namespace, tool.name),
            kind: 'function',
            inputSchema: isJsonObject(tool.parameters) ? tool.parameters : { type: 'object', properties: {} },
          };
    if (typeof tool.description === 'string') part.description = tool.description;
    if (typeof tool.strict === 'boolean') part.strict = tool.strict;
    if (tool.type === 'custom' && tool.format !== undefined) part.format = tool.format;
    if (namespace) part.providerMetadata = { openai: { namespace } };
    paths.set(`tools[${hub.length}]`, param);
    hub.push(part);
  };
  (tools ?? []).forEach((tool: unknown, i) => {
    const param = `tools[${i}]`;
    if (!isJsonObject(tool) || typeof tool.type !== 'string') throw new TranslationError('each tool must be an object with a string `type`', param);
    switch (tool.type) {
      case 'function':
      case 'custom':
        add(tool, param);
        break;
      case 'namespace': {
        if (typeof tool.name !== 'string' || !tool.name) throw new TranslationError('a namespace needs a name', `${param}.name`);
        const inner = Array.isArray(tool.tools) ? tool.tools : [];
        inner.forEach((member: unknown, j) => {
          const at = `${param}.tools[${j}]`;
          if (!isJsonObject(member) || (member.type !== 'function' && member.type !== 'custom')) {
            throw new TranslationError('namespace tools must be function or custom tools', `${at}.type`);
          }
          add(member, at, tool.name as string);
        });
        break;
      }
      default:
        notes.push(`${param}: built-in tool '${tool.type}' left out; only OpenAI models run it`);
    }
  });
  return hub;
}

function decodeToolChoice(choice: unknown): HubToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  if (isJsonObject(choice) && (choice.type === 'function' || choice.type === 'custom') && typeof choice.name === 'string') {
    return { type: 'tool', toolName: flatToolName(typeof choice.namespace === 'string' ? choice.namespace : undefined, choice.name) };
  }
  // Forcing a built-in tool (or an allowed-tools subset) cannot be expressed to another family: let the model choose.
  if (isJsonObject(choice)) return { type: 'auto' };
  throw new TranslationError('unsupported tool_choice', 'tool_choice');
}

function decodeReasoning(reasoning: unknown): HubReasoning | undefined {
  if (!isJsonObject(reasoning)) return undefined;
  const { effort, summary } = reasoning;
  if (effort !== undefined && effort !== null && !(EFFORTS as readonly unknown[]).includes(effort)) {
    throw new ApiError(400, `Invalid value: ${JSON.stringify(effort)}. Supported values are: ${EFFORTS.map((e) => `'${e}'`).join(', ')}.`, {
      code: 'invalid_value',
      param: 'reasoning.effort',
    });
  }
  if (effort === 'none') return { enabled: false };
  const hub: HubReasoning = { enabled: true };
  if (typeof effort === 'string') hub.effort = effort as HubReasoning['effort'];
  if ((SUMMARIES as readonly unknown[]).includes(summary)) hub.summary = summary as HubReasoning['summary'];
  return effort === undefined && hub.summary === undefined ? undefined : hub;
}

function decodeTextFormat(text: unknown): HubResponseFormat | undefined {
  const format = isJsonObject(text) && isJsonObject(text.format) ? text.format : undefined;
  if (!format) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const json: HubResponseFormat = { type: 'json' };
      if (isJsonObject(format.schema)) json.schema = format.schema;
      if (typeof format.name === 'string') json.name = format.name;
      if (typeof format.description === 'string') json.description = format.description;
      if (typeof format.strict === 'boolean') json.strict = format.strict;
      return json;
    }
    default:
      throw new TranslationError('unsupported text.format type', 'text.format.type');
  }
}
