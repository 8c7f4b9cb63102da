import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncodedUpstreamRequest } from '../../hub/hub-codec';
import type { HubStreamPart } from '../../hub/hub-stream';
import { hubStreamGrammarViolation } from '../../hub/hub-stream-grammar';
import { decodeUpstreamStream } from '../decode-upstream-stream';
import { createToolNameMap, ANTHROPIC_TOOL_NAMES } from '../shared/tool-names';
import { AnthropicStreamDecoder } from './anthropic-stream-decoder';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const plain: EncodedUpstreamRequest = { body: {}, stream: true, toolNames: createToolNameMap([], ANTHROPIC_TOOL_NAMES) };

async function decode(sse: string, encoded = plain): Promise<HubStreamPart[]> {
  const parts: HubStreamPart[] = [];
  const source = (async function* () {
    yield sse;
  })();
  for await (const part of decodeUpstreamStream(source, new AnthropicStreamDecoder(encoded))) parts.push(part);
  expect(hubStreamGrammarViolation(parts)).toBeUndefined();
  return parts;
}

const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

describe(AnthropicStreamDecoder.name, () => {
  it('streams text with usage counted the hub way (cache tokens inside inputTokens); ping ignored', async () => {
    expect(await decode(fixture('text.sse'))).toEqual([
      { type: 'stream-start', id: 'msg_01', modelId: 'claude-sonnet-4-5', usage: { inputTokens: 117, outputTokens: 1, cacheReadTokens: 100, cacheWriteTokens: 5 } },
      { type: 'text-start', id: '0' },
      { type: 'text-delta', id: '0', delta: 'Héllo ' },
      { type: 'text-delta', id: '0', delta: 'wörld 🌍' },
      { type: 'text-end', id: '0' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 117, outputTokens: 7, cacheReadTokens: 100, cacheWriteTokens: 5 } },
    ]);
  });

  it('streams signed thinking: the signature arrives on reasoning-end', async () => {
    const parts = await decode(fixture('thinking.sse'));
    expect(parts.filter((part) => part.type.startsWith('reasoning'))).toEqual([
      { type: 'reasoning-start', id: '0' },
      { type: 'reasoning-delta', id: '0', delta: 'Let me think' },
      { type: 'reasoning-delta', id: '0', delta: ' step by step.' },
      { type: 'reasoning-end', id: '0', providerMetadata: { anthropic: { signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' } } },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });
  });

  it('keeps redacted thinking as an empty reasoning block carrying its data', async () => {
    const sse =
      event('message_start', { message: { id: 'm', usage: { input_tokens: 3 } } }) +
      event('content_block_start', { index: 0, content_block: { type: 'redacted_thinking', data: 'EmwKAhgB' } }) +
      event('content_block_stop', { index: 0 }) +
      event('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 1 } }) +
      event('message_stop', {});
    expect((await decode(sse)).slice(1, 3)).toEqual([
      { type: 'reasoning-start', id: '0' },
      { type: 'reasoning-end', id: '0', providerMetadata: { anthropic: { redactedData: 'EmwKAhgB' } } },
    ]);
  });

  it('streams parallel tool calls as separate start/delta/end/call runs with their own ids', async () => {
    const parts = await decode(fixture('tool-use.sse'));
    expect(parts.filter((part) => part.type.startsWith('tool'))).toEqual([
      { type: 'tool-input-start', id: 'toolu_A', toolName: 'get_weather' },
      { type: 'tool-input-delta', id: 'toolu_A', delta: '{"city": "Par' },
      { type: 'tool-input-delta', id: 'toolu_A', delta: 'is"}' },
      { type: 'tool-input-end', id: 'toolu_A' },
      { type: 'tool-call', toolCallId: 'toolu_A', toolName: 'get_weather', input: '{"city": "Paris"}' },
      { type: 'tool-input-start', id: 'toolu_B', toolName: 'get_time' },
      { type: 'tool-input-delta', id: 'toolu_B', delta: '{"tz":"CET"}' },
      { type: 'tool-input-end', id: 'toolu_B' },
      { type: 'tool-call', toolCallId: 'toolu_B', toolName: 'get_time', input: '{"tz":"CET"}' },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
  });

  it('maps shortened tool names back and unwraps a freeform tool input into text', async () => {
    const long = `mcp__${'x'.repeat(140)}`;
    const toolNames = createToolNameMap([long, 'apply_patch'], ANTHROPIC_TOOL_NAMES);
    const encoded = { ...plain, toolNames, freeformAsFunction: new Set(['apply_patch']) };
    const sse =
      event('message_start', { message: { id: 'm', usage: { input_tokens: 3 } } }) +
      event('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 't1', name: toolNames.toUpstream(long), input: {} } }) +
      event('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{}' } }) +
      event('content_block_stop', { index: 0 }) +
      event('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 't2', name: 'apply_patch', input: {} } }) +
      event('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"input": "*** Begin' } }) +
      event('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: ' Patch\\n"}' } }) +
      event('content_block_stop', { index: 1 }) +
      event('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }) +
      event('message_stop', {});
    const calls = (await decode(sse, encoded)).filter((part) => part.type === 'tool-call' || part.type === 'tool-input-delta');
    expect(calls).toEqual([
      { type: 'tool-input-delta', id: 't1', delta: '{}' },
      { type: 'tool-call', toolCallId: 't1', toolName: long, input: '{}' },
      { type: 'tool-input-delta', id: 't2', delta: '*** Begin Patch\n' },
      { type: 'tool-call', toolCallId: 't2', toolName: 'apply_patch', input: '*** Begin Patch\n' },
    ]);
  });

  it('turns an error event into one terminal error part', async () => {
    const sse =
      event('message_start', { message: { id: 'm', usage: { input_tokens: 1 } } }) +
      event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }) +
      event('message_stop', {});
    const parts = await decode(sse);
    expect(parts.at(-1)).toEqual({ type: 'error', error: { message: 'Overloaded', type: 'overloaded_error', status: 529 } });
    expect(parts.filter((part) => part.type === 'finish')).toEqual([]);
  });

  it('closes open blocks and marks the finish unterminated when the body ends before message_stop', async () => {
    const parts = await decode(fixture('text.sse').split('event: content_block_stop')[0]);
    expect(parts.slice(-2)).toEqual([
      { type: 'text-end', id: '0' },
      { type: 'finish', finishReason: 'other', usage: { inputTokens: 117, outputTokens: 1, cacheReadTokens: 100, cacheWriteTokens: 5 }, unterminated: true },
    ]);
  });

  it('reports unparseable event data as an error part', async () => {
    const parts = await decode('event: message_start\ndata: {not json\n\n');
    expect(parts).toEqual([{ type: 'stream-start' }, { type: 'error', error: expect.objectContaining({ type: 'bad_upstream_event' }) as object }]);
  });
});
