import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatStreamItem } from '../chat-completions.types';
import { translateChatStream } from '../sse/translate-chat-stream';
import { ResponsesStreamConverter } from './responses-stream-converter';

const ctx = { id: 'chatcmpl-r', created: 1700000000, model: 'gpt-5', includeUsage: false };
const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');

async function convert(sse: string, includeUsage = false): Promise<ChatStreamItem[]> {
  const items: ChatStreamItem[] = [];
  const source = (async function* () {
    yield sse;
  })();
  for await (const item of translateChatStream(source, new ResponsesStreamConverter({ ...ctx, includeUsage }))) items.push(item);
  return items;
}

const deltas = (items: ChatStreamItem[]) => items.map((item) => ('choices' in item ? item.choices[0]?.delta : item));
const finishReason = (items: ChatStreamItem[]) => items.map((item) => ('choices' in item ? item.choices[0]?.finish_reason : null)).filter(Boolean);

describe(ResponsesStreamConverter.name, () => {
  it('streams text and ends with a finish chunk and the usage chunk', async () => {
    const items = await convert(fixture('text.sse'), true);
    expect(deltas(items)).toEqual([{ role: 'assistant', content: '' }, { content: 'Bonjour, ' }, { content: 'ça va? 😀' }, {}, undefined]);
    expect(finishReason(items)).toEqual(['stop']);
    expect(items.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 30, completion_tokens: 8, total_tokens: 38, prompt_tokens_details: { cached_tokens: 10 } },
    });
  });

  it('streams function calls with argument fragments, filling in arguments sent only in .done', async () => {
    const items = await convert(fixture('function-call.sse'));
    expect(deltas(items)).toEqual([
      { role: 'assistant', content: '' },
      { tool_calls: [{ index: 0, id: 'call_AAA', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
      { tool_calls: [{ index: 1, id: 'call_BBB', type: 'function', function: { name: 'get_time', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{}' } }] },
      {},
    ]);
    expect(finishReason(items)).toEqual(['tool_calls']);
  });

  it('streams reasoning summary parts as reasoning_content, separated like the non-stream answer', async () => {
    const items = await convert(fixture('reasoning.sse'));
    expect(deltas(items)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: '**Planning**' },
      { reasoning_content: '\n\n' },
      { reasoning_content: 'Answer is 4.' },
      { content: '4' },
      {},
    ]);
    expect(finishReason(items)).toEqual(['length']);
  });

  it.each([
    [
      'response.failed',
      'event: response.failed\ndata: {"type":"response.failed","response":{"status":"failed","error":{"code":"server_error","message":"The model failed"}}}\n\n',
      { message: 'The model failed', type: 'upstream_error', code: 'server_error', param: null },
    ],
    [
      'error',
      'event: error\ndata: {"type":"error","code":"rate_limit_exceeded","message":"Slow down","param":null}\n\n',
      { message: 'Slow down', type: 'upstream_error', code: 'rate_limit_exceeded', param: null },
    ],
  ])('ends with an error item on %s', async (_name, event, error) => {
    const items = await convert(fixture('text.sse').split('event: response.output_item.done')[0] + event);
    expect(items.at(-1)).toEqual({ error });
    expect(finishReason(items)).toEqual([]);
  });

  it('reports a stream cut before response.completed', async () => {
    const items = await convert(fixture('function-call.sse').split('event: response.completed')[0]);
    expect(items.at(-1)).toMatchObject({ error: { code: 'stream_truncated' } });
  });
});
