import type { ClientResponseContext } from '../../hub/hub-codec';
import type { HubProviderMetadata } from '../../hub/hub-prompt';
import type { HubFinishReason, HubUsage } from '../../hub/hub-stream';
import { gatewayEncryptedContent } from './gateway-reasoning';
import { responsesToolRef } from './responses-tool-names';

export type ResponsesItem = Record<string, unknown> & { id: string; type: string };
export type ResponsesStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** Item ids in OpenAI's style, unique within the response (`msg_…`, `rs_…`, `fc_…`, `ctc_…`). */
export function itemId(context: ClientResponseContext, prefix: string, index: number): string {
  return `${prefix}_${context.id.replace(/^resp_/, '')}${index.toString(16).padStart(4, '0')}`;
}

export function outputText(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function messageItem(id: string, text: string, status: ResponsesStatus): ResponsesItem {
  return { id, type: 'message', status, role: 'assistant', content: status === 'in_progress' ? [] : [outputText(text)] };
}

/** A reasoning item: the text as one summary part, the vendor payload (if any) as `encrypted_content`. */
export function reasoningItem(id: string, text: string, metadata: HubProviderMetadata | undefined, done: boolean): ResponsesItem {
  const item: ResponsesItem = { id, type: 'reasoning', summary: done && text ? [{ type: 'summary_text', text }] : [] };
  if (!done) return item;
  const encrypted = gatewayEncryptedContent(text, metadata);
  if (encrypted !== undefined) item.encrypted_content = encrypted;
  return item;
}

/** A function or custom tool call, named (and namespaced) as the client declared the tool. */
export function callItem(
  context: ClientResponseContext,
  index: number,
  call: { toolCallId: string; toolName: string; input: string },
  status: ResponsesStatus,
): ResponsesItem {
  const ref = responsesToolRef(context.request, call.toolName);
  const item: ResponsesItem = ref.freeform
    ? { id: itemId(context, 'ctc', index), type: 'custom_tool_call', status, call_id: call.toolCallId, name: ref.name, input: call.input }
    : { id: itemId(context, 'fc', index), type: 'function_call', status, arguments: call.input, call_id: call.toolCallId, name: ref.name };
  if (ref.namespace) item.namespace = ref.namespace;
  return item;
}

export function toResponsesUsage(usage: HubUsage): Record<string, unknown> {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}

/** `completed`, or `incomplete` with OpenAI's reason when the answer was cut by the output limit or a filter. */
export function statusOf(reason: HubFinishReason): { status: ResponsesStatus; incomplete_details: { reason: string } | null } {
  if (reason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content-filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** The `response` object, as `response.created` (in progress, no output) and the terminal events carry it. */
export function responseObject(
  context: ClientResponseContext,
  state: {
    status: ResponsesStatus;
    output: ResponsesItem[];
    usage: Record<string, unknown> | null;
    incomplete_details?: { reason: string } | null;
    error?: { code: string; message: string } | null;
  },
): Record<string, unknown> {
  const { request } = context;
  return {
    id: context.id,
    object: 'response',
    created_at: context.created,
    status: state.status,
    background: false,
    error: state.error ?? null,
    incomplete_details: state.incomplete_details ?? null,
    instructions: null,
    max_output_tokens: request.maxOutputTokens ?? null,
    model: context.model,
    output: state.output,
    parallel_tool_calls: request.parallelToolCalls ?? true,
    previous_response_id: null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    store: false,
    temperature: request.temperature ?? 1,
    text: { format: { type: request.responseFormat?.type === 'json' ? 'json_object' : 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: request.topP ?? 1,
    truncation: 'disabled',
    usage: state.usage,
    user: null,
    metadata: {},
  };
}
