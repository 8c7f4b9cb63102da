import type { ChatAssistantMessage, ChatContentPart, ChatMessage, ChatToolMessage } from '../chat-completions.types';
import { parseMediaUrl } from '../shared/data-url';
import { contentParts, textParts, unsupportedPart, unsupportedRole } from '../shared/message-content';
import { parseToolArguments } from '../shared/tool-arguments';
import { TranslationError } from '../translation-error';
import type { GoogleContent, GooglePart } from './google-api.types';

export interface GoogleConversation {
  system: string[];
  contents: GoogleContent[];
}

/**
 * Chat messages -> Gemini `contents`. Gemini's functionResponse names the function, not the call, so each tool
 * message is matched to the assistant tool call with its id. Consecutive same-role turns are merged so parallel
 * function responses sit in one turn, as Gemini expects.
 */
export function toGoogleContents(chatMessages: ChatMessage[]): GoogleConversation {
  const system: string[] = [];
  const contents: GoogleContent[] = [];
  const callNames = new Map<string, string>();
  const append = (role: GoogleContent['role'], parts: GooglePart[]) => {
    if (!parts.length) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  chatMessages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        system.push(...textParts(message.content, `${param}.content`, 'system messages').filter(Boolean));
        break;
      case 'user':
        append(
          'user',
          contentParts(message.content, `${param}.content`).map((part, j) => userPart(part, `${param}.content[${j}]`)),
        );
        break;
      case 'assistant':
        append('model', modelParts(message, param, callNames));
        break;
      case 'tool':
        append('user', [functionResponsePart(message, param, callNames)]);
        break;
      default:
        throw unsupportedRole((message as { role: unknown }).role, i);
    }
  });

  return { system, contents };
}

function userPart(part: ChatContentPart, param: string): GooglePart {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image_url':
      return mediaPart(part.image_url?.url, `${param}.image_url.url`);
    case 'input_audio': {
      if (typeof part.input_audio?.data !== 'string') throw new TranslationError('audio data is missing', `${param}.input_audio.data`);
      return { inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data } };
    }
    case 'file':
      if (typeof part.file?.file_data !== 'string') {
        throw new TranslationError('only inline file_data is supported for Google models', `${param}.file`);
      }
      return mediaPart(part.file.file_data, `${param}.file.file_data`);
    case 'refusal':
      throw unsupportedPart(part.type, param, 'user messages');
    default:
      throw unsupportedPart((part as { type: string }).type, param, 'user messages');
  }
}

function mediaPart(url: unknown, param: string): GooglePart {
  const source = parseMediaUrl(url, param);
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  const mimeType = guessMimeType(source.url);
  return { fileData: mimeType ? { mimeType, fileUri: source.url } : { fileUri: source.url } };
}

const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
};

/** Gemini wants a mime type with fileData; the URL's extension is the only hint a chat request carries. */
function guessMimeType(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0];
  const extension = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return MIME_BY_EXTENSION[extension];
}

function modelParts(message: ChatAssistantMessage, param: string, callNames: Map<string, string>): GooglePart[] {
  const parts: GooglePart[] = [];
  contentParts(message.content, `${param}.content`).forEach((part, i) => {
    if (part.type === 'text') parts.push({ text: part.text });
    else if (part.type === 'refusal') parts.push({ text: part.refusal });
    else throw unsupportedPart(part.type, `${param}.content[${i}]`, 'assistant messages');
  });
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    if (!Array.isArray(message.tool_calls)) throw new TranslationError('tool_calls must be an array', `${param}.tool_calls`);
    message.tool_calls.forEach((call, j) => {
      const callParam = `${param}.tool_calls[${j}]`;
      if (typeof call?.function?.name !== 'string') {
        throw new TranslationError('a tool call needs a function name', `${callParam}.function.name`);
      }
      if (typeof call.id === 'string') callNames.set(call.id, call.function.name);
      const args = parseToolArguments(call.function.arguments, `${callParam}.function.arguments`);
      parts.push({ functionCall: { name: call.function.name, args } });
    });
  }
  return parts;
}

function functionResponsePart(message: ChatToolMessage, param: string, callNames: Map<string, string>): GooglePart {
  const name = callNames.get(message.tool_call_id);
  if (name === undefined) {
    throw new TranslationError('no earlier assistant tool call has this id', `${param}.tool_call_id`);
  }
  const output = textParts(message.content, `${param}.content`, 'tool messages for Google models').join('');
  return { functionResponse: { name, response: toResponseObject(output) } };
}

/** functionResponse.response must be an object: a JSON object result goes as is, anything else under `result`. */
function toResponseObject(output: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(output);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Plain text result.
  }
  return { result: output };
}
