import { parseSseStream, SseBufferOverflowError, SseFramer, type SseEvent } from './sse-event-stream';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

async function collect(source: AsyncIterable<string | Uint8Array>, max?: number): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSseStream(source, max)) events.push(event);
  return events;
}

describe(parseSseStream.name, () => {
  it('frames LF, CRLF and CR line ends alike', async () => {
    const body = 'event: a\ndata: 1\n\nevent: b\r\ndata: 2\r\n\r\nevent: c\rdata: 3\r\r';
    expect(await collect(chunks(body))).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
      { event: 'c', data: '3' },
    ]);
  });

  it('joins multi-line data with newlines, skips comments and omits a missing event name', async () => {
    expect(await collect(chunks(': keep-alive\n\ndata: {"a":\ndata: 1}\n\n'))).toEqual([{ data: '{"a":\n1}' }]);
  });

  it('keeps a UTF-8 character split across chunks whole', async () => {
    const bytes = Buffer.from('data: 🌍é\n\n');
    const at = bytes.indexOf(0xf0) + 2;
    expect(await collect(chunks(bytes.subarray(0, at), bytes.subarray(at)))).toEqual([{ data: '🌍é' }]);
  });

  it('delivers a last event that lacks the closing blank line', async () => {
    expect(await collect(chunks('data: 1\n\ndata: [DONE]'))).toEqual([{ data: '1' }, { data: '[DONE]' }]);
  });

  it('yields events as their chunk arrives, not at the end', async () => {
    const iterator = parseSseStream(chunks('data: 1\n\nda', 'ta: 2\n\n'));
    expect((await iterator.next()).value).toEqual({ data: '1' });
    expect((await iterator.next()).value).toEqual({ data: '2' });
    expect((await iterator.next()).done).toBe(true);
  });

  it('refuses an event larger than the buffer limit', async () => {
    await expect(collect(chunks(`data: ${'x'.repeat(100)}`, 'y'), 50)).rejects.toThrow(SseBufferOverflowError);
  });
});

describe(SseFramer.name, () => {
  it('gives the events each chunk completes, none for a chunk that completes none, and the unterminated last at the end', () => {
    const framer = new SseFramer();
    const pushed = ['data: 1\n\ndata: 2\n\nda', 'ta: 3', '\n\n', ': ping\n\n', 'data: 4'].map((chunk) => framer.push(chunk));
    expect(pushed).toEqual([[{ data: '1' }, { data: '2' }], [], [{ data: '3' }], [], []]);
    expect(framer.end()).toEqual([{ data: '4' }]);
  });

  it('hands out a new array each time, never one it still fills', () => {
    const framer = new SseFramer();
    const none = framer.push('data: 1');
    const some = framer.push('\n\n');
    expect(none).toEqual([]);
    expect(some).toEqual([{ data: '1' }]);
    expect(framer.push('data: 2\n\n')).not.toBe(some);
  });
});
