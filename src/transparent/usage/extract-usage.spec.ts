import { extractUsage, mergeUsage } from './extract-usage';

describe('extractUsage', () => {
  it('adds Anthropic cache reads and writes to the prompt tokens', () => {
    const start = {
      type: 'message_start',
      message: { usage: { input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 5, output_tokens: 1 } },
    };
    expect(extractUsage('anthropic', start)).toEqual({ inputTokens: 115, outputTokens: 1, cachedTokens: 100 });
    expect(extractUsage('anthropic', { type: 'message_delta', usage: { output_tokens: 42 } })).toEqual({ outputTokens: 42 });
  });

  it('merges a stream event by event, later counts winning', () => {
    const usage = {};
    mergeUsage(usage, extractUsage('anthropic', { type: 'message_start', message: { usage: { input_tokens: 3, output_tokens: 1 } } }));
    mergeUsage(usage, extractUsage('anthropic', { type: 'ping' }));
    mergeUsage(usage, extractUsage('anthropic', { type: 'message_delta', usage: { output_tokens: 9 } }));
    expect(usage).toEqual({ inputTokens: 3, outputTokens: 9 });
  });

  it('reads Responses usage from response.completed and from a whole response', () => {
    const usage = { input_tokens: 7, output_tokens: 8, input_tokens_details: { cached_tokens: 2 } };
    expect(extractUsage('openai', { type: 'response.completed', response: { usage } })).toEqual({
      inputTokens: 7,
      outputTokens: 8,
      cachedTokens: 2,
    });
    expect(extractUsage('openai', { object: 'response', usage })).toEqual({ inputTokens: 7, outputTokens: 8, cachedTokens: 2 });
    expect(extractUsage('openai', { type: 'response.created', response: { usage: null } })).toBeNull();
  });

  it('reads Chat Completions and Google usage', () => {
    expect(extractUsage('common', { usage: { prompt_tokens: 1, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 0 } } })).toEqual({
      inputTokens: 1,
      outputTokens: 2,
      cachedTokens: 0,
    });
    expect(extractUsage('google', { usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 5 } })).toEqual({
      inputTokens: 4,
      outputTokens: 5,
    });
  });

  it('ignores objects without usage', () => {
    expect(extractUsage('common', { choices: [] })).toBeNull();
    expect(extractUsage('google', 'text')).toBeNull();
  });
});
