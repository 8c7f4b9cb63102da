/**
 * The slice of the OpenAI Chat Completions wire format the gateway reads and writes. Only fields the translation
 * touches are typed; everything else a client or upstream sends travels as `unknown`.
 * Reference: https://platform.openai.com/docs/api-reference/chat
 */

export interface ChatTextPart {
  type: 'text';
  text: string;
  /** Vendor extension some clients send for Anthropic prompt caching; copied onto the Anthropic block. */
  cache_control?: unknown;
}

export interface ChatImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export interface ChatAudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: string };
}

export interface ChatFilePart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
}

export interface ChatRefusalPart {
  type: 'refusal';
  refusal: string;
}

export type ChatContentPart = ChatTextPart | ChatImagePart | ChatAudioPart | ChatFilePart | ChatRefusalPart;
export type ChatMessageContent = string | ChatContentPart[];

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatSystemMessage {
  role: 'system' | 'developer';
  content: ChatMessageContent;
  name?: string;
}

export interface ChatUserMessage {
  role: 'user';
  content: ChatMessageContent;
  name?: string;
}

export interface ChatAssistantMessage {
  role: 'assistant';
  content?: ChatMessageContent | null;
  refusal?: string | null;
  tool_calls?: ChatToolCall[];
  /** Echoed back by clients that keep the reasoning we returned; upstreams cannot take it back without a signature. */
  reasoning_content?: string | null;
  name?: string;
}

export interface ChatToolMessage {
  role: 'tool';
  tool_call_id: string;
  content: ChatMessageContent;
}

export type ChatMessage = ChatSystemMessage | ChatUserMessage | ChatAssistantMessage | ChatToolMessage;

export interface ChatFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

export type ChatToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type ChatResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null };
    };

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  /** Not OpenAI, but sent by clients written for Anthropic or Gemini. */
  top_k?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  user?: string;
  tools?: ChatFunctionTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  reasoning_effort?: string | null;
  response_format?: ChatResponseFormat;
  [vendorField: string]: unknown;
}

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
}

export interface ChatCompletionMessage {
  role: 'assistant';
  content: string | null;
  refusal: string | null;
  tool_calls?: ChatToolCall[];
  /** The de-facto field (DeepSeek, vLLM, LiteLLM) for thinking text; the `openai` SDK passes it through. */
  reasoning_content?: string;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: { index: number; message: ChatCompletionMessage; finish_reason: ChatFinishReason; logprobs: null }[];
  usage?: ChatUsage;
  [vendorField: string]: unknown;
}

export interface ChatToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  reasoning_content?: string;
  tool_calls?: ChatToolCallDelta[];
}

export interface ChatChunkChoice {
  index: number;
  delta: ChatDelta;
  finish_reason: ChatFinishReason | null;
  logprobs?: null;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatChunkChoice[];
  /** `null` on every chunk but the last when the client asked for usage, as OpenAI does. */
  usage?: ChatUsage | null;
  [vendorField: string]: unknown;
}

/**
 * What ends a broken stream: written as `data: {"error":{…}}` like any chunk, after which the gateway ends the
 * response without `[DONE]`. The `openai` SDK throws an APIError when it reads a chunk with `error`.
 */
export interface ChatStreamError {
  error: { message: string; type: string; code: string | null; param: null };
}

/** One item a stream converter emits: a chunk to forward, or the terminal error. */
export type ChatStreamItem = ChatCompletionChunk | ChatStreamError;

export function isChatStreamError(item: ChatStreamItem): item is ChatStreamError {
  return 'error' in item && typeof item.error === 'object' && item.error !== null && !('choices' in item);
}
