import { TranslationError } from '../../translation-error';

/**
 * A replayed tool call's `arguments` as hub input: the client's JSON text itself (never re-serialised), after checking
 * it is a JSON object, since Anthropic and Gemini take arguments as objects and would fail later with less to go on.
 * Empty or absent arguments are `{}`.
 */
export function readToolArguments(args: unknown, param: string): string {
  if (args === undefined || args === null || (typeof args === 'string' && args.trim() === '')) return '{}';
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
  return args;
}
