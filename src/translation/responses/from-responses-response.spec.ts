import { UpstreamFormatError } from '../translation-error';
import { fromResponsesResponse } from './from-responses-response';

const ctx = { id: 'chatcmpl-r', created: 1700000000, model: 'gpt-5', includeUsage: false };

describe(fromResponsesResponse.name, () => {
  it('converts message text, reasoning summary and function calls with usage details', () => {
    const completion = fromResponsesResponse(
      {
        object: 'response',
        id: 'resp_1',
        status: 'completed',
        output: [
          { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan.' }, { type: 'summary_text', text: 'Call tool.' }] },
          { type: 'message', id: 'msg_1', content: [{ type: 'output_text', text: 'Calling.', annotations: [] }] },
          { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        ],
        usage: {
          input_tokens: 30,
          input_tokens_details: { cached_tokens: 10 },
          output_tokens: 20,
          output_tokens_details: { reasoning_tokens: 12 },
          total_tokens: 50,
        },
      },
      ctx,
    );
    expect(completion.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'Calling.',
          refusal: null,
          reasoning_content: 'Plan.\n\nCall tool.',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        finish_reason: 'tool_calls',
        logprobs: null,
      },
    ]);
    expect(completion.usage).toEqual({
      prompt_tokens: 30,
      completion_tokens: 20,
      total_tokens: 50,
      prompt_tokens_details: { cached_tokens: 10 },
      completion_tokens_details: { reasoning_tokens: 12 },
    });
    expect(completion).toMatchObject({ id: 'chatcmpl-r', object: 'chat.completion', model: 'gpt-5' });
  });

  it.each([
    [{ status: 'completed' }, 'stop'],
    [{ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }, 'length'],
    [{ status: 'incomplete', incomplete_details: { reason: 'content_filter' } }, 'content_filter'],
  ])('maps %j to %s', (status, finishReason) => {
    const completion = fromResponsesResponse({ ...status, output: [{ type: 'message', content: [{ type: 'output_text', text: 'x' }] }] }, ctx);
    expect(completion.choices[0].finish_reason).toBe(finishReason);
  });

  it('rejects a failed response and a body without output', () => {
    expect(() => fromResponsesResponse({ status: 'failed', output: [], error: { message: 'boom' } }, ctx)).toThrow('boom');
    expect(() => fromResponsesResponse({}, ctx)).toThrow(UpstreamFormatError);
  });
});
