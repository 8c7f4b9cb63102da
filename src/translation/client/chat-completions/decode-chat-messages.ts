import { isJsonObject } from '../../../core/json/json-object';
import type {
  HubAssistantPart,
  HubFilePart,
  HubMessage,
  HubTextPart,
  HubToolResultPart,
  HubUserPart,
} from '../../hub/hub-prompt';
import { parseMediaUrl } from '../shared/data-url';
import { TranslationError } from '../../translation-error';
import type { ParamPaths } from '../param-paths';
import { readToolArguments } from './read-tool-arguments';

/** What a chat `messages` array becomes: the system texts apart, the conversation with tool results grouped. */
export interface ChatConversation {
  system: HubTextPart[];
  messages: HubMessage[];
}

/**
 * Chat messages → hub messages. System and developer messages may sit anywhere in a chat; they are collected in order
 * into the hub's system (as every upstream but Chat Completions has one system). Consecutive tool messages become one
 * hub tool message, each result knowing its tool's name from the call it answers. The chat `reasoning_content` a
 * client echoes back carries no signature, so no upstream could take it back: it is left out.
 */
export function decodeChatMessages(chatMessages: readonly unknown[], paths: ParamPaths): ChatConversation {
  const system: HubTextPart[] = [];
  const messages: HubMessage[] = [];
  const toolNames = new Map<string, string>();

  chatMessages.forEach((message, i) => {
    const param = `messages[${i}]`;
    if (!isJsonObject(message) || typeof message.role !== 'string') {
      throw new TranslationError('each message must be an object with a string `role`', `${param}.role`);
    }
    const at = `messages[${messages.length}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...textOnly(message.content, `${param}.content`, `${message.role} messages`));
        break;
      case 'user': {
        const content = userParts(message.content, `${param}.content`);
        if (content.length === 0) break;
        paths.set(at, param);
        content.forEach((_, k) => paths.set(`${at}.content[${k}]`, `${param}.content[${k}]`));
        messages.push({ role: 'user', content });
        break;
      }
      case 'assistant': {
        const content = assistantParts(message, param, paths, at, toolNames);
        if (content.length === 0) break;
        paths.set(at, param);
        messages.push({ role: 'assistant', content });
        break;
      }
      case 'tool': {
        const result = toolResult(message, param, toolNames);
        const last = messages.at(-1);
        if (last?.role === 'tool') {
          paths.set(`messages[${messages.length - 1}].content[${last.content.length}]`, param);
          last.content.push(result);
        } else {
          paths.set(at, param);
          paths.set(`${at}.content[0]`, param);
          messages.push({ role: 'tool', content: [result] });
        }
        break;
      }
      default:
        throw new TranslationError(`unsupported message role '${message.role}'`, `${param}.role`);
    }
  });

  if (messages.length === 0) throw new TranslationError('at least one user or assistant message is required', 'messages');
  return { system, messages };
}

/** A message's content as parts: a string is one text part, null/absent none. */
function contentParts(content: unknown, param: string): Record<string, unknown>[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  if (!Array.isArray(content)) throw new TranslationError('content must be a string or an array of parts', param);
  return content.map((part: unknown, k) => {
    if (!isJsonObject(part) || typeof part.type !== 'string') {
      throw new TranslationError('each content part must be an object with a string `type`', `${param}[${k}]`);
    }
    if (part.type === 'text' && typeof part.text !== 'string') throw new TranslationError('`text` must be a string', `${param}[${k}].text`);
    if (part.type === 'refusal' && typeof part.refusal !== 'string') {
      throw new TranslationError('`refusal` must be a string', `${param}[${k}].refusal`);
    }
    return part;
  });
}

function textPart(part: Record<string, unknown>): HubTextPart {
  const text: HubTextPart = { type: 'text', text: part.text as string };
  // A vendor extension some clients send for Anthropic prompt caching.
  if (part.cache_control !== undefined) text.providerMetadata = { anthropic: { cacheControl: part.cache_control } };
  return text;
}

function textOnly(content: unknown, param: string, where: string): HubTextPart[] {
  return contentParts(content, param).flatMap((part, k) => {
    if (part.type !== 'text') throw unsupportedPart(String(part.type), `${param}[${k}]`, where);
    return (part.text as string) ? [textPart(part)] : [];
  });
}

function userParts(content: unknown, param: string): HubUserPart[] {
  return contentParts(content, param).map((part, k) => mediaOrText(part, `${param}[${k}]`, 'user messages'));
}

/** Text, images, audio and files: what user messages and tool results may carry. */
function mediaOrText(part: Record<string, unknown>, param: string, where: string): HubTextPart | HubFilePart {
  switch (part.type) {
    case 'text':
      return textPart(part);
    case 'image_url': {
      const image = isJsonObject(part.image_url) ? part.image_url : {};
      const source = parseMediaUrl(image.url, `${param}.image_url.url`);
      return source.kind === 'base64'
        ? { type: 'file', mediaType: source.mediaType, data: { base64: source.data } }
        : { type: 'file', mediaType: 'image/*', data: { url: source.url } };
    }
    case 'input_audio': {
      const audio = isJsonObject(part.input_audio) ? part.input_audio : {};
      if (typeof audio.data !== 'string' || typeof audio.format !== 'string') {
        throw new TranslationError('input_audio needs string `data` and `format`', `${param}.input_audio`);
      }
      return { type: 'file', mediaType: `audio/${audio.format}`, data: { base64: audio.data } };
    }
    case 'file':
      return filePart(part.file, `${param}.file`);
    default:
      throw unsupportedPart(String(part.type), param, where);
  }
}

function filePart(file: unknown, param: string): HubFilePart {
  const f = isJsonObject(file) ? file : {};
  const filename = typeof f.filename === 'string' ? f.filename : undefined;
  let part: HubFilePart;
  if (typeof f.file_data === 'string') {
    const source = parseMediaUrl(f.file_data, `${param}.file_data`);
    part =
      source.kind === 'base64'
        ? { type: 'file', mediaType: source.mediaType, data: { base64: source.data } }
        : { type: 'file', mediaType: 'application/octet-stream', data: { url: source.url } };
  } else if (typeof f.file_id === 'string') {
    part = { type: 'file', mediaType: 'application/octet-stream', data: { fileId: f.file_id } };
  } else {
    throw new TranslationError('a file part needs `file_data` or `file_id`', param);
  }
  if (filename !== undefined) part.filename = filename;
  return part;
}

function assistantParts(
  message: Record<string, unknown>,
  param: string,
  paths: ParamPaths,
  at: string,
  toolNames: Map<string, string>,
): HubAssistantPart[] {
  const parts: HubAssistantPart[] = [];
  contentParts(message.content, `${param}.content`).forEach((part, k) => {
    const text = part.type === 'text' ? (part.text as string) : part.type === 'refusal' ? (part.refusal as string) : undefined;
    if (text === undefined) throw unsupportedPart(String(part.type), `${param}.content[${k}]`, 'assistant messages');
    if (!text) return;
    paths.set(`${at}.content[${parts.length}]`, `${param}.content[${k}]`);
    parts.push({ type: 'text', text });
  });
  if (typeof message.refusal === 'string' && message.refusal && parts.length === 0) parts.push({ type: 'text', text: message.refusal });
  const calls = message.tool_calls;
  if (calls === undefined || calls === null) return parts;
  if (!Array.isArray(calls)) throw new TranslationError('tool_calls must be an array', `${param}.tool_calls`);
  calls.forEach((call: unknown, m) => {
    const callParam = `${param}.tool_calls[${m}]`;
    const c = isJsonObject(call) ? call : {};
    const fn = isJsonObject(c.function) ? c.function : {};
    if (typeof c.id !== 'string' || !c.id) throw new TranslationError('a tool call needs a string id', `${callParam}.id`);
    if (typeof fn.name !== 'string' || !fn.name) throw new TranslationError('a tool call needs a function name', `${callParam}.function.name`);
    toolNames.set(c.id, fn.name);
    paths.set(`${at}.content[${parts.length}]`, callParam);
    parts.push({
      type: 'tool-call',
      toolCallId: c.id,
      toolName: fn.name,
      input: readToolArguments(fn.arguments, `${callParam}.function.arguments`),
    });
  });
  return parts;
}

function toolResult(message: Record<string, unknown>, param: string, toolNames: Map<string, string>): HubToolResultPart {
  if (typeof message.tool_call_id !== 'string' || !message.tool_call_id) {
    throw new TranslationError('a tool message needs the tool_call_id it answers', `${param}.tool_call_id`);
  }
  const output =
    typeof message.content === 'string'
      ? [{ type: 'text' as const, text: message.content }]
      : contentParts(message.content, `${param}.content`).map((part, k) => mediaOrText(part, `${param}.content[${k}]`, 'tool messages'));
  const result: HubToolResultPart = { type: 'tool-result', toolCallId: message.tool_call_id, output };
  const toolName = toolNames.get(message.tool_call_id);
  if (toolName !== undefined) result.toolName = toolName;
  return result;
}

function unsupportedPart(type: string, param: string, where: string): TranslationError {
  return new TranslationError(`content parts of type '${type}' are not supported in ${where}`, param);
}
