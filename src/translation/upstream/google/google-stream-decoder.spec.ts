import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncodedUpstreamRequest } from '../../hub/hub-codec';
import type { HubStreamPart } from '../../hub/hub-stream';
import { hubStreamGrammarViolation } from '../../hub/hub-stream-grammar';
import { decodeUpstreamStream } from '../decode-upstream-stream';
import { createToolNameMap, GOOGLE_TOOL_NAMES } from '../shared/tool-names';
import { GoogleStreamDecoder } from './google-stream-decoder';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const plain: EncodedUpstreamRequest = { body: {}, stream: true, toolNames: createToolNameMap([], GOOGLE_TOOL_NAMES) };

async function decode(sse: string, encoded = plain): Promise<HubStreamPart[]> {
  const parts: HubStreamPart[] = [];
  const source = (async function* () {
    yield sse;
  })();
  for await (const part of decodeUpstreamStream(source, new GoogleStreamDecoder(encoded))) parts.push(part);
  expect(hubStreamGrammarViolation(parts)).toBeUndefined();
  return parts;
}

const data = (value: object) => `data: ${JSON.stringify(value)}\n\n`;

describe(GoogleStreamDecoder.name, () => {
  it('streams text as one block and finishes when the body ends, with the last usage', async () => {
    expect(await decode(fixture('text.sse'))).toEqual([
      { type: 'stream-start', id: 'r1', modelId: 'gemini-2.5-pro' },
      { type: 'text-start', id: 'text-0' },
      { type: 'text-delta', id: 'text-0', delta: 'Hallo ' },
      { type: 'text-delta', id: 'text-0', delta: 'Welt 🌍' },
      { type: 'text-delta', id: 'text-0', delta: '!' },
      { type: 'text-end', id: 'text-0' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 9, outputTokens: 4, cacheReadTokens: 3 } },
    ]);
  });

  it('sends whole function calls as the four tool parts, each with its own id, and counts thoughts as output', async () => {
    const parts = await decode(fixture('function-call.sse'));
    expect(parts.filter((part) => part.type !== 'stream-start' && part.type !== 'finish')).toEqual([
      { type: 'reasoning-start', id: 'reasoning-0' },
      { type: 'reasoning-delta', id: 'reasoning-0', delta: 'Thinking about weather' },
      { type: 'reasoning-end', id: 'reasoning-0' },
      { type: 'tool-input-start', id: 'call_r2_0', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'call_r2_0', delta: '{"city":"Paris"}' },
      { type: 'tool-input-end', id: 'call_r2_0' },
      { type: 'tool-call', toolCallId: 'call_r2_0', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'tool-input-start', id: 'call_r2_1', toolName: 'get_time' },
      { type: 'tool-input-delta', id: 'call_r2_1', delta: '{}' },
      { type: 'tool-input-end', id: 'call_r2_1' },
      { type: 'tool-call', toolCallId: 'call_r2_1', toolName: 'get_time', input: '{}' },
    ]);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 20, outputTokens: 15, reasoningTokens: 5 } });
  });

  it("keeps Gemini 3's thought signature on the function call it came with", async () => {
    const calls = (await decode(fixture('gemini-3-signatures.sse'))).filter((part) => part.type === 'tool-call');
    expect(calls).toEqual([
      { type: 'tool-call', toolCallId: 'call_g3_0', toolName: 'get_weather', input: '{"city":"Paris"}', providerMetadata: { google: { thoughtSignature: 'CiQB0e2Kb-sig-1' } } },
      { type: 'tool-call', toolCallId: 'call_g3_1', toolName: 'get_time', input: '{"tz":"CET"}' },
    ]);
  });

  it('carries a signature sent on an empty last part on the end of the text before it', async () => {
    const parts = await decode(fixture('empty-signature-part.sse'));
    expect(parts.find((part) => part.type === 'text-end')).toEqual({ type: 'text-end', id: 'text-0', providerMetadata: { google: { thoughtSignature: 'CiQB-final-sig' } } });
    expect(parts.filter((part) => part.type === 'text-start')).toHaveLength(1);
  });

  it('maps shortened names back and unwraps a freeform tool call', async () => {
    const toolNames = createToolNameMap(['files.read', 'apply_patch'], GOOGLE_TOOL_NAMES);
    const sse = data({
      candidates: [
        {
          content: {
            parts: [
              { functionCall: { name: toolNames.toUpstream('files.read'), args: { path: 'a' } } },
              { functionCall: { name: 'apply_patch', args: { input: '*** Begin Patch' } } },
            ],
          },
          finishReason: 'STOP',
        },
      ],
      responseId: 'r',
    });
    const calls = (await decode(sse, { ...plain, toolNames, freeformAsFunction: new Set(['apply_patch']) })).filter((part) => part.type === 'tool-call');
    expect(calls).toEqual([
      { type: 'tool-call', toolCallId: 'call_r_0', toolName: 'files.read', input: '{"path":"a"}' },
      { type: 'tool-call', toolCallId: 'call_r_1', toolName: 'apply_patch', input: '*** Begin Patch' },
    ]);
  });

  it('ends with an error part on an error chunk, and unterminated without a finishReason', async () => {
    const error = await decode(data({ error: { code: 429, message: 'Resource exhausted', status: 'RESOURCE_EXHAUSTED' } }));
    expect(error.at(-1)).toEqual({ type: 'error', error: { message: 'Resource exhausted', type: 'RESOURCE_EXHAUSTED', status: 429 } });
    const cut = await decode(fixture('text.sse').split('\r\n\r\n').slice(0, 2).join('\r\n\r\n'));
    expect(cut.at(-1)).toEqual({ type: 'finish', finishReason: 'other', usage: { inputTokens: 9 }, unterminated: true });
  });

  it('reports a prompt blocked outright as content-filter', async () => {
    expect((await decode(data({ promptFeedback: { blockReason: 'SAFETY' } }))).at(-1)).toMatchObject({ type: 'finish', finishReason: 'content-filter' });
  });
});
