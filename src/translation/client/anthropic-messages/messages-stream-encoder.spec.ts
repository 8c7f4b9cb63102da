import { createParser } from 'eventsource-parser';
import type { ClientResponseContext } from '../../hub/hub-codec';
import type { HubRequest } from '../../hub/hub-prompt';
import type { HubStreamPart } from '../../hub/hub-stream';
import { isGatewaySignature, metadataFromGatewaySignature } from './gateway-signature';
import { messagesGrammarViolation, type MessagesEvent } from './messages-event-grammar';
import { MessagesStreamEncoder } from './messages-stream-encoder';

const request = (thinking = false): HubRequest => ({
  model: 'gpt-5',
  system: [],
  messages: [],
  tools: [],
  stream: true,
  ...(thinking ? { reasoning: { enabled: true } } : {}),
});

function context(thinking = false, inputTokenEstimate = 120): ClientResponseContext {
  return { request: request(thinking), id: 'msg_gw1', created: 1, model: 'gpt-5', inputTokenEstimate, includeUsage: true };
}

function run(parts: HubStreamPart[], ctx = context()): MessagesEvent[] {
  const encoder = new MessagesStreamEncoder(ctx);
  const text = parts.map((part) => encoder.push(part)).join('');
  const events: MessagesEvent[] = [];
  createParser({ onEvent: ({ event, data }) => events.push({ event, data: JSON.parse(data) }) }).feed(text);
  return events;
}

const types = (events: MessagesEvent[]) => events.map(({ data }) => (data.type === 'content_block_delta' ? `delta:${data.delta.type}` : data.type));
const USAGE = { inputTokens: 30, outputTokens: 8, cacheReadTokens: 10 };

describe(MessagesStreamEncoder.name, () => {
  it('writes message_start with the estimate, one text block, message_delta with stop reason and usage, message_stop', () => {
    const events = run([
      { type: 'stream-start' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hel' },
      { type: 'text-delta', id: 't', delta: 'lo' },
      { type: 'text-end', id: 't' },
      { type: 'finish', finishReason: 'stop', usage: USAGE },
    ]);

    expect(messagesGrammarViolation(events)).toBeUndefined();
    expect(types(events)).toEqual(['message_start', 'content_block_start', 'delta:text_delta', 'delta:text_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(events[0]).toEqual({
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id: 'msg_gw1',
          type: 'message',
          role: 'assistant',
          model: 'gpt-5',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 120, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
        },
      },
    });
    expect(events.at(-2)!.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 10, output_tokens: 8 },
    });
  });

  it('never reports 0 input tokens in message_start, and uses the known figure when the upstream gave one', () => {
    expect(run([{ type: 'stream-start' }, { type: 'finish', finishReason: 'stop', usage: {} }], context(false, 0))[0].data.message.usage.input_tokens).toBe(1);
    const known = run([{ type: 'stream-start', usage: { inputTokens: 50, cacheReadTokens: 20 } }, { type: 'finish', finishReason: 'stop', usage: {} }]);
    expect(known[0].data.message.usage).toMatchObject({ input_tokens: 30, cache_read_input_tokens: 20 });
  });

  it('never opens a text block for text that never came', () => {
    const events = run([
      { type: 'stream-start' },
      { type: 'text-start', id: 't0' },
      { type: 'text-delta', id: 't0', delta: '' },
      { type: 'text-end', id: 't0' },
      { type: 'tool-input-start', id: 'call_1', toolName: 'Bash' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"command":"ls"}' },
      { type: 'tool-input-end', id: 'call_1' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'Bash', input: '{"command":"ls"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: USAGE },
    ]);

    expect(messagesGrammarViolation(events)).toBeUndefined();
    expect(events[1].data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'call_1', name: 'Bash', input: {} } });
    expect(events[2].data.delta).toEqual({ type: 'input_json_delta', partial_json: '{"command":"ls"}' });
    expect(events.at(-2)!.data.delta.stop_reason).toBe('tool_use');
  });

  it('plays interleaved parallel tool calls one block after the other, each with all of its own arguments', () => {
    const events = run([
      { type: 'stream-start' },
      { type: 'tool-input-start', id: 'a', toolName: 'Read' },
      { type: 'tool-input-start', id: 'b', toolName: 'Grep' },
      { type: 'tool-input-delta', id: 'b', delta: '{"pattern":' },
      { type: 'tool-input-delta', id: 'a', delta: '{"file_path":' },
      { type: 'tool-input-delta', id: 'b', delta: '"TODO"}' },
      { type: 'tool-input-delta', id: 'a', delta: '"/x"}' },
      { type: 'tool-input-end', id: 'b' },
      { type: 'tool-call', toolCallId: 'b', toolName: 'Grep', input: '{"pattern":"TODO"}' },
      { type: 'tool-input-end', id: 'a' },
      { type: 'tool-call', toolCallId: 'a', toolName: 'Read', input: '{"file_path":"/x"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: USAGE },
    ]);

    expect(messagesGrammarViolation(events)).toBeUndefined();
    const blocks = new Map<number, { name: string; json: string }>();
    for (const { data } of events) {
      if (data.type === 'content_block_start') blocks.set(data.index, { name: data.content_block.name, json: '' });
      if (data.type === 'content_block_delta') blocks.get(data.index)!.json += data.delta.partial_json;
    }
    expect([...blocks.values()]).toEqual([
      { name: 'Read', json: '{"file_path":"/x"}' },
      { name: 'Grep', json: '{"pattern":"TODO"}' },
    ]);
  });

  it('sends a call whose input came whole as one input_json_delta', () => {
    const events = run([
      { type: 'stream-start' },
      { type: 'tool-input-start', id: 'c', toolName: 'Write' },
      { type: 'tool-input-end', id: 'c' },
      { type: 'tool-call', toolCallId: 'c', toolName: 'Write', input: '{"file_path":"a","content":"b"}' },
      { type: 'finish', finishReason: 'stop', usage: {} },
    ]);

    expect(types(events)).toEqual(['message_start', 'content_block_start', 'delta:input_json_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(events.at(-2)!.data.delta.stop_reason).toBe('tool_use');
  });

  it('turns reasoning into thinking with a gateway signature carrying the upstream payload, when thinking was asked for', () => {
    const encrypted = { openai: { itemId: 'rs_1', encryptedContent: 'gAAAA-opaque' } };
    const events = run(
      [
        { type: 'stream-start' },
        { type: 'reasoning-start', id: 'r' },
        { type: 'reasoning-delta', id: 'r', delta: 'Thinking it over.' },
        { type: 'reasoning-end', id: 'r', providerMetadata: encrypted },
        { type: 'reasoning-start', id: 'r2' },
        { type: 'reasoning-end', id: 'r2', providerMetadata: { openai: { itemId: 'rs_2', encryptedContent: 'only-encrypted' } } },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'Answer.' },
        { type: 'text-end', id: 't' },
        { type: 'finish', finishReason: 'stop', usage: USAGE },
      ],
      context(true),
    );

    expect(messagesGrammarViolation(events)).toBeUndefined();
    expect(types(events)).toEqual([
      'message_start',
      'content_block_start',
      'delta:thinking_delta',
      'delta:signature_delta',
      'content_block_stop',
      'content_block_start',
      'delta:signature_delta',
      'content_block_stop',
      'content_block_start',
      'delta:text_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[1].data.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    const signature = events[3].data.delta.signature as string;
    expect(isGatewaySignature(signature)).toBe(true);
    expect(metadataFromGatewaySignature(signature)).toEqual({ ...encrypted, gateway: { reasoningFrom: 'droid2api' } });
  });

  it('leaves reasoning out when the client did not ask for thinking, as Anthropic would', () => {
    const events = run([
      { type: 'stream-start' },
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'hidden' },
      { type: 'reasoning-end', id: 'r' },
      { type: 'finish', finishReason: 'stop', usage: {} },
    ]);

    expect(types(events)).toEqual(['message_start', 'message_delta', 'message_stop']);
  });

  it('still ends with message_delta and message_stop when the upstream ended without its terminal event', () => {
    const events = run([
      { type: 'stream-start' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'cut sh' },
      { type: 'text-end', id: 't' },
      { type: 'finish', finishReason: 'other', usage: { outputTokens: 3 }, unterminated: true },
    ]);

    expect(messagesGrammarViolation(events)).toBeUndefined();
    expect(types(events).slice(-2)).toEqual(['message_delta', 'message_stop']);
  });

  it('closes blocks the upstream left open before message_delta', () => {
    const events = run([
      { type: 'stream-start' },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'partial' },
      { type: 'tool-input-start', id: 'c', toolName: 'Bash' },
      { type: 'tool-input-delta', id: 'c', delta: '{"command":"ls"}' },
      { type: 'finish', finishReason: 'stop', usage: {} },
    ]);

    expect(messagesGrammarViolation(events)).toBeUndefined();
    expect(events.filter(({ data }) => data.type === 'content_block_stop')).toHaveLength(2);
  });

  it('ends a failed stream with an Anthropic error event and nothing after it', () => {
    const encoder = new MessagesStreamEncoder(context());
    encoder.push({ type: 'stream-start' });
    const overloaded = encoder.push({ type: 'error', error: { message: 'Overloaded', type: 'overloaded_error', status: 529 } });

    expect(overloaded).toBe('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    expect(encoder.push({ type: 'finish', finishReason: 'stop', usage: {} })).toBe('');
    const rateLimited = new MessagesStreamEncoder(context());
    expect(rateLimited.push({ type: 'error', error: { message: 'slow down', type: 'rate_limit_exceeded', status: 429 } })).toContain('"type":"rate_limit_error"');
    const cut = new MessagesStreamEncoder(context());
    cut.push({ type: 'stream-start' });
    expect(cut.fail('Upstream stream failed: reset')).toContain('"type":"api_error","message":"Upstream stream failed: reset"');
    // An upstream error answer after early SSE headers keeps its meaning: 429 is a rate limit a client waits out.
    expect(new MessagesStreamEncoder(context()).fail('Slow down', 429)).toBe('event: error\ndata: {"type":"error","error":{"type":"rate_limit_error","message":"Slow down"}}\n\n');
  });

  it('pings during silence once message_start went out, and writes a comment before', () => {
    const encoder = new MessagesStreamEncoder(context());
    expect(encoder.keepalive()).toBe(': keepalive\n\n');
    encoder.push({ type: 'stream-start' });
    expect(encoder.keepalive()).toBe('event: ping\ndata: {"type":"ping"}\n\n');
  });

  it('writes delta events byte for byte as the event objects serialise', () => {
    const encoder = new MessagesStreamEncoder(context());
    encoder.push({ type: 'stream-start' });
    encoder.push({ type: 'text-start', id: 't' });
    const text = 'a "quoted" \\ line\nwith 🚀';
    const out = encoder.push({ type: 'text-delta', id: 't', delta: text });
    const event = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } };
    expect(out.endsWith(`event: content_block_delta\ndata: ${JSON.stringify(event)}\n\n`)).toBe(true);
  });
});
