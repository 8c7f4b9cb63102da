import type { ChatAssistantMessage, ChatMessage, ChatToolMessage } from '../chat-completions.types';
import { parseMediaUrl } from '../shared/data-url';
import { contentParts, unsupportedPart, unsupportedRole } from '../shared/message-content';
import { parseToolArguments } from '../shared/tool-arguments';
import { TranslationError } from '../translation-error';
import type {
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicRequestBlock,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from './anthropic-api.types';

export interface AnthropicConversation {
  system: AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

/**
 * Chat messages -> Anthropic `system` + strictly alternating turns. System and developer messages may sit anywhere
 * in a chat; Anthropic has one top-level system, so they are collected in order. Tool results ride in user turns,
 * and consecutive same-role turns are merged because Anthropic rejects two in a row.
 */
export function toAnthropicMessages(chatMessages: ChatMessage[]): AnthropicConversation {
  const system: AnthropicTextBlock[] = [];
  const messages: AnthropicMessage[] = [];
  const append = (role: AnthropicMessage['role'], blocks: AnthropicRequestBlock[]) => {
    if (!blocks.length) return;
    const last = messages.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };

  chatMessages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...contentBlocks(message.content, `${param}.content`, 'system messages', false));
        break;
      case 'user':
        append('user', contentBlocks(message.content, `${param}.content`, 'user messages for Anthropic models', true));
        break;
      case 'assistant':
        append('assistant', assistantBlocks(message, param));
        break;
      case 'tool':
        append('user', [toolResultBlock(message, param)]);
        break;
      default:
        throw unsupportedRole((message as { role: unknown }).role, i);
    }
  });

  if (!messages.length) throw new TranslationError('at least one user or assistant message is required', 'messages');
  trimFinalAssistantText(messages);
  return { system, messages };
}

function contentBlocks(content: unknown, param: string, where: string, images: true): (AnthropicTextBlock | AnthropicImageBlock)[];
function contentBlocks(content: unknown, param: string, where: string, images: false): AnthropicTextBlock[];
function contentBlocks(content: unknown, param: string, where: string, images: boolean): (AnthropicTextBlock | AnthropicImageBlock)[] {
  const blocks: (AnthropicTextBlock | AnthropicImageBlock)[] = [];
  contentParts(content, param).forEach((part, i) => {
    const partParam = `${param}[${i}]`;
    if (part.type === 'text') {
      // Anthropic rejects empty text blocks.
      if (!part.text) return;
      const block: AnthropicTextBlock = { type: 'text', text: part.text };
      if (part.cache_control !== undefined) block.cache_control = part.cache_control;
      blocks.push(block);
    } else if (part.type === 'image_url' && images) {
      blocks.push(imageBlock(part.image_url?.url, `${partParam}.image_url.url`));
    } else {
      throw unsupportedPart(part.type, partParam, where);
    }
  });
  return blocks;
}

function imageBlock(url: unknown, param: string): AnthropicImageBlock {
  const source = parseMediaUrl(url, param);
  return source.kind === 'base64'
    ? { type: 'image', source: { type: 'base64', media_type: source.mediaType, data: source.data } }
    : { type: 'image', source: { type: 'url', url: source.url } };
}

function assistantBlocks(message: ChatAssistantMessage, param: string): AnthropicRequestBlock[] {
  const blocks: AnthropicRequestBlock[] = [];
  contentParts(message.content, `${param}.content`).forEach((part, i) => {
    if (part.type === 'text') {
      if (part.text) blocks.push({ type: 'text', text: part.text });
    } else if (part.type === 'refusal') {
      if (part.refusal) blocks.push({ type: 'text', text: part.refusal });
    } else {
      throw unsupportedPart(part.type, `${param}.content[${i}]`, 'assistant messages');
    }
  });
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    if (!Array.isArray(message.tool_calls)) throw new TranslationError('tool_calls must be an array', `${param}.tool_calls`);
    message.tool_calls.forEach((call, j) => blocks.push(toolUseBlock(call, `${param}.tool_calls[${j}]`)));
  }
  return blocks;
}

function toolUseBlock(call: unknown, param: string): AnthropicToolUseBlock {
  const c = call as { id?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
  if (typeof c?.id !== 'string' || !c.id) throw new TranslationError('a tool call needs a string id', `${param}.id`);
  if (typeof c.function?.name !== 'string') {
    throw new TranslationError('a tool call needs a function name', `${param}.function.name`);
  }
  const input = parseToolArguments(c.function.arguments, `${param}.function.arguments`);
  return { type: 'tool_use', id: c.id, name: c.function.name, input };
}

function toolResultBlock(message: ChatToolMessage, param: string): AnthropicToolResultBlock {
  if (typeof message.tool_call_id !== 'string' || !message.tool_call_id) {
    throw new TranslationError('a tool message needs the tool_call_id it answers', `${param}.tool_call_id`);
  }
  const content =
    typeof message.content === 'string'
      ? message.content
      : contentBlocks(message.content, `${param}.content`, 'tool messages', true);
  return { type: 'tool_result', tool_use_id: message.tool_call_id, content };
}

/** A final assistant turn is a prefill, and Anthropic rejects a prefill that ends in whitespace. */
function trimFinalAssistantText(messages: AnthropicMessage[]): void {
  const last = messages.at(-1);
  if (last?.role !== 'assistant') return;
  const block = last.content.at(-1);
  if (block?.type !== 'text') return;
  block.text = block.text.trimEnd();
  if (!block.text) last.content.pop();
  if (!last.content.length) messages.pop();
}
