import type { ToolNameMap } from '../../hub/hub-codec';
import type { HubAssistantMessage, HubFilePart, HubRequest, HubTextPart, HubToolMessage } from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import type { ResponsesInputContent, ResponsesInputItem, ResponsesReasoningItem } from './openai-responses-api.types';

interface Context {
  toolNames: ToolNameMap;
  /** Client names of freeform tools: Responses takes them natively, as `custom` tools. */
  freeform: ReadonlySet<string>;
}

export interface ResponsesConversation {
  instructions: string | undefined;
  input: ResponsesInputItem[];
  /** Whether encrypted reasoning from an earlier Responses answer goes back (it needs `include` to keep coming). */
  roundTripsReasoning: boolean;
}

/** Hub messages → Responses `instructions` and input items (tool calls, their outputs and reasoning are items). */
export function toOpenAiResponsesInput(request: HubRequest, context: Context): ResponsesConversation {
  const input: ResponsesInputItem[] = [];
  const callNames = new Map<string, string>();
  let roundTripsReasoning = false;
  request.messages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'user': {
        const content = message.content.flatMap((part, j) =>
          part.type === 'text' ? textContent(part) : [fileContent(part, `${param}.content[${j}]`)],
        );
        if (content.length) input.push({ type: 'message', role: 'user', content });
        break;
      }
      case 'assistant': {
        const items = assistantItems(message, context, callNames);
        roundTripsReasoning ||= items.some((item) => item.type === 'reasoning');
        input.push(...items);
        break;
      }
      case 'tool':
        input.push(...toolOutputItems(message, param, context, callNames));
        break;
      default: {
        const unknown: never = message;
        throw new TranslationError(`unsupported message role '${String((unknown as { role: unknown }).role)}'`, `${param}.role`);
      }
    }
  });
  const system = request.system.map((part) => part.text).filter(Boolean);
  return { instructions: system.length ? system.join('\n\n') : undefined, input, roundTripsReasoning };
}

function textContent(part: HubTextPart): ResponsesInputContent[] {
  return part.text ? [{ type: 'input_text', text: part.text }] : [];
}

function fileContent(part: HubFilePart, param: string): ResponsesInputContent {
  const { data, mediaType } = part;
  if (mediaType.startsWith('image/')) {
    if ('fileId' in data) return { type: 'input_image', file_id: data.fileId, detail: 'auto' };
    const url = 'url' in data ? data.url : `data:${mediaType};base64,${data.base64}`;
    return { type: 'input_image', image_url: url, detail: 'auto' };
  }
  if (mediaType.startsWith('audio/') || mediaType.startsWith('video/')) {
    throw new TranslationError(`files of type ${mediaType} are not supported by OpenAI Responses models`, param);
  }
  if ('fileId' in data) return { type: 'input_file', file_id: data.fileId };
  if ('url' in data) return { type: 'input_file', file_url: data.url };
  return { type: 'input_file', filename: part.filename ?? 'file', file_data: `data:${mediaType};base64,${data.base64}` };
}

function assistantItems(message: HubAssistantMessage, context: Context, callNames: Map<string, string>): ResponsesInputItem[] {
  const items: ResponsesInputItem[] = [];
  const reasoningById = new Map<string, ResponsesReasoningItem>();
  for (const part of message.content) {
    switch (part.type) {
      case 'text': {
        if (!part.text) break;
        const last = items.at(-1);
        if (last?.type === 'message' && last.role === 'assistant') last.content.push({ type: 'output_text', text: part.text });
        else items.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: part.text }] });
        break;
      }
      case 'reasoning': {
        // Only reasoning the Responses API itself encrypted can go back (with store:false nothing is kept upstream);
        // reasoning from another upstream has nothing the API could verify. Its encrypted content may have travelled
        // inside a gateway-signed thinking block (`gateway` set): it is still OpenAI's own.
        const openai = part.providerMetadata?.openai;
        if (!openai?.encryptedContent) break;
        const summary = part.text ? [{ type: 'summary_text' as const, text: part.text }] : [];
        const same = openai.itemId ? reasoningById.get(openai.itemId) : undefined;
        if (same) {
          same.summary.push(...summary);
          same.encrypted_content = openai.encryptedContent;
          break;
        }
        const item: ResponsesReasoningItem = { type: 'reasoning', summary, encrypted_content: openai.encryptedContent };
        if (openai.itemId) {
          item.id = openai.itemId;
          reasoningById.set(openai.itemId, item);
        }
        items.push(item);
        break;
      }
      case 'tool-call': {
        callNames.set(part.toolCallId, part.toolName);
        const name = context.toolNames.toUpstream(part.toolName);
        items.push(
          context.freeform.has(part.toolName)
            ? { type: 'custom_tool_call', call_id: part.toolCallId, name, input: part.input }
            : { type: 'function_call', call_id: part.toolCallId, name, arguments: part.input || '{}' },
        );
        break;
      }
      case 'file':
        throw new TranslationError('OpenAI Responses models take no files in assistant messages', 'messages');
      default: {
        const unknown: never = part;
        throw new TranslationError(`unsupported part '${String((unknown as { type: unknown }).type)}'`, 'messages');
      }
    }
  }
  return items;
}

/** Function outputs may hold images and files (input_image / input_file parts), so nothing a tool returned is lost. */
function toolOutputItems(message: HubToolMessage, param: string, context: Context, callNames: Map<string, string>): ResponsesInputItem[] {
  return message.content.map((result, j) => {
    const toolName = result.toolName ?? callNames.get(result.toolCallId);
    const type = toolName !== undefined && context.freeform.has(toolName) ? 'custom_tool_call_output' : 'function_call_output';
    const files = result.output.some((part) => part.type === 'file');
    const output = files
      ? result.output.flatMap((part, k) =>
          part.type === 'text' ? textContent(part) : [fileContent(part, `${param}.content[${j}].output[${k}]`)],
        )
      : result.output.map((part) => (part.type === 'text' ? part.text : '')).join('');
    return { type, call_id: result.toolCallId, output };
  });
}
