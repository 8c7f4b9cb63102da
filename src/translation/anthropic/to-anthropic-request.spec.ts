import type { ModelConfig } from '../../config/app-config';
import type { ChatCompletionRequest } from '../chat-completions.types';
import { TranslationError } from '../translation-error';
import { toAnthropicRequest } from './to-anthropic-request';

const model: ModelConfig = { name: 'Sonnet', id: 'claude-sonnet-4-5-20250929', type: 'anthropic', reasoning: 'auto', fast: false };

function chat(overrides: Partial<ChatCompletionRequest>): ChatCompletionRequest {
  return { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], ...overrides };
}

function translationError(fn: () => unknown): TranslationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TranslationError) return error;
    throw error;
  }
  throw new Error('expected a TranslationError');
}

describe(toAnthropicRequest.name, () => {
  it('collects system and developer messages into system blocks and uses the resolved model id', () => {
    const request = toAnthropicRequest(
      chat({
        messages: [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: 'hi' },
          { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        ],
      }),
      model,
    );
    expect(request.model).toBe('claude-sonnet-4-5-20250929');
    expect(request.system).toEqual([
      { type: 'text', text: 'Be terse.' },
      { type: 'text', text: 'Use metric units.' },
    ]);
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    expect(request.stream).toBe(false);
    expect(request.max_tokens).toBe(4096);
  });

  it('converts data-URL images to base64 sources and http URLs to url sources', () => {
    const request = toAnthropicRequest(
      chat({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            ],
          },
        ],
      }),
      model,
    );
    expect(request.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('maps a full tool round trip: tool_use blocks, merged tool_result user turn, tools and tool_choice', () => {
    const request = toAnthropicRequest(
      chat({
        stream: true,
        messages: [
          { role: 'user', content: 'Weather and time in Paris?' },
          {
            role: 'assistant',
            content: 'Checking.',
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
          { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '12:00' }] },
          { role: 'user', content: 'Thanks' },
        ],
        tools: [
          {
            type: 'function',
            function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
          },
          { type: 'function', function: { name: 'get_time' } },
        ],
        tool_choice: 'required',
        parallel_tool_calls: false,
      }),
      model,
    );
    expect(request.stream).toBe(true);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather and time in Paris?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'call_2', content: [{ type: 'text', text: '12:00' }] },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
    expect(request.tools).toEqual([
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      { name: 'get_time', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(request.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [{ type: 'function', function: { name: 'get_time' } }, { type: 'tool', name: 'get_time' }],
  ] as const)('maps tool_choice %j', (choice, expected) => {
    const request = toAnthropicRequest(
      chat({ tools: [{ type: 'function', function: { name: 'get_time' } }], tool_choice: choice }),
      model,
    );
    expect(request.tool_choice).toEqual(expected);
  });

  it('names the message and tool call whose arguments are not JSON', () => {
    const error = translationError(() =>
      toAnthropicRequest(
        chat({
          messages: [
            { role: 'user', content: 'x' },
            { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }] },
          ],
        }),
        model,
      ),
    );
    expect(error.param).toBe('messages[1].tool_calls[0].function.arguments');
    expect(error.status).toBe(400);
  });

  it.each([
    [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }],
    [{ type: 'file', file: { file_id: 'file-1' } }],
  ])('rejects %j parts naming the part', (part) => {
    const error = translationError(() =>
      toAnthropicRequest(
        chat({ messages: [{ role: 'user', content: [{ type: 'text', text: 'listen' }, part] as never }] }),
        model,
      ),
    );
    expect(error.param).toBe('messages[0].content[1]');
  });

  it('merges consecutive same-role messages and passes sampling, stop and user', () => {
    const request = toAnthropicRequest(
      chat({
        messages: [
          { role: 'user', content: 'one' },
          { role: 'user', content: 'two' },
        ],
        temperature: 0.3,
        top_p: 0.9,
        top_k: 20,
        stop: 'END',
        user: 'u-42',
        max_completion_tokens: 900,
        max_tokens: 100,
      }),
      model,
    );
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
    ]);
    expect(request).toMatchObject({ temperature: 0.3, top_p: 0.9, top_k: 20, stop_sequences: ['END'], max_tokens: 900 });
    expect(request.metadata).toEqual({ user_id: 'u-42' });
    expect(request.thinking).toBeUndefined();
  });

  describe('thinking', () => {
    it('maps reasoning_effort to a budget under auto, raises max_tokens above it and drops temperature/top_k', () => {
      const request = toAnthropicRequest(
        chat({ reasoning_effort: 'high', max_tokens: 1000, temperature: 0.5, top_k: 5, top_p: 0.5 }),
        model,
      );
      expect(request.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
      expect(request.max_tokens).toBe(24576 + 4096);
      expect(request).not.toHaveProperty('temperature');
      expect(request).not.toHaveProperty('top_k');
      expect(request).not.toHaveProperty('top_p');
    });

    it('keeps a max_tokens already above the budget and temperature 1', () => {
      const request = toAnthropicRequest(chat({ reasoning_effort: 'low', max_tokens: 8000, temperature: 1 }), model);
      expect(request.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
      expect(request.max_tokens).toBe(8000);
      expect(request.temperature).toBe(1);
    });

    it('leaves reasoning to the Factory edit for fixed levels', () => {
      const request = toAnthropicRequest(chat({ reasoning_effort: 'high' }), { ...model, reasoning: 'high' });
      expect(request.thinking).toBeUndefined();
      expect(request.max_tokens).toBe(4096);
    });

    it('is not enabled mid tool loop, where Anthropic would demand the signed thinking block back', () => {
      const request = toAnthropicRequest(
        chat({
          reasoning_effort: 'medium',
          messages: [
            { role: 'user', content: 'x' },
            { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
            { role: 'tool', tool_call_id: 'c1', content: 'ok' },
          ],
        }),
        model,
      );
      expect(request.thinking).toBeUndefined();
    });
  });

  it('rejects n > 1 naming n', () => {
    expect(translationError(() => toAnthropicRequest(chat({ n: 2 }), model)).param).toBe('n');
  });

  it('trims trailing whitespace from a final assistant prefill', () => {
    const request = toAnthropicRequest(
      chat({ messages: [{ role: 'user', content: 'Say hi' }, { role: 'assistant', content: 'Hi ' }] }),
      model,
    );
    expect(request.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Hi' }] });
  });
});
