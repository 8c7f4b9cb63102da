import { ApiError } from '../../../core/errors/api-error';
import { TranslationError } from '../../translation-error';
import { decodeChatRequest } from './decode-chat-request';

const PNG = 'iVBORw0KGgo=';

function thrown(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe(decodeChatRequest.name, () => {
  it('collects system and developer messages into the hub system, in order, with cache_control kept', () => {
    const { request } = decodeChatRequest({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
        { role: 'developer', content: [{ type: 'text', text: 'Metric units.', cache_control: { type: 'ephemeral' } }] },
      ],
    });

    expect(request.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Metric units.', providerMetadata: { anthropic: { cacheControl: { type: 'ephemeral' } } } },
    ]);
    expect(request.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('reads images, audio and files in user messages', () => {
    const { request } = decodeChatRequest({
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
          ],
        },
      ],
    });

    expect(request.messages[0].content).toEqual([
      { type: 'file', mediaType: 'image/png', data: { base64: PNG } },
      { type: 'file', mediaType: 'image/*', data: { url: 'https://example.com/cat.png' } },
      { type: 'file', mediaType: 'audio/wav', data: { base64: 'UklGRg==' } },
      { type: 'file', mediaType: 'application/pdf', data: { base64: 'JVBERi0=' }, filename: 'a.pdf' },
    ]);
  });

  it('turns a tool round trip into a tool call (arguments kept as sent) and one tool message with both results', () => {
    const args = '{"city": "Paris"}';
    const { request } = decodeChatRequest({
      model: 'm',
      messages: [
        { role: 'user', content: 'weather and time?' },
        {
          role: 'assistant',
          content: 'Checking.',
          reasoning_content: 'unsigned thoughts',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: args } },
            { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18 °C' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] },
      ],
    });

    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: args },
          { type: 'tool-call', toolCallId: 'call_2', toolName: 'get_time', input: '{}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', toolName: 'get_weather', output: [{ type: 'text', text: '18 °C' }] },
          { type: 'tool-result', toolCallId: 'call_2', toolName: 'get_time', output: [{ type: 'file', mediaType: 'image/png', data: { base64: PNG } }] },
        ],
      },
    ]);
  });

  it('maps the parameters it reads', () => {
    const { request, includeUsage } = decodeChatRequest({
      model: 'gpt-x',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 10,
      max_completion_tokens: 20,
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop: ['END', ''],
      reasoning_effort: 'high',
      parallel_tool_calls: false,
      tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object' }, strict: true } },
      user: 'u-1',
    });

    expect(includeUsage).toBe(true);
    expect(request).toEqual({
      model: 'gpt-x',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      tools: [{ name: 'f', description: 'd', kind: 'function', inputSchema: { type: 'object' }, strict: true }],
      toolChoice: { type: 'tool', toolName: 'f' },
      parallelToolCalls: false,
      maxOutputTokens: 20,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
      reasoning: { enabled: true, effort: 'high' },
      responseFormat: { type: 'json', name: 'r', schema: { type: 'object' }, strict: true },
      stream: true,
      user: 'u-1',
    });
  });

  it('reads reasoning_effort none as reasoning off, and refuses an unknown effort', () => {
    expect(decodeChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'none' }).request.reasoning).toEqual({
      enabled: false,
    });
    const error = thrown(() => decodeChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'max' }));
    expect(error.options).toMatchObject({ code: 'invalid_value', param: 'reasoning_effort' });
  });

  it.each([
    [{ n: 2 }, 'n'],
    [{ tools: [{ type: 'code_interpreter' }] }, 'tools[0].type'],
    [{ tool_choice: { type: 'allowed_tools' } }, 'tool_choice'],
    [{ max_tokens: 'x' }, 'max_tokens'],
    [{ messages: [{ role: 'user', content: [{ type: 'video', video: {} }] }] }, 'messages[0].content[0]'],
    [{ messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x.y/z.png' } }] }] }, 'messages[0].content[0]'],
    [{ messages: [{ role: 'narrator', content: 'x' }] }, 'messages[0].role'],
  ])('refuses %j with a 400 naming %s', (fields, param) => {
    const error = thrown(() => decodeChatRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], ...fields }));
    expect(error.status).toBe(400);
    expect(error.options.param).toBe(param);
  });

  it('refuses tool-call arguments that are not a JSON object, naming the call', () => {
    const error = thrown(() =>
      decodeChatRequest({
        model: 'm',
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{"a": ' } }] },
          { role: 'tool', tool_call_id: 'c', content: 'x' },
        ],
      }),
    );
    expect(error).toBeInstanceOf(TranslationError);
    expect(error.options.param).toBe('messages[1].tool_calls[0].function.arguments');
  });

  it("maps a hub path back to the client's field, across dropped system messages and merged tool results", () => {
    const decoded = decodeChatRequest({
      model: 'm',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] },
        { role: 'assistant', content: 'b', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }, { id: 'c2', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'r1' },
        { role: 'tool', tool_call_id: 'c2', content: 'r2' },
      ],
    });

    expect(decoded.clientParam('messages[0].content[1]')).toBe('messages[1].content[1]');
    expect(decoded.clientParam('messages[1].content[2].input')).toBe('messages[2].tool_calls[1].input');
    expect(decoded.clientParam('messages[2].content[1]')).toBe('messages[4]');
    expect(decoded.clientParam('tool_choice')).toBe('tool_choice');
  });
});
