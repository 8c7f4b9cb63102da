import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { UpstreamResponse } from './upstream-response';

// Headers worth passing back besides the body's type: rate-limit information clients act on.
const PASSED_BACK = /^(retry-after|anthropic-ratelimit-.*|x-ratelimit-.*)$/;

export interface ForwardOptions {
  /** The SSE text that tells the client a stream failed midway, in the route's own event format. */
  streamErrorEvent(message: string): string;
}

export function isEventStream(upstream: Pick<UpstreamResponse, 'headers'>): boolean {
  return String(upstream.headers['content-type'] ?? '').startsWith('text/event-stream');
}

/**
 * Sends the upstream's status, content type and body to the client as they arrive, with backpressure. A stream cut by
 * the upstream (reset, idle timeout) ends with an error event rather than silence; a client that leaves stops the
 * copy, and the caller's abort signal releases the upstream connection.
 */
export async function forwardUpstreamResponse(upstream: UpstreamResponse, res: Response, options: ForwardOptions): Promise<void> {
  res.status(upstream.status);
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value !== undefined && PASSED_BACK.test(name)) res.setHeader(name, value);
  }
  const streaming = isEventStream(upstream);
  res.setHeader('content-type', upstream.headers['content-type'] ?? 'application/json');
  if (streaming) {
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
  }
  try {
    await pipeline(upstream.body, res, { end: false });
    res.end();
  } catch (error) {
    upstream.body.destroy();
    if (res.destroyed || res.writableEnded) return;
    if (streaming) {
      res.end(options.streamErrorEvent(`Upstream stream failed: ${(error as Error).message}`));
    } else {
      // A JSON body cut halfway cannot be repaired; closing the socket tells the client it is incomplete.
      res.destroy(error as Error);
    }
  }
}
