import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatStreamItem } from '../../translation/client/chat-completions/chat-api.types';
import { PassthroughStreamConverter } from './passthrough-stream-converter';
import { translateChatStream } from './translate-chat-stream';

const ctx = { id: 'chatcmpl-c', created: 1700000000, model: 'glm' };

async function convert(sse: string): Promise<ChatStreamItem[]> {
  const items: ChatStreamItem[] = [];
  const source = (async function* () {
    yield sse;
  })();
  for await (const item of translateChatStream(source, new PassthroughStreamConverter(ctx))) items.push(item);
  return items;
}

describe(PassthroughStreamConverter.name, () => {
  it('passes chunks through with the client model id and swallows [DONE]', async () => {
    const items = await convert(readFileSync(join(__dirname, '__fixtures__', 'text.sse'), 'utf8'));
    expect(items).toHaveLength(4);
    expect(items.every((item) => 'model' in item && item.model === 'glm')).toBe(true);
    expect(items.map((item) => ('choices' in item ? item.choices[0]?.delta?.content : undefined))).toEqual(['', 'Olá 👋', undefined, undefined]);
    expect(items[3]).toMatchObject({ choices: [], usage: { total_tokens: 7 } });
  });

  it('ends with an error item on an upstream error object or a missing [DONE]', async () => {
    const error = await convert('data: {"error":{"message":"quota","type":"insufficient_quota","code":"quota"}}\n\n');
    expect(error).toEqual([{ error: { message: 'quota', type: 'insufficient_quota', code: 'quota', param: null } }]);
    const cut = await convert('data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}\n\n');
    expect(cut.at(-1)).toMatchObject({ error: { code: 'stream_truncated' } });
  });
});
