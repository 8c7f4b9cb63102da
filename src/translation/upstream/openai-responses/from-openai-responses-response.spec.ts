import { UpstreamFormatError } from '../../translation-error';
import { createToolNameMap, OPENAI_TOOL_NAMES } from '../shared/tool-names';
import { fromOpenAiResponsesResponse } from './from-openai-responses-response';

const encoded = { body: {}, stream: false, toolNames: createToolNameMap([], OPENAI_TOOL_NAMES) };

describe(fromOpenAiResponsesResponse.name, () => {
  it('converts reasoning (with its encrypted content), text, function and custom tool calls, and usage', () => {
    const response = fromOpenAiResponsesResponse(
      {
        object: 'response',
        id: 'resp_1',
        model: 'gpt-5.1',
        status: 'completed',
        output: [
          { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan.' }, { type: 'summary_text', text: 'Call.' }], encrypted_content: 'enc' },
          { type: 'message', id: 'msg_1', content: [{ type: 'output_text', text: 'Calling.', annotations: [] }] },
          { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'custom_tool_call', id: 'ctc_1', call_id: 'call_2', name: 'apply_patch', input: '*** Begin Patch' },
          { type: 'web_search_call', id: 'ws_1' },
        ],
        usage: { input_tokens: 30, input_tokens_details: { cached_tokens: 10 }, output_tokens: 20, output_tokens_details: { reasoning_tokens: 12 } },
      },
      encoded,
    );
    expect(response).toEqual({
      id: 'resp_1',
      modelId: 'gpt-5.1',
      content: [
        { type: 'reasoning', text: 'Plan.\n\nCall.', providerMetadata: { openai: { itemId: 'rs_1', encryptedContent: 'enc' } } },
        { type: 'text', text: 'Calling.' },
        { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Paris"}', providerMetadata: { openai: { itemId: 'fc_1' } } },
        { type: 'tool-call', toolCallId: 'call_2', toolName: 'apply_patch', input: '*** Begin Patch', providerMetadata: { openai: { itemId: 'ctc_1' } } },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 30, outputTokens: 20, cacheReadTokens: 10, reasoningTokens: 12 },
    });
  });

  it.each([
    [{ status: 'completed' }, 'stop'],
    [{ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }, 'length'],
    [{ status: 'incomplete', incomplete_details: { reason: 'content_filter' } }, 'content-filter'],
  ])('maps %j to %s', (status, finishReason) => {
    const response = fromOpenAiResponsesResponse({ ...status, output: [{ type: 'message', content: [{ type: 'output_text', text: 'x' }] }] }, encoded);
    expect(response.finishReason).toBe(finishReason);
  });

  it('rejects a failed response and a body without output', () => {
    expect(() => fromOpenAiResponsesResponse({ status: 'failed', output: [], error: { message: 'boom' } }, encoded)).toThrow('boom');
    expect(() => fromOpenAiResponsesResponse({}, encoded)).toThrow(UpstreamFormatError);
  });
});
