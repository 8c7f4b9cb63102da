import type { ChatStreamItem } from '../../translation/client/chat-completions/chat-api.types';
import type { ChatStreamConverter } from './chat-stream-converter';
import type { SseEvent } from '../../translation/sse/sse-event-stream';
import { translateChatBatches, translateChatStream } from './translate-chat-stream';

/** Echoes each event's data as a content chunk; `fail` data becomes an error item. */
class EchoConverter implements ChatStreamConverter {
  finishCalls = 0;
  push(event: SseEvent): ChatStreamItem[] {
    if (event.data === 'fail') return [{ error: { message: 'bad', type: 't', code: null, param: null } }];
    return [{ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content: event.data }, finish_reason: null }] }];
  }
  finish(): ChatStreamItem[] {
    this.finishCalls++;
    return [{ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }];
  }
}

async function collect(source: AsyncIterable<string>, converter: ChatStreamConverter, signal?: AbortSignal) {
  const items: ChatStreamItem[] = [];
  for await (const item of translateChatStream(source, converter, signal)) items.push(item);
  return items;
}

const content = (items: ChatStreamItem[]) => items.map((item) => ('choices' in item ? item.choices[0].delta.content ?? item.choices[0].finish_reason : 'error'));

describe(translateChatStream.name, () => {
  it('pushes every event and ends with finish()', async () => {
    const converter = new EchoConverter();
    const items = await collect((async function* () { yield 'data: a\n\ndata: b\n\n'; })(), converter);
    expect(content(items)).toEqual(['a', 'b', 'stop']);
    expect(converter.finishCalls).toBe(1);
  });

  it('stops at an error item: no finish(), and the upstream is released', async () => {
    let released = false;
    const source = (async function* () {
      try {
        yield 'data: a\n\ndata: fail\n\n';
        yield 'data: never\n\n';
      } finally {
        released = true;
      }
    })();
    const converter = new EchoConverter();
    expect(content(await collect(source, converter))).toEqual(['a', 'error']);
    expect(converter.finishCalls).toBe(0);
    expect(released).toBe(true);
  });

  it('turns a transport failure into a terminal error item', async () => {
    const source = (async function* () {
      yield 'data: a\n\n';
      throw new Error('socket hang up');
    })();
    const items = await collect(source, new EchoConverter());
    expect(items[1]).toEqual({ error: { message: 'Upstream stream failed: socket hang up', type: 'upstream_error', code: 'stream_failed', param: null } });
    expect(items).toHaveLength(2);
  });

  it('rethrows when the caller aborted', async () => {
    const controller = new AbortController();
    const source = (async function* () {
      yield 'data: a\n\n';
      controller.abort();
      throw new Error('aborted');
    })();
    await expect(collect(source, new EchoConverter(), controller.signal)).rejects.toThrow('aborted');
  });
});

describe(translateChatBatches.name, () => {
  async function batches(chunks: (string | Error)[]) {
    const source = (async function* () {
      for (const chunk of chunks) {
        if (chunk instanceof Error) throw chunk;
        yield chunk;
      }
    })();
    const out: unknown[][] = [];
    for await (const batch of translateChatBatches(source, new EchoConverter())) out.push(content(batch));
    return out;
  }

  it('gives the items of each upstream chunk as one batch, none for a chunk that completes no event, then finish()', async () => {
    expect(await batches(['data: a\n\ndata: b\n\n', ': ping\n\n', 'data: c\n', '\ndata: d\n\n'])).toEqual([['a', 'b'], ['c', 'd'], ['stop']]);
  });

  it('ends with the batch that holds an error item, and reads no further', async () => {
    expect(await batches(['data: a\n\ndata: fail\n\ndata: never\n\n', 'data: never\n\n'])).toEqual([['a', 'error']]);
  });

  it('gives a transport failure as a batch of its own', async () => {
    expect(await batches(['data: a\n\n', new Error('socket hang up')])).toEqual([['a'], ['error']]);
  });
});
