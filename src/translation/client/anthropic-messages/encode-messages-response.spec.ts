import type { ClientResponseContext } from '../../hub/hub-codec';
import { encodeMessagesResponse } from './encode-messages-response';
import { isGatewaySignature } from './gateway-signature';

const context = (thinking: boolean): ClientResponseContext => ({
  request: { model: 'gemini', system: [], messages: [], tools: [], stream: false, ...(thinking ? { reasoning: { enabled: true } } : {}) },
  id: 'msg_1',
  created: 1,
  model: 'gemini',
  inputTokenEstimate: 50,
  includeUsage: true,
});

describe(encodeMessagesResponse.name, () => {
  it('builds a message: thinking signed by the gateway, no empty text, tool input as an object, Anthropic usage', () => {
    const message = encodeMessagesResponse(
      {
        content: [
          { type: 'reasoning', text: 'Plan.', providerMetadata: { google: { thoughtSignature: 'sig==' } } },
          { type: 'text', text: '' },
          { type: 'text', text: 'Reading it.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'Read', input: '{"file_path":"/a"}' },
        ],
        finishReason: 'stop',
        usage: { inputTokens: 100, outputTokens: 9, cacheReadTokens: 60, cacheWriteTokens: 10 },
      },
      context(true),
    );

    expect(message).toMatchObject({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'gemini',
      content: [
        { type: 'thinking', thinking: 'Plan.' },
        { type: 'text', text: 'Reading it.' },
        { type: 'tool_use', id: 'call_1', name: 'Read', input: { file_path: '/a' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 30, cache_read_input_tokens: 60, cache_creation_input_tokens: 10, output_tokens: 9 },
    });
    expect(isGatewaySignature((message.content as { signature?: string }[])[0].signature)).toBe(true);
  });

  it('keeps tool input that is not a JSON object rather than answering {}', () => {
    const message = encodeMessagesResponse(
      { content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'f', input: '{"a": 1' }], finishReason: 'tool-calls', usage: {} },
      context(false),
    );
    expect((message.content as { input: unknown }[])[0].input).toEqual({ input: '{"a": 1' });
  });

  it.each([
    ['length', 'max_tokens'],
    ['stop-sequence', 'stop_sequence'],
    ['content-filter', 'refusal'],
    ['other', 'end_turn'],
  ] as const)('maps finish %s to %s, and drops reasoning the client did not ask for', (finishReason, stopReason) => {
    const message = encodeMessagesResponse(
      { content: [{ type: 'reasoning', text: 'x' }, { type: 'text', text: 'y' }], finishReason, stopSequence: 'END', usage: {} },
      context(false),
    );
    expect(message.stop_reason).toBe(stopReason);
    expect(message.stop_sequence).toBe(stopReason === 'stop_sequence' ? 'END' : null);
    expect(message.content).toEqual([{ type: 'text', text: 'y' }]);
  });
});
