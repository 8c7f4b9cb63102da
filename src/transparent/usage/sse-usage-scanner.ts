import { createParser, type EventSourceParser } from 'eventsource-parser';

// Where one event ends: a blank line, with LF or CRLF line endings.
const LF_BOUNDARY = Buffer.from('\n\n');
const CRLF_BOUNDARY = Buffer.from('\n\r\n');
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COLON = 0x3a;
// `n`, as in `null`: the one value that says an event carries no counts.
const NULL_START = 0x6e;
// An event larger than this (none that carries usage is) is passed without being scanned, to bound memory.
const MAX_EVENT_BYTES = 8 * 1024 * 1024;

/**
 * Reads token usage out of an SSE stream without decoding it: the bytes of each chunk are searched (natively) for the
 * usage field with a value (`"usage":{`, `"usageMetadata":{`, not `"usage":null`); only the events that hold one are
 * cut out at their blank lines, decoded, parsed as SSE and handed on as data. A chunk is often most of an answer (the
 * writer reads what arrived since its last turn as one), so decoding and parsing the whole chunk around a usage event
 * would cost a parse of every event in it. In a 300-event Anthropic stream that is `message_start` and `message_delta`, in a
 * Responses stream `response.completed`, in a Chat Completions stream the usage chunk (the `"usage":null` every other
 * chunk may carry does not match). Text deltas cannot match: a quote inside JSON text is escaped.
 *
 * The scanner keeps the bytes of the event in progress (usually none: upstreams send whole events) so an event split
 * across chunks is found whole.
 */
export class SseUsageScanner {
  private readonly marker: Buffer;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private readonly parser: EventSourceParser;

  /** `field` is the JSON key that holds usage (`usage`, `usageMetadata`); `onData` gets each matching event's data. */
  constructor(field: string, onData: (data: string) => void) {
    // Searched without its opening quote (checked after): Node's search is slow for a needle starting with a byte as
    // frequent in JSON as `"`, and several times faster for one starting with a letter.
    this.marker = Buffer.from(`${field}"`);
    const quoted = `"${field}"`;
    // Fed whole events only, each ending with its blank line; the check on the data is the last word.
    this.parser = createParser({
      onEvent: ({ data }) => {
        if (textHoldsValue(data, quoted)) onData(data);
      },
    });
  }

  push(chunk: Buffer): void {
    const end = lastBoundaryEnd(chunk);
    if (end === -1) {
      this.keep(chunk);
      return;
    }
    // The events completed by this chunk: what was carried, and this chunk up to its last blank line. Most chunks are
    // whole events, searched in place.
    if (this.carry.length === 0) {
      this.feedUsageEvents(chunk, end);
    } else {
      const done = Buffer.concat([...this.carry, chunk.subarray(0, end)]);
      this.feedUsageEvents(done, done.length);
    }
    this.carry = [];
    this.carryBytes = 0;
    if (end < chunk.length) this.keep(chunk.subarray(end));
  }

  /** The stream ended: events whose blank line fell across two chunks are still in the carry. */
  finish(): void {
    if (this.carry.length === 0) return;
    const rest = Buffer.concat(this.carry);
    this.carry = [];
    this.carryBytes = 0;
    this.feedUsageEvents(rest, rest.length);
  }

  /** Feeds the parser each event of `bytes` (which starts at an event's start) that holds usage, and no other. */
  private feedUsageEvents(bytes: Buffer, end: number): void {
    for (let from = 0, at = nextValue(bytes, this.marker, from, end); at !== -1; at = nextValue(bytes, this.marker, from, end)) {
      const stop = eventEnd(bytes, at, end);
      this.parser.feed(bytes.toString('utf8', eventStart(bytes, at, from), stop));
      from = stop;
    }
  }

  private keep(bytes: Buffer): void {
    this.carryBytes += bytes.length;
    if (this.carryBytes > MAX_EVENT_BYTES) {
      // Drop the oversized event; the scan resumes at the next blank line (the parser is reset with it).
      this.carry = [];
      this.carryBytes = 0;
      this.parser.reset();
      return;
    }
    this.carry.push(bytes);
  }
}

/** The index just past the last blank line in the chunk, or -1. */
function lastBoundaryEnd(chunk: Buffer): number {
  const n = chunk.length;
  // Upstreams send whole events: the usual chunk ends with its blank line, found without a search.
  if (n >= 2 && chunk[n - 1] === LF && (chunk[n - 2] === LF || (n >= 3 && chunk[n - 2] === CR && chunk[n - 3] === LF))) return n;
  return boundaryEndBefore(chunk, n - 1);
}

/** The index just past the last blank line that starts at or before `at`, or -1. */
function boundaryEndBefore(bytes: Buffer, at: number): number {
  const lf = bytes.lastIndexOf(LF_BOUNDARY, at);
  const crlf = bytes.lastIndexOf(CRLF_BOUNDARY, at);
  return Math.max(lf === -1 ? -1 : lf + 2, crlf === -1 ? -1 : crlf + 3);
}

/**
 * Where, from `from` and before `end`, `"field"` occurs followed by optional whitespace, a colon and a value other than
 * null (the index of `field`, past its opening quote); -1 if nowhere.
 */
function nextValue(bytes: Buffer, marker: Buffer, from: number, end: number): number {
  for (let at = bytes.indexOf(marker, from); at !== -1 && at < end; at = bytes.indexOf(marker, at + 1)) {
    if (at === 0 || bytes[at - 1] !== QUOTE) continue;
    let i = skipSpace(bytes, at + marker.length);
    if (bytes[i] !== COLON) continue;
    i = skipSpace(bytes, i + 1);
    if (i < bytes.length && bytes[i] !== NULL_START) return at;
  }
  return -1;
}

/** The start of the event holding index `at`: just past the blank line before it, or `from`. */
function eventStart(bytes: Buffer, at: number, from: number): number {
  return Math.max(from, boundaryEndBefore(bytes, at));
}

/** The end of the event holding index `at`: just past its blank line, or `end`. */
function eventEnd(bytes: Buffer, at: number, end: number): number {
  const lf = bytes.indexOf(LF_BOUNDARY, at);
  const crlf = bytes.indexOf(CRLF_BOUNDARY, at);
  return Math.min(end, lf === -1 ? end : lf + 2, crlf === -1 ? end : crlf + 3);
}

function textHoldsValue(text: string, quoted: string): boolean {
  for (let at = text.indexOf(quoted); at !== -1; at = text.indexOf(quoted, at + 1)) {
    let i = skipSpace(text, at + quoted.length);
    if (text.charCodeAt(i) !== COLON) continue;
    i = skipSpace(text, i + 1);
    if (i < text.length && text.charCodeAt(i) !== NULL_START) return true;
  }
  return false;
}

function skipSpace(bytes: Buffer | string, from: number): number {
  const at = typeof bytes === 'string' ? (i: number) => bytes.charCodeAt(i) : (i: number) => bytes[i];
  let i = from;
  for (let c = at(i); c === 0x20 || c === 0x09 || c === LF || c === CR; c = at(i)) i += 1;
  return i;
}
