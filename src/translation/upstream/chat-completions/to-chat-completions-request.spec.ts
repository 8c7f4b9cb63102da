import type { ModelConfig } from '../../../config/app-config';
import type { HubRequest } from '../../hub/hub-prompt';
import { TranslationError } from '../../translation-error';
import type { ChatRequest } from './chat-completions-api.types';
import { toChatCompletionsRequest } from './to-chat-completions-request';

const model: ModelConfig = { name: 'GLM', id: 'glm-4.6', type: 'common', reasoning: 'auto', fast: false };

function hub(overrides: Partial<HubRequest> = {}): HubRequest {
  return { model: 'glm', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: false, ...overrides };
}

const body = (request: HubRequest, config: ModelConfig = model) => toChatCompletionsRequest(request, config).body as ChatRequest;
const PNG = { type: 'file' as const, mediaType: 'image/png', data: { base64: 'iVBORw0K' } };

describe(toChatCompletionsRequest.name, () => {
  it('always asks for usage when streaming, and sends system, text and images', () => {
    const request = body(
      hub({
        stream: true,
        system: [{ type: 'text', text: 'Be terse.' }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Plain' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Ok.' }] },
          { role: 'user', content: [{ type: 'text', text: 'See' }, PNG] },
        ],
      }),
    );
    expect(request).toEqual({
      model: 'glm-4.6',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Plain' },
        { role: 'assistant', content: 'Ok.' },
        { role: 'user', content: [{ type: 'text', text: 'See' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } }] },
      ],
    });
    expect(body(hub())).not.toHaveProperty('stream_options');
  });

  it('puts images a tool returned in a user message after all the tool results, never dropping them', () => {
    const request = body(
      hub({
        tools: [{ name: 'screenshot', kind: 'function', inputSchema: { type: 'object' } }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Shoot' }] },
          {
            role: 'assistant',
            content: [
              { type: 'tool-call', toolCallId: 'call_1', toolName: 'screenshot', input: '{}' },
              { type: 'tool-call', toolCallId: 'call_2', toolName: 'screenshot', input: '{}' },
            ],
          },
          {
            role: 'tool',
            content: [
              { type: 'tool-result', toolCallId: 'call_1', output: [{ type: 'text', text: 'first' }, PNG] },
              { type: 'tool-result', toolCallId: 'call_2', output: [{ type: 'text', text: 'denied' }], isError: true },
            ],
          },
        ],
      }),
    );
    expect(request.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'screenshot', arguments: '{}' } },
          { id: 'call_2', type: 'function', function: { name: 'screenshot', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'first\n[1 file(s) returned by this tool follow in the next user message]' },
      { role: 'tool', tool_call_id: 'call_2', content: 'Error: denied' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Files returned by tool call call_1:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0K' } },
        ],
      },
    ]);
  });

  it('wraps freeform tools as a one-string function, in the tool list and in the history', () => {
    const request = body(
      hub({
        tools: [{ name: 'apply_patch', kind: 'freeform', inputSchema: {} }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'fix' }] },
          { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'p', toolName: 'apply_patch', input: 'line "1"\n' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'p', output: [{ type: 'text', text: 'ok' }] }] },
        ],
      }),
    );
    expect(request.tools![0].function).toMatchObject({ name: 'apply_patch', parameters: { properties: { input: { type: 'string' } }, required: ['input'] } });
    expect(request.messages[1]).toMatchObject({ tool_calls: [{ function: { arguments: '{"input":"line \\"1\\"\\n"}' } }] });
  });

  it('sends reasoning text back only when no other vendor owns it', () => {
    const request = body(
      hub({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'mine ' },
              { type: 'reasoning', text: 'signed', providerMetadata: { anthropic: { signature: 's' } } },
              { type: 'text', text: 'A.' },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'more' }] },
        ],
      }),
    );
    expect(request.messages[1]).toEqual({ role: 'assistant', content: 'A.', reasoning_content: 'mine ' });
  });

  it('shortens long and Kimi-invalid tool names and maps tool choice', () => {
    const encoded = toChatCompletionsRequest(
      hub({ tools: [{ name: '9lives', kind: 'function', inputSchema: {} }], toolChoice: { type: 'tool', toolName: '9lives' }, parallelToolCalls: false }),
      model,
    );
    const request = encoded.body as ChatRequest;
    const name = request.tools![0].function.name;
    expect(name).toMatch(/^t_9lives_[0-9a-f]{8}$/);
    expect(request.tool_choice).toEqual({ type: 'function', function: { name } });
    expect(request.parallel_tool_calls).toBe(false);
    expect(encoded.toolNames.toClient(name)).toBe('9lives');
  });

  it('clamps max_tokens, maps stop sequences, sampling, reasoning effort and a JSON schema format', () => {
    const request = body(
      hub({
        maxOutputTokens: 200000,
        stopSequences: ['END'],
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        reasoning: { enabled: true, budgetTokens: 10000 },
        responseFormat: { type: 'json', schema: { type: 'object' }, name: 'out' },
        user: 'u',
      }),
      { ...model, maxOutputTokens: 128000 },
    );
    expect(request).toMatchObject({
      max_tokens: 128000,
      stop: ['END'],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      reasoning_effort: 'medium',
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' } } },
      user: 'u',
    });
    expect(body(hub({ reasoning: { enabled: true, effort: 'high' } }), { ...model, reasoning: 'off' })).not.toHaveProperty('reasoning_effort');
  });

  it('rejects a file a Chat Completions model cannot take, naming it', () => {
    const video = { type: 'file' as const, mediaType: 'video/mp4', data: { url: 'https://x/v.mp4' } };
    expect(() => body(hub({ messages: [{ role: 'user', content: [video] }] }))).toThrow(
      expect.objectContaining({ param: 'messages[0].content[0]' }) as TranslationError,
    );
  });
});
