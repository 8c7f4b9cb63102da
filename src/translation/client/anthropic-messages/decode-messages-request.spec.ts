import { ApiError } from '../../../core/errors/api-error';
import { decodeMessagesRequest } from './decode-messages-request';
import { gatewaySignature } from './gateway-signature';

const PNG = 'iVBORw0KGgo=';
const decode = (body: Record<string, unknown>, countTokens = false) => decodeMessagesRequest(body, { countTokens });

function thrown(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe(decodeMessagesRequest.name, () => {
  it('reads system blocks with cache_control, the parameters and metadata.user_id', () => {
    const { request, includeUsage } = decode({
      model: 'gpt-5',
      max_tokens: 32000,
      system: [
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Be terse.' },
      ],
      messages: [{ role: 'user', content: 'hi' }],
      stop_sequences: ['</done>', ''],
      temperature: 1,
      top_p: 0.9,
      top_k: 5,
      metadata: { user_id: 'user_abc' },
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      stream: true,
    });

    expect(includeUsage).toBe(true);
    expect(request).toEqual({
      model: 'gpt-5',
      system: [
        { type: 'text', text: 'You are Claude Code.', providerMetadata: { anthropic: { cacheControl: { type: 'ephemeral' } } } },
        { type: 'text', text: 'Be terse.' },
      ],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      tools: [],
      maxOutputTokens: 32000,
      toolChoice: { type: 'required' },
      parallelToolCalls: false,
      temperature: 1,
      topP: 0.9,
      topK: 5,
      stopSequences: ['</done>'],
      user: 'user_abc',
      stream: true,
    });
  });

  it('turns a tool_result turn into a tool message (images inside kept) followed by the rest of the turn', () => {
    const { request } = decode({
      model: 'glm',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'screenshot please' },
        { role: 'assistant', content: [{ type: 'text', text: 'Taking it.' }, { type: 'tool_use', id: 'toolu_1', name: 'screenshot', input: { region: 'all' } }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [
                { type: 'text', text: 'Here:' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
              ],
            },
            { type: 'text', text: 'What do you see?' },
          ],
        },
      ],
    });

    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Taking it.' },
          { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'screenshot', input: '{"region":"all"}' },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'toolu_1',
            toolName: 'screenshot',
            output: [
              { type: 'text', text: 'Here:' },
              { type: 'file', mediaType: 'image/png', data: { base64: PNG } },
            ],
          },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'What do you see?' }] },
    ]);
  });

  it('keeps Anthropic thinking signatures and redacted thinking, and marks thinking the gateway signed', () => {
    const ours = gatewaySignature({ openai: { itemId: 'rs_9', encryptedContent: 'enc' } });
    const { request } = decode({
      model: 'gpt-5',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'from claude', signature: 'EqQBCkYIBxgC' },
            { type: 'redacted_thinking', data: 'EmwKAhgB' },
            { type: 'thinking', thinking: 'from gpt', signature: ours },
            { type: 'text', text: 'a' },
          ],
        },
        { role: 'user', content: 'more' },
      ],
    });

    expect(request.messages[1].content).toEqual([
      { type: 'reasoning', text: 'from claude', providerMetadata: { anthropic: { signature: 'EqQBCkYIBxgC' } } },
      { type: 'reasoning', text: '', providerMetadata: { anthropic: { redactedData: 'EmwKAhgB' } } },
      { type: 'reasoning', text: 'from gpt', providerMetadata: { openai: { itemId: 'rs_9', encryptedContent: 'enc' }, gateway: { reasoningFrom: 'droid2api' } } },
      { type: 'text', text: 'a' },
    ]);
  });

  it('reads documents: a PDF as a file, a text document as text', () => {
    const { request } = decode({
      model: 'gemini',
      max_tokens: 10,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' }, title: 'spec.pdf' },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain words' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
          ],
        },
      ],
    });

    expect(request.messages[0].content).toEqual([
      { type: 'file', mediaType: 'application/pdf', data: { base64: 'JVBERi0=' }, filename: 'spec.pdf' },
      { type: 'text', text: 'plain words' },
      { type: 'file', mediaType: 'image/*', data: { url: 'https://example.com/a.png' } },
    ]);
  });

  it('adds system messages found inside messages to the system, after the top-level one', () => {
    const { request } = decode({
      model: 'gpt-5',
      max_tokens: 10,
      system: 'top',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: [{ type: 'text', text: '# Environment' }] },
      ],
    });

    expect(request.system).toEqual([{ type: 'text', text: 'top' }, { type: 'text', text: '# Environment' }]);
    expect(request.messages).toHaveLength(1);
  });

  it('offers custom tools only: server tools and deferred tools are left out', () => {
    const { request, clientParam, notes } = decode({
      model: 'gpt-5',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
      tools: [
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        { name: 'Bash', description: 'Run a command', input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' } },
        { name: 'DeferredToolPlaceholder', input_schema: { type: 'object' }, defer_loading: true },
        { type: 'custom', name: 'Read', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } },
      ],
    });

    expect(request.tools).toEqual([
      { name: 'Bash', description: 'Run a command', kind: 'function', inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' } },
      { name: 'Read', kind: 'function', inputSchema: { type: 'object' }, providerMetadata: { anthropic: { cacheControl: { type: 'ephemeral' } } } },
    ]);
    expect(clientParam('tools[1].inputSchema')).toBe('tools[3].inputSchema');
    expect(notes).toEqual([expect.stringContaining('"web_search_20250305" left out'), expect.stringContaining("'DeferredToolPlaceholder' left out")]);
  });

  it.each([
    [{ type: 'enabled', budget_tokens: 8000 }, undefined, { enabled: true, budgetTokens: 8000 }],
    [{ type: 'adaptive', display: 'omitted' }, { effort: 'high' }, { enabled: true, effort: 'high' }],
    [{ type: 'disabled' }, undefined, { enabled: false }],
    [undefined, { effort: 'max' }, { enabled: true, effort: 'xhigh' }],
    [undefined, undefined, undefined],
  ])('reads thinking %j with output_config %j', (thinking, outputConfig, reasoning) => {
    const { request } = decode({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], thinking, output_config: outputConfig });
    expect(request.reasoning).toEqual(reasoning);
  });

  it('takes a count_tokens body without max_tokens, and refuses a messages body without one', () => {
    expect(() => decode({ model: 'm', messages: [{ role: 'user', content: 'x' }] }, true)).not.toThrow();
    expect(thrown(() => decode({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).message).toBe('max_tokens: Field required');
  });

  it.each([
    [{ max_tokens: 'lots' }, 'max_tokens'],
    [{ tools: 5 }, 'tools'],
    [{ temperature: 'hot' }, 'temperature'],
    [{ stop_sequences: [1] }, 'stop_sequences'],
    [{ tool_choice: { type: 'sometimes' } }, 'tool_choice.type'],
    [{ thinking: { type: 'eager' } }, 'thinking.type'],
    [{ messages: [{ role: 'user', content: [{ type: 'video' }] }] }, 'messages[0].content[0].type'],
    [{ messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
  ])('refuses %j with a 400 naming %s', (fields, param) => {
    const error = thrown(() => decode({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], ...fields }));
    expect(error.status).toBe(400);
    expect(error.options.param).toBe(param);
  });
});
