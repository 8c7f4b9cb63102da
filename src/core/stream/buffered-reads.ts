import type { Readable } from 'node:stream';

/**
 * Everything a paused body holds now, as one buffer; null when it holds nothing. Node 20's `read()` joins the buffered
 * chunks itself, Node 22 and later return one chunk per call, so they are joined here.
 */
export function readBuffered(body: Readable): Buffer | null {
  const first: Buffer | null = body.read();
  return first === null ? null : withBuffered(first, body);
}

/**
 * A body's bytes as the async iterator of Node's Readable gives them (its end, errors, premature close and the destroy
 * on an early `return()` included), but with everything that arrived since the last step joined into one buffer.
 *
 * An upstream sends each SSE event as its own HTTP chunk, so one socket read holds several. Node 20's iterator yields
 * them joined; from Node 22 on it yields one per step, which made a converted stream pay a decode, an async step and a
 * client write per event on the production runtime. Joining the rest synchronously after each step gives every
 * version the Node 20 batching.
 */
export async function* bufferedChunks(body: Readable): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of body as AsyncIterable<Buffer>) {
    yield withBuffered(chunk, body);
  }
}

/** `first` followed by whatever else the paused body holds, as one buffer (`first` itself when it holds nothing). */
function withBuffered(first: Buffer, body: Readable): Buffer {
  let next: Buffer | null = body.read();
  if (next === null) return first;
  const pieces = [first];
  for (; next !== null; next = body.read()) pieces.push(next);
  return Buffer.concat(pieces);
}
