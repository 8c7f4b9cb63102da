import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extractAnthropicUsage } from '../translation/upstream/anthropic/extract-anthropic-usage';
import { extractOpenAiResponsesUsage } from '../translation/upstream/openai-responses/extract-openai-responses-usage';
import { ResponseTap } from './response-tap';

async function run(tap: ResponseTap, chunks: string[]): Promise<string> {
  let out = '';
  tap.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  await pipeline(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), tap);
  return out;
}

const noop = () => undefined;

describe('ResponseTap', () => {
  it('passes bytes through unchanged and reads usage from split SSE events', async () => {
    const sse =
      'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":5,"output_tokens":1}}}\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"usage"}}\n\n' +
      'event: message_delta\r\ndata: {"type":"message_delta","usage":{"output_tokens":33}}\r\n\r\n';
    const chunks = sse.match(/[\s\S]{1,7}/g)!;
    let firstBytes = 0;
    const tap = new ResponseTap({ extractUsage: extractAnthropicUsage, streaming: true, keepaliveMs: 0, onFirstByte: () => (firstBytes += 1) });
    expect(await run(tap, chunks)).toBe(sse);
    expect(tap.usage).toEqual({ inputTokens: 5, outputTokens: 33 });
    expect(tap.bytes).toBe(Buffer.byteLength(sse));
    expect(firstBytes).toBe(1);
  });

  it('reads usage from a whole JSON body', async () => {
    const tap = new ResponseTap({ extractUsage: extractOpenAiResponsesUsage, streaming: false, keepaliveMs: 0, onFirstByte: noop });
    await run(tap, ['{"object":"response","usage":{"input_tokens":2,', '"output_tokens":3}}']);
    expect(tap.usage).toEqual({ inputTokens: 2, outputTokens: 3 });
  });

  describe('keepalive', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('writes a comment during silence between events, never inside one', () => {
      const tap = new ResponseTap({ extractUsage: extractAnthropicUsage, streaming: true, keepaliveMs: 1000, onFirstByte: noop });
      const out: string[] = [];
      tap.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));

      tap.write(Buffer.from('event: ping\ndata: {"type":"ping"}\n\n'));
      jest.advanceTimersByTime(1000);
      expect(out.join('')).toBe('event: ping\ndata: {"type":"ping"}\n\n: keepalive\n\n');

      tap.write(Buffer.from('event: content_block_delta\ndata: {"type":'));
      jest.advanceTimersByTime(5000);
      expect(out.join('')).not.toMatch(/"type":: keepalive/);
      expect(out.join('').endsWith('{"type":')).toBe(true);

      tap.write(Buffer.from('"x"}\r\n\r\n'));
      jest.advanceTimersByTime(999);
      expect(out.join('').endsWith('\r\n\r\n')).toBe(true);
      jest.advanceTimersByTime(1);
      expect(out.join('').endsWith('\r\n\r\n: keepalive\n\n')).toBe(true);
      tap.destroy();
    });

    it('sends no keepalive for JSON bodies', () => {
      const tap = new ResponseTap({ extractUsage: extractAnthropicUsage, streaming: false, keepaliveMs: 1000, onFirstByte: noop });
      const out: string[] = [];
      tap.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));
      tap.write(Buffer.from('{'));
      jest.advanceTimersByTime(10_000);
      expect(out.join('')).toBe('{');
      tap.destroy();
    });
  });
});
