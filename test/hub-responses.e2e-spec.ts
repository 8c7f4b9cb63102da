import type OpenAI from 'openai';
import { responsesGrammarViolation } from '../src/translation/client/openai-responses/responses-event-grammar';
import { CLIENT_KEY, parseSse, rawPost, startGatewayWithFake, SYSTEM_PROMPT, type Gateway } from './support/gateway-fixture';
import { UPSTREAM_SIDES } from './support/matrix/upstream-sides';

const OTHER_TYPES = ['anthropic', 'common', 'google'] as const;
const HEADERS = { authorization: `Bearer ${CLIENT_KEY}` };
const EXEC: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'exec_command',
  description: 'Run a command',
  parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'], additionalProperties: false },
  strict: false,
};
const APPLY_PATCH = { type: 'custom', name: 'apply_patch', description: 'Edit files with a patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } };
const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch';
/** Every event type the Responses stream may carry (openai-node's ResponseStreamEvent union, the ones a model answer uses). */
const STANDARD_EVENTS = new Set([
  'response.created',
  'response.in_progress',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.custom_tool_call_input.delta',
  'response.custom_tool_call_input.done',
  'response.reasoning_summary_part.added',
  'response.reasoning_summary_part.done',
  'response.reasoning_summary_text.delta',
  'response.reasoning_summary_text.done',
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

function responsesEvents(text: string): { event?: string; data: Record<string, any> }[] {
  const events = parseSse(text).events.map(({ event, data }) => ({ event, data: JSON.parse(data) as Record<string, any> }));
  const violation = responsesGrammarViolation(events);
  if (violation) throw new Error(`${violation}\n${text}`);
  return events;
}

/**
 * /v1/responses for anthropic, common and google models through the translation hub: what Codex CLI sends (custom
 * and namespace tools, built-in tools, reasoning items with `store: false`) and what it must get back.
 */
describe('/v1/responses for models of other families', () => {
  let gw: Gateway;
  let client: OpenAI;
  const post = (body: Record<string, unknown>) => rawPost(`${gw.app.url}/v1/responses`, body, HEADERS);

  beforeAll(async () => {
    gw = await startGatewayWithFake();
    client = gw.openai();
  });
  afterEach(() => {
    const unused = gw.fake.pendingScripts();
    gw.fake.reset();
    expect(unused).toEqual([]);
  });
  afterAll(() => gw?.close());

  it('refuses previous_response_id with a clear 400 in OpenAI’s format: nothing is stored', async () => {
    const reply = await post({ model: 'claude-auto', input: 'again', previous_response_id: 'resp_123' });
    expect(reply.status).toBe(400);
    expect(reply.json()).toEqual({
      error: { message: expect.stringMatching(/previous_response_id.*stores no responses/), type: 'invalid_request_error', code: 'unsupported_parameter', param: 'previous_response_id' },
    });
    expect(gw.fake.requests).toHaveLength(0);
  });

  it('puts the configured prompt, then instructions and developer messages, into the Anthropic system', async () => {
    await client.responses.create({
      model: 'claude-auto',
      instructions: 'You are Codex.',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Sandbox: none.' }] },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(gw.fake.lastRequest('/a/v1/messages')!.body.system).toEqual([
      { type: 'text', text: SYSTEM_PROMPT },
      { type: 'text', text: 'You are Codex.' },
      { type: 'text', text: 'Sandbox: none.' },
    ]);
  });

  describe('custom tools (Codex’s apply_patch) on a model without them', () => {
    it.each(OTHER_TYPES)('offers apply_patch to %s as a one-string function and gives the call back as a custom_tool_call, streamed', async (type) => {
      const up = UPSTREAM_SIDES[type];
      gw.fake.script(up.path, up.calls([{ id: 'call_patch', name: 'apply_patch', args: { input: PATCH } }]));
      const reply = await post({ model: up.model, stream: true, input: 'add hello.txt', tools: [EXEC, APPLY_PATCH] });

      const events = responsesEvents(reply.text);
      const done = events.find(({ data }) => data.type === 'response.custom_tool_call_input.done');
      expect(done?.data.input).toBe(PATCH);
      const item = events.find(({ data }) => data.type === 'response.output_item.done')!.data.item;
      expect(item).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: PATCH, status: 'completed' });
      if (up.callIds) expect(item.call_id).toBe('call_patch');
      expect(JSON.stringify(gw.fake.lastRequest(up.path)!.body)).toContain('apply_patch');
    });

    it('takes the custom call and its output back to Anthropic as a tool_use with the wrapped input and its tool_result', async () => {
      await client.responses.create({
        model: 'claude-auto',
        tools: [APPLY_PATCH as never],
        input: [
          { role: 'user', content: 'add hello.txt' },
          { type: 'custom_tool_call', call_id: 'toolu_patch', name: 'apply_patch', input: PATCH },
          { type: 'custom_tool_call_output', call_id: 'toolu_patch', output: 'Done!' },
        ],
      });
      const messages = gw.fake.lastRequest('/a/v1/messages')!.body.messages;
      expect(messages[1].content).toEqual([{ type: 'tool_use', id: 'toolu_patch', name: 'apply_patch', input: { input: PATCH } }]);
      expect(messages[2].content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_patch' });
    });
  });

  it('flattens namespace tools for the upstream and splits the call back into namespace and name', async () => {
    gw.fake.script('/a/v1/messages', { anthropicResponse: { content: [{ type: 'tool_use', id: 'toolu_sp', name: 'multi_agent_v1__spawn_agent', input: { task: 'x' } }] } });
    const response = await client.responses.create({
      model: 'claude-auto',
      input: 'spawn',
      tools: [{ type: 'namespace', name: 'multi_agent_v1', description: 'agents', tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: { task: { type: 'string' } } } }] } as never],
    });
    expect(gw.fake.lastRequest('/a/v1/messages')!.body.tools.map((tool: { name: string }) => tool.name)).toEqual(['multi_agent_v1__spawn_agent']);
    expect(response.output[0]).toMatchObject({ type: 'function_call', name: 'spawn_agent', namespace: 'multi_agent_v1', call_id: 'toolu_sp', arguments: '{"task":"x"}' });
  });

  it('leaves out built-in tools the upstream cannot run, with a note in the log instead of a 400', async () => {
    const response = await client.responses.create({ model: 'glm-common', input: 'search', tools: [{ type: 'web_search' } as never, EXEC] });
    expect(response.status).toBe('completed');
    expect(gw.fake.lastRequest('/o/v1/chat/completions')!.body.tools.map((tool: { function: { name: string } }) => tool.function.name)).toEqual(['exec_command']);
    await gw.app.logs.waitForLine((line) => typeof line.msg === 'string' && line.msg.includes("built-in tool 'web_search' left out"));

    // Codex offers it on every turn: the note is logged once, not per request.
    await client.responses.create({ model: 'glm-common', input: 'again', tools: [{ type: 'web_search' } as never, EXEC] });
    const notes = gw.app.logs.lines().filter((line) => typeof line.msg === 'string' && line.msg.includes("built-in tool 'web_search' left out"));
    expect(notes).toHaveLength(1);
  });

  describe('reasoning items', () => {
    it.each([false, true])('carry Claude’s signed thinking out and back unchanged (stream %p), as Codex sends them', async (stream) => {
      gw.fake.script('/a/v1/messages', { anthropicResponse: { content: [{ type: 'thinking', thinking: 'List first.' }, { type: 'text', text: 'Listing.' }] } });
      const params = { model: 'claude-auto', store: false, include: ['reasoning.encrypted_content' as const], reasoning: { effort: 'medium' as const, summary: 'auto' as const } };
      let output: OpenAI.Responses.ResponseOutputItem[];
      if (stream) {
        const events = responsesEvents((await post({ ...params, stream: true, input: 'ls' })).text);
        output = events.at(-1)!.data.response.output;
      } else {
        output = (await client.responses.create({ ...params, input: 'ls' })).output;
      }
      const reasoning = output[0] as OpenAI.Responses.ResponseReasoningItem;
      expect(reasoning).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'List first.' }] });
      // The signature the fake Anthropic issued for this thinking (see fake-anthropic.ts).
      const signature = Buffer.from(`fake-signature:${'List first.'.length}`).toString('base64');

      await client.responses.create({ ...params, input: [{ role: 'user', content: 'ls' }, ...(output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'next' }] });
      expect(gw.fake.lastRequest('/a/v1/messages')!.body.messages[1].content[0]).toEqual({ type: 'thinking', thinking: 'List first.', signature });
    });

    it('are dropped before a GPT model sees them after a switch from Claude (OpenAI could not decrypt them)', async () => {
      gw.fake.script('/a/v1/messages', { anthropicResponse: { content: [{ type: 'thinking', thinking: 'Hmm.' }, { type: 'text', text: 'A.' }] } });
      const params = { store: false, include: ['reasoning.encrypted_content' as const], reasoning: { effort: 'low' as const, summary: 'auto' as const } };
      const first = await client.responses.create({ ...params, model: 'claude-auto', input: 'q' });

      const second = await client.responses.create({
        ...params,
        model: 'gpt-auto',
        input: [{ role: 'user', content: 'q' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'and?' }],
      });
      expect(second.status).toBe('completed');
      expect(gw.fake.lastRequest('/o/v1/responses')!.body.input.map((item: { type?: string }) => item.type ?? 'message')).toEqual(['message', 'message', 'message']);
    });
  });

  it.each(OTHER_TYPES)('streams only standard events, event name equal to data type (%s)', async (type) => {
    const up = UPSTREAM_SIDES[type];
    gw.fake.script(up.path, up.thinking('Think.', 'Answer.'));
    const reply = await post({ model: up.model, stream: true, input: 'x', reasoning: { effort: 'low', summary: 'auto' } });

    const events = responsesEvents(reply.text);
    expect(events.filter(({ event }) => !STANDARD_EVENTS.has(event ?? ''))).toEqual([]);
    expect(events.map(({ data }) => data.type)).toContain('response.reasoning_summary_text.delta');
    expect(parseSse(reply.text).comments).toEqual([]);
  });
});
