import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Recorded upstream streams in test/fixtures/<name>.sse, byte for byte as the vendors frame them. */
export type FixtureName =
  | 'anthropic-text'
  | 'anthropic-tool-use'
  | 'anthropic-thinking'
  | 'anthropic-error'
  | 'responses-text'
  | 'responses-function-call'
  | 'responses-reasoning-summary'
  | 'chat-text'
  | 'chat-tool-call'
  | 'google-text'
  | 'google-function-call';

export const FIXTURE_DIR = join(__dirname, '..', 'fixtures');

const cache = new Map<string, string>();

export function fixturePath(name: FixtureName): string {
  return join(FIXTURE_DIR, `${name}.sse`);
}

export function readFixture(name: FixtureName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(fixturePath(name), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/**
 * Cuts a fixture into its events, each keeping its exact bytes including the blank-line terminator, so a replay
 * can pause or cut between events. This only ever reads our own fixture files; streams under test go through a
 * real SSE parser.
 */
export function splitSseFrames(text: string): string[] {
  const frames: string[] = [];
  let start = 0;
  let cursor = 0;
  while (cursor < text.length) {
    const newline = text.indexOf('\n', cursor);
    if (newline === -1) break;
    const line = text.slice(cursor, newline);
    cursor = newline + 1;
    const blank = line === '' || line === '\r';
    if (blank && text.slice(start, cursor).trim() !== '') {
      frames.push(text.slice(start, cursor));
      start = cursor;
    }
  }
  if (text.slice(start).trim() !== '') frames.push(text.slice(start));
  return frames;
}

export function fixtureFrames(name: FixtureName): string[] {
  return splitSseFrames(readFixture(name));
}
