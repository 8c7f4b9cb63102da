import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelConfig } from '../../config/app-config';
import type { ChatStreamItem } from '../chat-completions.types';
import { translateChatStream } from '../sse/translate-chat-stream';
import { UpstreamFormatError } from '../translation-error';
import { CommonStrategy } from './common.strategy';

const model: ModelConfig = { name: 'GLM', id: 'glm-4.6', type: 'common', reasoning: 'auto', fast: false };
const ctx = { id: 'chatcmpl-c', created: 1700000000, model: 'glm', includeUsage: true };
const sut = new CommonStrategy();

async function convert(sse: string): Promise<ChatStreamItem[]> {
  const items: ChatStreamItem[] = [];
  const source = (async function* () {
    yield sse;
  })();
  for await (const item of translateChatStream(source, sut.createStreamConverter(ctx))) items.push(item);
  return items;
}

describe(CommonStrategy.name, () => {
  it('forwards the body as sent, with the resolved model id and stream_options kept', () => {
    const chat = {
      model: 'glm',
      messages: [{ role: 'user' as const, content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
      frequency_penalty: 0.5,
    };
    expect(sut.toUpstreamRequest(chat, model)).toEqual({ body: { ...chat, model: 'glm-4.6' }, stream: true });
    expect(sut.toUpstreamRequest({ ...chat, stream: undefined }, model).stream).toBe(false);
  });

  it('passes a non-stream answer through with the client model id', () => {
    const body = { id: 'x', object: 'chat.completion', created: 1, model: 'glm-4.6', choices: [{ index: 0 }], usage: { total_tokens: 1 } };
    expect(sut.fromUpstreamResponse(body, ctx)).toEqual({ ...body, model: 'glm' });
    expect(() => sut.fromUpstreamResponse({ error: {} }, ctx)).toThrow(UpstreamFormatError);
  });

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
