import type { ApiFamily } from './api-family';
import { openAiErrorBody } from './openai-errors';
import type { RecordedRequest } from './recorded-request';
import { dataEvent } from './sse-writer';
import { validateChatRequest } from './validate-chat-request';
import { chunkText, estimateTokens, type IdSource, isRecord, nowSeconds } from './wire-helpers';

export interface ChatToolCallScript {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

export interface ChatUsageScript {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
}

/** A scripted Chat Completions answer, served as `chat.completion` or as `chat.completion.chunk` lines. */
export interface ChatScript {
  content?: string | null;
  /** Non-standard field some OpenAI-compatible upstreams send (DeepSeek style); omitted when unset. */
  reasoning_content?: string;
  tool_calls?: ChatToolCallScript[];
  /** Defaults to 'tool_calls' when tool calls are present, else 'stop'. */
  finish_reason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  usage?: Partial<ChatUsageScript>;
  model?: string;
  /** Characters per delta when streamed (default 8). */
  deltaSize?: number;
  /**
   * Stream the tool calls side by side (every call opened first, then their argument fragments round-robin), as some
   * OpenAI-compatible servers do for parallel calls; by default each call is streamed whole before the next.
   */
  interleaveToolCalls?: boolean;
}

interface ResolvedCall {
  id: string;
  name: string;
  arguments: string;
}

function lastUserText(body: unknown): string {
  const messages = isRecord(body) && Array.isArray(body.messages) ? body.messages : [];
  const last = [...messages].reverse().find((message) => isRecord(message) && message.role === 'user');
  const content: unknown = isRecord(last) ? last.content : undefined;
  if (typeof content === 'string') return content;
  const parts = Array.isArray(content) ? content.filter((part) => isRecord(part) && part.type === 'text') : [];
  return parts.map((part: { text?: unknown }) => String(part.text)).join(' ');
}

function resolveCalls(script: ChatScript, ids: IdSource): ResolvedCall[] {
  return (script.tool_calls ?? []).map((call) => ({
    id: call.id ?? ids.next('call_'),
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
}

function finishReasonOf(script: ChatScript): string {
  return script.finish_reason ?? ((script.tool_calls?.length ?? 0) > 0 ? 'tool_calls' : 'stop');
}

function usageOf(script: ChatScript, body: unknown, calls: ResolvedCall[]): Record<string, unknown> {
  const record = isRecord(body) ? body : {};
  const prompt = script.usage?.prompt_tokens ?? estimateTokens({ messages: record.messages, tools: record.tools });
  const completion =
    script.usage?.completion_tokens ?? estimateTokens({ content: script.content, reasoning: script.reasoning_content, calls });
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: script.usage?.cached_tokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: script.usage?.reasoning_tokens ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function toolCallJson(call: ResolvedCall): Record<string, unknown> {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}

export const chatFamily: ApiFamily<ChatScript> = {
  name: 'chat',
  acceptsApiKeyHeader: false,
  streamHeaders: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
  errorBody: openAiErrorBody,
  validate: validateChatRequest,

  wantsStream(request) {
    return isRecord(request.body) && request.body.stream === true;
  },

  scriptOf(behaviour) {
    return behaviour && 'chatResponse' in behaviour ? behaviour.chatResponse : undefined;
  },

  defaultScript(request: RecordedRequest) {
    return { content: `Echo: ${lastUserText(request.body)}` };
  },

  textScript(text, deltaSize) {
    return { content: text, deltaSize };
  },

  toJson(script, request, ids) {
    const calls = resolveCalls(script, ids);
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: script.content ?? null,
      refusal: null,
      annotations: [],
    };
    if (script.reasoning_content !== undefined) message.reasoning_content = script.reasoning_content;
    if (calls.length > 0) message.tool_calls = calls.map(toolCallJson);
    return {
      id: ids.next('chatcmpl-'),
      object: 'chat.completion',
      created: nowSeconds(),
      model: script.model ?? request.body.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasonOf(script) }],
      usage: usageOf(script, request.body, calls),
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    };
  },

  *toFrames(script, request, ids) {
    const calls = resolveCalls(script, ids);
    const withUsage = isRecord(request.body.stream_options) && request.body.stream_options.include_usage === true;
    const envelope = {
      id: ids.next('chatcmpl-'),
      object: 'chat.completion.chunk',
      created: nowSeconds(),
      model: script.model ?? request.body.model,
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    };
    // With include_usage every chunk carries `usage: null` until the final choices-less usage chunk.
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): string =>
      dataEvent({
        ...envelope,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
        ...(withUsage ? { usage: null } : {}),
      });
    const deltaSize = script.deltaSize ?? 8;
    yield chunk({ role: 'assistant', content: '', refusal: null });
    for (const piece of chunkText(script.reasoning_content ?? '', deltaSize)) yield chunk({ reasoning_content: piece });
    for (const piece of chunkText(script.content ?? '', deltaSize)) yield chunk({ content: piece });
    const opening = (index: number, call: ResolvedCall) =>
      chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
    if (script.interleaveToolCalls) {
      for (const [index, call] of calls.entries()) yield opening(index, call);
      const pieces = calls.map((call) => [...chunkText(call.arguments, deltaSize)]);
      for (let round = 0; pieces.some((list) => round < list.length); round += 1) {
        for (const [index, list] of pieces.entries()) {
          if (round < list.length) yield chunk({ tool_calls: [{ index, function: { arguments: list[round] } }] });
        }
      }
    } else {
      for (const [index, call] of calls.entries()) {
        yield opening(index, call);
        for (const piece of chunkText(call.arguments, deltaSize)) yield chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
      }
    }
    yield chunk({}, finishReasonOf(script));
    if (withUsage) yield dataEvent({ ...envelope, choices: [], usage: usageOf(script, request.body, calls) });
    yield 'data: [DONE]\n\n';
  },
};
