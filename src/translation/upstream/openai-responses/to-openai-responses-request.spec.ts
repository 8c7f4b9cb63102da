import type { ModelConfig } from '../../../config/app-config';
import type { HubRequest } from '../../hub/hub-prompt';
import type { ResponsesRequest } from './openai-responses-api.types';
import { toOpenAiResponsesRequest } from './to-openai-responses-request';

const model: ModelConfig = { name: 'GPT-5.1', id: 'gpt-5.1', type: 'openai', reasoning: 'auto', fast: false };

function hub(overrides: Partial<HubRequest> = {}): HubRequest {
  return { model: 'gpt-5.1', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: false, ...overrides };
}

const body = (request: HubRequest, config: ModelConfig = model) => toOpenAiResponsesRequest(request, config).body as ResponsesRequest;
const PNG = { type: 'file' as const, mediaType: 'image/png', data: { base64: 'iVBORw0K' } };

describe(toOpenAiResponsesRequest.name, () => {
  it('maps system to instructions and user files to input parts, without state upstream', () => {
    const request = body(
      hub({
        system: [{ type: 'text', text: 'Be terse.' }, { type: 'text', text: 'Metric units.' }],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              PNG,
              { type: 'file', mediaType: 'image/jpeg', data: { url: 'https://x/a.jpg' } },
              { type: 'file', mediaType: 'application/pdf', data: { base64: 'JVBERi0' }, filename: 'a.pdf' },
            ],
          },
          { role: 'assistant', content: [{ type: 'text', text: 'A cat.' }] },
        ],
      }),
    );
    expect(request).toEqual({
      model: 'gpt-5.1',
      instructions: 'Be terse.\n\nMetric units.',
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0K', detail: 'auto' },
            { type: 'input_image', image_url: 'https://x/a.jpg', detail: 'auto' },
            { type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0' },
          ],
        },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'A cat.' }] },
      ],
      stream: false,
      store: false,
      include: ['reasoning.encrypted_content'],
    });
  });

  describe('reasoning items', () => {
    const reasoned = (part: object) =>
      hub({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'q' }] },
          { role: 'assistant', content: [part as never, { type: 'text', text: 'A.' }] },
          { role: 'user', content: [{ type: 'text', text: 'more' }] },
        ],
      });

    it('sends encrypted reasoning from the Responses API back with its id and summary', () => {
      const request = body(
        reasoned({ type: 'reasoning', text: 'Plan.', providerMetadata: { openai: { itemId: 'rs_1', encryptedContent: 'enc==' } } }),
        { ...model, reasoning: 'off' },
      );
      expect(request.input[1]).toEqual({ type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan.' }], encrypted_content: 'enc==' });
      // Round-tripped reasoning keeps asking for the encrypted content, even with reasoning switched off.
      expect(request.include).toEqual(['reasoning.encrypted_content']);
    });

    it('sends back encrypted reasoning that travelled inside a gateway-signed thinking block', () => {
      const part = { type: 'reasoning', text: 'Plan.', providerMetadata: { openai: { itemId: 'rs_3', encryptedContent: 'enc3' }, gateway: { reasoningFrom: 'droid2api' } } };
      expect(body(reasoned(part), model).input[1]).toEqual({ type: 'reasoning', id: 'rs_3', summary: [{ type: 'summary_text', text: 'Plan.' }], encrypted_content: 'enc3' });
    });

    it.each([
      ['Anthropic thinking', { type: 'reasoning', text: 'Hmm', providerMetadata: { anthropic: { signature: 's' } } }],
      ['reasoning without encrypted content', { type: 'reasoning', text: 'Hmm', providerMetadata: { openai: { itemId: 'rs_2' } } }],
      ['plain reasoning text', { type: 'reasoning', text: 'Hmm' }],
    ])('leaves out %s', (_name, part) => {
      const request = body(reasoned(part), { ...model, reasoning: 'off' });
      expect(request.input.map((item) => item.type)).toEqual(['message', 'message', 'message']);
      expect(request).not.toHaveProperty('include');
    });
  });

  it('maps a parallel tool round trip, a tool result image and a freeform tool natively', () => {
    const request = body(
      hub({
        stream: true,
        tools: [
          { name: 'screenshot', kind: 'function', inputSchema: { type: 'object', properties: { screen: { type: 'number' } } } },
          { name: 'apply_patch', kind: 'freeform', description: 'Patch', inputSchema: {}, format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
        ],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'go' }] },
          {
            role: 'assistant',
            content: [
              { type: 'tool-call', toolCallId: 'call_1', toolName: 'screenshot', input: '{"screen":1}' },
              { type: 'tool-call', toolCallId: 'call_2', toolName: 'apply_patch', input: '*** Begin Patch' },
            ],
          },
          {
            role: 'tool',
            content: [
              { type: 'tool-result', toolCallId: 'call_1', output: [{ type: 'text', text: 'shot' }, PNG] },
              { type: 'tool-result', toolCallId: 'call_2', output: [{ type: 'text', text: 'Done' }] },
            ],
          },
        ],
      }),
    );
    expect(request.input.slice(1)).toEqual([
      { type: 'function_call', call_id: 'call_1', name: 'screenshot', arguments: '{"screen":1}' },
      { type: 'custom_tool_call', call_id: 'call_2', name: 'apply_patch', input: '*** Begin Patch' },
      {
        type: 'function_call_output',
        call_id: 'call_1',
        output: [
          { type: 'input_text', text: 'shot' },
          { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0K', detail: 'auto' },
        ],
      },
      { type: 'custom_tool_call_output', call_id: 'call_2', output: 'Done' },
    ]);
    expect(request.tools).toEqual([
      { type: 'function', name: 'screenshot', parameters: { type: 'object', properties: { screen: { type: 'number' } } }, strict: false },
      { type: 'custom', name: 'apply_patch', description: 'Patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
    ]);
  });

  it('applies strict mode only when the client asked for it', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a'] };
    const request = body(hub({ tools: [{ name: 'f', kind: 'function', inputSchema: schema, strict: true }] }));
    expect(request.tools![0]).toEqual({
      type: 'function',
      name: 'f',
      strict: true,
      parameters: { type: 'object', properties: { a: { type: 'string' }, b: { type: ['number', 'null'] } }, required: ['a', 'b'], additionalProperties: false },
    });
  });

  it('shortens tool names past 64 characters in tools, calls and tool_choice', () => {
    const long = 'mcp__github_enterprise_server__list_pull_request_review_comments_for_repository';
    const encoded = toOpenAiResponsesRequest(
      hub({
        tools: [{ name: long, kind: 'function', inputSchema: { type: 'object' } }],
        toolChoice: { type: 'tool', toolName: long },
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'go' }] },
          { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c', toolName: long, input: '{}' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c', output: [{ type: 'text', text: 'ok' }] }] },
        ],
      }),
      model,
    );
    const request = encoded.body as ResponsesRequest;
    const short = (request.tools![0] as { name: string }).name;
    expect(short).toHaveLength(64);
    expect(request.tool_choice).toEqual({ type: 'function', name: short });
    expect(request.input[1]).toMatchObject({ type: 'function_call', name: short });
    expect(encoded.toolNames.toClient(short)).toBe(long);
  });

  it('maps reasoning effort (budgets to a level), clamps output tokens and drops what Responses cannot express', () => {
    const limited = { ...model, maxOutputTokens: 128000 };
    expect(body(hub({ reasoning: { enabled: true, effort: 'xhigh' }, maxOutputTokens: 200000, stopSequences: ['x'], topK: 3 }), limited)).toMatchObject({
      reasoning: { effort: 'xhigh', summary: 'auto' },
      max_output_tokens: 128000,
    });
    expect(body(hub({ reasoning: { enabled: true, budgetTokens: 31999 } })).reasoning).toEqual({ effort: 'high', summary: 'auto' });
    expect(body(hub({ reasoning: { enabled: true, budgetTokens: 2000, summary: 'detailed' } })).reasoning).toEqual({ effort: 'low', summary: 'detailed' });
    expect(body(hub({ reasoning: { enabled: true, effort: 'high' } }), { ...model, reasoning: 'low' })).not.toHaveProperty('reasoning');
    const dropped = body(hub({ stopSequences: ['x'], topK: 3 }));
    expect(dropped).not.toHaveProperty('stop');
    expect(dropped).not.toHaveProperty('top_k');
  });

  it('maps a JSON response format', () => {
    expect(body(hub({ responseFormat: { type: 'json', schema: { type: 'object' }, name: 'out', strict: true } })).text).toEqual({
      format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
    });
    expect(body(hub({ responseFormat: { type: 'json' } })).text).toEqual({ format: { type: 'json_object' } });
  });
});
