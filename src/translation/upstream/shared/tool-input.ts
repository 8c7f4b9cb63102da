import { TranslationError } from '../../translation-error';
import { FREEFORM_INPUT_FIELD } from './freeform-tools';

/**
 * A tool call's input as the JSON object Anthropic (`tool_use.input`) and Gemini (`functionCall.args`) want: a freeform
 * tool's text wrapped as `{"input": text}`, empty arguments as `{}`. Throws TranslationError on arguments that are not
 * a JSON object, naming the call.
 */
export function toolInputObject(input: string, freeform: boolean, param: string): Record<string, unknown> {
  if (freeform) return { [FREEFORM_INPUT_FIELD]: input };
  if (input.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    throw new TranslationError('tool call arguments are not valid JSON', param);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TranslationError('tool call arguments must be a JSON object', param);
  }
  return value as Record<string, unknown>;
}

/** Tool-result text as one string, for APIs whose tool results are text only. */
export function joinText(parts: readonly { type: string; text?: string }[]): string {
  return parts.map((part) => (part.type === 'text' ? (part.text ?? '') : '')).join('');
}
