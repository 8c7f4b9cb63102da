import { UpstreamFormatError } from '../translation-error';
import { fromGoogleResponse } from './from-google-response';

const ctx = { id: 'chatcmpl-g1', created: 1700000000, model: 'gemini', includeUsage: false };

describe(fromGoogleResponse.name, () => {
  it('converts thought, text and functionCall parts with usage counting thoughts as completion', () => {
    const completion = fromGoogleResponse(
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'Considering.', thought: true },
                { text: 'Let me look.' },
                { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
              ],
            },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 6, thoughtsTokenCount: 4, totalTokenCount: 20, cachedContentTokenCount: 2 },
      },
      ctx,
    );
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: 'Let me look.',
        refusal: null,
        reasoning_content: 'Considering.',
        tool_calls: [{ id: 'call_g1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });
    expect(completion.usage).toEqual({
      prompt_tokens: 10,
      completion_tokens: 10,
      total_tokens: 20,
      prompt_tokens_details: { cached_tokens: 2 },
      completion_tokens_details: { reasoning_tokens: 4 },
    });
  });

  it.each([
    ['STOP', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
  ])('maps finishReason %s to %s', (reason, expected) => {
    const completion = fromGoogleResponse({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: reason }] }, ctx);
    expect(completion.choices[0].finish_reason).toBe(expected);
  });

  it('reports a blocked prompt as content_filter with empty content', () => {
    const completion = fromGoogleResponse({ promptFeedback: { blockReason: 'SAFETY' } }, ctx);
    expect(completion.choices[0]).toMatchObject({ finish_reason: 'content_filter', message: { content: '' } });
  });

  it('rejects a body without candidates', () => {
    expect(() => fromGoogleResponse({ error: { message: 'x' } }, ctx)).toThrow(UpstreamFormatError);
  });
});
