import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { errorFormatForPath, formatErrorBody } from '../core/errors/error-format';
import { msSinceStart, type RequestContext } from '../core/http/request-context';
import { discardBody } from '../outbound/read-body';
import { ResponseTap } from './response-tap';
import type { UsageReader } from './usage/merge-usage';
import { isEventStream, type UpstreamResponse } from '../outbound/upstream-response';

// Headers worth passing back besides the body's type: rate-limit information clients act on.
const PASSED_BACK = /^(retry-after|anthropic-ratelimit-.*|x-ratelimit-.*)$/;

export interface ForwardOptions {
  /** Where the model's upstream type puts token counts (UpstreamProvider.extractUsage). */
  extractUsage: UsageReader;
  keepaliveMs: number;
  context: RequestContext;
  /** The SSE text that tells the client a stream failed midway, in the route's own event format. */
  streamErrorEvent(message: string): string;
  /** Registers an open stream with the drain, which may close it; returns the function that unregisters it. */
  registerStream(close: (reason: string) => void): () => void;
}

/**
 * Sends the upstream's status, content type and body to the client as they arrive, with backpressure. A stream cut by
 * the upstream (reset, idle timeout) or by the drain ends with an error event rather than silence; a client that
 * leaves stops the copy, and the caller's abort signal releases the upstream connection.
 */
export async function forwardUpstreamResponse(upstream: UpstreamResponse, res: Response, options: ForwardOptions): Promise<void> {
  const { context } = options;
  const streaming = isEventStream(upstream);
  context.streamed = streaming;

  res.status(upstream.status);
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value !== undefined && PASSED_BACK.test(name)) res.setHeader(name, value);
  }
  res.setHeader('content-type', upstream.headers['content-type'] ?? 'application/json');
  if (streaming) {
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
  }

  if (!streaming && bufferable(upstream)) {
    await sendWhole(upstream, res, options);
    return;
  }

  const tap = new ResponseTap({
    extractUsage: options.extractUsage,
    streaming,
    keepaliveMs: options.keepaliveMs,
    onFirstByte: () => (context.ttfbMs = msSinceStart(context)),
  });
  const unregister = streaming ? options.registerStream((reason) => upstream.body.destroy(new Error(reason))) : null;
  try {
    await pipeline(upstream.body, tap, res, { end: false });
    res.end();
  } catch (error) {
    discardBody(upstream.body);
    if (res.destroyed || res.writableEnded) return;
    if (streaming) {
      // A cut can fall inside an event; a blank line first keeps the error event from merging with its remains.
      const separator = tap.atEventBoundary ? '' : '\n\n';
      res.end(separator + options.streamErrorEvent(`Upstream stream failed: ${(error as Error).message}`));
    } else {
      // A JSON body cut halfway cannot be repaired; closing the socket tells the client it is incomplete.
      res.destroy(error as Error);
    }
  } finally {
    unregister?.();
    context.bytesOut = tap.bytes;
    if (Object.keys(tap.usage).length) context.usage = tap.usage;
  }
}

// JSON answers up to this size are read whole and sent in one write with a content-length: cheaper than a stream
// pipeline per request, and no client asked to stream them.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function bufferable(upstream: UpstreamResponse): boolean {
  const length = Number(upstream.headers['content-length']);
  return Number.isInteger(length) && length <= MAX_BUFFERED_BYTES;
}

async function sendWhole(upstream: UpstreamResponse, res: Response, { context, extractUsage }: ForwardOptions): Promise<void> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of upstream.body as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch (error) {
    discardBody(upstream.body);
    if (!res.destroyed) res.destroy(error as Error);
    return;
  }
  const body = emptyErrorExplained(upstream.status, Buffer.concat(chunks), res);
  context.ttfbMs = msSinceStart(context);
  context.bytesOut = body.length;
  const usage = extractUsage(safeParse(body));
  if (usage) context.usage = usage;
  res.setHeader('content-length', body.length);
  res.end(body);
}

/**
 * An upstream error without a body (an edge refusing oversized headers answers a bare 400) would reach the client as
 * an empty error it cannot read: say what happened in the route's error format, keeping the status.
 */
function emptyErrorExplained(status: number, body: Buffer, res: Response): Buffer {
  if (status < 400 || body.length > 0) return body;
  res.setHeader('content-type', 'application/json');
  const message = `Upstream answered ${status} without a body`;
  return Buffer.from(JSON.stringify(formatErrorBody(errorFormatForPath(res.req.path), { status, message, code: 'upstream_error' })));
}

function safeParse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}
