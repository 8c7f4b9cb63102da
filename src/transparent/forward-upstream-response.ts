import type { Response } from 'express';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorFormatForPath, formatErrorBody } from '../core/errors/error-format';
import { upstreamErrorToApiError } from '../core/errors/upstream-error-message';
import { msSinceStart, type RequestContext } from '../core/http/request-context';
import { discardBody, readHeldBody } from '../outbound/read-body';
import { isEventStream, type UpstreamResponse } from '../outbound/upstream-response';
import type { SseResponseWriter } from '../sse-response/sse-response-writer';
import type { UpstreamProvider } from '../translation/upstream/upstream-provider';
import { mergeUsage } from './usage/merge-usage';
import { SseUsageScanner } from './usage/sse-usage-scanner';

// Headers worth passing back besides the body's type: rate-limit information clients act on.
const PASSED_BACK = /^(retry-after|anthropic-ratelimit-.*|x-ratelimit-.*)$/;

export interface ForwardOptions {
  /** The model's upstream type: where its API puts token counts. */
  provider: Pick<UpstreamProvider, 'extractUsage' | 'usageField'>;
  context: RequestContext;
  /**
   * The client's SSE writer: opened before the upstream call when the client asked for a stream (it may have sent
   * early headers meanwhile), or for an answer that streams anyway. Null for JSON.
   */
  writer: SseResponseWriter | null;
}

/**
 * Sends the upstream's status, content type and body to the client as they arrive, with backpressure. A stream cut by
 * the upstream (reset, idle timeout) or by the drain ends with an error event rather than silence; a client that
 * leaves stops the copy, and the caller's abort signal releases the upstream connection.
 */
export async function forwardUpstreamResponse(upstream: UpstreamResponse, res: Response, options: ForwardOptions): Promise<void> {
  const { writer } = options;
  if (writer && isEventStream(upstream) && upstream.status < 400) {
    await forwardStream(upstream, writer, options);
    return;
  }
  if (writer && !writer.release()) {
    // The SSE headers went out while the upstream was awaited: its error can only be an event now.
    await failStream(upstream, writer);
    return;
  }
  res.status(upstream.status);
  for (const [name, value] of Object.entries(passedBack(upstream.headers))) res.setHeader(name, value!);
  res.setHeader('content-type', upstream.headers['content-type'] ?? 'application/json');
  if (bufferable(upstream)) await sendWhole(upstream, res, options);
  // An error without a length is read whole too (errors are short), so an empty one can still be explained.
  else if (upstream.status >= 400) await sendWhole(upstream, res, options, (body) => readHeldBody(body, MAX_BUFFERED_BYTES));
  else await sendStreamed(upstream, res, options);
}

function passedBack(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && PASSED_BACK.test(name)) out[name] = value;
  return out;
}

async function forwardStream(upstream: UpstreamResponse, writer: SseResponseWriter, { provider, context }: ForwardOptions): Promise<void> {
  writer.begin(upstream.status, passedBack(upstream.headers), String(upstream.headers['content-type']));
  const usage = (context.usage ??= {});
  const scanner = new SseUsageScanner(provider.usageField, (data) => mergeUsage(usage, provider.extractUsage(safeParse(data))));
  try {
    await writer.pipe(upstream.body, (chunk) => scanner.push(chunk));
    scanner.finish();
    writer.end();
  } catch (error) {
    discardBody(upstream.body);
    writer.fail(`Upstream stream failed: ${(error as Error).message}`);
  } finally {
    if (Object.keys(usage).length === 0) delete context.usage;
  }
}

async function failStream(upstream: UpstreamResponse, writer: SseResponseWriter): Promise<void> {
  if (upstream.status < 400) {
    discardBody(upstream.body);
    writer.fail('The upstream did not stream although a stream was requested', 502);
    return;
  }
  const body = await readHeldBody(upstream.body);
  writer.fail(upstreamErrorToApiError(upstream.status, body.toString('utf8')).message, upstream.status);
}

// JSON answers up to this size are read whole and sent in one write with a content-length: cheaper than a stream
// pipeline per request, and no client asked to stream them.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function bufferable(upstream: UpstreamResponse): boolean {
  const length = Number(upstream.headers['content-length']);
  return Number.isInteger(length) && length <= MAX_BUFFERED_BYTES;
}

async function sendWhole(
  upstream: UpstreamResponse,
  res: Response,
  { context, provider }: ForwardOptions,
  read: (body: Readable) => Promise<Buffer> = readWhole,
): Promise<void> {
  let whole: Buffer;
  try {
    whole = await read(upstream.body);
  } catch (error) {
    discardBody(upstream.body);
    if (!res.destroyed) res.destroy(error as Error);
    return;
  }
  const body = emptyErrorExplained(upstream.status, whole, res);
  context.ttfbMs = msSinceStart(context);
  context.bytesOut = body.length;
  const usage = provider.extractUsage(safeParse(body.toString('utf8')));
  if (usage) context.usage = usage;
  res.setHeader('content-length', body.length);
  res.end(body);
}

/** undici's own body reader (one buffer, no async iterator) when the body is undici's; a plain read otherwise. */
async function readWhole(body: Readable): Promise<Buffer> {
  const undiciBody = body as Readable & { arrayBuffer?: () => Promise<ArrayBuffer> };
  if (typeof undiciBody.arrayBuffer === 'function') return Buffer.from(await undiciBody.arrayBuffer());
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
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

// A JSON body without a length, or a large one, is piped; its usage is read when it ends, up to this size.
const MAX_JSON_FOR_USAGE = 4 * 1024 * 1024;

async function sendStreamed(upstream: UpstreamResponse, res: Response, { context, provider }: ForwardOptions): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      if (size === 0) context.ttfbMs = msSinceStart(context);
      size += chunk.length;
      if (size <= MAX_JSON_FOR_USAGE) chunks.push(chunk);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(upstream.body, tap, res);
    const usage = size <= MAX_JSON_FOR_USAGE ? provider.extractUsage(safeParse(Buffer.concat(chunks).toString('utf8'))) : null;
    if (usage) context.usage = usage;
  } catch (error) {
    discardBody(upstream.body);
    // A JSON body cut halfway cannot be repaired; closing the socket tells the client it is incomplete.
    if (!res.destroyed) res.destroy(error as Error);
  } finally {
    context.bytesOut = size;
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
