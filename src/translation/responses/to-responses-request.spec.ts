import type { ModelConfig } from '../../config/app-config';
import type { ChatCompletionRequest } from '../chat-completions.types';
import { TranslationError } from '../translation-error';
import { toResponsesRequest } from './to-responses-request';

const model: ModelConfig = { name: 'GPT-5', id: 'gpt-5-2025-08-07', type: 'openai', reasoning: 'auto', fast: false };

function chat(overrides: Partial<ChatCompletionRequest>): ChatCompletionRequest {
  return { model: 'gpt-5', messages: [{ role: 'user', content: 'hi' }], ...overrides };
}

describe(toResponsesRequest.name, () => {
  it('maps messages to input items and system/developer to joined instructions', () => {
    const request = toResponsesRequest(
      chat({
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'developer', content: [{ type: 'text', text: 'Metric units.' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
              { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
            ],
          },
          { role: 'assistant', content: 'A cat.' },
        ],
      }),
      model,
    );
    expect(request).toEqual({
      model: 'gpt-5-2025-08-07',
      instructions: 'Be terse.\n\nMetric units.',
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
            { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'auto' },
          ],
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'A cat.' }] },
      ],
      stream: false,
      store: false,
    });
  });

  it('maps a tool round trip to function_call / function_call_output items and flattens tools', () => {
    const request = toResponsesRequest(
      chat({
        stream: true,
        messages: [
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
        ],
        tools: [
          { type: 'function', function: { name: 'get_weather', description: 'W', parameters: { type: 'object' }, strict: true } },
        ],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        parallel_tool_calls: false,
      }),
      model,
    );
    expect(request.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
    ]);
    expect(request.tools).toEqual([
      { type: 'function', name: 'get_weather', description: 'W', parameters: { type: 'object' }, strict: true },
    ]);
    expect(request.tool_choice).toEqual({ type: 'function', name: 'get_weather' });
    expect(request.parallel_tool_calls).toBe(false);
    expect(request.stream).toBe(true);
  });

  it('maps limits, sampling and reasoning_effort (under auto) with summaries on', () => {
    const request = toResponsesRequest(
      chat({ max_tokens: 50, max_completion_tokens: 500, temperature: 0.2, top_p: 0.8, reasoning_effort: 'xhigh', stop: ['x'] }),
      model,
    );
    expect(request).toMatchObject({ max_output_tokens: 500, temperature: 0.2, top_p: 0.8, reasoning: { effort: 'xhigh', summary: 'auto' } });
    expect(request).not.toHaveProperty('stop');
    expect(toResponsesRequest(chat({ reasoning_effort: 'minimal' }), model).reasoning).toEqual({ effort: 'minimal', summary: 'auto' });
    expect(toResponsesRequest(chat({ reasoning_effort: 'high' }), { ...model, reasoning: 'off' })).not.toHaveProperty('reasoning');
  });

  it('maps response_format to text.format', () => {
    const request = toResponsesRequest(
      chat({ response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: true } } }),
      model,
    );
    expect(request.text).toEqual({ format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } });
  });

  it('rejects audio parts naming the part', () => {
    expect(() =>
      toResponsesRequest(
        chat({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'A', format: 'wav' } }] }] }),
        model,
      ),
    ).toThrow(expect.objectContaining({ param: 'messages[0].content[0]' }) as TranslationError);
  });
});
