import type { HubRequest, HubTool } from '../../hub/hub-prompt';

/**
 * Freeform tools (a Responses `custom` tool such as Codex's `apply_patch`) take one plain-text input. Upstreams without
 * such tools are offered a function taking `{"input": string}`, and the call's argument is unwrapped back into text.
 */
export const FREEFORM_INPUT_FIELD = 'input';

export function freeformFunctionSchema(tool: HubTool): Record<string, unknown> {
  const grammar = describeGrammar(tool.format);
  return {
    type: 'object',
    properties: {
      [FREEFORM_INPUT_FIELD]: {
        type: 'string',
        description: `The raw text input of the ${tool.name} tool, exactly as the tool expects it${grammar}.`,
      },
    },
    required: [FREEFORM_INPUT_FIELD],
    additionalProperties: false,
  };
}

/** A freeform tool's text as the wrapped function's JSON arguments. */
export function wrapFreeformInput(text: string): string {
  return JSON.stringify({ [FREEFORM_INPUT_FIELD]: text });
}

/**
 * The wrapped function's JSON arguments back to the tool's text. Arguments that are not the expected object (a model
 * that answered with the text itself) are passed on as they are rather than lost.
 */
export function unwrapFreeformInput(args: string): string {
  try {
    const value: unknown = JSON.parse(args);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const input = (value as Record<string, unknown>)[FREEFORM_INPUT_FIELD];
      if (typeof input === 'string') return input;
    }
  } catch {
    // Not JSON: keep the text.
  }
  return args;
}

/** Client names of the request's freeform tools. */
export function freeformToolNames(request: HubRequest): Set<string> {
  return new Set(request.tools.filter((tool) => tool.kind === 'freeform').map((tool) => tool.name));
}

/** A Responses custom tool's `format` (`{type:'grammar', syntax, definition}`) told to the model in words. */
function describeGrammar(format: unknown): string {
  if (typeof format !== 'object' || format === null) return '';
  const { type, syntax, definition } = format as Record<string, unknown>;
  if (type !== 'grammar' || typeof definition !== 'string') return '';
  return `, following this ${typeof syntax === 'string' && syntax ? `${syntax} ` : ''}grammar:\n${definition}`;
}
