import { createParser, type EventSourceParser, type ParseError } from 'eventsource-parser';
import { Utf8StreamDecoder } from './utf8-stream-decoder';

/** One server-sent event as the converters see it (`event` absent when the server sent no `event:` line). */
export interface SseEvent {
  event?: string;
  data: string;
}

/** A single event larger than this is a broken or hostile upstream, not an answer worth buffering. */
export const MAX_SSE_BUFFER_CHARS = 32 * 1024 * 1024;

const NO_EVENTS: readonly SseEvent[] = Object.freeze([]);

export class SseBufferOverflowError extends Error {
  override readonly name = 'SseBufferOverflowError';
}

/**
 * Upstream bytes → SSE events, one chunk at a time and without async steps. Bytes are decoded as one UTF-8 stream (a
 * UTF-8 character split across two chunks stays whole) and framed by eventsource-parser, so any chunk split, CRLF/CR
 * line ends, comments and multi-line `data:` fields give the same events. An unterminated last event is still
 * delivered by `end()`: some upstreams omit the final blank line, and dropping their terminal event would turn a
 * complete answer into a truncation error.
 */
export class SseFramer {
  private readonly decoder = new Utf8StreamDecoder();
  private readonly parser: EventSourceParser;
  private pending: SseEvent[] = [];
  private overflow: ParseError | undefined;

  constructor(private readonly maxBufferChars = MAX_SSE_BUFFER_CHARS) {
    this.parser = createParser({
      maxBufferSize: maxBufferChars,
      onEvent: ({ event, data }) => this.pending.push(event === undefined ? { data } : { event, data }),
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') this.overflow = error;
      },
    });
  }

  /** The events this chunk completes (often none); throws SseBufferOverflowError past the buffer limit. */
  push(chunk: Uint8Array | string): readonly SseEvent[] {
    this.parser.feed(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk));
    if (this.overflow) throw new SseBufferOverflowError(`upstream SSE event exceeds ${this.maxBufferChars} characters`);
    return this.take();
  }

  /** The body ended: the last event, even without its blank line. */
  end(): readonly SseEvent[] {
    // Ending the last line and the event ourselves; the parser's reset({consume}) parses a partial line but drops it.
    return this.push(`${this.decoder.end()}\n\n`);
  }

  private take(): readonly SseEvent[] {
    if (this.pending.length === 0) return NO_EVENTS;
    const events = this.pending;
    this.pending = [];
    return events;
  }
}

/** Upstream body → SSE events, one by one as they complete (see SseFramer). */
export async function* parseSseStream(
  source: AsyncIterable<Uint8Array | string>,
  maxBufferChars = MAX_SSE_BUFFER_CHARS,
): AsyncGenerator<SseEvent, void, undefined> {
  const framer = new SseFramer(maxBufferChars);
  for await (const chunk of source) yield* framer.push(chunk);
  yield* framer.end();
}
