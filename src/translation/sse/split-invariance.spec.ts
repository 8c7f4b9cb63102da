import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { AnthropicStreamConverter } from '../anthropic/anthropic-stream-converter';
import type { ChatStreamItem } from '../chat-completions.types';
import { CommonStreamConverter } from '../common/common-stream-converter';
import { GoogleStreamConverter } from '../google/google-stream-converter';
import type { ChatResponseContext, ChatStreamConverter } from '../provider-strategy';
import { ResponsesStreamConverter } from '../responses/responses-stream-converter';
import { translateChatStream } from './translate-chat-stream';

/**
 * The same upstream bytes, however the network splits them, must give the same chat stream: every fixture is cut at
 * every byte position (inside UTF-8 characters and CRLF pairs too), at arbitrary sets of positions, and re-framed
 * with CRLF line ends.
 */
const ctx: ChatResponseContext = { id: 'chatcmpl-split', created: 1700000000, model: 'm', includeUsage: true };
const read = (provider: string, name: string) => readFileSync(join(__dirname, '..', provider, '__fixtures__', name));

const cases: [string, Buffer, () => ChatStreamConverter][] = [
  ['anthropic text', read('anthropic', 'text.sse'), () => new AnthropicStreamConverter(ctx)],
  ['anthropic tool use', read('anthropic', 'tool-use.sse'), () => new AnthropicStreamConverter(ctx)],
  ['anthropic thinking', read('anthropic', 'thinking.sse'), () => new AnthropicStreamConverter(ctx)],
  ['responses text', read('responses', 'text.sse'), () => new ResponsesStreamConverter(ctx)],
  ['responses function call', read('responses', 'function-call.sse'), () => new ResponsesStreamConverter(ctx)],
  ['responses reasoning', read('responses', 'reasoning.sse'), () => new ResponsesStreamConverter(ctx)],
  ['google text (CRLF)', read('google', 'text.sse'), () => new GoogleStreamConverter(ctx)],
  ['google function call (CRLF)', read('google', 'function-call.sse'), () => new GoogleStreamConverter(ctx)],
  ['common text', read('common', 'text.sse'), () => new CommonStreamConverter(ctx)],
  // A cut stream must fail the same way wherever the cut chunks were split.
  ['anthropic cut short', read('anthropic', 'text.sse').subarray(0, 700), () => new AnthropicStreamConverter(ctx)],
];

async function convert(parts: Uint8Array[], converter: ChatStreamConverter): Promise<ChatStreamItem[]> {
  const items: ChatStreamItem[] = [];
  const source = (async function* () {
    for (const part of parts) yield part;
  })();
  for await (const item of translateChatStream(source, converter)) items.push(item);
  return items;
}

function splitAt(bytes: Buffer, positions: number[]): Buffer[] {
  const cuts = [...new Set(positions)].sort((a, b) => a - b);
  return [0, ...cuts].map((start, i) => bytes.subarray(start, cuts[i] ?? bytes.length));
}

const toCrlf = (bytes: Buffer) => Buffer.from(bytes.toString('utf8').replace(/\r?\n/g, '\r\n'));

describe.each(cases)('%s', (_name, bytes, createConverter) => {
  let expected: ChatStreamItem[];

  beforeAll(async () => {
    expected = await convert([bytes], createConverter());
    // Guard against a vacuous fixture: every case converts to several items.
    expect(expected.length).toBeGreaterThan(2);
  });

  it('gives the same output split into two at every byte position', async () => {
    for (let at = 1; at < bytes.length; at++) {
      const actual = await convert(splitAt(bytes, [at]), createConverter());
      if (JSON.stringify(actual) !== JSON.stringify(expected)) expect({ at, actual }).toEqual({ at, actual: expected });
    }
  });

  it('gives the same output one byte at a time', async () => {
    expect(await convert(splitAt(bytes, [...bytes.keys()].slice(1)), createConverter())).toEqual(expected);
  });

  it('gives the same output for arbitrary split points', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), async (positions) => {
        expect(await convert(splitAt(bytes, positions), createConverter())).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same output with CRLF line ends, however split', async () => {
    const crlf = toCrlf(bytes);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: crlf.length - 1 }), { maxLength: 40 }), async (positions) => {
        expect(await convert(splitAt(crlf, positions), createConverter())).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});
