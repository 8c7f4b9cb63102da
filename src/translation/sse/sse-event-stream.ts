import { createParser, type ParseError } from 'eventsource-parser';
import { Utf8StreamDecoder } from './utf8-stream-decoder';

/** One server-sent event as the converters see it (`event` absent when the server sent no `event:` line). */
export interface SseEvent {
  event?: string;
  data: string;
}

/** A single event larger than this is a broken or hostile upstream, not an answer worth buffering. */
export const MAX_SSE_BUFFER_CHARS = 32 * 1024 * 1024;

export class SseBufferOverflowError extends Error {
  override readonly name = 'SseBufferOverflowError';
}

/**
 * Upstream body -> SSE events. Bytes are decoded as one UTF-8 stream (a UTF-8 character split across two
 * chunks stays whole) and framed by eventsource-parser, so any chunk split, CRLF/CR line ends, comments and multi-line
 * `data:` fields give the same events. An unterminated last event is still delivered: some upstreams omit the final
 * blank line, and dropping their terminal event would turn a complete answer into a truncation error.
 */
export async function* parseSseStream(
  source: AsyncIterable<Uint8Array | string>,
  maxBufferChars = MAX_SSE_BUFFER_CHARS,
): AsyncGenerator<SseEvent, void, undefined> {
  for await (const batch of parseSseBatches(source, maxBufferChars)) yield* batch;
}

/**
 * The same events as parseSseStream, as one array per upstream chunk (never empty): a stream being converted pays
 * one async step per chunk rather than one per event, which on a 300-event answer is most of its overhead.
 */
export async function* parseSseBatches(
  source: AsyncIterable<Uint8Array | string>,
  maxBufferChars = MAX_SSE_BUFFER_CHARS,
): AsyncGenerator<SseEvent[], void, undefined> {
  const decoder = new Utf8StreamDecoder();
  let pending: SseEvent[] = [];
  let overflow: ParseError | undefined;
  const parser = createParser({
    maxBufferSize: maxBufferChars,
    onEvent: ({ event, data }) => pending.push(event === undefined ? { data } : { event, data }),
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') overflow = error;
    },
  });
  const take = (): SseEvent[] => {
    const batch = pending;
    pending = [];
    return batch;
  };

  for await (const chunk of source) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk));
    if (overflow) throw new SseBufferOverflowError(`upstream SSE event exceeds ${maxBufferChars} characters`);
    if (pending.length > 0) yield take();
  }
  // Ending the last line and the event ourselves; the parser's reset({consume}) parses a partial line but drops it.
  parser.feed(`${decoder.end()}\n\n`);
  if (pending.length > 0) yield take();
}
