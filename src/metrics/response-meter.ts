import type { Response } from 'express';

/** What the gateway wrote to one client, measured at the response object. */
export interface ResponseMeter {
  bytes: number;
  /** hrtime (ns) of the first body byte, if any. */
  firstByteAt: bigint | undefined;
  /** The response went out as `text/event-stream`. */
  streamed: boolean;
}

/**
 * Counts body bytes and notes the first one, and reports event streams as they start (headers out) so the active
 * streams gauge is live. Wraps the response's own methods; the cost is a length read per write.
 */
export function meterResponse(res: Response, onStreamStart: () => void): ResponseMeter {
  const meter: ResponseMeter = { bytes: 0, firstByteAt: undefined, streamed: false };
  const count = (chunk: unknown, encoding: unknown): void => {
    const size =
      typeof chunk === 'string'
        ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : chunk instanceof Uint8Array
          ? chunk.byteLength
          : 0;
    if (size === 0) return;
    meter.bytes += size;
    meter.firstByteAt ??= process.hrtime.bigint();
  };

  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    const result = (writeHead as (...a: unknown[]) => Response).apply(this, args);
    if (!meter.streamed && isEventStream(res, args)) {
      meter.streamed = true;
      onStreamStart();
    }
    return result;
  } as Response['writeHead'];

  const write = res.write;
  res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
    count(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as Response['write'];

  const end = res.end;
  res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') count(chunk, rest[0]);
    return (end as (...a: unknown[]) => Response).call(this, chunk, ...rest);
  } as Response['end'];

  return meter;
}

// The type is usually set with setHeader before the head goes out, but writeHead(status, headers) can carry it too.
function isEventStream(res: Response, writeHeadArgs: unknown[]): boolean {
  const fromHeaders = writeHeadArgs.find((arg) => typeof arg === 'object' && arg !== null) as Record<string, unknown> | undefined;
  const fromArgs = fromHeaders && Object.entries(fromHeaders).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const type = fromArgs ?? res.getHeader('content-type');
  return typeof type === 'string' && type.startsWith('text/event-stream');
}
