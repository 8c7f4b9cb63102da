import { TranslationError } from '../translation-error';

/** Tool-call `arguments` (a JSON string) as the object Anthropic and Gemini want; empty means no arguments. */
export function parseToolArguments(args: unknown, param: string): Record<string, unknown> {
  if (args === undefined || args === null || (typeof args === 'string' && args.trim() === '')) return {};
  if (typeof args !== 'string') throw new TranslationError('arguments must be a JSON string', param);
  let value: unknown;
  try {
    value = JSON.parse(args);
  } catch {
    throw new TranslationError('arguments are not valid JSON', param);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TranslationError('arguments must be a JSON object', param);
  }
  return value as Record<string, unknown>;
}
