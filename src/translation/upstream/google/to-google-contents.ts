import type { ToolNameMap } from '../../hub/hub-codec';
import type { HubAssistantMessage, HubFilePart, HubRequest, HubToolMessage } from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import { toolInputObject } from '../shared/tool-input';
import type { GoogleContent, GooglePart } from './google-api.types';

interface Context {
  toolNames: ToolNameMap;
  freeform: ReadonlySet<string>;
}

/**
 * Hub messages → Gemini `contents`. Gemini's functionResponse names the function, not the call, so each result is
 * matched to its call by id; consecutive same-role turns are merged so parallel function responses share one turn, as
 * Gemini expects. Thought signatures Gemini gave go back on the very part they came on.
 */
export function toGoogleContents(request: HubRequest, context: Context): GoogleContent[] {
  const contents: GoogleContent[] = [];
  const callNames = new Map<string, string>();
  const append = (role: GoogleContent['role'], parts: GooglePart[]) => {
    if (!parts.length) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  request.messages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'user':
        append(
          'user',
          message.content.flatMap((part, j) => (part.type === 'text' ? (part.text ? [{ text: part.text }] : []) : [filePart(part, `${param}.content[${j}]`)])),
        );
        break;
      case 'assistant':
        append('model', modelParts(message, param, context, callNames));
        break;
      case 'tool':
        append('user', functionResponseParts(message, param, context, callNames));
        break;
      default: {
        const unknown: never = message;
        throw new TranslationError(`unsupported message role '${String((unknown as { role: unknown }).role)}'`, `${param}.role`);
      }
    }
  });
  return contents;
}

function filePart(part: HubFilePart, param: string): GooglePart {
  const { data } = part;
  if ('base64' in data) return { inlineData: { mimeType: part.mediaType, data: data.base64 } };
  if ('url' in data) {
    const mimeType = part.mediaType.includes('*') ? (guessMimeType(data.url) ?? part.mediaType) : part.mediaType;
    return { fileData: { mimeType, fileUri: data.url } };
  }
  throw new TranslationError('Google models take files inline or by URL, not by an upload id', param);
}

function modelParts(message: HubAssistantMessage, param: string, context: Context, callNames: Map<string, string>): GooglePart[] {
  const parts: GooglePart[] = [];
  message.content.forEach((part, j) => {
    const signature = part.providerMetadata?.google?.thoughtSignature;
    const signed = signature !== undefined ? { thoughtSignature: signature } : {};
    switch (part.type) {
      case 'text':
        if (part.text || signature !== undefined) parts.push({ text: part.text, ...signed });
        break;
      case 'reasoning':
        // Gemini's own thoughts go back with their signature (also when it travelled inside a gateway-signed thinking
        // block); anyone else's reasoning means nothing to it.
        if (signature !== undefined) parts.push({ text: part.text, thought: true, ...signed });
        break;
      case 'tool-call': {
        callNames.set(part.toolCallId, part.toolName);
        const args = toolInputObject(part.input, context.freeform.has(part.toolName), `${param}.content[${j}].input`);
        parts.push({ functionCall: { name: context.toolNames.toUpstream(part.toolName), args }, ...signed });
        break;
      }
      case 'file':
        throw new TranslationError('Google models take no files in model turns', `${param}.content[${j}]`);
      default: {
        const unknown: never = part;
        throw new TranslationError(`unsupported part '${String((unknown as { type: unknown }).type)}'`, `${param}.content[${j}]`);
      }
    }
  });
  return parts;
}

/**
 * One functionResponse per result, then the files the tools returned as parts of the same user turn (each after a
 * line naming its call): images reach the model rather than being dropped.
 */
function functionResponseParts(message: HubToolMessage, param: string, context: Context, callNames: Map<string, string>): GooglePart[] {
  const responses: GooglePart[] = [];
  const files: GooglePart[] = [];
  message.content.forEach((result, j) => {
    const toolName = result.toolName ?? callNames.get(result.toolCallId);
    if (toolName === undefined) throw new TranslationError('no earlier tool call has this id', `${param}.content[${j}].toolCallId`);
    const text = result.output.map((part) => (part.type === 'text' ? part.text : '')).join('');
    const response = result.isError ? { error: text } : responseObject(text);
    responses.push({ functionResponse: { name: context.toolNames.toUpstream(toolName), response } });
    const attached = result.output.flatMap((part, k) => (part.type === 'file' ? [filePart(part, `${param}.content[${j}].output[${k}]`)] : []));
    if (attached.length) files.push({ text: `Files returned by the ${toolName} call ${result.toolCallId}:` }, ...attached);
  });
  return [...responses, ...files];
}

/** functionResponse.response must be an object: a JSON object result goes as it is, anything else under `result`. */
function responseObject(output: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(output);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Plain text result.
  }
  return { result: output };
}

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
};

/** Gemini wants an exact mime type with fileData; a URL's extension is the hint left when the client gave none. */
function guessMimeType(url: string): string | undefined {
  const path = url.split(/[?#]/, 1)[0];
  return MIME_BY_EXTENSION[path.slice(path.lastIndexOf('.') + 1).toLowerCase()];
}
