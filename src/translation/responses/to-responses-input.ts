import type { ChatAssistantMessage, ChatMessage, ChatToolMessage } from '../chat-completions.types';
import { parseMediaUrl } from '../shared/data-url';
import { contentParts, textParts, unsupportedPart, unsupportedRole } from '../shared/message-content';
import { TranslationError } from '../translation-error';
import type { ResponsesInputContent, ResponsesInputItem } from './responses-api.types';

export interface ResponsesConversation {
  /** System and developer texts in order; undefined when there are none. */
  instructions: string | undefined;
  input: ResponsesInputItem[];
}

/** Chat messages -> Responses `instructions` + `input` items (tool calls and results become their own items). */
export function toResponsesInput(chatMessages: ChatMessage[]): ResponsesConversation {
  const instructions: string[] = [];
  const input: ResponsesInputItem[] = [];

  chatMessages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textParts(message.content, `${param}.content`, 'system messages').join('\n');
        if (text) instructions.push(text);
        break;
      }
      case 'user': {
        const content = userContent(message.content, `${param}.content`);
        if (content.length) input.push({ type: 'message', role: 'user', content });
        break;
      }
      case 'assistant':
        input.push(...assistantItems(message, param));
        break;
      case 'tool':
        input.push(toolOutputItem(message, param));
        break;
      default:
        throw unsupportedRole((message as { role: unknown }).role, i);
    }
  });

  return { instructions: instructions.length ? instructions.join('\n\n') : undefined, input };
}

function userContent(content: unknown, param: string): ResponsesInputContent[] {
  return contentParts(content, param).map((part, i): ResponsesInputContent => {
    const partParam = `${param}[${i}]`;
    switch (part.type) {
      case 'text':
        return { type: 'input_text', text: part.text };
      case 'image_url': {
        // Validates the URL; Responses takes data and http(s) URLs alike as a plain string.
        parseMediaUrl(part.image_url?.url, `${partParam}.image_url.url`);
        return { type: 'input_image', image_url: part.image_url.url, detail: part.image_url.detail ?? 'auto' };
      }
      case 'file':
        return { type: 'input_file', ...part.file };
      case 'input_audio':
      case 'refusal':
        throw unsupportedPart(part.type, partParam, 'user messages for OpenAI Responses models');
      default:
        throw unsupportedPart((part as { type: string }).type, partParam, 'user messages');
    }
  });
}

function assistantItems(message: ChatAssistantMessage, param: string): ResponsesInputItem[] {
  const items: ResponsesInputItem[] = [];
  const content: ResponsesInputContent[] = [];
  contentParts(message.content, `${param}.content`).forEach((part, i) => {
    if (part.type === 'text') content.push({ type: 'output_text', text: part.text });
    else if (part.type === 'refusal') content.push({ type: 'output_text', text: part.refusal });
    else throw unsupportedPart(part.type, `${param}.content[${i}]`, 'assistant messages');
  });
  if (content.length) items.push({ type: 'message', role: 'assistant', content });

  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    if (!Array.isArray(message.tool_calls)) throw new TranslationError('tool_calls must be an array', `${param}.tool_calls`);
    message.tool_calls.forEach((call, j) => {
      const callParam = `${param}.tool_calls[${j}]`;
      if (typeof call?.id !== 'string' || !call.id) throw new TranslationError('a tool call needs a string id', `${callParam}.id`);
      if (typeof call.function?.name !== 'string') {
        throw new TranslationError('a tool call needs a function name', `${callParam}.function.name`);
      }
      const args = call.function.arguments;
      if (args !== undefined && typeof args !== 'string') {
        throw new TranslationError('arguments must be a JSON string', `${callParam}.function.arguments`);
      }
      items.push({ type: 'function_call', call_id: call.id, name: call.function.name, arguments: args || '{}' });
    });
  }
  return items;
}

function toolOutputItem(message: ChatToolMessage, param: string): ResponsesInputItem {
  if (typeof message.tool_call_id !== 'string' || !message.tool_call_id) {
    throw new TranslationError('a tool message needs the tool_call_id it answers', `${param}.tool_call_id`);
  }
  const output = textParts(message.content, `${param}.content`, 'tool messages for OpenAI Responses models').join('');
  return { type: 'function_call_output', call_id: message.tool_call_id, output };
}
