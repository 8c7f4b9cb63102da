import type { HubAssistantPart, HubProviderMetadata } from './hub-prompt';

/**
 * Token counts. `inputTokens` counts every input token, cached ones included (OpenAI's convention); the cache
 * figures are subsets of it. The Anthropic encoder subtracts them again, since Anthropic's `input_tokens` excludes them.
 */
export interface HubUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  /** Part of `outputTokens`. */
  reasoningTokens?: number;
}

export type HubFinishReason = 'stop' | 'stop-sequence' | 'length' | 'tool-calls' | 'content-filter' | 'other';

/**
 * One step of a streamed answer, in the Vercel AI SDK's stream-part vocabulary.
 *
 * The grammar upstream decoders guarantee and client encoders may rely on:
 * - `stream-start` comes first, once.
 * - Every `*-delta` falls between the `*-start` and `*-end` of its `id`; every started block is ended before `finish`.
 *   Blocks of different ids may interleave (parallel tool calls in a Chat Completions stream do): an encoder whose API
 *   allows one open block at a time (Anthropic) buffers the later one.
 * - A streamed tool call is `tool-input-start` → `tool-input-delta`* → `tool-input-end` → `tool-call` (with the whole
 *   input); an upstream that sends a call in one piece still produces all four.
 * - The last part is exactly one `finish` or one `error`; nothing follows it.
 */
export type HubStreamPart =
  | { type: 'stream-start'; id?: string; modelId?: string; usage?: HubUsage }
  | { type: 'text-start'; id: string; providerMetadata?: HubProviderMetadata }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string; providerMetadata?: HubProviderMetadata }
  | { type: 'reasoning-start'; id: string; providerMetadata?: HubProviderMetadata }
  | { type: 'reasoning-delta'; id: string; delta: string }
  /** Signatures and encrypted reasoning are usually known only here, at the end of the block. */
  | { type: 'reasoning-end'; id: string; providerMetadata?: HubProviderMetadata }
  | { type: 'tool-input-start'; id: string; toolName: string; providerMetadata?: HubProviderMetadata }
  | { type: 'tool-input-delta'; id: string; delta: string }
  | { type: 'tool-input-end'; id: string }
  | { type: 'tool-call'; toolCallId: string; toolName: string; input: string; providerMetadata?: HubProviderMetadata }
  /** Usage known before the end (Anthropic `message_start`); `finish` carries the final figures. */
  | { type: 'usage'; usage: HubUsage }
  | {
      type: 'finish';
      finishReason: HubFinishReason;
      stopSequence?: string;
      usage: HubUsage;
      /**
       * The upstream body ended cleanly but without its terminal event. Each client encoder decides what its clients
       * need: the Anthropic encoder still closes with `message_delta` + `message_stop`; the chat encoder keeps
       * reporting a truncated stream as an error chunk without `[DONE]`.
       */
      unterminated?: boolean;
    }
  | { type: 'error'; error: HubError };

export interface HubError {
  message: string;
  /** The upstream's own error type when it gave one (`overloaded_error`, `rate_limit_exceeded`, …). */
  type?: string;
  /** An HTTP-like status when known (429, 529, 500 …). */
  status?: number;
}

/** A whole (non-stream) answer. */
export interface HubResponse {
  id?: string;
  modelId?: string;
  /** Text, reasoning and tool calls in the order the model produced them. */
  content: HubAssistantPart[];
  finishReason: HubFinishReason;
  stopSequence?: string;
  usage: HubUsage;
}
