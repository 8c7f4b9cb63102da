import { createParser } from 'eventsource-parser';
import type { ClientResponseContext } from '../../hub/hub-codec';
import type { HubRequest } from '../../hub/hub-prompt';
import type { HubStreamPart } from '../../hub/hub-stream';
import { isGatewayEncryptedContent, readGatewayEncryptedContent } from './gateway-reasoning';
import { responsesGrammarViolation, type ResponsesEvent } from './responses-event-grammar';
import { ResponsesStreamEncoder } from './responses-stream-encoder';

const REQUEST: HubRequest = {
  model: 'claude-x',
  system: [],
  messages: [],
  tools: [
    { name: 'exec_command', kind: 'function', inputSchema: { type: 'object' } },
    { name: 'apply_patch', kind: 'freeform', inputSchema: { type: 'object' } },
    { name: 'multi_agent_v1__spawn_agent', kind: 'function', inputSchema: { type: 'object' }, providerMetadata: { openai: { namespace: 'multi_agent_v1' } } },
  ],
  stream: true,
};
const CONTEXT: ClientResponseContext = { request: REQUEST, id: 'resp_abc', created: 1700000000, model: 'claude-x', inputTokenEstimate: 10, includeUsage: true };

function run(parts: HubStreamPart[]): ResponsesEvent[] {
  const encoder = new ResponsesStreamEncoder(CONTEXT);
  const text = parts.map((part) => encoder.push(part)).join('');
  const events: ResponsesEvent[] = [];
  createParser({ onEvent: ({ event, data }) => events.push({ event, data: JSON.parse(data) }) }).feed(text);
  return events;
}

const types = (events: ResponsesEvent[]) => events.map(({ data }) => data.type.replace(/^response\./, ''));
const USAGE = { inputTokens: 100, outputTokens: 20, cacheReadTokens: 40, reasoningTokens: 5 };

describe(ResponsesStreamEncoder.name, () => {
  it('writes the documented sequence for reasoning, text and a function call, with sequence numbers from 0', () => {
    const signature = 'EqQBCkYIBxgCKkA';
    const events = run([
      { type: 'stream-start' },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'Look first.' },
      { type: 'reasoning-end', id: 'r', providerMetadata: { anthropic: { signature } } },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Listing ' },
      { type: 'text-delta', id: 't', delta: 'files.' },
      { type: 'text-end', id: 't' },
      { type: 'tool-input-start', id: 'toolu_1', toolName: 'exec_command' },
      { type: 'tool-input-delta', id: 'toolu_1', delta: '{"cmd":' },
      { type: 'tool-input-delta', id: 'toolu_1', delta: '"ls"}' },
      { type: 'tool-input-end', id: 'toolu_1' },
      { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'exec_command', input: '{"cmd":"ls"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: USAGE },
    ]);

    expect(responsesGrammarViolation(events)).toBeUndefined();
    expect(types(events)).toEqual([
      'created',
      'in_progress',
      'output_item.added',
      'reasoning_summary_part.added',
      'reasoning_summary_text.delta',
      'reasoning_summary_text.done',
      'reasoning_summary_part.done',
      'output_item.done',
      'output_item.added',
      'content_part.added',
      'output_text.delta',
      'output_text.delta',
      'output_text.done',
      'content_part.done',
      'output_item.done',
      'output_item.added',
      'function_call_arguments.delta',
      'function_call_arguments.delta',
      'function_call_arguments.done',
      'output_item.done',
      'completed',
    ]);
    const reasoning = events[7].data.item;
    expect(reasoning).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Look first.' }] });
    expect(isGatewayEncryptedContent(reasoning.encrypted_content)).toBe(true);
    expect(readGatewayEncryptedContent(reasoning.encrypted_content)).toEqual({ text: 'Look first.', providerMetadata: { anthropic: { signature } } });
    expect(events[19].data.item).toEqual({
      id: events[15].data.item.id,
      type: 'function_call',
      status: 'completed',
      arguments: '{"cmd":"ls"}',
      call_id: 'toolu_1',
      name: 'exec_command',
    });
    const completed = events.at(-1)!.data.response;
    expect(completed).toMatchObject({ id: 'resp_abc', object: 'response', status: 'completed', model: 'claude-x' });
    expect(completed.output.map((item: { type: string }) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(completed.usage).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 40 },
      output_tokens: 20,
      output_tokens_details: { reasoning_tokens: 5 },
      total_tokens: 120,
    });
  });

  it('writes a freeform tool as a custom_tool_call with its plain-text input, and splits namespaced names back', () => {
    const events = run([
      { type: 'stream-start' },
      { type: 'tool-input-start', id: 'c1', toolName: 'apply_patch' },
      { type: 'tool-input-end', id: 'c1' },
      { type: 'tool-call', toolCallId: 'c1', toolName: 'apply_patch', input: '*** Begin Patch\n*** End Patch' },
      { type: 'tool-input-start', id: 'c2', toolName: 'multi_agent_v1__spawn_agent' },
      { type: 'tool-input-delta', id: 'c2', delta: '{}' },
      { type: 'tool-input-end', id: 'c2' },
      { type: 'tool-call', toolCallId: 'c2', toolName: 'multi_agent_v1__spawn_agent', input: '{}' },
      { type: 'finish', finishReason: 'tool-calls', usage: {} },
    ]);

    expect(responsesGrammarViolation(events)).toBeUndefined();
    expect(types(events).slice(2, 6)).toEqual(['output_item.added', 'custom_tool_call_input.delta', 'custom_tool_call_input.done', 'output_item.done']);
    expect(events[5].data.item).toMatchObject({ type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch' });
    expect(events.at(-2)!.data.item).toMatchObject({ type: 'function_call', name: 'spawn_agent', namespace: 'multi_agent_v1', call_id: 'c2' });
  });

  it('plays interleaved parallel calls one item after the other', () => {
    const events = run([
      { type: 'stream-start' },
      { type: 'tool-input-start', id: 'a', toolName: 'exec_command' },
      { type: 'tool-input-start', id: 'b', toolName: 'exec_command' },
      { type: 'tool-input-delta', id: 'b', delta: '{"cmd":"pwd"}' },
      { type: 'tool-input-delta', id: 'a', delta: '{"cmd":"ls"}' },
      { type: 'tool-input-end', id: 'a' },
      { type: 'tool-input-end', id: 'b' },
      { type: 'tool-call', toolCallId: 'b', toolName: 'exec_command', input: '{"cmd":"pwd"}' },
      { type: 'tool-call', toolCallId: 'a', toolName: 'exec_command', input: '{"cmd":"ls"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: {} },
    ]);

    expect(responsesGrammarViolation(events)).toBeUndefined();
    expect(events.at(-1)!.data.response.output.map((item: { call_id: string; arguments: string }) => [item.call_id, item.arguments])).toEqual([
      ['a', '{"cmd":"ls"}'],
      ['b', '{"cmd":"pwd"}'],
    ]);
  });

  it('ends with response.incomplete when the output limit cut the answer', () => {
    const events = run([
      { type: 'stream-start' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Long' },
      { type: 'text-end', id: 't' },
      { type: 'finish', finishReason: 'length', usage: {} },
    ]);

    expect(responsesGrammarViolation(events)).toBeUndefined();
    expect(events.at(-1)!.data).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
  });

  it.each<[string, HubStreamPart, object]>([
    ['an upstream error', { type: 'error', error: { message: 'Overloaded', type: 'overloaded_error', status: 529 } }, { code: 'server_error', message: 'Overloaded' }],
    ['a rate limit', { type: 'error', error: { message: 'Slow down', type: 'rate_limit_error', status: 429 } }, { code: 'rate_limit_exceeded', message: 'Slow down' }],
    [
      'a truncated stream',
      { type: 'finish', finishReason: 'stop', usage: {}, unterminated: true },
      { code: 'server_error', message: expect.stringContaining('ended before its terminal event') },
    ],
  ])('ends with response.failed on %s, listing only the finished items', (_case, last, error) => {
    const events = run([
      { type: 'stream-start' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Done part.' },
      { type: 'text-end', id: 't' },
      { type: 'text-start', id: 't2' },
      { type: 'text-delta', id: 't2', delta: 'half' },
      last,
    ]);

    expect(responsesGrammarViolation(events)).toBeUndefined();
    expect(events.at(-1)!.data.response).toMatchObject({ status: 'failed', error });
  });

  it('writes response.failed for a gateway-side failure, and nothing after the end', () => {
    const encoder = new ResponsesStreamEncoder(CONTEXT);
    encoder.push({ type: 'stream-start' });
    expect(encoder.fail('Upstream stream failed: reset')).toContain('"type":"response.failed","sequence_number":2');
    expect(encoder.push({ type: 'finish', finishReason: 'stop', usage: {} })).toBe('');
    expect(new ResponsesStreamEncoder(CONTEXT).fail('Slow down', 429)).toContain('"error":{"code":"rate_limit_exceeded","message":"Slow down"}');
  });

  it('writes delta events byte for byte as the event objects serialise', () => {
    const encoder = new ResponsesStreamEncoder(CONTEXT);
    encoder.push({ type: 'stream-start' });
    encoder.push({ type: 'text-start', id: 't' });
    const text = 'a "quoted" \\ line\nwith 🚀';
    const out = encoder.push({ type: 'text-delta', id: 't', delta: text });
    const last = out.split('\n\n').filter(Boolean).at(-1)!;
    const data = JSON.parse(last.slice(last.indexOf('data: ') + 6)) as Record<string, unknown>;
    expect(last).toBe(`event: response.output_text.delta\ndata: ${JSON.stringify({ type: 'response.output_text.delta', sequence_number: data.sequence_number, item_id: data.item_id, output_index: 0, content_index: 0, delta: text, logprobs: [] })}`);
  });
});
