import type { ToolNameMap } from '../../hub/hub-codec';
import type {
  HubAssistantMessage,
  HubFilePart,
  HubProviderMetadata,
  HubReasoningPart,
  HubRequest,
  HubTextPart,
  HubToolMessage,
  HubUserPart,
} from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import { toolInputObject } from '../shared/tool-input';
import type {
  AnthropicAssistantBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicUserBlock,
} from './anthropic-api.types';

export interface AnthropicConversation {
  system: AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

interface Context {
  toolNames: ToolNameMap;
  freeform: ReadonlySet<string>;
}

/**
 * Hub messages → Anthropic `system` and strictly alternating turns: tool results ride in user turns (ahead of any
 * text, as the API requires), consecutive same-role turns are merged, empty text blocks (which the API rejects) are
 * left out, and a final assistant prefill loses its trailing whitespace.
 */
export function toAnthropicMessages(request: HubRequest, context: Context): AnthropicConversation {
  const system = request.system.filter((part) => part.text !== '').map(textBlock);
  const messages: AnthropicMessage[] = [];
  request.messages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'user':
        appendUser(messages, message.content.flatMap((part, j) => userBlocks(part, `${param}.content[${j}]`)));
        break;
      case 'assistant':
        appendAssistant(messages, assistantBlocks(message, param, context));
        break;
      case 'tool':
        appendUser(messages, toolResultBlocks(message));
        break;
      default: {
        const unknown: never = message;
        throw new TranslationError(`unsupported message role '${String((unknown as { role: unknown }).role)}'`, `${param}.role`);
      }
    }
  });
  if (!messages.length) throw new TranslationError('at least one user or assistant message is required', 'messages');
  trimFinalAssistantText(messages);
  return { system, messages };
}

function appendUser(messages: AnthropicMessage[], blocks: AnthropicUserBlock[]): void {
  if (!blocks.length) return;
  const last = messages.at(-1);
  if (last?.role !== 'user') {
    messages.push({ role: 'user', content: toolResultsFirst(blocks) });
    return;
  }
  last.content = toolResultsFirst([...last.content, ...blocks]);
}

function appendAssistant(messages: AnthropicMessage[], blocks: AnthropicAssistantBlock[]): void {
  if (!blocks.length) return;
  const last = messages.at(-1);
  if (last?.role === 'assistant') last.content.push(...blocks);
  else messages.push({ role: 'assistant', content: blocks });
}

function toolResultsFirst(blocks: AnthropicUserBlock[]): AnthropicUserBlock[] {
  return [...blocks.filter((block) => block.type === 'tool_result'), ...blocks.filter((block) => block.type !== 'tool_result')];
}

function userBlocks(part: HubUserPart, param: string): AnthropicUserBlock[] {
  if (part.type === 'text') return part.text ? [textBlock(part)] : [];
  return [fileBlock(part, param)];
}

function textBlock(part: HubTextPart): AnthropicTextBlock {
  return withCacheControl<AnthropicTextBlock>({ type: 'text', text: part.text }, part.providerMetadata);
}

function fileBlock(part: HubFilePart, param: string): AnthropicImageBlock | AnthropicDocumentBlock {
  const source =
    'base64' in part.data
      ? { type: 'base64' as const, media_type: part.mediaType, data: part.data.base64 }
      : 'url' in part.data
        ? { type: 'url' as const, url: part.data.url }
        : { type: 'file' as const, file_id: part.data.fileId };
  if (part.mediaType.startsWith('image/')) {
    return withCacheControl<AnthropicImageBlock>({ type: 'image', source }, part.providerMetadata);
  }
  if (part.mediaType === 'application/pdf') {
    const block: AnthropicDocumentBlock = { type: 'document', source };
    if (part.filename) block.title = part.filename;
    return withCacheControl(block, part.providerMetadata);
  }
  if (part.mediaType === 'text/plain' && 'base64' in part.data) {
    const data = Buffer.from(part.data.base64, 'base64').toString('utf8');
    return withCacheControl<AnthropicDocumentBlock>(
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data } },
      part.providerMetadata,
    );
  }
  throw new TranslationError(`files of type ${part.mediaType} are not supported by Anthropic models`, param);
}

function assistantBlocks(message: HubAssistantMessage, param: string, context: Context): AnthropicAssistantBlock[] {
  const blocks: AnthropicAssistantBlock[] = [];
  message.content.forEach((part, j) => {
    const partParam = `${param}.content[${j}]`;
    switch (part.type) {
      case 'text':
        if (part.text) blocks.push(textBlock(part));
        break;
      case 'reasoning': {
        const block = thinkingBlock(part);
        if (block) blocks.push(block);
        break;
      }
      case 'tool-call': {
        const freeform = context.freeform.has(part.toolName);
        const input = toolInputObject(part.input, freeform, `${partParam}.input`);
        blocks.push({ type: 'tool_use', id: part.toolCallId, name: context.toolNames.toUpstream(part.toolName), input });
        break;
      }
      case 'file':
        throw new TranslationError('Anthropic models take no files in assistant messages', partParam);
      default: {
        const unknown: never = part;
        throw new TranslationError(`unsupported part '${String((unknown as { type: unknown }).type)}'`, partParam);
      }
    }
  });
  return blocks;
}

/**
 * Only thinking Anthropic itself signed goes back, unchanged; reasoning from another upstream (no Anthropic signature,
 * or the gateway's own stand-in signature marked in `gateway`) would be rejected as a forged block, so it is left out.
 */
function thinkingBlock(part: HubReasoningPart): AnthropicAssistantBlock | undefined {
  const anthropic = part.providerMetadata?.anthropic;
  if (!anthropic || part.providerMetadata?.gateway) return undefined;
  if (anthropic.redactedData !== undefined) return { type: 'redacted_thinking', data: anthropic.redactedData };
  if (anthropic.signature !== undefined) return { type: 'thinking', thinking: part.text, signature: anthropic.signature };
  return undefined;
}

function toolResultBlocks(message: HubToolMessage): AnthropicToolResultBlock[] {
  return message.content.map((result, j) => {
    const content = result.output.flatMap((part, k): (AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock)[] =>
      part.type === 'text' ? (part.text ? [textBlock(part)] : []) : [fileBlock(part, `tool_result[${j}].output[${k}]`)],
    );
    // A result with nothing in it goes without `content`: an empty text block would be rejected.
    const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: result.toolCallId };
    if (content.length) block.content = content;
    if (result.isError) block.is_error = true;
    return withCacheControl(block, result.providerMetadata);
  });
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

function withCacheControl<T extends { cache_control?: unknown }>(block: T, metadata: HubProviderMetadata | undefined): T {
  const cacheControl = metadata?.anthropic?.cacheControl;
  if (cacheControl !== undefined) block.cache_control = cacheControl;
  return block;
}
