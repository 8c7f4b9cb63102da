import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatStreamItem } from '../chat-completions.types';
import { translateChatStream } from '../sse/translate-chat-stream';
import { GoogleStreamConverter } from './google-stream-converter';

const ctx = { id: 'chatcmpl-g2', created: 1700000000, model: 'gemini', includeUsage: false };
const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');

async function convert(sse: string, includeUsage = false): Promise<ChatStreamItem[]> {
  const items: ChatStreamItem[] = [];
  const source = (async function* () {
    yield Buffer.from(sse);
  })();
  for await (const item of translateChatStream(source, new GoogleStreamConverter({ ...ctx, includeUsage }))) items.push(item);
  return items;
}

const deltas = (items: ChatStreamItem[]) => items.map((item) => ('choices' in item ? item.choices[0]?.delta : item));
const finishReasons = (items: ChatStreamItem[]) => items.map((item) => ('choices' in item ? item.choices[0]?.finish_reason : null)).filter(Boolean);

describe(GoogleStreamConverter.name, () => {
  it('streams CRLF-framed text and closes with finish and usage chunks', async () => {
    const items = await convert(fixture('text.sse'), true);
    expect(deltas(items)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hallo ' }, { content: 'Welt 🌍' }, { content: '!' }, {}, undefined]);
    expect(finishReasons(items)).toEqual(['stop']);
    expect(items.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13, prompt_tokens_details: { cached_tokens: 3 } },
    });
  });

  it('streams thoughts as reasoning and each functionCall as a start delta plus its arguments', async () => {
    const items = await convert(fixture('function-call.sse'));
    expect(deltas(items)).toEqual([
      { role: 'assistant', content: '' },
      { reasoning_content: 'Thinking about weather' },
      { tool_calls: [{ index: 0, id: 'call_g2_0', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] },
      { tool_calls: [{ index: 1, id: 'call_g2_1', type: 'function', function: { name: 'get_time', arguments: '' } }] },
      { tool_calls: [{ index: 1, function: { arguments: '{}' } }] },
      {},
    ]);
    expect(finishReasons(items)).toEqual(['tool_calls']);
  });

  it('ends with an error item on an error object in the stream', async () => {
    const sse = fixture('text.sse').split('\r\n\r\n')[0] + '\r\n\r\ndata: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}\r\n\r\n';
    const items = await convert(sse);
    expect(items.at(-1)).toEqual({ error: { message: 'The model is overloaded.', type: 'UNAVAILABLE', code: '503', param: null } });
    expect(finishReasons(items)).toEqual([]);
  });

  it('reports a stream that ends without a finishReason', async () => {
    const items = await convert(fixture('text.sse').split('\r\n\r\n').slice(0, 2).join('\r\n\r\n') + '\r\n\r\n');
    expect(deltas(items).slice(0, 3)).toEqual([{ role: 'assistant', content: '' }, { content: 'Hallo ' }, { content: 'Welt 🌍' }]);
    expect(items.at(-1)).toMatchObject({ error: { code: 'stream_truncated' } });
  });
});
