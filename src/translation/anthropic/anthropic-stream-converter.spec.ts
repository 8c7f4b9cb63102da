import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatStreamItem } from '../chat-completions.types';
import { ChatCompletionAccumulator } from '../sse/accumulate-chat-chunks';
import { translateChatStream } from '../sse/translate-chat-stream';
import { AnthropicStreamConverter } from './anthropic-stream-converter';

const ctx = { id: 'chatcmpl-a', created: 1700000000, model: 'claude-sonnet-4-5', includeUsage: false };
const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');

async function convert(sse: string, includeUsage = false): Promise<ChatStreamItem[]> {
  const items: ChatStreamItem[] = [];
  const source = (async function* () {
    yield Buffer.from(sse);
  })();
  for await (const item of translateChatStream(source, new AnthropicStreamConverter({ ...ctx, includeUsage }))) items.push(item);
  return items;
}

const deltas = (items: ChatStreamItem[]) => items.map((item) => ('choices' in item ? item.choices[0]?.delta : item));

describe(AnthropicStreamConverter.name, () => {
  it('streams text: role first, content deltas, finish chunk; ping ignored', async () => {
    const items = await convert(fixture('text.sse'));
    expect(deltas(items)).toEqual([{ role: 'assistant', content: '' }, { content: 'Héllo ' }, { content: 'wörld 🌍' }, {}]);
    const last = items.at(-1) as { choices: { finish_reason: string }[]; id: string; model: string; object: string };
    expect(last.choices[0].finish_reason).toBe('stop');
    expect(last).toMatchObject({ id: 'chatcmpl-a', model: 'claude-sonnet-4-5', object: 'chat.completion.chunk' });
  });

  it('adds a usage chunk with choices [] only when asked, counting cache tokens into prompt_tokens', async () => {
    const items = await convert(fixture('text.sse'), true);
    expect(items.at(-1)).toEqual({
      id: 'chatcmpl-a',
      object: 'chat.completion.chunk',
      created: 1700000000,
      model: 'claude-sonnet-4-5',
      choices: [],
      usage: { prompt_tokens: 117, completion_tokens: 7, total_tokens: 124, prompt_tokens_details: { cached_tokens: 100 } },
    });
    expect(items.slice(0, -1).every((item) => 'usage' in item && item.usage === null)).toBe(true);
    expect((await convert(fixture('text.sse'))).some((item) => 'usage' in item)).toBe(false);
  });

  it('streams tool calls: id, type and name once, then argument fragments, indexed from 0', async () => {
    const items = await convert(fixture('tool-use.sse'));
    expect(deltas(items)).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Checking.' },
      { tool_calls: [{ index: 0, id: 'toolu_A', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city": "Par' } }] },
      { tool_calls: [{ index: 0, function: { arguments: 'is"}' } }] },
      { tool_calls: [{ index: 1, id: 'toolu_B', type: 'function', function: { name: 'get_time', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{"tz":"CET"}' } }] },
      {},
    ]);
    expect((items.at(-1) as { choices: { finish_reason: string }[] }).choices[0].finish_reason).toBe('tool_calls');
  });

  it('streams thinking as reasoning_content and ignores the signature', async () => {
    const items = await convert(fixture('thinking.sse'));
    expect(deltas(items)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'Let me think' },
      { reasoning_content: ' step by step.' },
      { content: '42' },
      {},
    ]);
    expect((items.at(-1) as { choices: { finish_reason: string }[] }).choices[0].finish_reason).toBe('length');
  });

  it('accumulates to the same answer the non-stream path gives', async () => {
    const accumulator = new ChatCompletionAccumulator();
    for (const item of await convert(fixture('tool-use.sse'), true)) if ('choices' in item) accumulator.add(item);
    expect(accumulator.toCompletion().choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: 'Checking.',
        refusal: null,
        tool_calls: [
          { id: 'toolu_A', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
          { id: 'toolu_B', type: 'function', function: { name: 'get_time', arguments: '{"tz":"CET"}' } },
        ],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
  });

  it('turns an error event into one terminal error item', async () => {
    const sse =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","usage":{"input_tokens":1}}}\n\n' +
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n' +
      'event: message_stop\ndata: {"type":"message_stop"}\n\n';
    const items = await convert(sse);
    expect(items).toHaveLength(2);
    expect(items[1]).toEqual({ error: { message: 'Overloaded', type: 'overloaded_error', code: null, param: null } });
  });

  it('reports a stream cut before message_stop', async () => {
    const cut = fixture('text.sse').split('event: message_delta')[0];
    const items = await convert(cut);
    expect(deltas(items).slice(0, 3)).toEqual([{ role: 'assistant', content: '' }, { content: 'Héllo ' }, { content: 'wörld 🌍' }]);
    expect(items.at(-1)).toMatchObject({ error: { type: 'upstream_error', code: 'stream_truncated' } });
  });

  it('reports unparseable event data', async () => {
    const items = await convert('event: content_block_delta\ndata: {not json\n\n');
    expect(items).toEqual([expect.objectContaining({ error: expect.objectContaining({ code: 'bad_upstream_event' }) })]);
  });
});
