import { UpstreamFormatError } from '../../translation-error';
import { CHAT_COMPLETIONS_TOOL_NAMES, createToolNameMap } from '../shared/tool-names';
import { fromChatCompletionsResponse } from './from-chat-completions-response';

const encoded = { body: {}, stream: false, toolNames: createToolNameMap([], CHAT_COMPLETIONS_TOOL_NAMES) };

describe(fromChatCompletionsResponse.name, () => {
  it('converts reasoning_content, text and parallel tool calls, with usage', () => {
    const response = fromChatCompletionsResponse(
      {
        id: 'chatcmpl-1',
        model: 'glm-4.6',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'Both.',
              reasoning_content: 'Two calls.',
              tool_calls: [
                { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
                { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
              ],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage: { prompt_tokens: 50, completion_tokens: 10, prompt_tokens_details: { cached_tokens: 20 }, completion_tokens_details: { reasoning_tokens: 4 } },
      },
      encoded,
    );
    expect(response).toEqual({
      id: 'chatcmpl-1',
      modelId: 'glm-4.6',
      content: [
        { type: 'reasoning', text: 'Two calls.' },
        { type: 'text', text: 'Both.' },
        { type: 'tool-call', toolCallId: 'call_a', toolName: 'get_weather', input: '{"city":"Paris"}' },
        { type: 'tool-call', toolCallId: 'call_b', toolName: 'get_time', input: '{}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 50, outputTokens: 10, cacheReadTokens: 20, reasoningTokens: 4 },
    });
  });

  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['content_filter', 'content-filter'],
  ])('maps finish_reason %s', (reason, expected) => {
    expect(fromChatCompletionsResponse({ choices: [{ message: { content: 'x' }, finish_reason: reason }] }, encoded).finishReason).toBe(expected);
  });

  it('rejects a body without choices', () => {
    expect(() => fromChatCompletionsResponse({ error: { message: 'x' } }, encoded)).toThrow(UpstreamFormatError);
  });
});
