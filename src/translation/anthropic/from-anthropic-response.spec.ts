import { UpstreamFormatError } from '../translation-error';
import { fromAnthropicResponse } from './from-anthropic-response';

const ctx = { id: 'chatcmpl-1', created: 1700000000, model: 'claude-sonnet-4-5', includeUsage: false };

describe(fromAnthropicResponse.name, () => {
  it('converts text, thinking and tool_use blocks with usage including cache tokens', () => {
    const completion = fromAnthropicResponse(
      {
        type: 'message',
        id: 'msg_1',
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Hmm.', signature: 'sig' },
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 100, cache_creation_input_tokens: 5 },
      },
      ctx,
    );
    expect(completion).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'claude-sonnet-4-5',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            refusal: null,
            reasoning_content: 'Hmm.',
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 115, completion_tokens: 20, total_tokens: 135, prompt_tokens_details: { cached_tokens: 100 } },
    });
  });

  it('gives null content when the answer is only tool calls', () => {
    const completion = fromAnthropicResponse(
      { content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }], stop_reason: 'tool_use', usage: { input_tokens: 1, output_tokens: 1 } },
      ctx,
    );
    expect(completion.choices[0].message.content).toBeNull();
    expect(completion.usage).toEqual({ prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
  ])('maps stop_reason %s to %s', (stopReason, finishReason) => {
    const completion = fromAnthropicResponse({ content: [{ type: 'text', text: 'x' }], stop_reason: stopReason, usage: {} }, ctx);
    expect(completion.choices[0].finish_reason).toBe(finishReason);
  });

  it('rejects a body that is not a message', () => {
    expect(() => fromAnthropicResponse({ type: 'error' }, ctx)).toThrow(UpstreamFormatError);
  });
});
