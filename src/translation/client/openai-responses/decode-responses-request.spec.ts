import { ApiError } from '../../../core/errors/api-error';
import { decodeResponsesRequest } from './decode-responses-request';
import { gatewayEncryptedContent } from './gateway-reasoning';
import { encodeResponsesResponse } from './encode-responses-response';

function thrown(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe(decodeResponsesRequest.name, () => {
  it('maps instructions and developer messages to the system, and a Codex turn to hub messages', () => {
    const { request } = decodeResponsesRequest({
      model: 'claude-x',
      instructions: 'You are Codex.',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: none.' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List files' }] },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Need ls.' }], encrypted_content: 'gAAAAopenai' },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'a.txt' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'One file.' }] },
        { role: 'user', content: 'Thanks' },
      ],
      reasoning: { effort: 'high', summary: 'auto' },
      max_output_tokens: 4000,
      parallel_tool_calls: true,
      store: false,
      include: ['reasoning.encrypted_content'],
      stream: true,
    });

    expect(request.system).toEqual([
      { type: 'text', text: 'You are Codex.' },
      { type: 'text', text: 'Sandbox: none.' },
    ]);
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'List files' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Need ls.', providerMetadata: { openai: { itemId: 'rs_1', encryptedContent: 'gAAAAopenai' } } },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'exec_command', input: '{"cmd":"ls"}', providerMetadata: { openai: { itemId: 'fc_1' } } },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'exec_command', output: [{ type: 'text', text: 'a.txt' }] }] },
      { role: 'assistant', content: [{ type: 'text', text: 'One file.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
    expect(request).toMatchObject({ reasoning: { enabled: true, effort: 'high', summary: 'auto' }, maxOutputTokens: 4000, parallelToolCalls: true, stream: true });
  });

  it('gives back the original signed Anthropic thinking from a reasoning item the gateway handed out', () => {
    const encrypted = gatewayEncryptedContent('I should look.', { anthropic: { signature: 'EqQBCkYIBxgC' } })!;
    const { request } = decodeResponsesRequest({
      model: 'claude-x',
      input: [
        { role: 'user', content: 'q' },
        { type: 'reasoning', id: 'rs_gw', summary: [{ type: 'summary_text', text: 'I should look.' }], encrypted_content: encrypted },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] },
        { role: 'user', content: 'next' },
      ],
    });

    expect(request.messages[1].content[0]).toEqual({ type: 'reasoning', text: 'I should look.', providerMetadata: { anthropic: { signature: 'EqQBCkYIBxgC' } } });
  });

  it('takes custom tools as freeform, flattens namespaces, and leaves built-in tools out with a note', () => {
    const { request, notes, clientParam } = decodeResponsesRequest({
      model: 'glm',
      input: [
        { role: 'user', content: 'patch it' },
        { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'function_call', call_id: 'c2', namespace: 'multi_agent_v1', name: 'spawn_agent', arguments: '{}' },
        { type: 'custom_tool_call_output', call_id: 'c1', output: 'Done!' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'spawned' }] },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      ],
      tools: [
        { type: 'web_search', external_web_access: true },
        { type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } }, strict: false },
        { type: 'custom', name: 'apply_patch', description: 'Patch files', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
        { type: 'namespace', name: 'multi_agent_v1', description: 'agents', tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object' } }] },
      ],
      tool_choice: 'auto',
    });

    expect(request.tools).toEqual([
      { name: 'exec_command', kind: 'function', inputSchema: { type: 'object', properties: { cmd: { type: 'string' } } }, strict: false },
      { name: 'apply_patch', kind: 'freeform', description: 'Patch files', inputSchema: { type: 'object', properties: {} }, format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
      { name: 'multi_agent_v1__spawn_agent', kind: 'function', inputSchema: { type: 'object' }, providerMetadata: { openai: { namespace: 'multi_agent_v1' } } },
    ]);
    expect(request.messages[1].content).toEqual([
      { type: 'tool-call', toolCallId: 'c1', toolName: 'apply_patch', input: '*** Begin Patch' },
      { type: 'tool-call', toolCallId: 'c2', toolName: 'multi_agent_v1__spawn_agent', input: '{}' },
    ]);
    expect(request.messages[2].content).toEqual([
      { type: 'tool-result', toolCallId: 'c1', toolName: 'apply_patch', output: [{ type: 'text', text: 'Done!' }] },
      { type: 'tool-result', toolCallId: 'c2', toolName: 'multi_agent_v1__spawn_agent', output: [{ type: 'text', text: 'spawned' }] },
    ]);
    expect(notes).toEqual([expect.stringContaining('"web_search_call" item left out'), expect.stringContaining("'web_search' left out")]);
    expect(clientParam('tools[2].inputSchema')).toBe('tools[3].tools[0].inputSchema');
    expect(clientParam('messages[2].content[1]')).toBe('input[4]');
  });

  it('refuses previous_response_id with a clear 400, since nothing is stored', () => {
    const error = thrown(() => decodeResponsesRequest({ model: 'claude-x', input: 'hi', previous_response_id: 'resp_123' }));
    expect(error.status).toBe(400);
    expect(error.options.param).toBe('previous_response_id');
    expect(error.message).toMatch(/stores no responses/);
  });

  it.each([
    [{ input: 5 }, 'input'],
    [{ max_output_tokens: 'many' }, 'max_output_tokens'],
    [{ tools: {} }, 'tools'],
    [{ reasoning: { effort: 'extreme' } }, 'reasoning.effort'],
    [{ input: [{ type: 'item_reference', id: 'msg_1' }] }, 'input[0]'],
    [{ input: [{ role: 'user', content: [{ type: 'input_audio' }] }] }, 'input[0].content[0].type'],
  ])('refuses %j with a 400 naming %s', (fields, param) => {
    const error = thrown(() => decodeResponsesRequest({ model: 'm', input: 'x', ...fields }));
    expect(error.status).toBe(400);
    expect(error.options.param).toBe(param);
  });
});

describe(encodeResponsesResponse.name, () => {
  it('builds a response object with reasoning, message and call items in order', () => {
    const { request } = decodeResponsesRequest({ model: 'gemini', input: 'x', tools: [{ type: 'function', name: 'f', parameters: {} }] });
    const response = encodeResponsesResponse(
      {
        content: [
          { type: 'reasoning', text: 'hm', providerMetadata: { google: { thoughtSignature: 'c2ln' } } },
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
          { type: 'tool-call', toolCallId: 'call_9', toolName: 'f', input: '{}' },
        ],
        finishReason: 'tool-calls',
        usage: { inputTokens: 5, outputTokens: 2 },
      },
      { request, id: 'resp_1', created: 1, model: 'gemini', inputTokenEstimate: 5, includeUsage: true },
    );

    expect(response).toMatchObject({ id: 'resp_1', object: 'response', status: 'completed', model: 'gemini' });
    const output = response.output as Record<string, unknown>[];
    expect(output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(output[1]).toMatchObject({ role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'ab', annotations: [] }] });
    expect(output[2]).toMatchObject({ call_id: 'call_9', name: 'f', arguments: '{}', status: 'completed' });
    expect(typeof output[0].encrypted_content).toBe('string');
  });
});
