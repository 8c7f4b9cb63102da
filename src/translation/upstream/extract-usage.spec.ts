import { extractAnthropicUsage } from './anthropic/extract-anthropic-usage';
import { extractChatCompletionsUsage } from './chat-completions/extract-chat-completions-usage';
import { extractGoogleUsage } from './google/extract-google-usage';
import { extractOpenAiResponsesUsage } from './openai-responses/extract-openai-responses-usage';

describe('usage extraction per upstream type', () => {
  it('adds Anthropic cache reads and writes to the prompt tokens', () => {
    const start = {
      type: 'message_start',
      message: { usage: { input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 5, output_tokens: 1 } },
    };
    expect(extractAnthropicUsage(start)).toEqual({ inputTokens: 115, outputTokens: 1, cachedTokens: 100 });
    expect(extractAnthropicUsage({ type: 'message_delta', usage: { output_tokens: 42 } })).toEqual({ outputTokens: 42 });
  });

  it('reads Responses usage from response.completed and from a whole response', () => {
    const usage = { input_tokens: 7, output_tokens: 8, input_tokens_details: { cached_tokens: 2 } };
    expect(extractOpenAiResponsesUsage({ type: 'response.completed', response: { usage } })).toEqual({
      inputTokens: 7,
      outputTokens: 8,
      cachedTokens: 2,
    });
    expect(extractOpenAiResponsesUsage({ object: 'response', usage })).toEqual({ inputTokens: 7, outputTokens: 8, cachedTokens: 2 });
    expect(extractOpenAiResponsesUsage({ type: 'response.created', response: { usage: null } })).toBeNull();
  });

  it('reads Chat Completions and Google usage', () => {
    expect(extractChatCompletionsUsage({ usage: { prompt_tokens: 1, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 0 } } })).toEqual({
      inputTokens: 1,
      outputTokens: 2,
      cachedTokens: 0,
    });
    expect(extractGoogleUsage({ usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 5 } })).toEqual({
      inputTokens: 4,
      outputTokens: 5,
    });
  });

  it('ignores objects without usage', () => {
    expect(extractChatCompletionsUsage({ choices: [] })).toBeNull();
    expect(extractGoogleUsage('text')).toBeNull();
    expect(extractAnthropicUsage(null)).toBeNull();
  });
});
