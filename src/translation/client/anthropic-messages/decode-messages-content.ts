import { isJsonObject } from '../../../core/json/json-object';
import type {
  HubAssistantPart,
  HubFilePart,
  HubMessage,
  HubProviderMetadata,
  HubTextPart,
  HubToolResultPart,
  HubUserPart,
} from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import type { ParamPaths } from '../param-paths';
import { isGatewaySignature, metadataFromGatewaySignature } from './gateway-signature';

/** Anthropic blocks an upstream of another family cannot be given and the model does not need (server tool traffic). */
const SKIPPED_BLOCKS = new Set(['server_tool_use', 'web_search_tool_result', 'web_fetch_tool_result', 'code_execution_tool_result', 'mcp_tool_use', 'mcp_tool_result', 'container_upload', 'search_result']);

export interface MessagesConversation {
  /** Texts of `role: "system"` messages inside `messages` (Claude Code sends some); they join the top-level system. */
  system: HubTextPart[];
  messages: HubMessage[];
}

/**
 * Anthropic `messages` → hub messages. A user turn's `tool_result` blocks become a hub tool message (each result told
 * its tool's name from the `tool_use` it answers), followed by the rest of the turn as a user message. Thinking keeps
 * its signature in `providerMetadata.anthropic`; thinking the gateway itself signed is marked as the gateway's.
 */
export function decodeMessagesConversation(raw: readonly unknown[], paths: ParamPaths): MessagesConversation {
  const system: HubTextPart[] = [];
  const messages: HubMessage[] = [];
  const toolNames = new Map<string, string>();

  raw.forEach((message, i) => {
    const param = `messages[${i}]`;
    if (!isJsonObject(message)) throw new TranslationError('each message must be an object', param);
    const blocks = contentBlocks(message.content, `${param}.content`);
    switch (message.role) {
      case 'system':
        blocks.forEach(({ block, param: at }) => {
          if (block.type !== 'text') throw new TranslationError('system messages may only hold text blocks', at);
          system.push(textPart(block, at));
        });
        break;
      case 'user':
        decodeUserTurn(blocks, messages, paths, param, toolNames);
        break;
      case 'assistant': {
        const hubAt = `messages[${messages.length}]`;
        const content: HubAssistantPart[] = [];
        for (const { block, param: at } of blocks) {
          const part = assistantPart(block, at, toolNames);
          if (!part) continue;
          paths.set(`${hubAt}.content[${content.length}]`, at);
          content.push(part);
        }
        if (content.length === 0) break;
        paths.set(hubAt, param);
        messages.push({ role: 'assistant', content });
        break;
      }
      default:
        throw new TranslationError(`unsupported message role '${String(message.role)}'`, `${param}.role`);
    }
  });

  return { system, messages };
}

interface Located {
  block: Record<string, unknown>;
  param: string;
}

function contentBlocks(content: unknown, param: string): Located[] {
  if (typeof content === 'string') return content ? [{ block: { type: 'text', text: content }, param }] : [];
  if (!Array.isArray(content)) throw new TranslationError('content must be a string or an array of content blocks', param);
  return content.map((block: unknown, k) => {
    const at = `${param}[${k}]`;
    if (!isJsonObject(block) || typeof block.type !== 'string') throw new TranslationError('each content block must be an object with a string `type`', at);
    return { block, param: at };
  });
}

function decodeUserTurn(blocks: Located[], messages: HubMessage[], paths: ParamPaths, param: string, toolNames: Map<string, string>): void {
  const results: HubToolResultPart[] = [];
  const rest: HubUserPart[] = [];
  const resultParams: string[] = [];
  const restParams: string[] = [];
  for (const { block, param: at } of blocks) {
    if (block.type === 'tool_result') {
      results.push(toolResult(block, at, toolNames));
      resultParams.push(at);
    } else if (!SKIPPED_BLOCKS.has(block.type as string)) {
      const part = userPart(block, at);
      if (part) {
        rest.push(part);
        restParams.push(at);
      }
    }
  }
  if (results.length > 0) {
    const at = `messages[${messages.length}]`;
    paths.set(at, param);
    resultParams.forEach((client, k) => paths.set(`${at}.content[${k}]`, client));
    messages.push({ role: 'tool', content: results });
  }
  if (rest.length > 0) {
    const at = `messages[${messages.length}]`;
    paths.set(at, param);
    restParams.forEach((client, k) => paths.set(`${at}.content[${k}]`, client));
    messages.push({ role: 'user', content: rest });
  }
}

function textPart(block: Record<string, unknown>, param: string): HubTextPart {
  if (typeof block.text !== 'string') throw new TranslationError('`text` must be a string', `${param}.text`);
  const part: HubTextPart = { type: 'text', text: block.text };
  if (block.cache_control !== undefined) part.providerMetadata = { anthropic: { cacheControl: block.cache_control } };
  return part;
}

/** Text, images and documents; `undefined` for a text block with no text (Anthropic rejects those anyway). */
function userPart(block: Record<string, unknown>, param: string): HubUserPart | undefined {
  switch (block.type) {
    case 'text': {
      const part = textPart(block, param);
      return part.text ? part : undefined;
    }
    case 'image':
      return filePart(block, param, 'image/*');
    case 'document':
      return documentPart(block, param);
    default:
      throw new TranslationError(`content blocks of type '${String(block.type)}' are not supported in user messages`, `${param}.type`);
  }
}

function filePart(block: Record<string, unknown>, param: string, defaultType: string): HubFilePart {
  const source = isJsonObject(block.source) ? block.source : undefined;
  if (!source) throw new TranslationError('a source is required', `${param}.source`);
  let part: HubFilePart;
  switch (source.type) {
    case 'base64':
      if (typeof source.data !== 'string') throw new TranslationError('`data` must be a base64 string', `${param}.source.data`);
      part = { type: 'file', mediaType: typeof source.media_type === 'string' ? source.media_type : defaultType, data: { base64: source.data } };
      break;
    case 'url':
      if (typeof source.url !== 'string') throw new TranslationError('`url` must be a string', `${param}.source.url`);
      part = { type: 'file', mediaType: defaultType, data: { url: source.url } };
      break;
    case 'file':
      if (typeof source.file_id !== 'string') throw new TranslationError('`file_id` must be a string', `${param}.source.file_id`);
      part = { type: 'file', mediaType: defaultType, data: { fileId: source.file_id } };
      break;
    default:
      throw new TranslationError(`sources of type '${String(source.type)}' are not supported`, `${param}.source.type`);
  }
  if (block.cache_control !== undefined) part.providerMetadata = { anthropic: { cacheControl: block.cache_control } };
  return part;
}

/** A PDF (or any file) by bytes, URL or id; a plain-text document is its text. */
function documentPart(block: Record<string, unknown>, param: string): HubUserPart {
  const source = isJsonObject(block.source) ? block.source : {};
  if (source.type === 'text' && typeof source.data === 'string') return { type: 'text', text: source.data };
  if (source.type === 'content' && Array.isArray(source.content)) {
    const texts = source.content.filter((item): item is { text: string } => isJsonObject(item) && typeof item.text === 'string');
    return { type: 'text', text: texts.map((item) => item.text).join('\n') };
  }
  const part = filePart(block, param, 'application/pdf');
  if (typeof block.title === 'string') part.filename = block.title;
  return part;
}

function toolResult(block: Record<string, unknown>, param: string, toolNames: Map<string, string>): HubToolResultPart {
  if (typeof block.tool_use_id !== 'string' || !block.tool_use_id) {
    throw new TranslationError('`tool_use_id` must be a non-empty string', `${param}.tool_use_id`);
  }
  const output: (HubTextPart | HubFilePart)[] = [];
  if (typeof block.content === 'string') {
    output.push({ type: 'text', text: block.content });
  } else if (Array.isArray(block.content)) {
    contentBlocks(block.content, `${param}.content`).forEach(({ block: inner, param: at }) => {
      const part = userPart(inner, at);
      if (part) output.push(part);
    });
  }
  const result: HubToolResultPart = { type: 'tool-result', toolCallId: block.tool_use_id, output };
  const toolName = toolNames.get(block.tool_use_id);
  if (toolName !== undefined) result.toolName = toolName;
  if (block.is_error === true) result.isError = true;
  return result;
}

function assistantPart(block: Record<string, unknown>, param: string, toolNames: Map<string, string>): HubAssistantPart | undefined {
  switch (block.type) {
    case 'text': {
      const text = textPart(block, param);
      return text.text ? text : undefined;
    }
    case 'tool_use': {
      if (typeof block.id !== 'string' || typeof block.name !== 'string') {
        throw new TranslationError('tool_use blocks need a string `id` and `name`', param);
      }
      toolNames.set(block.id, block.name);
      return { type: 'tool-call', toolCallId: block.id, toolName: block.name, input: JSON.stringify(block.input ?? {}) };
    }
    case 'thinking':
      if (typeof block.thinking !== 'string') throw new TranslationError('`thinking` must be a string', `${param}.thinking`);
      return { type: 'reasoning', text: block.thinking, providerMetadata: thinkingMetadata(block.signature) };
    case 'redacted_thinking':
      if (typeof block.data !== 'string') throw new TranslationError('`data` must be a string', `${param}.data`);
      return { type: 'reasoning', text: '', providerMetadata: { anthropic: { redactedData: block.data } } };
    default:
      if (SKIPPED_BLOCKS.has(block.type as string)) return undefined;
      throw new TranslationError(`content blocks of type '${String(block.type)}' are not supported in assistant messages`, `${param}.type`);
  }
}

function thinkingMetadata(signature: unknown): HubProviderMetadata {
  if (isGatewaySignature(signature)) return metadataFromGatewaySignature(signature);
  return typeof signature === 'string' ? { anthropic: { signature } } : {};
}
