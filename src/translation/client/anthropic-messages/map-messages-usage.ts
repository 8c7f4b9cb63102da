import type { HubFinishReason, HubUsage } from '../../hub/hub-stream';

export type MessagesStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

export interface MessagesUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
}

/**
 * Hub usage in Anthropic's terms: `input_tokens` excludes the cache reads and writes (the hub's `inputTokens`
 * includes them, as OpenAI counts).
 */
export function toMessagesUsage(usage: HubUsage): MessagesUsage {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: usage.outputTokens ?? 0,
  };
}

/**
 * The stop reason; a turn that called tools is `tool_use` whatever the upstream said (Gemini answers STOP beside its
 * function calls), since Anthropic clients run tools only on `tool_use`.
 */
export function toMessagesStopReason(reason: HubFinishReason, calledTools: boolean): MessagesStopReason {
  if (calledTools && reason !== 'length') return 'tool_use';
  switch (reason) {
    case 'stop-sequence':
      return 'stop_sequence';
    case 'length':
      return 'max_tokens';
    case 'tool-calls':
      return calledTools ? 'tool_use' : 'end_turn';
    case 'content-filter':
      return 'refusal';
    case 'stop':
    case 'other':
      return 'end_turn';
    default: {
      const unknownReason: never = reason;
      throw new Error(`unknown finish reason ${String(unknownReason)}`);
    }
  }
}

/** A tool call's JSON text as the object Anthropic's `input` must be; text that is not a JSON object is kept whole. */
export function toolInputObject(input: string): Record<string, unknown> {
  if (input.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(input);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Falls through: the client's tool validation reports it to the model, which can retry; `{}` would hide it.
  }
  return { input };
}
