import { UpstreamFormatError } from '../../translation-error';
import { createToolNameMap, GOOGLE_TOOL_NAMES } from '../shared/tool-names';
import { fromGoogleResponse } from './from-google-response';

const encoded = { body: {}, stream: false, toolNames: createToolNameMap([], GOOGLE_TOOL_NAMES) };

describe(fromGoogleResponse.name, () => {
  it('converts thought, text and function call parts with their signatures, and usage counting thoughts as output', () => {
    const response = fromGoogleResponse(
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'Considering.', thought: true, thoughtSignature: 'sig-1' },
                { text: 'Let me look.' },
                { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-2' },
                { functionCall: { name: 'get_time', args: {}, id: 'fc-up' } },
              ],
            },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 6, thoughtsTokenCount: 4, totalTokenCount: 20, cachedContentTokenCount: 2 },
        responseId: 'r9',
        modelVersion: 'gemini-3-pro-preview',
      },
      encoded,
    );
    expect(response).toEqual({
      id: 'r9',
      modelId: 'gemini-3-pro-preview',
      content: [
        { type: 'reasoning', text: 'Considering.', providerMetadata: { google: { thoughtSignature: 'sig-1' } } },
        { type: 'text', text: 'Let me look.' },
        { type: 'tool-call', toolCallId: 'call_r9_0', toolName: 'get_weather', input: '{"city":"Paris"}', providerMetadata: { google: { thoughtSignature: 'sig-2' } } },
        { type: 'tool-call', toolCallId: 'fc-up', toolName: 'get_time', input: '{}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 10, outputTokens: 10, cacheReadTokens: 2, reasoningTokens: 4 },
    });
  });

  it.each([
    ['STOP', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content-filter'],
    ['MALFORMED_FUNCTION_CALL', 'other'],
  ])('maps finishReason %s to %s', (reason, expected) => {
    expect(fromGoogleResponse({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: reason }] }, encoded).finishReason).toBe(expected);
  });

  it('reports a blocked prompt as content-filter and rejects a body without candidates', () => {
    expect(fromGoogleResponse({ promptFeedback: { blockReason: 'SAFETY' } }, encoded)).toMatchObject({ content: [], finishReason: 'content-filter' });
    expect(() => fromGoogleResponse({ error: { message: 'x' } }, encoded)).toThrow(UpstreamFormatError);
  });
});
