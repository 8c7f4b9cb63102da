import type { ApiFamily } from './api-family';
import { openAiErrorBody } from './openai-errors';
import type { RecordedRequest } from './recorded-request';
import { namedEvent } from './sse-writer';
import { validateResponsesRequest } from './validate-responses-request';
import { chunkText, estimateTokens, type IdSource, isRecord, nowSeconds } from './wire-helpers';

/** One output item of a scripted Responses answer. */
export type ResponsesItemScript =
  | { type: 'message'; text: string }
  | { type: 'function_call'; name: string; arguments: string | Record<string, unknown>; call_id?: string }
  | { type: 'reasoning'; summary: string[]; encrypted_content?: string };

export interface ResponsesUsageScript {
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
}

/** A scripted Responses answer, served as a Response object or as the semantic event stream. */
export interface ResponsesScript {
  output: ResponsesItemScript[];
  /** 'incomplete' ends the stream with response.incomplete (reason max_output_tokens). */
  status?: 'completed' | 'incomplete';
  usage?: Partial<ResponsesUsageScript>;
  model?: string;
  /** Characters per delta when streamed (default 8). */
  deltaSize?: number;
}

type Item = Record<string, unknown> & { id: string; type: string };

function lastUserText(body: unknown): string {
  const input: unknown = isRecord(body) ? body.input : undefined;
  if (typeof input === 'string') return input;
  const items = Array.isArray(input) ? input : [];
  const last = [...items].reverse().find((item) => isRecord(item) && item.role === 'user');
  const content: unknown = isRecord(last) ? last.content : undefined;
  if (typeof content === 'string') return content;
  const parts = Array.isArray(content) ? content.filter((part) => isRecord(part) && part.type === 'input_text') : [];
  return parts.map((part: { text?: unknown }) => String(part.text)).join(' ');
}

function resolveItems(script: ResponsesScript, ids: IdSource): Item[] {
  return script.output.map((item): Item => {
    switch (item.type) {
      case 'message':
        return {
          id: ids.next('msg_'),
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: item.text, annotations: [], logprobs: [] }],
        };
      case 'function_call':
        return {
          id: ids.next('fc_'),
          type: 'function_call',
          status: 'completed',
          arguments: typeof item.arguments === 'string' ? item.arguments : JSON.stringify(item.arguments),
          call_id: item.call_id ?? ids.next('call_'),
          name: item.name,
        };
      case 'reasoning':
        return {
          id: ids.next('rs_'),
          type: 'reasoning',
          summary: item.summary.map((text) => ({ type: 'summary_text', text })),
          ...(item.encrypted_content !== undefined ? { encrypted_content: item.encrypted_content } : {}),
        };
      default: {
        const unknownItem: never = item;
        throw new Error(`unknown scripted item ${JSON.stringify(unknownItem)}`);
      }
    }
  });
}

function usageOf(script: ResponsesScript, body: unknown, items: Item[]): Record<string, unknown> {
  const record = isRecord(body) ? body : {};
  const input = script.usage?.input_tokens ?? estimateTokens({ instructions: record.instructions, input: record.input, tools: record.tools });
  const reasoningItems = items.filter((item) => item.type === 'reasoning');
  const reasoning = script.usage?.reasoning_tokens ?? (reasoningItems.length > 0 ? estimateTokens(reasoningItems) : 0);
  const output = script.usage?.output_tokens ?? estimateTokens(items);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: script.usage?.cached_tokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: input + output,
  };
}

/** The Response envelope; `state` decides status, output and usage. */
function responseObject(
  id: string,
  request: RecordedRequest,
  script: ResponsesScript,
  state: { status: string; output: Item[]; usage: Record<string, unknown> | null },
): Record<string, unknown> {
  const body = isRecord(request.body) ? request.body : {};
  const reasoning = isRecord(body.reasoning) ? body.reasoning : {};
  return {
    id,
    object: 'response',
    created_at: nowSeconds(),
    status: state.status,
    background: false,
    error: null,
    incomplete_details: state.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: script.model ?? body.model,
    output: state.output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage: state.usage,
    user: null,
    metadata: body.metadata ?? {},
  };
}

/** The events for one output item, without sequence numbers (added by the caller). */
function* itemEvents(item: Item, outputIndex: number, deltaSize: number): Generator<Record<string, unknown>> {
  const at = { item_id: item.id, output_index: outputIndex };
  switch (item.type) {
    case 'message': {
      const part = (item.content as { text: string }[])[0];
      yield { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } };
      const emptyPart = { type: 'output_text', annotations: [], logprobs: [], text: '' };
      yield { type: 'response.content_part.added', ...at, content_index: 0, part: emptyPart };
      for (const delta of chunkText(part.text, deltaSize)) {
        yield { type: 'response.output_text.delta', ...at, content_index: 0, delta, logprobs: [] };
      }
      yield { type: 'response.output_text.done', ...at, content_index: 0, text: part.text, logprobs: [] };
      yield { type: 'response.content_part.done', ...at, content_index: 0, part };
      break;
    }
    case 'function_call': {
      yield { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } };
      const args = String(item.arguments);
      for (const delta of chunkText(args, deltaSize)) yield { type: 'response.function_call_arguments.delta', ...at, delta };
      yield { type: 'response.function_call_arguments.done', ...at, arguments: args };
      break;
    }
    case 'reasoning': {
      yield { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, summary: [] } };
      const summary = item.summary as { text: string }[];
      for (const [summaryIndex, { text }] of summary.entries()) {
        const part = { ...at, summary_index: summaryIndex };
        yield { type: 'response.reasoning_summary_part.added', ...part, part: { type: 'summary_text', text: '' } };
        for (const delta of chunkText(text, deltaSize)) yield { type: 'response.reasoning_summary_text.delta', ...part, delta };
        yield { type: 'response.reasoning_summary_text.done', ...part, text };
        yield { type: 'response.reasoning_summary_part.done', ...part, part: { type: 'summary_text', text } };
      }
      break;
    }
    default:
      yield { type: 'response.output_item.added', output_index: outputIndex, item };
  }
  yield { type: 'response.output_item.done', output_index: outputIndex, item };
}

export const responsesFamily: ApiFamily<ResponsesScript> = {
  name: 'responses',
  acceptsApiKeyHeader: false,
  streamHeaders: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
  errorBody: openAiErrorBody,
  validate: validateResponsesRequest,

  wantsStream(request) {
    return isRecord(request.body) && request.body.stream === true;
  },

  scriptOf(behaviour) {
    return behaviour && 'responsesResponse' in behaviour ? behaviour.responsesResponse : undefined;
  },

  defaultScript(request) {
    return { output: [{ type: 'message', text: `Echo: ${lastUserText(request.body)}` }] };
  },

  textScript(text, deltaSize) {
    return { output: [{ type: 'message', text }], deltaSize };
  },

  toJson(script, request, ids) {
    const output = resolveItems(script, ids);
    const usage = usageOf(script, request.body, output);
    return responseObject(ids.next('resp_'), request, script, { status: script.status ?? 'completed', output, usage });
  },

  *toFrames(script, request, ids) {
    const id = ids.next('resp_');
    const output = resolveItems(script, ids);
    let sequence = 0;
    const frame = (event: Record<string, unknown>): string =>
      namedEvent(String(event.type), { type: event.type, sequence_number: sequence++, ...event });
    const pending = responseObject(id, request, script, { status: 'in_progress', output: [], usage: null });
    yield frame({ type: 'response.created', response: pending });
    yield frame({ type: 'response.in_progress', response: pending });
    for (const [index, item] of output.entries()) {
      for (const event of itemEvents(item, index, script.deltaSize ?? 8)) yield frame(event);
    }
    const status = script.status ?? 'completed';
    const usage = usageOf(script, request.body, output);
    yield frame({ type: `response.${status}`, response: responseObject(id, request, script, { status, output, usage }) });
  },
};
