/**
 * The slice of the OpenAI Responses API the translation writes and reads.
 * Reference: https://platform.openai.com/docs/api-reference/responses
 */

export type ResponsesInputContent =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url: string; detail?: string }
  | { type: 'input_file'; file_data?: string; file_id?: string; filename?: string }
  | { type: 'output_text'; text: string };

export type ResponsesInputItem =
  | { type: 'message'; role: 'user' | 'assistant'; content: ResponsesInputContent[] }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'function_call_output'; call_id: string; output: string };

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  strict?: boolean;
}

export type ResponsesToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; name: string };

export type ResponsesTextFormat =
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean };

export type ResponsesRequest = {
  model: string;
  input: ResponsesInputItem[];
  instructions?: string;
  stream: boolean;
  store: false;
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  tools?: ResponsesFunctionTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  reasoning?: { effort: string; summary: 'auto' };
  text?: { format: ResponsesTextFormat };
  user?: string;
};

export type ResponsesOutputItem =
  | { type: 'message'; id?: string; content: ({ type: 'output_text'; text: string } | { type: 'refusal'; refusal: string })[] }
  | {
      type: 'reasoning';
      id?: string;
      summary?: { type: 'summary_text'; text: string }[];
      content?: { type: 'reasoning_text'; text: string }[];
    }
  | { type: 'function_call'; id?: string; call_id: string; name: string; arguments: string };

export interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { cached_tokens?: number };
  output_tokens_details?: { reasoning_tokens?: number };
}

export interface ResponsesResponse {
  object: 'response';
  id: string;
  status: 'completed' | 'incomplete' | 'failed' | 'in_progress' | 'cancelled' | 'queued';
  output: ResponsesOutputItem[];
  incomplete_details?: { reason?: 'max_output_tokens' | 'content_filter' } | null;
  error?: { code?: string; message?: string } | null;
  usage?: ResponsesUsage;
}

/** https://platform.openai.com/docs/api-reference/responses-streaming */
export type ResponsesStreamEvent =
  | { type: 'response.created' | 'response.in_progress' | 'response.queued'; response: ResponsesResponse }
  | { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: ResponsesOutputItem }
  | { type: 'response.output_text.delta'; output_index: number; delta: string }
  | { type: 'response.refusal.delta'; output_index: number; delta: string }
  | { type: 'response.reasoning_summary_part.added'; output_index: number; summary_index: number }
  | { type: 'response.reasoning_summary_text.delta'; output_index: number; summary_index: number; delta: string }
  | { type: 'response.reasoning_text.delta'; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.delta'; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.done'; output_index: number; arguments: string }
  | { type: 'response.completed' | 'response.incomplete' | 'response.failed'; response: ResponsesResponse }
  | { type: 'error'; code?: string | null; message?: string; param?: string | null };
