import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { EncodedUpstreamRequest, UpstreamCodec } from '../hub/hub-codec';
import type { HubStreamPart } from '../hub/hub-stream';
import { hubStreamGrammarViolation } from '../hub/hub-stream-grammar';
import { AnthropicCodec } from './anthropic/anthropic.codec';
import { ChatCompletionsCodec } from './chat-completions/chat-completions.codec';
import { decodeUpstreamStream } from './decode-upstream-stream';
import { GoogleCodec } from './google/google.codec';
import { OpenAiResponsesCodec } from './openai-responses/openai-responses.codec';
import { createToolNameMap, OPENAI_TOOL_NAMES } from './shared/tool-names';

/**
 * The same upstream bytes, however the network splits them, must give the same hub parts, and parts that obey the
 * grammar: every recorded fixture of every upstream type is cut at every byte position (inside UTF-8 characters and
 * CRLF pairs too), at arbitrary sets of positions, and re-framed with CRLF line ends.
 */
const codecs: Record<string, UpstreamCodec> = {
  anthropic: new AnthropicCodec(),
  'openai-responses': new OpenAiResponsesCodec(),
  'chat-completions': new ChatCompletionsCodec(),
  google: new GoogleCodec(),
};
const encoded: EncodedUpstreamRequest = { body: {}, stream: true, toolNames: createToolNameMap([], OPENAI_TOOL_NAMES) };

const cases: [string, Buffer, UpstreamCodec][] = Object.entries(codecs).flatMap(([folder, codec]) =>
  readdirSync(join(__dirname, folder, '__fixtures__'))
    .filter((name) => name.endsWith('.sse'))
    .map((name): [string, Buffer, UpstreamCodec] => [`${folder} ${name}`, readFileSync(join(__dirname, folder, '__fixtures__', name)), codec]),
);
// A cut stream must end the same way wherever the cut chunks were split.
cases.push(['anthropic text cut short', readFileSync(join(__dirname, 'anthropic', '__fixtures__', 'text.sse')).subarray(0, 700), codecs.anthropic]);

async function decode(parts: Uint8Array[], codec: UpstreamCodec): Promise<HubStreamPart[]> {
  const out: HubStreamPart[] = [];
  const source = (async function* () {
    for (const part of parts) yield part;
  })();
  for await (const part of decodeUpstreamStream(source, codec.createStreamDecoder(encoded))) out.push(part);
  return out;
}

function splitAt(bytes: Buffer, positions: number[]): Buffer[] {
  const cuts = [...new Set(positions)].sort((a, b) => a - b);
  return [0, ...cuts].map((start, i) => bytes.subarray(start, cuts[i] ?? bytes.length));
}

const toCrlf = (bytes: Buffer) => Buffer.from(bytes.toString('utf8').replace(/\r?\n/g, '\r\n'));

describe.each(cases)('%s', (_name, bytes, codec) => {
  let expected: HubStreamPart[];

  beforeAll(async () => {
    expected = await decode([bytes], codec);
    // Guard against a vacuous fixture: every case decodes to a start, content and an end.
    expect(expected.length).toBeGreaterThan(2);
    expect(hubStreamGrammarViolation(expected)).toBeUndefined();
  });

  it('gives the same parts split into two at every byte position', async () => {
    for (let at = 1; at < bytes.length; at++) {
      const actual = await decode(splitAt(bytes, [at]), codec);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) expect({ at, actual }).toEqual({ at, actual: expected });
    }
  });

  it('gives the same parts one byte at a time', async () => {
    expect(await decode(splitAt(bytes, [...bytes.keys()].slice(1)), codec)).toEqual(expected);
  });

  it('gives the same parts for arbitrary split points, with LF or CRLF line ends', async () => {
    const crlf = toCrlf(bytes);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), async (useCrlf, positions) => {
        const source = useCrlf ? crlf : bytes;
        const cuts = positions.map((at) => Math.min(at, source.length - 1));
        expect(await decode(splitAt(source, cuts), codec)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });
});
