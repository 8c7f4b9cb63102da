import { isJsonObject } from '../../../core/json/json-object';
import type {
  HubAssistantMessage,
  HubAssistantPart,
  HubFilePart,
  HubMessage,
  HubReasoningPart,
  HubTextPart,
  HubToolMessage,
  HubUserPart,
} from '../../hub/hub-prompt';
import { parseMediaUrl } from '../shared/data-url';
import { TranslationError } from '../../translation-error';
import type { ParamPaths } from '../param-paths';
import { isGatewayEncryptedContent, readGatewayEncryptedContent } from './gateway-reasoning';
import { flatToolName } from './responses-tool-names';

export interface ResponsesConversation {
  /** System and developer message texts, in order (after `instructions`). */
  system: HubTextPart[];
  messages: HubMessage[];
}

/**
 * Responses `input` → hub messages. Items that make one model turn (reasoning, assistant messages, function and custom
 * tool calls) join one hub assistant message; consecutive outputs join one tool message, each told its tool's name
 * from the call it answers. Reasoning the gateway handed out for another upstream gives back its original signed
 * payload; OpenAI's own keeps its `encrypted_content` for an OpenAI upstream.
 */
export function decodeResponsesInput(input: unknown, paths: ParamPaths, notes: string[]): ResponsesConversation {
  if (typeof input === 'string') return { system: [], messages: input ? [{ role: 'user', content: [{ type: 'text', text: input }] }] : [] };
  if (!Array.isArray(input)) throw new TranslationError('input must be a string or an array of items', 'input');
  const builder = new ConversationBuilder(paths);
  input.forEach((item: unknown, k) => {
    const param = `input[${k}]`;
    if (!isJsonObject(item)) throw new TranslationError('each input item must be an object', param);
    builder.add(item, param, notes);
  });
  return { system: builder.system, messages: builder.messages };
}

class ConversationBuilder {
  readonly system: HubTextPart[] = [];
  readonly messages: HubMessage[] = [];
  private readonly callNames = new Map<string, string>();

  constructor(private readonly paths: ParamPaths) {}

  add(item: Record<string, unknown>, param: string, notes: string[]): void {
    const type = item.type ?? 'message';
    switch (type) {
      case 'message':
        this.message(item, param);
        break;
      case 'function_call':
      case 'custom_tool_call':
        this.call(item, param, type === 'custom_tool_call');
        break;
      case 'function_call_output':
      case 'custom_tool_call_output':
        this.output(item, param);
        break;
      case 'reasoning':
        this.reasoning(item, param);
        break;
      case 'item_reference':
        throw new TranslationError('item references need stored responses, which this gateway does not keep; send the items themselves', param);
      default:
        // Built-in tool traffic (web_search_call, local_shell_call …) only OpenAI's own tools produce and read.
        notes.push(`${param}: ${JSON.stringify(type)} item left out; only OpenAI models run that tool`);
    }
  }

  private message(item: Record<string, unknown>, param: string): void {
    const parts = contentParts(item.content, `${param}.content`);
    switch (item.role) {
      case 'system':
      case 'developer':
        parts.forEach(({ part, param: at }) => this.system.push(textOf(part, at, ['input_text', 'text'])));
        break;
      case 'user': {
        const content = parts.map(({ part, param: at }) => userPart(part, at));
        if (content.length === 0) return;
        const at = `messages[${this.messages.length}]`;
        this.paths.set(at, param);
        parts.forEach((located, j) => this.paths.set(`${at}.content[${j}]`, located.param));
        this.messages.push({ role: 'user', content });
        break;
      }
      case 'assistant':
        parts.forEach(({ part, param: at }) => {
          const text = part.type === 'refusal' ? (typeof part.refusal === 'string' ? part.refusal : '') : textOf(part, at, ['output_text', 'input_text', 'text']).text;
          if (text) this.assistantPart({ type: 'text', text }, at);
        });
        break;
      default:
        throw new TranslationError(`unsupported message role '${String(item.role)}'`, `${param}.role`);
    }
  }

  private call(item: Record<string, unknown>, param: string, freeform: boolean): void {
    if (typeof item.call_id !== 'string' || !item.call_id) throw new TranslationError('`call_id` must be a non-empty string', `${param}.call_id`);
    if (typeof item.name !== 'string' || !item.name) throw new TranslationError('`name` must be a non-empty string', `${param}.name`);
    const input = freeform ? item.input : item.arguments;
    if (typeof input !== 'string') throw new TranslationError(`\`${freeform ? 'input' : 'arguments'}\` must be a string`, param);
    const toolName = flatToolName(typeof item.namespace === 'string' ? item.namespace : undefined, item.name);
    this.callNames.set(item.call_id, toolName);
    const part: HubAssistantPart = { type: 'tool-call', toolCallId: item.call_id, toolName, input: freeform || input.trim() ? input : '{}' };
    if (typeof item.id === 'string') part.providerMetadata = { openai: { itemId: item.id } };
    this.assistantPart(part, param);
  }

  private output(item: Record<string, unknown>, param: string): void {
    if (typeof item.call_id !== 'string' || !item.call_id) throw new TranslationError('`call_id` must be a non-empty string', `${param}.call_id`);
    const output: (HubTextPart | HubFilePart)[] =
      typeof item.output === 'string'
        ? [{ type: 'text', text: item.output }]
        : contentParts(item.output, `${param}.output`).map(({ part, param: at }) => userPart(part, at));
    const last = this.messages.at(-1);
    const message: HubToolMessage = last?.role === 'tool' ? last : { role: 'tool', content: [] };
    if (message !== last) {
      this.paths.set(`messages[${this.messages.length}]`, param);
      this.messages.push(message);
    }
    this.paths.set(`messages[${this.messages.length - 1}].content[${message.content.length}]`, param);
    const toolName = this.callNames.get(item.call_id);
    message.content.push({ type: 'tool-result', toolCallId: item.call_id, output, ...(toolName !== undefined && { toolName }) });
  }

  private reasoning(item: Record<string, unknown>, param: string): void {
    const summary = Array.isArray(item.summary) ? item.summary : [];
    const summaryText = summary
      .filter((entry): entry is { text: string } => isJsonObject(entry) && typeof entry.text === 'string')
      .map((entry) => entry.text)
      .join('\n\n');
    let part: HubReasoningPart;
    const carried = isGatewayEncryptedContent(item.encrypted_content) ? readGatewayEncryptedContent(item.encrypted_content) : undefined;
    if (carried) {
      part = { type: 'reasoning', text: carried.text, providerMetadata: carried.providerMetadata };
    } else {
      part = { type: 'reasoning', text: summaryText };
      const openai: NonNullable<HubReasoningPart['providerMetadata']>['openai'] = {};
      if (typeof item.id === 'string') openai.itemId = item.id;
      if (typeof item.encrypted_content === 'string') openai.encryptedContent = item.encrypted_content;
      if (Object.keys(openai).length > 0) part.providerMetadata = { openai };
    }
    this.assistantPart(part, param);
  }

  private assistantPart(part: HubAssistantPart, param: string): void {
    const last = this.messages.at(-1);
    const message: HubAssistantMessage = last?.role === 'assistant' ? last : { role: 'assistant', content: [] };
    if (message !== last) {
      this.paths.set(`messages[${this.messages.length}]`, param);
      this.messages.push(message);
    }
    this.paths.set(`messages[${this.messages.length - 1}].content[${message.content.length}]`, param);
    message.content.push(part);
  }
}

interface Located {
  part: Record<string, unknown>;
  param: string;
}

function contentParts(content: unknown, param: string): Located[] {
  if (typeof content === 'string') return content ? [{ part: { type: 'input_text', text: content }, param }] : [];
  if (content === undefined || content === null) return [];
  if (!Array.isArray(content)) throw new TranslationError('content must be a string or an array of parts', param);
  return content.map((part: unknown, j) => {
    const at = `${param}[${j}]`;
    if (!isJsonObject(part) || typeof part.type !== 'string') throw new TranslationError('each content part must be an object with a string `type`', at);
    return { part, param: at };
  });
}

function textOf(part: Record<string, unknown>, param: string, types: readonly string[]): HubTextPart {
  if (!types.includes(part.type as string)) {
    throw new TranslationError(`content parts of type '${String(part.type)}' are not supported here`, `${param}.type`);
  }
  if (typeof part.text !== 'string') throw new TranslationError('`text` must be a string', `${param}.text`);
  return { type: 'text', text: part.text };
}

function userPart(part: Record<string, unknown>, param: string): HubUserPart {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return textOf(part, param, [part.type]);
    case 'input_image': {
      if (typeof part.file_id === 'string') return { type: 'file', mediaType: 'image/*', data: { fileId: part.file_id } };
      const source = parseMediaUrl(part.image_url, `${param}.image_url`);
      return source.kind === 'base64'
        ? { type: 'file', mediaType: source.mediaType, data: { base64: source.data } }
        : { type: 'file', mediaType: 'image/*', data: { url: source.url } };
    }
    case 'input_file':
      return filePart(part, param);
    default:
      throw new TranslationError(`content parts of type '${String(part.type)}' are not supported here`, `${param}.type`);
  }
}

function filePart(part: Record<string, unknown>, param: string): HubFilePart {
  let file: HubFilePart;
  if (typeof part.file_data === 'string') {
    const source = parseMediaUrl(part.file_data, `${param}.file_data`);
    file =
      source.kind === 'base64'
        ? { type: 'file', mediaType: source.mediaType, data: { base64: source.data } }
        : { type: 'file', mediaType: 'application/octet-stream', data: { url: source.url } };
  } else if (typeof part.file_url === 'string') {
    file = { type: 'file', mediaType: 'application/pdf', data: { url: part.file_url } };
  } else if (typeof part.file_id === 'string') {
    file = { type: 'file', mediaType: 'application/octet-stream', data: { fileId: part.file_id } };
  } else {
    throw new TranslationError('an input_file needs `file_data`, `file_url` or `file_id`', param);
  }
  if (typeof part.filename === 'string') file.filename = part.filename;
  return file;
}
