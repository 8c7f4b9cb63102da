import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SseUsageScanner } from './sse-usage-scanner';

function scan(field: string, chunks: (string | Buffer)[]): string[] {
  const found: string[] = [];
  const scanner = new SseUsageScanner(field, (data) => found.push(data));
  for (const chunk of chunks) scanner.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  scanner.finish();
  return found;
}

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures', name));

/** Splits bytes at the given offsets (sorted, deduplicated, inside the buffer). */
function splitAt(bytes: Buffer, offsets: number[]): Buffer[] {
  const cuts = [...new Set(offsets.filter((at) => at > 0 && at < bytes.length))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const at of [...cuts, bytes.length]) {
    parts.push(bytes.subarray(from, at));
    from = at;
  }
  return parts;
}

describe(SseUsageScanner.name, () => {
  it('hands on only the events that carry usage (Anthropic message_start and message_delta)', () => {
    const found = scan('usage', [fixture('anthropic-text.sse')]);
    expect(found.map((data) => JSON.parse(data).type)).toEqual(['message_start', 'message_delta']);
  });

  it('decodes only the bytes of the events that carry usage, not the whole chunk around them', () => {
    const chunk = Buffer.from(fixture('anthropic-text.sse'));
    const decode = jest.spyOn(chunk, 'toString');
    const found = scan('usage', [chunk]);

    const decoded = decode.mock.results.map(({ value }) => value as string);
    expect(decoded.map((text) => text.split('\n').find((line) => line.startsWith('data: '))?.slice(6))).toEqual(found);
    expect(decoded.join('').length).toBeLessThan(chunk.length / 2);
  });

  it('finds Responses usage in response.completed and not in the events whose usage is null', () => {
    const found = scan('usage', [fixture('responses-text.sse')]);
    expect(found.map((data) => JSON.parse(data).type)).toEqual(['response.completed']);
  });

  it('finds the Chat Completions usage chunk, and Google usageMetadata', () => {
    expect(scan('usage', [fixture('chat-text.sse')]).map((data) => JSON.parse(data).usage)).toEqual([expect.objectContaining({ prompt_tokens: expect.any(Number) })]);
    expect(scan('usageMetadata', [fixture('google-text.sse')]).length).toBeGreaterThan(0);
  });

  it('ignores text that mentions usage: a quote inside JSON text is escaped', () => {
    const delta = `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', delta: { text: 'see "usage": {"x":1} and usage"' } })}\n\n`;
    expect(scan('usage', [delta])).toEqual([]);
    expect(scan('usage', ['data: {"usage" :\t {"a":1}}\n\n'])).toEqual(['{"usage" :\t {"a":1}}']);
  });

  it('finds the same events however the bytes are split, with LF or CRLF line endings', () => {
    const lf = fixture('anthropic-text.sse');
    const crlf = Buffer.from(lf.toString('utf8').replace(/\n/g, '\r\n'));
    const whole = scan('usage', [lf]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: lf.length }), { maxLength: 40 }), fc.boolean(), (offsets, useCrlf) => {
        const bytes = useCrlf ? crlf : lf;
        const found = scan('usage', splitAt(bytes, offsets.map((at) => Math.floor((at * bytes.length) / lf.length))));
        expect(found.map((data) => data.replace(/\r/g, ''))).toEqual(whole);
      }),
    );
  });

  it('takes any value but null: a type whose counts are a number is found too', () => {
    expect(scan('tokens', ['data: {"tokens":null}\n\n', 'data: {"tokens": 5}\n\n'])).toEqual(['{"tokens": 5}']);
  });

  it('reads a usage event whose blank line was split across the last two chunks', () => {
    expect(scan('usage', ['data: {"usage":{"a":1}}\n', '\n'])).toEqual(['{"usage":{"a":1}}']);
  });
});
