import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { TokenUsage } from '../core/http/request-context';
import { mergeUsage, type UsageReader } from './usage/merge-usage';

// A non-stream body larger than this is forwarded without reading its usage, to bound memory.
const MAX_JSON_FOR_USAGE = 4 * 1024 * 1024;
const KEEPALIVE_COMMENT = ': keepalive\n\n';

export interface ResponseTapOptions {
  extractUsage: UsageReader;
  streaming: boolean;
  /** Silence after which a keepalive comment is written (streams only); 0 disables. */
  keepaliveMs: number;
  onFirstByte(): void;
}

/**
 * Sits between the upstream body and the client without changing a byte of the upstream's: counts bytes, notes the
 * first byte, reads token usage on the side, and during upstream silence writes SSE comments — only between events,
 * so a keepalive can never split one — to keep ingress idle timeouts from cutting long thinking.
 */
export class ResponseTap extends Transform {
  readonly usage: TokenUsage = {};
  bytes = 0;
  atEventBoundary = true;
  /** The last few bytes sent, to know whether the stream stands between two events. */
  private tail = '';
  private readonly parser: EventSourceParser | null;
  private readonly decoder = new StringDecoder('utf8');
  private json: Buffer[] | null;
  private jsonBytes = 0;
  private keepalive: NodeJS.Timeout | null = null;

  constructor(private readonly options: ResponseTapOptions) {
    super();
    this.parser = options.streaming
      ? createParser({
          onEvent: ({ data }) => {
            // Only events that can carry counts are parsed; text deltas pass without a JSON.parse.
            if (data.includes('sage')) mergeUsage(this.usage, options.extractUsage(safeParse(data)));
          },
        })
      : null;
    this.json = options.streaming ? null : [];
    this.armKeepalive();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.bytes === 0) this.options.onFirstByte();
    this.bytes += chunk.length;
    if (this.parser) {
      this.parser.feed(this.decoder.write(chunk));
      this.tail = (this.tail + chunk.subarray(Math.max(0, chunk.length - 4)).toString('latin1')).slice(-4);
      // A blank line ends an event, with LF or CRLF line endings.
      this.atEventBoundary = this.tail.endsWith('\n\n') || this.tail.endsWith('\n\r\n');
      this.armKeepalive();
    } else if (this.json) {
      this.jsonBytes += chunk.length;
      if (this.jsonBytes <= MAX_JSON_FOR_USAGE) this.json.push(chunk);
      else this.json = null;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.stopKeepalive();
    if (this.json) mergeUsage(this.usage, this.options.extractUsage(safeParse(Buffer.concat(this.json).toString('utf8'))));
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stopKeepalive();
    callback(error);
  }

  private armKeepalive(): void {
    if (!this.options.streaming || this.options.keepaliveMs <= 0) return;
    if (this.keepalive) {
      this.keepalive.refresh();
      return;
    }
    this.keepalive = setInterval(() => {
      if (this.atEventBoundary) this.push(KEEPALIVE_COMMENT);
    }, this.options.keepaliveMs);
    this.keepalive.unref();
  }

  private stopKeepalive(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = null;
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
