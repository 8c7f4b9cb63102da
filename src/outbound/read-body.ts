import type { Readable } from 'node:stream';
import { UpstreamError } from './upstream-error';

/** Reads a whole upstream body as text, refusing (and destroying) one larger than `limit` bytes. */
export async function readBodyText(body: Readable, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw new UpstreamError(`Upstream body larger than ${limit} bytes`, 502, 'status');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads the start of a failed upstream answer (a short JSON error) so it can be held while another attempt is made and
 * passed on if it turns out to be the last word; the body is always released, and a body that breaks off midway keeps
 * what arrived.
 */
export async function readHeldBody(body: Readable, limit = 64 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) break;
      chunks.push(chunk);
    }
  } catch {
    // What arrived is all there is.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks);
}

/**
 * Releases an upstream body nobody will read. undici reports a body destroyed before its end as an 'error' event,
 * which with no listener would crash the process; the listener here makes the release quiet.
 */
export function discardBody(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}
