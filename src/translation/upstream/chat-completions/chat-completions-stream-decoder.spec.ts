import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EncodedUpstreamRequest } from '../../hub/hub-codec';
import type { HubStreamPart } from '../../hub/hub-stream';
import { hubStreamGrammarViolation } from '../../hub/hub-stream-grammar';
import { decodeUpstreamStream } from '../decode-upstream-stream';
import { CHAT_COMPLETIONS_TOOL_NAMES, createToolNameMap } from '../shared/tool-names';
import { ChatCompletionsStreamDecoder } from './chat-completions-stream-decoder';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const plain: EncodedUpstreamRequest = { body: {}, stream: true, toolNames: createToolNameMap([], CHAT_COMPLETIONS_TOOL_NAMES) };

async function decode(sse: string, encoded = plain): Promise<HubStreamPart[]> {
  const parts: HubStreamPart[] = [];
  const source = (async function* () {
    yield sse;
  })();
  for await (const part of decodeUpstreamStream(source, new ChatCompletionsStreamDecoder(encoded))) parts.push(part);
  expect(hubStreamGrammarViolation(parts)).toBeUndefined();
  return parts;
}

const data = (value: object) => `data: ${JSON.stringify(value)}\n\n`;
const chunk = (delta: object, finish: string | null = null) => data({ id: 'c', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });

describe(ChatCompletionsStreamDecoder.name, () => {
  it('streams text and takes the usage chunk that follows the finish reason', async () => {
    expect(await decode(fixture('text.sse'))).toEqual([
      { type: 'stream-start', id: 'chatcmpl-up', modelId: 'upstream-model' },
      { type: 'text-start', id: 'text-0' },
      { type: 'text-delta', id: 'text-0', delta: 'Olá 👋' },
      { type: 'text-end', id: 'text-0' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 5, outputTokens: 2 } },
    ]);
  });

  it('pairs interleaved parallel tool-call fragments by index: two calls, own ids, whole arguments', async () => {
    const parts = await decode(fixture('parallel-tool-calls-interleaved.sse'));
    const deltas = (id: string) =>
      parts.filter((part) => part.type === 'tool-input-delta' && part.id === id).map((part) => (part as { delta: string }).delta).join('');
    expect(deltas('call_w')).toBe('{"city":"Paris"}');
    expect(deltas('call_t')).toBe('{"tz":"CET"}');
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_w', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'call_t', toolName: 'get_time', input: '{"tz":"CET"}' },
    ]);
    expect(parts.filter((part) => part.type.endsWith('-start') || part.type.endsWith('-end')).map((part) => part.type)).toEqual([
      'stream-start',
      'reasoning-start',
      'reasoning-end',
      'text-start',
      'text-end',
      'tool-input-start',
      'tool-input-start',
      'tool-input-end',
      'tool-input-end',
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'tool-calls',
      usage: { inputTokens: 120, outputTokens: 40, cacheReadTokens: 100, reasoningTokens: 12 },
    });
  });

  it('decodes a recorded OpenAI tool-call stream', async () => {
    const parts = await decode(fixture('tool-call.sse'));
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', toolCallId: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', toolName: 'get_current_weather', input: '{"location":"Boston, MA"}' },
    ]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 82, outputTokens: 17, cacheReadTokens: 0 } });
  });

  it('starts a call whose name comes after its first fragment, gives an id-less call one, and unwraps freeform input', async () => {
    const toolNames = createToolNameMap(['apply_patch'], CHAT_COMPLETIONS_TOOL_NAMES);
    const sse =
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"input":"*** Begin' } }] }) +
      chunk({ tool_calls: [{ index: 0, function: { name: 'apply_patch', arguments: ' Patch"}' } }] }) +
      chunk({}, 'stop') +
      'data: [DONE]\n\n';
    const parts = await decode(sse, { ...plain, toolNames, freeformAsFunction: new Set(['apply_patch']) });
    expect(parts.filter((part) => part.type.startsWith('tool'))).toEqual([
      { type: 'tool-input-start', id: 'call_c_0', toolName: 'apply_patch' },
      { type: 'tool-input-delta', id: 'call_c_0', delta: '*** Begin Patch' },
      { type: 'tool-input-end', id: 'call_c_0' },
      { type: 'tool-call', toolCallId: 'call_c_0', toolName: 'apply_patch', input: '*** Begin Patch' },
    ]);
    expect(parts.at(-1)).toMatchObject({ finishReason: 'tool-calls' });
  });

  it('ends with an error part on an upstream error object', async () => {
    const parts = await decode(data({ error: { message: 'quota', type: 'insufficient_quota', code: 'quota' } }));
    expect(parts).toEqual([{ type: 'stream-start' }, { type: 'error', error: { message: 'quota', type: 'insufficient_quota', status: 429 } }]);
  });

  it('marks a stream without [DONE] unterminated, keeping what it knew', async () => {
    const parts = await decode(fixture('text.sse').replace('data: [DONE]', ''));
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 5, outputTokens: 2 }, unterminated: true });
  });
});
