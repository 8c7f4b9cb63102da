import type { ApiFamily } from './api-family';
import type { Behaviour } from './fake-behaviour';
import type { RecordedRequest } from './recorded-request';
import { namedEvent } from './sse-writer';
import { validateAnthropicRequest } from './validate-anthropic-request';
import { chunkText, estimateTokens, type IdSource, isRecord } from './wire-helpers';

/** One content block of a scripted Messages answer; ids and signatures are filled in when omitted. */
export type AnthropicBlockScript =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id?: string; name: string; input: Record<string, unknown> }
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string };

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}

/** A scripted Messages answer, served as JSON or as the SSE event sequence depending on `stream`. */
export interface AnthropicScript {
  content: AnthropicBlockScript[];
  /** Defaults to 'tool_use' when a tool_use block is present, else 'end_turn'. */
  stop_reason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';
  stop_sequence?: string | null;
  usage?: Partial<AnthropicUsage>;
  model?: string;
  /** Characters per text/thinking delta and per input_json_delta fragment when streamed (default 8). */
  deltaSize?: number;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** Tokens counted for a request: the same number count_tokens reports and usage.input_tokens carries. */
export function anthropicInputTokens(body: unknown): number {
  const record = isRecord(body) ? body : {};
  return estimateTokens({ system: record.system, messages: record.messages, tools: record.tools });
}

function lastUserText(body: unknown): string {
  const messages = isRecord(body) && Array.isArray(body.messages) ? body.messages : [];
  const last = [...messages].reverse().find((message) => isRecord(message) && message.role === 'user');
  const content: unknown = isRecord(last) ? last.content : undefined;
  if (typeof content === 'string') return content;
  const texts = Array.isArray(content) ? content.filter((block) => isRecord(block) && block.type === 'text') : [];
  return texts.map((block: { text?: unknown }) => String(block.text)).join(' ');
}

function resolveBlocks(script: AnthropicScript, ids: IdSource): Record<string, unknown>[] {
  return script.content.map((block) => {
    switch (block.type) {
      case 'text':
        return { type: 'text', text: block.text };
      case 'tool_use':
        return { type: 'tool_use', id: block.id ?? ids.next('toolu_'), name: block.name, input: block.input };
      case 'thinking':
        return { type: 'thinking', thinking: block.thinking, signature: block.signature ?? fakeSignature(block.thinking) };
      case 'redacted_thinking':
        return { type: 'redacted_thinking', data: block.data };
      default: {
        const unknownBlock: never = block;
        throw new Error(`unknown scripted block ${JSON.stringify(unknownBlock)}`);
      }
    }
  });
}

function fakeSignature(thinking: string): string {
  return Buffer.from(`fake-signature:${thinking.length}`).toString('base64');
}

function usageOf(script: AnthropicScript, body: unknown, blocks: Record<string, unknown>[]): AnthropicUsage {
  return {
    input_tokens: script.usage?.input_tokens ?? anthropicInputTokens(body),
    cache_creation_input_tokens: script.usage?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: script.usage?.cache_read_input_tokens ?? 0,
    output_tokens: script.usage?.output_tokens ?? estimateTokens(blocks),
  };
}

function stopReasonOf(script: AnthropicScript): string {
  return script.stop_reason ?? (script.content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn');
}

function* blockFrames(block: Record<string, unknown>, index: number, deltaSize: number): Generator<string> {
  const delta = (payload: Record<string, unknown>): string =>
    namedEvent('content_block_delta', { type: 'content_block_delta', index, delta: payload });
  switch (block.type) {
    case 'text':
      yield namedEvent('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const text of chunkText(String(block.text), deltaSize)) yield delta({ type: 'text_delta', text });
      break;
    case 'tool_use':
      yield namedEvent('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      // The real API opens every tool input with an empty fragment.
      yield delta({ type: 'input_json_delta', partial_json: '' });
      for (const partial of chunkText(JSON.stringify(block.input), deltaSize)) {
        yield delta({ type: 'input_json_delta', partial_json: partial });
      }
      break;
    case 'thinking':
      yield namedEvent('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
      for (const thinking of chunkText(String(block.thinking), deltaSize)) yield delta({ type: 'thinking_delta', thinking });
      yield delta({ type: 'signature_delta', signature: block.signature });
      break;
    default:
      yield namedEvent('content_block_start', { type: 'content_block_start', index, content_block: block });
  }
  yield namedEvent('content_block_stop', { type: 'content_block_stop', index });
}

export const anthropicFamily: ApiFamily<AnthropicScript> = {
  name: 'anthropic',
  acceptsApiKeyHeader: true,
  streamHeaders: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },

  errorBody(status, { message }) {
    return { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } };
  },

  validate(request) {
    const message = validateAnthropicRequest(request, { countTokens: false });
    return message === undefined ? undefined : { message };
  },

  wantsStream(request) {
    return isRecord(request.body) && request.body.stream === true;
  },

  scriptOf(behaviour: Behaviour | undefined) {
    return behaviour && 'anthropicResponse' in behaviour ? behaviour.anthropicResponse : undefined;
  },

  defaultScript(request: RecordedRequest) {
    return { content: [{ type: 'text', text: `Echo: ${lastUserText(request.body)}` }] };
  },

  textScript(text, deltaSize) {
    return { content: [{ type: 'text', text }], deltaSize };
  },

  toJson(script, request, ids) {
    const blocks = resolveBlocks(script, ids);
    return {
      id: ids.next('msg_'),
      type: 'message',
      role: 'assistant',
      model: script.model ?? request.body.model,
      content: blocks,
      stop_reason: stopReasonOf(script),
      stop_sequence: script.stop_sequence ?? null,
      usage: usageOf(script, request.body, blocks),
    };
  },

  *toFrames(script, request, ids) {
    const blocks = resolveBlocks(script, ids);
    const usage = usageOf(script, request.body, blocks);
    yield namedEvent('message_start', {
      type: 'message_start',
      message: {
        id: ids.next('msg_'),
        type: 'message',
        role: 'assistant',
        model: script.model ?? request.body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    });
    const deltaSize = script.deltaSize ?? 8;
    for (const [index, block] of blocks.entries()) {
      let first = true;
      for (const frame of blockFrames(block, index, deltaSize)) {
        yield frame;
        // Anthropic sends its ping right after the first content_block_start.
        if (index === 0 && first) yield namedEvent('ping', { type: 'ping' });
        first = false;
      }
    }
    if (blocks.length === 0) yield namedEvent('ping', { type: 'ping' });
    yield namedEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReasonOf(script), stop_sequence: script.stop_sequence ?? null },
      usage: { output_tokens: usage.output_tokens },
    });
    yield namedEvent('message_stop', { type: 'message_stop' });
  },
};
