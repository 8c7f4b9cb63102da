/**
 * The slice of the Chat Completions API the upstream codec writes and reads (`common` models: Factory's
 * OpenAI-compatible endpoint in front of Fireworks and others). https://platform.openai.com/docs/api-reference/chat
 */

export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'input_audio'; input_audio: { data: string; format: string } }
  | { type: 'file'; file: { file_data?: string; file_id?: string; filename?: string } };

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[]; reasoning_content?: string }
  /** Tool results are text only: images a tool returned follow in a user message. */
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ChatTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean };
}

export type ChatToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export type ChatResponseFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; description?: string; schema: Record<string, unknown>; strict?: boolean } };

export type ChatRequest = {
  model: string;
  messages: ChatMessage[];
  stream: boolean;
  stream_options?: { include_usage: true };
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  /** Not OpenAI, but taken by the open-model hosts behind `common`. */
  top_k?: number;
  stop?: string[];
  user?: string;
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  reasoning_effort?: string;
  response_format?: ChatResponseFormat;
};

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

export interface ChatCompletionMessage {
  content?: string | null;
  refusal?: string | null;
  /** The de-facto field (DeepSeek, vLLM, Fireworks) for thinking text; some hosts call it `reasoning`. */
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: ChatToolCall[] | null;
}

export interface ChatCompletion {
  id?: string;
  model?: string;
  choices: { index?: number; message?: ChatCompletionMessage; finish_reason?: ChatFinishReason | null }[];
  usage?: ChatUsage | null;
}

export interface ChatToolCallDelta {
  index?: number;
  id?: string | null;
  type?: 'function';
  function?: { name?: string | null; arguments?: string | null };
}

export interface ChatCompletionChunk {
  id?: string;
  model?: string;
  choices?: {
    index?: number;
    delta?: {
      content?: string | null;
      refusal?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: ChatToolCallDelta[] | null;
    };
    finish_reason?: ChatFinishReason | null;
  }[];
  usage?: ChatUsage | null;
  error?: unknown;
}
