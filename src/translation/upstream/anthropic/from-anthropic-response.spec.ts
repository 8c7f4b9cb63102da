import { UpstreamFormatError } from '../../translation-error';
import { ANTHROPIC_TOOL_NAMES, createToolNameMap } from '../shared/tool-names';
import { fromAnthropicResponse } from './from-anthropic-response';

const encoded = { body: {}, stream: false, toolNames: createToolNameMap(['get_weather', 'apply_patch'], ANTHROPIC_TOOL_NAMES), freeformAsFunction: new Set(['apply_patch']) };

describe(fromAnthropicResponse.name, () => {
  it('keeps thinking signatures and redacted data, tool calls in order, and usage with cache tokens inside input', () => {
    const response = fromAnthropicResponse(
      {
        type: 'message',
        id: 'msg_1',
        model: 'claude-sonnet-4-5',
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Hmm.', signature: 'sig' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'apply_patch', input: { input: '*** Begin Patch' } },
          { type: 'server_tool_use' },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 30, cache_creation_input_tokens: 5 },
      },
      encoded,
    );
    expect(response).toEqual({
      id: 'msg_1',
      modelId: 'claude-sonnet-4-5',
      content: [
        { type: 'reasoning', text: 'Hmm.', providerMetadata: { anthropic: { signature: 'sig' } } },
        { type: 'reasoning', text: '', providerMetadata: { anthropic: { redactedData: 'opaque' } } },
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'get_weather', input: '{"city":"Paris"}' },
        { type: 'tool-call', toolCallId: 'toolu_2', toolName: 'apply_patch', input: '*** Begin Patch' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 45, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 5 },
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop-sequence'],
    ['max_tokens', 'length'],
    ['refusal', 'content-filter'],
    [null, 'other'],
  ] as const)('maps stop_reason %s to %s', (reason, expected) => {
    const response = fromAnthropicResponse({ content: [], stop_reason: reason, stop_sequence: reason === 'stop_sequence' ? 'END' : null, usage: {} }, encoded);
    expect(response.finishReason).toBe(expected);
    if (reason === 'stop_sequence') expect(response.stopSequence).toBe('END');
  });

  it('rejects a body without a content array', () => {
    expect(() => fromAnthropicResponse({ type: 'error' }, encoded)).toThrow(UpstreamFormatError);
  });
});
