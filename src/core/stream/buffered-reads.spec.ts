import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { bufferedChunks, readBuffered, type RestLimit } from './buffered-reads';

/** A body that is fed by hand, like undici's: one push per HTTP chunk. */
function handFedBody(): Readable {
  return new Readable({ read() {} });
}

/** A body whose reader took its first chunk (the terminal event) and stopped, as a converted stream does. */
async function bodyLeftAfterTerminal(rest?: RestLimit): Promise<Readable> {
  const body = handFedBody();
  body.push(Buffer.from('data: terminal\n\n'));
  for await (const chunk of bufferedChunks(body, rest)) {
    expect(chunk.toString()).toBe('data: terminal\n\n');
    break;
  }
  return body;
}

async function collect(chunks: AsyncIterable<Buffer>): Promise<string[]> {
  const steps: string[] = [];
  for await (const chunk of chunks) steps.push(chunk.toString());
  return steps;
}

describe('readBuffered', () => {
  it('returns null from an empty body, and everything it holds as one buffer otherwise', () => {
    const body = handFedBody();
    expect(readBuffered(body)).toBeNull();
    ['event: a\n\n', 'event: b\n\n', 'event: c\n\n'].forEach((piece) => body.push(Buffer.from(piece)));
    expect(readBuffered(body)?.toString()).toBe('event: a\n\nevent: b\n\nevent: c\n\n');
    expect(readBuffered(body)).toBeNull();
  });
});

describe('bufferedChunks', () => {
  // Node 22 and later yield one chunk per step from a Readable's own iterator (Node 20 joins them): this holds on both.
  it('yields the chunks that arrived in one turn as one buffer, and each later turn as its own, in order', async () => {
    const body = handFedBody();
    const steps = collect(bufferedChunks(body));
    for (let i = 0; i < 5; i++) body.push(Buffer.from(`data: ${i}\n\n`));
    await nextTurn();
    body.push(Buffer.from('data: 5\n\n'));
    body.push(Buffer.from('data: 6\n\n'));
    await nextTurn();
    body.push(null);
    await expect(steps).resolves.toEqual(['data: 0\n\ndata: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n', 'data: 5\n\ndata: 6\n\n']);
  });

  it('yields a chunk that arrived alone unchanged', async () => {
    const body = handFedBody();
    const chunk = Buffer.from('data: only\n\n');
    const iterator = bufferedChunks(body);
    const first = iterator.next();
    body.push(chunk);
    await expect(first).resolves.toEqual({ done: false, value: chunk });
    expect((await first).value).toBe(chunk);
    await iterator.return();
  });

  it('rejects with the error the body failed with', async () => {
    const body = handFedBody();
    const steps = collect(bufferedChunks(body));
    body.push(Buffer.from('data: 1\n\n'));
    await nextTurn();
    body.destroy(new Error('socket reset'));
    await expect(steps).rejects.toThrow('socket reset');
  });

  it('rejects when the body closes before its end', async () => {
    const body = handFedBody();
    const steps = collect(bufferedChunks(body));
    body.push(Buffer.from('data: 1\n\n'));
    await nextTurn();
    body.destroy();
    await expect(steps).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('reads the rest of the body to its end when the reader stops early, without destroying it', async () => {
    const body = await bodyLeftAfterTerminal();
    const ended = new Promise((resolve) => body.once('end', resolve));
    body.push(Buffer.from('data: after the terminal event\n\n'));
    body.push(null);
    await ended;
    expect(body.readableEnded).toBe(true);
    expect(body.errored).toBeNull();
  });

  it('destroys the body when its rest is larger than the limit', async () => {
    const body = await bodyLeftAfterTerminal({ bytes: 10, ms: 60_000 });
    const closed = new Promise((resolve) => body.once('close', resolve));
    body.push(Buffer.from('0123456789'));
    await nextTurn();
    expect(body.destroyed).toBe(false);
    body.push(Buffer.from('!'));
    await closed;
    expect(body.readableEnded).toBe(false);
  });

  it('destroys the body when its rest has not ended in time', async () => {
    const body = await bodyLeftAfterTerminal({ bytes: 1024, ms: 20 });
    expect(body.destroyed).toBe(false);
    await new Promise((resolve) => body.once('close', resolve));
    expect(body.readableEnded).toBe(false);
  });

  it('leaves a body that failed alone: no listener is needed for its error', async () => {
    const body = handFedBody();
    const steps = collect(bufferedChunks(body, { bytes: 1024, ms: 20 }));
    body.destroy(new Error('socket reset'));
    await expect(steps).rejects.toThrow('socket reset');
    expect(body.listenerCount('data')).toBe(0);
  });
});
