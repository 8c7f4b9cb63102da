import type { ChatFunctionTool } from '../chat-completions.types';
import { TranslationError } from '../translation-error';

export interface FunctionToolSpec {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean;
}

/** The chat `tools` array, validated and flattened; every upstream takes function tools only. */
export function toFunctionTools(tools: ChatFunctionTool[]): FunctionToolSpec[] {
  if (!Array.isArray(tools)) throw new TranslationError('tools must be an array', 'tools');
  return tools.map((tool, i) => {
    if (tool?.type !== 'function') {
      throw new TranslationError(`tools of type '${String(tool?.type)}' are not supported`, `tools[${i}].type`);
    }
    const fn = tool.function;
    if (typeof fn?.name !== 'string' || !fn.name) throw new TranslationError('a tool needs a name', `tools[${i}].function.name`);
    const spec: FunctionToolSpec = { name: fn.name };
    if (typeof fn.description === 'string') spec.description = fn.description;
    if (typeof fn.parameters === 'object' && fn.parameters !== null) spec.parameters = fn.parameters;
    if (typeof fn.strict === 'boolean') spec.strict = fn.strict;
    return spec;
  });
}
