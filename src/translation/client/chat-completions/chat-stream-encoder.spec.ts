import { createParser } from 'eventsource-parser';
import type { ClientResponseContext } from '../../hub/hub-codec';
import type { HubStreamPart } from '../../hub/hub-stream';
import { ChatStreamEncoder } from './chat-stream-encoder';

const context = (includeUsage: boolean): ClientResponseContext => ({
  request: { model: 'glm', system: [], messages: [], tools: [], stream: true },
  id: 'chatcmpl-1',
  created: 1700000000,
  model: 'glm',
  inputTokenEstimate: 10,
  includeUsage,
});

function encode(parts: HubStreamPart[], includeUsage = false): { text: string; data: string[]; json: any[] } {
  const encoder = new ChatStreamEncoder(context(includeUsage));
  const text = parts.map((part) => encoder.push(part)).join('');
  const data: string[] = [];
  createParser({ onEvent: (event) => data.push(event.data) }).feed(text);
  return { text, data, json: data.filter((line) => line !== '[DONE]').map((line) => JSON.parse(line)) };
}

const USAGE = { inputTokens: 12, outputTokens: 5, cacheReadTokens: 4 };

describe(ChatStreamEncoder.name, () => {
  it('writes data-only chunks: role first, content and reasoning deltas, one finish chunk, then [DONE]', () => {
    const { text, data, json } = encode([
      { type: 'stream-start' },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'think' },
      { type: 'reasoning-end', id: 'r' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hel' },
      { type: 'text-delta', id: 't', delta: '' },
      { type: 'text-delta', id: 't', delta: 'lo' },
      { type: 'text-end', id: 't' },
      { type: 'finish', finishReason: 'stop', usage: USAGE },
    ]);

    expect(text).not.toMatch(/^(event|id):/m);
    expect(data.at(-1)).toBe('[DONE]');
    expect(json.map((chunk) => chunk.choices[0].delta)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'think' },
      { content: 'Hel' },
      { content: 'lo' },
      {},
    ]);
    expect(json.map((chunk) => chunk.choices[0].finish_reason)).toEqual([null, null, null, null, 'stop']);
    expect(json.every((chunk) => chunk.id === 'chatcmpl-1' && chunk.model === 'glm' && !('usage' in chunk))).toBe(true);
  });

  it('adds usage: null to every chunk and a choices-less usage chunk when the client asked', () => {
    const { json } = encode([{ type: 'stream-start' }, { type: 'finish', finishReason: 'length', usage: { ...USAGE, reasoningTokens: 2 } }], true);

    expect(json.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(json.at(-1)).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1700000000,
      model: 'glm',
      choices: [],
      usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 2 } },
    });
    expect(json.at(-2).choices[0].finish_reason).toBe('length');
  });

  it('numbers interleaved tool calls from 0 in the order they open; id and name once, then argument fragments', () => {
    const { json } = encode([
      { type: 'stream-start' },
      { type: 'tool-input-start', id: 'call_a', toolName: 'get_weather' },
      { type: 'tool-input-start', id: 'call_b', toolName: 'get_time' },
      { type: 'tool-input-delta', id: 'call_b', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'call_a', delta: '{"city":"Paris"}' },
      { type: 'tool-input-delta', id: 'call_b', delta: '"Rome"}' },
      { type: 'tool-input-end', id: 'call_a' },
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'tool-input-end', id: 'call_b' },
      { type: 'tool-call', toolCallId: 'call_b', toolName: 'get_time', input: '{"city":"Rome"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: USAGE },
    ]);

    expect(json.slice(1, -1).map((chunk) => chunk.choices[0].delta.tool_calls[0])).toEqual([
      { index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
      { index: 1, function: { arguments: '{"city":' } },
      { index: 0, function: { arguments: '{"city":"Paris"}' } },
      { index: 1, function: { arguments: '"Rome"}' } },
    ]);
    expect(json.at(-1).choices[0].finish_reason).toBe('tool_calls');
  });

  it('sends the whole input of a call whose arguments never came as deltas', () => {
    const { json } = encode([
      { type: 'stream-start' },
      { type: 'tool-input-start', id: 'c', toolName: 'apply_patch' },
      { type: 'tool-input-end', id: 'c' },
      { type: 'tool-call', toolCallId: 'c', toolName: 'apply_patch', input: '{"input":"*** Begin Patch"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: {} },
    ]);

    expect(json[2].choices[0].delta.tool_calls).toEqual([{ index: 0, function: { arguments: '{"input":"*** Begin Patch"}' } }]);
  });

  it.each([
    [{ type: 'error', error: { message: 'Overloaded', type: 'overloaded_error', status: 529 } }, { message: 'Overloaded', type: 'overloaded_error', code: null, param: null }],
    [
      { type: 'error', error: { message: 'Upstream stream failed: socket hang up', type: 'stream_failed', status: 502 } },
      { message: 'Upstream stream failed: socket hang up', type: 'upstream_error', code: 'stream_failed', param: null },
    ],
    [
      { type: 'finish', finishReason: 'stop', usage: {}, unterminated: true },
      { message: expect.stringMatching(/^Upstream stream ended before/), type: 'upstream_error', code: 'stream_truncated', param: null },
    ],
  ] as [HubStreamPart, object][])('ends a failed stream with one error chunk and no [DONE] (%j)', (last, error) => {
    const { data, json } = encode([{ type: 'stream-start' }, { type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: 'partial' }, last]);

    expect(data).not.toContain('[DONE]');
    expect(json.at(-1)).toEqual({ error });
    expect(json.slice(0, -1).every((chunk) => chunk.choices[0].finish_reason === null)).toBe(true);
  });

  it('ends with an error chunk when the gateway fails the stream, and writes nothing more after the end', () => {
    const encoder = new ChatStreamEncoder(context(false));
    encoder.push({ type: 'stream-start' });
    expect(JSON.parse(encoder.fail('Upstream stream failed: idle timeout').slice(6))).toEqual({
      error: { message: 'Upstream stream failed: idle timeout', type: 'upstream_error', code: 'stream_failed', param: null },
    });
    expect(encoder.push({ type: 'finish', finishReason: 'stop', usage: {} })).toBe('');
    expect(encoder.fail('again')).toBe('');
  });

  it('answers an upstream error status that came after early SSE headers as OpenAI’s error body for it', () => {
    const encoder = new ChatStreamEncoder(context(false));
    expect(JSON.parse(encoder.fail('busy', 503).slice(6))).toEqual({ error: { message: 'busy', type: 'server_error', code: 'upstream_error', param: null } });
    const limited = new ChatStreamEncoder(context(false));
    expect(JSON.parse(limited.fail('slow down', 429).slice(6)).error).toMatchObject({ type: 'rate_limit_error', code: 'upstream_error' });
  });

  it.each([false, true])('writes a delta frame byte for byte as the chunk object serialises (include_usage %p)', (includeUsage) => {
    const encoder = new ChatStreamEncoder(context(includeUsage));
    encoder.push({ type: 'stream-start' });
    const text = 'a "quoted" \\ line\nwith 🚀 and \u2028';
    const chunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'glm', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] };
    expect(encoder.push({ type: 'text-delta', id: 't', delta: text })).toBe(`data: ${JSON.stringify(includeUsage ? { ...chunk, usage: null } : chunk)}\n\n`);
  });
});
