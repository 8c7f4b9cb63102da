import type { ChatContentPart } from '../chat-completions.types';
import { TranslationError } from '../translation-error';

/** A message's content as parts: a string is one text part, null/absent is none. Validates the shape it relies on. */
export function contentParts(content: unknown, param: string): ChatContentPart[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  if (!Array.isArray(content)) throw new TranslationError('content must be a string or an array of parts', param);
  return content.map((part: unknown, i) => {
    if (typeof part !== 'object' || part === null || typeof (part as { type?: unknown }).type !== 'string') {
      throw new TranslationError('each content part must be an object with a string `type`', `${param}[${i}]`);
    }
    // The converters read these as strings; anything else would surface as a crash rather than a 400.
    const { type, text, refusal } = part as { type: string; text?: unknown; refusal?: unknown };
    if (type === 'text' && typeof text !== 'string') throw new TranslationError('`text` must be a string', `${param}[${i}].text`);
    if (type === 'refusal' && typeof refusal !== 'string') {
      throw new TranslationError('`refusal` must be a string', `${param}[${i}].refusal`);
    }
    return part as ChatContentPart;
  });
}

/** Content that may only hold text (system, developer and tool messages): one string per part. */
export function textParts(content: unknown, param: string, where: string): string[] {
  return contentParts(content, param).map((part, i) => {
    if (part.type !== 'text') throw unsupportedPart(part.type, `${param}[${i}]`, where);
    return part.text;
  });
}

export function unsupportedPart(type: string, param: string, where: string): TranslationError {
  return new TranslationError(`content parts of type '${type}' are not supported in ${where}`, param);
}

export function unsupportedRole(role: unknown, index: number): TranslationError {
  return new TranslationError(`unsupported message role '${String(role)}'`, `messages[${index}].role`);
}
