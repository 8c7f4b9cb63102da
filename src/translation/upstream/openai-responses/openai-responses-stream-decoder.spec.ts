import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncodedUpstreamRequest } from '../../hub/hub-codec';
import type { HubStreamPart } from '../../hub/hub-stream';
import { hubStreamGrammarViolation } from '../../hub/hub-stream-grammar';
import { decodeUpstreamStream } from '../decode-upstream-stream';
import { createToolNameMap, OPENAI_TOOL_NAMES } from '../shared/tool-names';
import { OpenAiResponsesStreamDecoder } from './openai-responses-stream-decoder';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const plain: EncodedUpstreamRequest = { body: {}, stream: true, toolNames: createToolNameMap([], OPENAI_TOOL_NAMES) };

async function decode(sse: string, encoded = plain): Promise<HubStreamPart[]> {
  const parts: HubStreamPart[] = [];
  const source = (async function* () {
    yield sse;
  })();
  for await (const part of decodeUpstreamStream(source, new OpenAiResponsesStreamDecoder(encoded))) parts.push(part);
  expect(hubStreamGrammarViolation(parts)).toBeUndefined();
  return parts;
}

const event = (data: { type: string } & Record<string, unknown>) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;

describe(OpenAiResponsesStreamDecoder.name, () => {
  it('streams text and finishes with usage whose input already holds the cached tokens', async () => {
    expect(await decode(fixture('text.sse'))).toEqual([
      { type: 'stream-start', id: 'resp_1' },
      { type: 'text-start', id: 'msg_1' },
      { type: 'text-delta', id: 'msg_1', delta: 'Bonjour, ' },
      { type: 'text-delta', id: 'msg_1', delta: 'ça va? 😀' },
      { type: 'text-end', id: 'msg_1' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 30, outputTokens: 8, cacheReadTokens: 10, reasoningTokens: 0 } },
    ]);
  });

  it('keeps parallel function calls apart, filling in arguments sent only on the finished item', async () => {
    const parts = await decode(fixture('function-call.sse'));
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_AAA', toolName: 'get_weather', input: '{"city":"Paris"}', providerMetadata: { openai: { itemId: 'fc_1' } } },
      { type: 'tool-call', toolCallId: 'call_BBB', toolName: 'get_time', input: '{}', providerMetadata: { openai: { itemId: 'fc_2' } } },
    ]);
    expect(parts.filter((part) => part.type === 'tool-input-delta')).toEqual([
      { type: 'tool-input-delta', id: 'call_AAA', delta: '{"city":' },
      { type: 'tool-input-delta', id: 'call_AAA', delta: '"Paris"}' },
      { type: 'tool-input-delta', id: 'call_BBB', delta: '{}' },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
  });

  it('separates reasoning summary parts like the non-stream answer and maps an incomplete answer to length', async () => {
    const parts = await decode(fixture('reasoning.sse'));
    expect(parts.filter((part) => part.type === 'reasoning-delta').map((part) => (part as { delta: string }).delta).join('')).toBe(
      '**Planning**\n\nAnswer is 4.',
    );
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length', usage: { reasoningTokens: 60 } });
  });

  it('carries encrypted reasoning on reasoning-end and streams a custom tool call as plain text', async () => {
    const parts = await decode(fixture('encrypted-reasoning-custom-tool.sse'));
    expect(parts.find((part) => part.type === 'reasoning-end')).toEqual({
      type: 'reasoning-end',
      id: 'rs_9',
      providerMetadata: { openai: { itemId: 'rs_9', encryptedContent: 'gAAAAABo-encrypted==' } },
    });
    expect(parts.filter((part) => part.type.startsWith('tool'))).toEqual([
      { type: 'tool-input-start', id: 'call_P', toolName: 'apply_patch', providerMetadata: { openai: { itemId: 'ctc_1' } } },
      { type: 'tool-input-delta', id: 'call_P', delta: '*** Begin Patch\n' },
      { type: 'tool-input-delta', id: 'call_P', delta: '*** End Patch' },
      { type: 'tool-input-end', id: 'call_P' },
      { type: 'tool-call', toolCallId: 'call_P', toolName: 'apply_patch', input: '*** Begin Patch\n*** End Patch', providerMetadata: { openai: { itemId: 'ctc_1' } } },
    ]);
    expect(parts[0]).toEqual({ type: 'stream-start', id: 'resp_4', modelId: 'gpt-5.1-codex' });
  });

  it('maps a shortened tool name back before the part leaves', async () => {
    const long = `mcp__${'server_'.repeat(12)}tool`;
    const toolNames = createToolNameMap([long], OPENAI_TOOL_NAMES);
    const short = toolNames.toUpstream(long);
    const sse =
      event({ type: 'response.created', response: { id: 'r', status: 'in_progress', output: [] } }) +
      event({ type: 'response.output_item.done', output_index: 0, item: { type: 'function_call', call_id: 'c1', name: short, arguments: '{"a":1}' } }) +
      event({ type: 'response.completed', response: { id: 'r', status: 'completed', output: [] } });
    expect((await decode(sse, { ...plain, toolNames })).filter((part) => part.type === 'tool-input-start' || part.type === 'tool-call')).toEqual([
      { type: 'tool-input-start', id: 'c1', toolName: long },
      { type: 'tool-call', toolCallId: 'c1', toolName: long, input: '{"a":1}' },
    ]);
  });

  it.each([
    [
      'response.failed',
      { type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'The model failed' } } },
      { message: 'The model failed', type: 'server_error', status: 500 },
    ],
    [
      'error',
      { type: 'error', code: 'rate_limit_exceeded', message: 'Slow down', param: null },
      { message: 'Slow down', type: 'rate_limit_exceeded', status: 429 },
    ],
  ])('ends with an error part on %s', async (_name, data, error) => {
    const parts = await decode(fixture('text.sse').split('event: response.output_item.done')[0] + event(data));
    expect(parts.at(-1)).toEqual({ type: 'error', error });
  });

  it('closes open blocks and marks the finish unterminated when the body ends before response.completed', async () => {
    const parts = await decode(fixture('function-call.sse').split('event: response.function_call_arguments.done')[0]);
    expect(parts.slice(-4)).toEqual([
      { type: 'tool-input-delta', id: 'call_AAA', delta: '"Paris"}' },
      { type: 'tool-input-end', id: 'call_AAA' },
      { type: 'tool-call', toolCallId: 'call_AAA', toolName: 'get_weather', input: '{"city":"Paris"}', providerMetadata: { openai: { itemId: 'fc_1' } } },
      { type: 'finish', finishReason: 'tool-calls', usage: {}, unterminated: true },
    ]);
  });
});
