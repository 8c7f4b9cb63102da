import type { ToolNameMap } from '../../hub/hub-codec';
import type { HubAssistantMessage, HubFilePart, HubRequest, HubToolMessage } from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import { wrapFreeformInput } from '../shared/freeform-tools';
import type { ChatContentPart, ChatMessage } from './chat-completions-api.types';

interface Context {
  toolNames: ToolNameMap;
  freeform: ReadonlySet<string>;
}

/** `input_audio` formats Chat Completions takes. */
const AUDIO_FORMATS: Readonly<Record<string, string>> = { 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/mpeg': 'mp3', 'audio/mp3': 'mp3' };

/** Hub messages → Chat Completions messages: the client's system text first, tool results as `tool` messages. */
export function toChatCompletionsMessages(request: HubRequest, context: Context): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const system = request.system.map((part) => part.text).filter(Boolean);
  if (system.length) messages.push({ role: 'system', content: system.join('\n\n') });
  request.messages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'user': {
        const texts = message.content.every((part) => part.type === 'text');
        const content = texts
          ? message.content.map((part) => (part.type === 'text' ? part.text : '')).join('')
          : message.content.map((part, j) => (part.type === 'text' ? { type: 'text' as const, text: part.text } : filePart(part, `${param}.content[${j}]`)));
        if (content.length) messages.push({ role: 'user', content });
        break;
      }
      case 'assistant': {
        const assistant = assistantMessage(message, param, context);
        if (assistant) messages.push(assistant);
        break;
      }
      case 'tool':
        messages.push(...toolMessages(message, param));
        break;
      default: {
        const unknown: never = message;
        throw new TranslationError(`unsupported message role '${String((unknown as { role: unknown }).role)}'`, `${param}.role`);
      }
    }
  });
  return messages;
}

function filePart(part: HubFilePart, param: string): ChatContentPart {
  const { data, mediaType } = part;
  if (mediaType.startsWith('image/') && !('fileId' in data)) {
    return { type: 'image_url', image_url: { url: 'url' in data ? data.url : `data:${mediaType};base64,${data.base64}` } };
  }
  if ('fileId' in data) return { type: 'file', file: { file_id: data.fileId } };
  const audio = AUDIO_FORMATS[mediaType];
  if (audio && 'base64' in data) return { type: 'input_audio', input_audio: { data: data.base64, format: audio } };
  if (mediaType === 'application/pdf' && 'base64' in data) {
    return { type: 'file', file: { file_data: `data:${mediaType};base64,${data.base64}`, filename: part.filename ?? 'file.pdf' } };
  }
  throw new TranslationError(`files of type ${mediaType} (${'url' in data ? 'by URL' : 'inline'}) are not supported by Chat Completions models`, param);
}

function assistantMessage(message: HubAssistantMessage, param: string, context: Context): ChatMessage | undefined {
  let text = '';
  let reasoning = '';
  const toolCalls: { id: string; type: 'function'; function: { name: string; arguments: string } }[] = [];
  message.content.forEach((part, j) => {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'reasoning':
        // Plain reasoning text (a chat upstream's own `reasoning_content`) goes back the way it came; reasoning that
        // another vendor signed or encrypted means nothing here.
        if (!part.providerMetadata?.anthropic && !part.providerMetadata?.openai && !part.providerMetadata?.google) reasoning += part.text;
        break;
      case 'tool-call': {
        const args = context.freeform.has(part.toolName) ? wrapFreeformInput(part.input) : part.input || '{}';
        toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: context.toolNames.toUpstream(part.toolName), arguments: args } });
        break;
      }
      case 'file':
        throw new TranslationError('Chat Completions models take no files in assistant messages', `${param}.content[${j}]`);
      default: {
        const unknown: never = part;
        throw new TranslationError(`unsupported part '${String((unknown as { type: unknown }).type)}'`, `${param}.content[${j}]`);
      }
    }
  });
  if (!text && !toolCalls.length) return undefined;
  const assistant: ChatMessage = { role: 'assistant', content: text || null };
  if (toolCalls.length) assistant.tool_calls = toolCalls;
  if (reasoning) assistant.reasoning_content = reasoning;
  return assistant;
}

/**
 * Tool messages carry text only (https://platform.openai.com/docs/api-reference/chat/create: a tool message's content
 * is a string or text parts), so files a tool returned follow in one user message after the results, each labelled
 * with its call, rather than being dropped. It goes after all of them: nothing may come between a call and its result.
 */
function toolMessages(message: HubToolMessage, param: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const files: ChatContentPart[] = [];
  message.content.forEach((result, j) => {
    const text = result.output.map((part) => (part.type === 'text' ? part.text : '')).join('');
    const attached = result.output.flatMap((part, k) => (part.type === 'file' ? [filePart(part, `${param}.content[${j}].output[${k}]`)] : []));
    const note = attached.length ? `${text ? '\n' : ''}[${attached.length} file(s) returned by this tool follow in the next user message]` : '';
    messages.push({ role: 'tool', tool_call_id: result.toolCallId, content: `${result.isError ? 'Error: ' : ''}${text}${note}` });
    if (attached.length) files.push({ type: 'text', text: `Files returned by tool call ${result.toolCallId}:` }, ...attached);
  });
  if (files.length) messages.push({ role: 'user', content: files });
  return messages;
}
