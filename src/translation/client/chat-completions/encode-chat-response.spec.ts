import type { ClientResponseContext } from '../../hub/hub-codec';
import { encodeChatResponse } from './encode-chat-response';

const context = (includeUsage: boolean): ClientResponseContext => ({
  request: { model: 'glm', system: [], messages: [], tools: [], stream: false },
  id: 'chatcmpl-1',
  created: 1700000000,
  model: 'glm',
  inputTokenEstimate: 10,
  includeUsage,
});

describe(encodeChatResponse.name, () => {
  it('builds one chat.completion: texts joined, reasoning_content, tool_calls with the arguments as produced', () => {
    const completion = encodeChatResponse(
      {
        content: [
          { type: 'reasoning', text: 'Let me see.' },
          { type: 'text', text: 'Checking ' },
          { type: 'text', text: 'now.' },
          { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'get_weather', input: '{"city":"Paris"}' },
        ],
        finishReason: 'tool-calls',
        usage: { inputTokens: 40, outputTokens: 7, cacheReadTokens: 12 },
      },
      context(false),
    );

    expect(completion).toEqual({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1700000000,
      model: 'glm',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking now.',
            refusal: null,
            reasoning_content: 'Let me see.',
            tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 40, completion_tokens: 7, total_tokens: 47, prompt_tokens_details: { cached_tokens: 12 } },
    });
  });

  it('answers content null beside tool calls and an empty string when there is nothing', () => {
    const call = { type: 'tool-call' as const, toolCallId: 'c', toolName: 'f', input: '{}' };
    expect(encodeChatResponse({ content: [call], finishReason: 'tool-calls', usage: {} }, context(false)).choices[0].message.content).toBeNull();
    expect(encodeChatResponse({ content: [], finishReason: 'stop', usage: {} }, context(false)).choices[0].message.content).toBe('');
  });
});
