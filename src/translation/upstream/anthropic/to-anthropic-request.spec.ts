import type { ModelConfig } from '../../../config/app-config';
import type { HubRequest } from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import type { AnthropicMessagesRequest } from './anthropic-api.types';
import { toAnthropicRequest } from './to-anthropic-request';

const model: ModelConfig = { name: 'Sonnet', id: 'claude-sonnet-4-5-20250929', type: 'anthropic', reasoning: 'auto', fast: false };

function hub(overrides: Partial<HubRequest> = {}): HubRequest {
  return { model: 'claude-sonnet-4-5', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: false, ...overrides };
}

const body = (request: HubRequest, config: ModelConfig = model) => toAnthropicRequest(request, config).body as AnthropicMessagesRequest;
const PNG = { type: 'file' as const, mediaType: 'image/png', data: { base64: 'iVBORw0K' } };

describe(toAnthropicRequest.name, () => {
  it('maps system, user files and a prefill, merging turns and dropping empty text', () => {
    const request = body(
      hub({
        system: [{ type: 'text', text: 'Be terse.', providerMetadata: { anthropic: { cacheControl: { type: 'ephemeral' } } } }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Look' }, PNG, { type: 'file', mediaType: 'application/pdf', data: { url: 'https://x/a.pdf' }, filename: 'a.pdf' }] },
          { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'and say' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'It is ' }] },
        ],
      }),
    );
    expect(request.system).toEqual([{ type: 'text', text: 'Be terse.', cache_control: { type: 'ephemeral' } }]);
    expect(request.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } },
          { type: 'document', source: { type: 'url', url: 'https://x/a.pdf' }, title: 'a.pdf' },
          { type: 'text', text: 'and say' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'It is' }] },
    ]);
    expect(request).toMatchObject({ model: model.id, stream: false, max_tokens: 4096 });
  });

  it('rejects a file type Anthropic cannot take, naming the part', () => {
    const audio = { type: 'file' as const, mediaType: 'audio/wav', data: { base64: 'AAAA' } };
    expect(() => body(hub({ messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }, audio] }] }))).toThrow(
      expect.objectContaining({ param: 'messages[0].content[1]' }) as TranslationError,
    );
  });

  describe('reasoning in the history', () => {
    const signed = { type: 'reasoning' as const, text: 'Thinking.', providerMetadata: { anthropic: { signature: 'sig-1' } } };
    const redacted = { type: 'reasoning' as const, text: '', providerMetadata: { anthropic: { redactedData: 'opaque' } } };
    const history = (...parts: HubRequest['messages'][number]['content']) =>
      hub({ messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }, { role: 'assistant', content: parts } as never] });

    it('sends Anthropic-signed and redacted thinking back unchanged, in order', () => {
      const request = body(history(signed, redacted, { type: 'text', text: 'A.' }));
      expect(request.messages[1].content).toEqual([
        { type: 'thinking', thinking: 'Thinking.', signature: 'sig-1' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'A.' },
      ]);
    });

    it.each([
      ['without an Anthropic signature', { type: 'reasoning' as const, text: 'from GPT', providerMetadata: { openai: { encryptedContent: 'enc' } } }],
      ['with no metadata at all', { type: 'reasoning' as const, text: 'from GLM' }],
      ['relayed by the gateway under its own signature', { ...signed, providerMetadata: { anthropic: { signature: 'ours' }, gateway: { reasoningFrom: 'openai' } } }],
    ])('strips reasoning %s', (_name, part) => {
      expect(body(history(part, { type: 'text', text: 'A.' })).messages[1].content).toEqual([{ type: 'text', text: 'A.' }]);
    });
  });

  it('maps a parallel tool round trip: separate tool_use ids, results first in the user turn, images and errors kept', () => {
    const request = body(
      hub({
        tools: [{ name: 'screenshot', kind: 'function', inputSchema: { type: 'object', properties: {} } }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Shoot twice' }] },
          {
            role: 'assistant',
            content: [
              { type: 'tool-call', toolCallId: 'call_1', toolName: 'screenshot', input: '{"screen":1}' },
              { type: 'tool-call', toolCallId: 'call_2', toolName: 'screenshot', input: '' },
            ],
          },
          {
            role: 'tool',
            content: [
              { type: 'tool-result', toolCallId: 'call_1', output: [{ type: 'text', text: 'here' }, PNG] },
              { type: 'tool-result', toolCallId: 'call_2', output: [], isError: true },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'Compare' }] },
        ],
      }),
    );
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'screenshot', input: { screen: 1 } },
          { type: 'tool_use', id: 'call_2', name: 'screenshot', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: 'here' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0K' } }] },
          { type: 'tool_result', tool_use_id: 'call_2', is_error: true },
          { type: 'text', text: 'Compare' },
        ],
      },
    ]);
  });

  it('shortens a tool name past 128 characters the same way everywhere and maps it back', () => {
    const long = `mcp__${'very_long_server_name_'.repeat(6)}__do_it`;
    const request = hub({
      tools: [{ name: long, kind: 'function', inputSchema: { type: 'object' } }],
      toolChoice: { type: 'tool', toolName: long },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c', toolName: long, input: '{}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', output: [{ type: 'text', text: 'ok' }] }] },
      ],
    });
    const encoded = toAnthropicRequest(request, model);
    const sent = encoded.body as AnthropicMessagesRequest;
    const short = sent.tools![0].name;
    expect(short.length).toBeLessThanOrEqual(128);
    expect(short).toMatch(/^mcp__very_long_server_name_.*_[0-9a-f]{8}$/);
    expect(sent.tool_choice).toEqual({ type: 'tool', name: short });
    expect(sent.messages[1].content[0]).toMatchObject({ type: 'tool_use', name: short });
    expect(encoded.toolNames.toClient(short)).toBe(long);
    expect((toAnthropicRequest(request, model).body as AnthropicMessagesRequest).tools![0].name).toBe(short);
  });

  it('offers a freeform tool as a function taking one string and wraps its history input', () => {
    const encoded = toAnthropicRequest(
      hub({
        tools: [{ name: 'apply_patch', kind: 'freeform', description: 'Patch files', inputSchema: {}, format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'fix' }] },
          { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'p1', toolName: 'apply_patch', input: '*** Begin Patch\n*** End Patch' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'p1', output: [{ type: 'text', text: 'Done' }] }] },
        ],
      }),
      model,
    );
    const sent = encoded.body as AnthropicMessagesRequest;
    expect(sent.tools![0]).toMatchObject({
      name: 'apply_patch',
      description: 'Patch files',
      input_schema: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
    });
    expect(JSON.stringify(sent.tools![0].input_schema)).toContain('lark grammar:\\nstart: x');
    expect(sent.messages[1].content[0]).toEqual({ type: 'tool_use', id: 'p1', name: 'apply_patch', input: { input: '*** Begin Patch\n*** End Patch' } });
    expect(encoded.freeformAsFunction).toEqual(new Set(['apply_patch']));
  });

  it('names the tool call whose arguments are not a JSON object', () => {
    const request = hub({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'x' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c', toolName: 'f', input: '{oops' }] },
      ],
    });
    expect(() => body(request)).toThrow(expect.objectContaining({ param: 'messages[1].content[0].input', status: 400 }) as TranslationError);
  });

  describe('output limit', () => {
    const limited = { ...model, maxOutputTokens: 64000 };

    it('clamps max_tokens to the model limit and passes smaller values', () => {
      expect(body(hub({ maxOutputTokens: 128000 }), limited).max_tokens).toBe(64000);
      expect(body(hub({ maxOutputTokens: 1000 }), limited).max_tokens).toBe(1000);
      expect(body(hub({ maxOutputTokens: 128000 })).max_tokens).toBe(128000);
      expect(body(hub(), { ...model, maxOutputTokens: 2000 }).max_tokens).toBe(2000);
    });

    it('keeps a thinking budget and its answer room under the limit', () => {
      const request = body(hub({ maxOutputTokens: 128000, reasoning: { enabled: true, budgetTokens: 100000 } }), limited);
      expect(request).toMatchObject({ max_tokens: 64000, thinking: { type: 'enabled', budget_tokens: 64000 - 4096 } });
    });
  });

  describe('thinking', () => {
    it('maps an effort to the table budget, raises max_tokens above it and drops sampling Anthropic rejects', () => {
      const request = body(hub({ reasoning: { enabled: true, effort: 'high' }, maxOutputTokens: 1000, temperature: 0.5, topK: 5, topP: 0.5 }));
      expect(request.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
      expect(request.max_tokens).toBe(24576 + 4096);
      expect(request).not.toHaveProperty('temperature');
      expect(request).not.toHaveProperty('top_k');
      expect(request).not.toHaveProperty('top_p');
    });

    it('takes an explicit budget and keeps a larger max_tokens and temperature 1', () => {
      const request = body(hub({ reasoning: { enabled: true, budgetTokens: 2000 }, maxOutputTokens: 8000, temperature: 1 }));
      expect(request).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2000 }, max_tokens: 8000, temperature: 1 });
    });

    it('leaves reasoning to the request edit for fixed levels and says nothing when disabled', () => {
      expect(body(hub({ reasoning: { enabled: true, effort: 'high' } }), { ...model, reasoning: 'high' })).not.toHaveProperty('thinking');
      expect(body(hub({ reasoning: { enabled: false } }))).not.toHaveProperty('thinking');
    });

    it('is not enabled when tool_choice forces a tool', () => {
      const tools = [{ name: 'f', kind: 'function' as const, inputSchema: { type: 'object' } }];
      expect(body(hub({ tools, toolChoice: { type: 'required' }, reasoning: { enabled: true } }))).not.toHaveProperty('thinking');
    });

    const loop = (first: HubRequest['messages'][number]['content'][number] | undefined) =>
      hub({
        reasoning: { enabled: true, effort: 'low' },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'x' }] },
          { role: 'assistant', content: [...(first ? [first] : []), { type: 'tool-call', toolCallId: 'c1', toolName: 'f', input: '{}' }] } as never,
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', output: [{ type: 'text', text: 'ok' }] }] },
        ],
      });

    it('stays on mid tool loop when the assistant turn starts with its signed thinking', () => {
      const request = body(loop({ type: 'reasoning', text: 't', providerMetadata: { anthropic: { signature: 's' } } }));
      expect(request.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    });

    it('is off mid tool loop when the assistant turn has no signed thinking to start with', () => {
      expect(body(loop(undefined))).not.toHaveProperty('thinking');
      expect(body(loop({ type: 'reasoning', text: 'from GPT', providerMetadata: { openai: { encryptedContent: 'e' } } }))).not.toHaveProperty('thinking');
    });
  });

  it('maps tool choice, serial tool use, stop sequences and the user id', () => {
    const tools = [{ name: 'f', kind: 'function' as const, inputSchema: {} }];
    const request = body(hub({ tools, toolChoice: { type: 'auto' }, parallelToolCalls: false, stopSequences: ['END'], user: 'u-42' }));
    expect(request).toMatchObject({
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      stop_sequences: ['END'],
      metadata: { user_id: 'u-42' },
      tools: [{ name: 'f', input_schema: { type: 'object', properties: {} } }],
    });
    expect(body(hub({ tools, toolChoice: { type: 'none' } })).tool_choice).toEqual({ type: 'none' });
    expect(body(hub({ tools, toolChoice: { type: 'required' } })).tool_choice).toEqual({ type: 'any' });
  });
});
