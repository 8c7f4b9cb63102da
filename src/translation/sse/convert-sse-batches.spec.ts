import { convertSseBatches, type SseConversionRules, type SseEventConverter } from './convert-sse-batches';
import { MAX_SSE_BUFFER_CHARS, type SseEvent } from './sse-event-stream';

/** Each event's data as an item; `stop` is terminal; finish() adds `end`. */
class EchoConverter implements SseEventConverter<string> {
  push(event: SseEvent): string[] {
    return [event.data];
  }
  finish(): string[] {
    return ['end'];
  }
}

const rules: SseConversionRules<string> = {
  isTerminal: (item) => item === 'stop',
  failure: (message, started) => [`failed(${started ? 'started' : 'not started'}): ${message}`],
};

/** A source that records whether it was told to stop (`return()`) and how many chunks were taken. */
function recordingSource(chunks: (string | Error)[]) {
  const log = { taken: 0, returned: false };
  const iterator: AsyncIterator<string> = {
    next: () => {
      const chunk = chunks[log.taken];
      log.taken += 1;
      if (chunk instanceof Error) return Promise.reject(chunk);
      return Promise.resolve(chunk === undefined ? { done: true, value: undefined } : { done: false, value: chunk });
    },
    return: () => {
      log.returned = true;
      return Promise.resolve({ done: true, value: undefined });
    },
  };
  return { log, source: { [Symbol.asyncIterator]: () => iterator } };
}

async function collect(source: AsyncIterable<string>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of convertSseBatches(source, new EchoConverter(), rules)) out.push(batch);
  return out;
}

describe(convertSseBatches.name, () => {
  it('gives an unterminated last event and the closing items as one last batch', async () => {
    const { source, log } = recordingSource(['data: a\n\n', 'data: b']);
    expect(await collect(source)).toEqual([['a'], ['b', 'end']]);
    // The source ended by itself: nothing to release.
    expect(log.returned).toBe(false);
  });

  it('stops at the terminal item and releases the source', async () => {
    const { source, log } = recordingSource(['data: a\n\ndata: stop\n\ndata: never\n\n', 'data: never\n\n']);
    expect(await collect(source)).toEqual([['a', 'stop']]);
    expect(log).toEqual({ taken: 1, returned: true });
  });

  it('releases the source when the reader stops early', async () => {
    const { source, log } = recordingSource(['data: a\n\n', 'data: b\n\n']);
    for await (const batch of convertSseBatches(source, new EchoConverter(), rules)) {
      expect(batch).toEqual(['a']);
      break;
    }
    expect(log.returned).toBe(true);
  });

  it("passes the failure rule whether any item went out, and does not release a source that failed", async () => {
    const first = recordingSource([new Error('socket hang up')]);
    expect(await collect(first.source)).toEqual([['failed(not started): Upstream stream failed: socket hang up']]);
    const later = recordingSource(['data: a\n\n', ': ping\n\n', new Error('socket hang up')]);
    expect(await collect(later.source)).toEqual([['a'], ['failed(started): Upstream stream failed: socket hang up']]);
    expect(later.log.returned).toBe(false);
  });

  it('turns an event larger than the SSE buffer limit into the failure, and releases the source', async () => {
    const { source, log } = recordingSource(['data: a\n\n', `data: ${'x'.repeat(MAX_SSE_BUFFER_CHARS + 1)}`, 'data: never\n\n']);
    const [, failure] = await collect(source);
    expect(failure).toEqual([expect.stringMatching(/^failed\(started\): Upstream stream failed: upstream SSE event exceeds \d+ characters$/)]);
    expect(log).toEqual({ taken: 2, returned: true });
  });
});
