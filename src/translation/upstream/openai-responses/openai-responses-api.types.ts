/**
 * The slice of the OpenAI Responses API the upstream codec writes and reads.
 * https://platform.openai.com/docs/api-reference/responses
 */

export type ResponsesInputContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url?: string; file_id?: string; detail: 'auto' }
  | { type: 'input_file'; file_data?: string; file_url?: string; file_id?: string; filename?: string };

export interface ResponsesReasoningItem {
  type: 'reasoning';
  id?: string;
  summary: { type: 'summary_text'; text: string }[];
  encrypted_content?: string;
}

export type ResponsesInputItem =
  | { type: 'message'; role: 'user'; content: ResponsesInputContent[] }
  | { type: 'message'; role: 'assistant'; content: { type: 'output_text'; text: string }[] }
  | ResponsesReasoningItem
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'custom_tool_call'; call_id: string; name: string; input: string }
  | { type: 'function_call_output' | 'custom_tool_call_output'; call_id: string; output: string | ResponsesInputContent[] };

export type ResponsesTool =
  | { type: 'function'; name: string; description?: string; parameters: Record<string, unknown>; strict: boolean }
  | { type: 'custom'; name: string; description?: string; format?: unknown };

export type ResponsesToolChoice = 'auto' | 'none' | 'required' | { type: 'function' | 'custom'; name: string };

export type ResponsesTextFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; description?: string; schema: Record<string, unknown>; strict?: boolean };

export type ResponsesRequest = {
  model: string;
  input: ResponsesInputItem[];
  instructions?: string;
  stream: boolean;
  /** The gateway keeps no conversation state upstream. */
  store: false;
  include?: string[];
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  reasoning?: { effort: string; summary: string };
  text?: { format: ResponsesTextFormat };
  user?: string;
};

export type ResponsesOutputItem =
  | {
      type: 'message';
      id?: string;
      content?: ({ type: 'output_text'; text: string } | { type: 'refusal'; refusal: string })[];
    }
  | {
      type: 'reasoning';
      id?: string;
      summary?: { type: 'summary_text'; text: string }[];
      content?: { type: 'reasoning_text'; text: string }[];
      encrypted_content?: string | null;
    }
  | { type: 'function_call'; id?: string; call_id: string; name: string; arguments?: string }
  | { type: 'custom_tool_call'; id?: string; call_id: string; name: string; input?: string }
  | { type: 'web_search_call' | 'file_search_call' | 'image_generation_call'; id?: string };

export interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { cached_tokens?: number };
  output_tokens_details?: { reasoning_tokens?: number };
}

export type ResponsesStatus = 'completed' | 'incomplete' | 'failed' | 'in_progress' | 'cancelled' | 'queued';

export interface ResponsesResponse {
  object: 'response';
  id: string;
  model?: string;
  status: ResponsesStatus;
  output: ResponsesOutputItem[];
  incomplete_details?: { reason?: 'max_output_tokens' | 'content_filter' } | null;
  error?: { code?: string; message?: string } | null;
  usage?: ResponsesUsage;
}

/** https://platform.openai.com/docs/api-reference/responses-streaming */
export type ResponsesStreamEvent =
  | { type: 'response.created' | 'response.in_progress' | 'response.queued'; response: ResponsesResponse }
  | { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: ResponsesOutputItem }
  | { type: 'response.output_text.delta' | 'response.refusal.delta'; output_index: number; delta: string }
  | { type: 'response.reasoning_summary_part.added'; output_index: number; summary_index: number }
  | { type: 'response.reasoning_summary_text.delta' | 'response.reasoning_text.delta'; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.delta' | 'response.custom_tool_call_input.delta'; output_index: number; delta: string }
  | { type: 'response.completed' | 'response.incomplete' | 'response.failed'; response: ResponsesResponse }
  | { type: 'error'; code?: string | null; message?: string; param?: string | null };
