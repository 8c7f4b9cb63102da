import type { OutgoingHttpHeaders } from 'node:http';
import type { ReplyChannel } from './reply-channel';

/** How a stream is delivered, independent of what it says. */
export interface StreamShaping {
  /** Pause between events. */
  delayMs?: number;
  /** Write every event in pieces of this many bytes, so boundaries fall inside lines and UTF-8 sequences. */
  splitEvery?: number;
  /** Destroy the socket after this many events instead of ending the response. */
  cutAfterEvents?: number;
  /** Send nothing for this long before event number `silenceAtEvent` (default 0: right after the headers). */
  silenceMs?: number;
  silenceAtEvent?: number;
  /** Leave out the stream's last N events but end the response cleanly: an upstream that never sent its terminal event. */
  omitLastEvents?: number;
}

/** Anthropic-style framing: a named event and one JSON data line. */
export function namedEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Data-only framing as Chat Completions sends it. */
export function dataEvent(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/**
 * Writes pre-framed SSE events with the requested shaping. Frames are pulled lazily, so a generator can
 * produce a 10 MB stream without holding it in memory.
 */
export async function writeEventStream(
  channel: ReplyChannel,
  headers: OutgoingHttpHeaders,
  frames: Iterable<string>,
  shaping: StreamShaping = {},
): Promise<void> {
  channel.writeHead(200, headers);
  let index = 0;
  for (const frame of withoutLast(frames, shaping.omitLastEvents ?? 0)) {
    if (channel.done) return;
    if (shaping.cutAfterEvents !== undefined && index >= shaping.cutAfterEvents) break;
    if (shaping.silenceMs && index === (shaping.silenceAtEvent ?? 0)) await channel.pause(shaping.silenceMs);
    if (index > 0 && shaping.delayMs) await channel.pause(shaping.delayMs);
    await writeFrame(channel, frame, shaping.splitEvery);
    index += 1;
  }
  if (shaping.cutAfterEvents !== undefined) await channel.cut();
  else channel.end();
}

async function writeFrame(channel: ReplyChannel, frame: string, splitEvery: number | undefined): Promise<void> {
  if (!splitEvery || splitEvery <= 0) {
    await channel.write(frame);
    return;
  }
  const bytes = Buffer.from(frame, 'utf8');
  for (let offset = 0; offset < bytes.length && !channel.done; offset += splitEvery) {
    await channel.write(bytes.subarray(offset, offset + splitEvery));
    // Yield so each piece leaves as its own TCP write instead of being coalesced with the next one.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The frames but the last `count`, still pulled lazily (a window of `count` frames is held back). */
function* withoutLast(frames: Iterable<string>, count: number): Generator<string> {
  const held: string[] = [];
  for (const frame of frames) {
    held.push(frame);
    if (held.length > count) yield held.shift()!;
  }
}
