/**
 * The translation hub's request side: one provider-neutral conversation that every client API decodes into and every
 * upstream type encodes from, so N client APIs and M upstream types need N + M codecs rather than N × M converters.
 * Modelled on the Vercel AI SDK's `LanguageModelV2Prompt` (vercel/ai: packages/provider/src/language-model/v2/).
 *
 * Rules every codec keeps:
 * - What only one vendor understands (an Anthropic thinking signature, a Responses `encrypted_content`, a Gemini
 *   `thoughtSignature`, an Anthropic `cache_control`) travels in `providerMetadata` and is never dropped by a codec
 *   that does not read it.
 * - Tool-call arguments stay the JSON text the model produced (`input`), never re-serialised, so nothing is lost or
 *   reordered on the way through; a `freeform` tool's input is plain text.
 * - The gateway's configured system prompt is not part of the hub request: the per-type request edit injects it,
 *   exactly as on the transparent routes.
 */

/** Opaque vendor payloads, keyed by the vendor that understands them. Codecs read only their own key. */
export interface HubProviderMetadata {
  anthropic?: {
    /** The signature of a thinking block, as Anthropic returned it. */
    signature?: string;
    /** A `redacted_thinking` block's `data` (the reasoning part's text is then empty). */
    redactedData?: string;
    /** `cache_control` on a text, image, tool or system block. */
    cacheControl?: unknown;
  };
  openai?: {
    /** The Responses output item id (`rs_…`, `fc_…`, `msg_…`). */
    itemId?: string;
    /** A Responses reasoning item's `encrypted_content`. */
    encryptedContent?: string;
    /**
     * On a tool flattened out of a Responses `namespace` tool: the namespace. The hub name is `<namespace>__<name>`,
     * so every upstream sees one flat, unique name; the Responses encoder splits it back into `namespace` and `name`.
     */
    namespace?: string;
  };
  google?: {
    /** Gemini's `thoughtSignature` on a part. */
    thoughtSignature?: string;
  };
  /**
   * Set on reasoning the gateway relayed from a non-Anthropic upstream to an Anthropic-API client: the signature the
   * client sees is ours, and the Anthropic encoder strips such blocks rather than sending them to a real Anthropic model.
   * The vendor payload that signature carried back (`openai`, `google`) is that vendor's own and goes back to it.
   */
  gateway?: { reasoningFrom?: string };
}

export interface HubTextPart {
  type: 'text';
  text: string;
  providerMetadata?: HubProviderMetadata;
}

/** Inline bytes, a URL the upstream fetches, or an upload id the client's API knows. */
export type HubFileData = { base64: string } | { url: string } | { fileId: string };

/** An image, PDF or other file. `mediaType` is `image/png`, `application/pdf`, … (`image/*` when unknown). */
export interface HubFilePart {
  type: 'file';
  mediaType: string;
  data: HubFileData;
  filename?: string;
  providerMetadata?: HubProviderMetadata;
}

/** Model reasoning. Text may be empty (redacted thinking, or encrypted-only Responses reasoning). */
export interface HubReasoningPart {
  type: 'reasoning';
  text: string;
  providerMetadata?: HubProviderMetadata;
}

export interface HubToolCallPart {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  /** The arguments as the model produced them: JSON text for a function tool, plain text for a freeform tool. */
  input: string;
  providerMetadata?: HubProviderMetadata;
}

export interface HubToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** Known to most client APIs; Gemini needs it, so decoders fill it from the matching call when the client omits it. */
  toolName?: string;
  /** Text and files (a screenshot returned by a tool), in order. */
  output: (HubTextPart | HubFilePart)[];
  isError?: boolean;
  providerMetadata?: HubProviderMetadata;
}

export type HubUserPart = HubTextPart | HubFilePart;
export type HubAssistantPart = HubTextPart | HubFilePart | HubReasoningPart | HubToolCallPart;

export interface HubUserMessage {
  role: 'user';
  content: HubUserPart[];
}

export interface HubAssistantMessage {
  role: 'assistant';
  content: HubAssistantPart[];
}

/** Tool results answering the previous assistant message's calls (an Anthropic user turn of `tool_result` blocks). */
export interface HubToolMessage {
  role: 'tool';
  content: HubToolResultPart[];
}

export type HubMessage = HubUserMessage | HubAssistantMessage | HubToolMessage;

export interface HubTool {
  name: string;
  description?: string;
  /**
   * `function`: JSON arguments described by `inputSchema` (the client's JSON Schema, untouched: upstream encoders
   * reduce it to what their API accepts). `freeform`: one plain-text input (a Responses `custom` tool such as Codex's
   * `apply_patch`); encoders for APIs without such tools offer it as a function taking one string.
   */
  kind: 'function' | 'freeform';
  inputSchema: Record<string, unknown>;
  strict?: boolean;
  /** A freeform tool's grammar (`format`), kept for the Responses encoder. */
  format?: unknown;
  providerMetadata?: HubProviderMetadata;
}

export type HubToolChoice = { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; toolName: string };

export type HubReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

/** What the client asked of reasoning; absent means the client said nothing (the upstream's default). */
export interface HubReasoning {
  enabled: boolean;
  effort?: HubReasoningEffort;
  /** An explicit thinking budget (Anthropic `budget_tokens`, Gemini `thinkingBudget`). */
  budgetTokens?: number;
  /** Responses `reasoning.summary`. */
  summary?: 'auto' | 'concise' | 'detailed';
}

export type HubResponseFormat =
  | { type: 'text' }
  | { type: 'json'; schema?: Record<string, unknown>; name?: string; description?: string; strict?: boolean };

export interface HubRequest {
  /** The id the client asked for; upstream encoders use the resolved model they are given. */
  model: string;
  /** The client's own system / developer / `instructions` text, in order. */
  system: HubTextPart[];
  messages: HubMessage[];
  tools: HubTool[];
  toolChoice?: HubToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  reasoning?: HubReasoning;
  responseFormat?: HubResponseFormat;
  stream: boolean;
  /** An end-user id (chat `user`, Anthropic `metadata.user_id`, Responses `user` / `safety_identifier`). */
  user?: string;
}
