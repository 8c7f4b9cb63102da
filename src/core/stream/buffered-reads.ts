import type { Readable } from 'node:stream';

/**
 * Everything a paused body holds now, as one buffer; null when it holds nothing. Node 20's `read()` joins the buffered
 * chunks itself, Node 22 and later return one chunk per call, so they are joined here.
 */
export function readBuffered(body: Readable): Buffer | null {
  const first: Buffer | null = body.read();
  return first === null ? null : withBuffered(first, body);
}

/** How much of a body is still read after its reader stopped early, so that its connection can be reused. */
export interface RestLimit {
  bytes: number;
  ms: number;
}

/**
 * The tail a stream's terminal event leaves unread is normally the chunked encoding's last chunk, a few bytes, in
 * the next packet at worst; anything larger or slower is an upstream not worth the wait.
 */
const REST_LIMIT: RestLimit = { bytes: 64 * 1024, ms: 2_000 };

/**
 * A body's bytes as the async iterator of Node's Readable gives them (its end, errors and premature close included),
 * but with everything that arrived since the last step joined into one buffer.
 *
 * An upstream sends each SSE event as its own HTTP chunk, so one socket read holds several. Node 20's iterator yields
 * them joined; from Node 22 on it yields one per step, which made a converted stream pay a decode, an async step and a
 * client write per event on the production runtime. Joining the rest synchronously after each step gives every
 * version the Node 20 batching.
 *
 * A reader that stops early (a converted stream stops at its terminal event) leaves the body to be read to its end in
 * the background, within `rest`, instead of destroying it: destroying a body whose end has not arrived yet makes
 * undici drop the keep-alive connection, so the next request to that upstream pays for a new one (a TLS handshake with
 * Factory's endpoints). Past `rest` the body is destroyed. A client that leaves, a drain and the error paths still
 * destroy the body themselves.
 */
export async function* bufferedChunks(body: Readable, rest: RestLimit = REST_LIMIT): AsyncGenerator<Buffer, void, undefined> {
  let ended = false;
  try {
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) yield withBuffered(chunk, body);
    ended = true;
  } finally {
    if (!ended) readRestQuietly(body, rest);
  }
}

/** Reads what is left of `body` and drops it, destroying the body past `limit`; errors are expected and ignored. */
function readRestQuietly(body: Readable, limit: RestLimit): void {
  if (body.destroyed || body.readableEnded) return;
  let bytesLeft = limit.bytes;
  const timer = setTimeout(() => body.destroy(), limit.ms);
  timer.unref();
  // undici reports a body destroyed before its end as an 'error' event, which with no listener would crash the process.
  body.on('error', () => undefined);
  body.once('close', () => clearTimeout(timer));
  body.on('data', (chunk: Buffer) => {
    bytesLeft -= chunk.length;
    if (bytesLeft < 0) body.destroy();
  });
  body.resume();
}

/** `first` followed by whatever else the paused body holds, as one buffer (`first` itself when it holds nothing). */
function withBuffered(first: Buffer, body: Readable): Buffer {
  let next: Buffer | null = body.read();
  if (next === null) return first;
  const pieces = [first];
  for (; next !== null; next = body.read()) pieces.push(next);
  return Buffer.concat(pieces);
}
