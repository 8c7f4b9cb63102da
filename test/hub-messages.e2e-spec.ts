import Anthropic from '@anthropic-ai/sdk';
import { messagesGrammarViolation } from '../src/translation/client/anthropic-messages/messages-event-grammar';
import { isGatewaySignature } from '../src/translation/client/anthropic-messages/gateway-signature';
import { PNG_BASE64 } from './support/chat-fixture';
import type { Behaviour } from './support/fake-behaviour';
import { CLIENT_KEY, parseSse, rawPost, startGatewayWithFake, SYSTEM_PROMPT, type Gateway } from './support/gateway-fixture';
import { UPSTREAM_SIDES } from './support/matrix/upstream-sides';

const OTHER_TYPES = ['openai', 'common', 'google'] as const;
const HEADERS = { 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' };
const READ_TOOL: Anthropic.Tool = {
  name: 'Read',
  description: 'Read a file',
  input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'], additionalProperties: false },
};
const GREP_TOOL: Anthropic.Tool = { name: 'Grep', description: 'Search files', input_schema: { type: 'object', properties: { pattern: { type: 'string' } } } };

/** What a raw Messages stream was: its events in order, checked against the block rules. */
function messagesEvents(text: string): { event?: string; data: Record<string, any> }[] {
  const events = parseSse(text).events.map(({ event, data }) => ({ event, data: JSON.parse(data) as Record<string, any> }));
  const violation = messagesGrammarViolation(events);
  if (violation) throw new Error(`${violation}\n${text}`);
  return events;
}

/**
 * /v1/messages and /v1/messages/count_tokens for openai, common and google models through the translation hub, and
 * each way peers are known to break Claude Code (issue #11, "What goes wrong elsewhere").
 */
describe('/v1/messages for models of other families', () => {
  let gw: Gateway;
  let client: Anthropic;
  const post = (body: Record<string, unknown>) => rawPost(`${gw.app.url}/v1/messages`, body, HEADERS);

  beforeAll(async () => {
    gw = await startGatewayWithFake({ env: { SSE_KEEPALIVE_MS: '150', SSE_EARLY_HEADERS_MS: '300' } });
    client = gw.anthropic();
  });
  afterEach(() => {
    const unused = gw.fake.pendingScripts();
    gw.fake.reset();
    expect(unused).toEqual([]);
  });
  afterAll(() => gw?.close());

  describe('count_tokens', () => {
    it.each(OTHER_TYPES)('answers a local estimate for the %s model, without an upstream call', async (type) => {
      const model = UPSTREAM_SIDES[type].model;
      const base = { model, messages: [{ role: 'user' as const, content: 'How many tokens is this?' }] };
      const plain = await client.messages.countTokens(base);
      const withTools = await client.messages.countTokens({ ...base, tools: [READ_TOOL, GREP_TOOL], system: 'Be brief.' });
      const withImage = await client.messages.countTokens({
        model,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'How many tokens is this?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } }] }],
      });

      // The configured system prompt counts too: more than the user's few words.
      expect(plain.input_tokens).toBeGreaterThan(Math.ceil(SYSTEM_PROMPT.length / 4));
      expect(withTools.input_tokens).toBeGreaterThan(plain.input_tokens + 20);
      expect(withImage.input_tokens).toBeGreaterThan(plain.input_tokens);
      expect(gw.fake.requests).toHaveLength(0);
    });

    it('asks Anthropic for an anthropic model, as before', async () => {
      const counted = await client.messages.countTokens({ model: 'claude-auto', messages: [{ role: 'user', content: 'hi' }] });
      expect(counted.input_tokens).toBeGreaterThan(0);
      expect(gw.fake.requests.map((request) => request.path)).toEqual(['/a/v1/messages/count_tokens']);
    });

    it('refuses a wrong-typed field in Anthropic’s error format', async () => {
      const reply = await rawPost(`${gw.app.url}/v1/messages/count_tokens`, { model: 'gpt-auto', messages: 'hi' }, HEADERS);
      expect(reply.status).toBe(400);
      expect(reply.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('messages') } });
    });
  });

  describe('request mapping', () => {
    it('sends stop_sequences, tool_choice, metadata.user_id and the tools to a Chat Completions upstream, usage asked for', async () => {
      await client.messages.create({
        model: 'glm-common',
        max_tokens: 512,
        system: [{ type: 'text', text: 'You are Claude Code.' }],
        messages: [{ role: 'user', content: 'go' }],
        stop_sequences: ['</done>'],
        tools: [READ_TOOL],
        tool_choice: { type: 'tool', name: 'Read' },
        metadata: { user_id: 'user-42' },
        stream: true,
      });
      expect(gw.fake.lastRequest('/o/v1/chat/completions')!.body).toMatchObject({
        model: 'glm-common',
        stream: true,
        stream_options: { include_usage: true },
        stop: ['</done>'],
        user: 'user-42',
        tool_choice: { type: 'function', function: { name: 'Read' } },
        tools: [{ type: 'function', function: { name: 'Read', description: 'Read a file' } }],
        messages: [
          { role: 'system', content: expect.stringContaining('You are Claude Code.') },
          { role: 'user', content: 'go' },
        ],
      });
    });
  });

  describe('what goes wrong elsewhere', () => {
    it.each(OTHER_TYPES)('tool arguments are never lost as input: {} (%s, streamed in fragments)', async (type) => {
      const up = UPSTREAM_SIDES[type];
      gw.fake.script(up.path, up.calls([{ id: 'call_read', name: 'Read', args: { file_path: '/src/main.ts' } }]));
      const message = await client.messages.stream({ model: up.model, max_tokens: 1024, tools: [READ_TOOL], messages: [{ role: 'user', content: 'read it' }] }).finalMessage();

      expect(message.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'Read', input: { file_path: '/src/main.ts' } })]);
      expect(message.stop_reason).toBe('tool_use');
    });

    it('keeps the block machine whole: reasoning, text and interleaved parallel calls, split at every few bytes', async () => {
      gw.fake.script('/o/v1/chat/completions', {
        chatResponse: {
          reasoning_content: 'Two lookups.',
          content: 'Checking both.',
          tool_calls: [
            { id: 'call_a', name: 'Read', arguments: { file_path: '/a' } },
            { id: 'call_b', name: 'Grep', arguments: { pattern: 'TODO' } },
          ],
          interleaveToolCalls: true,
          deltaSize: 3,
        },
        splitEvery: 7,
      });
      const stream = client.messages.stream({
        model: 'glm-common',
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        tools: [READ_TOOL, GREP_TOOL],
        messages: [{ role: 'user', content: 'both' }],
      });
      const events: { data: Record<string, any> }[] = [];
      stream.on('streamEvent', (event) => events.push({ data: event }));
      const message = await stream.finalMessage();

      expect(messagesGrammarViolation(events)).toBeUndefined();
      expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use', 'tool_use']);
      expect(message.content.slice(2)).toEqual([
        expect.objectContaining({ id: 'call_a', name: 'Read', input: { file_path: '/a' } }),
        expect.objectContaining({ id: 'call_b', name: 'Grep', input: { pattern: 'TODO' } }),
      ]);
    });

    it.each<[string, string, Behaviour]>([
      ['openai', '/o/v1/responses', { responsesResponse: { output: [{ type: 'message', text: 'no completed event' }] }, omitLastEvents: 1 }],
      ['common', '/o/v1/chat/completions', { chatResponse: { content: 'no [DONE]' }, omitLastEvents: 1 }],
      ['google', '/g/v1/generate', { googleResponse: { parts: [{ text: 'no finish reason here' }], deltaSize: 4 }, omitLastEvents: 1 }],
    ])('ends with message_delta and message_stop when the %s upstream never sent its terminal event', async (type, path, behaviour) => {
      gw.fake.script(path, behaviour);
      const reply = await post({ model: UPSTREAM_SIDES[type as 'openai'].model, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'x' }] });

      const events = messagesEvents(reply.text);
      expect(events.slice(-2).map(({ data }) => data.type)).toEqual(['message_delta', 'message_stop']);
    });

    it.each(['common', 'google'] as const)('never sends an empty text block, streamed or not (%s)', async (type) => {
      const empty: Behaviour =
        type === 'common'
          ? { chatResponse: { content: '', tool_calls: [{ id: 'call_1', name: 'Read', arguments: { file_path: '/x' } }] } }
          : { googleResponse: { parts: [{ text: '' }, { functionCall: { name: 'Read', args: { file_path: '/x' } } }] } };
      const up = UPSTREAM_SIDES[type];
      gw.fake.script(up.path, empty);
      const reply = await post({ model: up.model, max_tokens: 100, stream: true, tools: [READ_TOOL], messages: [{ role: 'user', content: 'x' }] });
      const starts = messagesEvents(reply.text).filter(({ data }) => data.type === 'content_block_start');
      expect(starts.map(({ data }) => data.content_block.type)).toEqual(['tool_use']);

      gw.fake.script(up.path, empty);
      const message = await client.messages.create({ model: up.model, max_tokens: 100, tools: [READ_TOOL], messages: [{ role: 'user', content: 'x' }] });
      expect(message.content.map((block) => block.type)).toEqual(['tool_use']);
    });

    it.each(OTHER_TYPES)('announces a non-zero input estimate in message_start (%s, whose usage comes at the end)', async (type) => {
      const up = UPSTREAM_SIDES[type];
      gw.fake.script(up.path, up.text('hello'));
      const reply = await post({ model: up.model, max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Tell me about the weather today.' }] });

      const [start] = messagesEvents(reply.text);
      expect(start.data.message.usage.input_tokens).toBeGreaterThan(10);
    });

    it('does not send thinking the gateway signed to Claude after a switch from a GPT model, nor lose GPT’s own', async () => {
      gw.fake.script('/o/v1/responses', {
        responsesResponse: { output: [{ type: 'reasoning', summary: ['Plan: answer.'], encrypted_content: 'gAAAA-opaque-openai' }, { type: 'message', text: 'Hi.' }] },
      });
      const first = await client.messages.create({ model: 'gpt-auto', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'hi' }] });
      const thinking = first.content[0];
      expect(thinking).toMatchObject({ type: 'thinking', thinking: 'Plan: answer.' });
      expect(isGatewaySignature((thinking as Anthropic.ThinkingBlock).signature)).toBe(true);
      const history: Anthropic.MessageParam[] = [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] },
        { role: 'user', content: 'and now?' },
      ];

      // Back to GPT: the reasoning item goes back with its own encrypted content.
      await client.messages.create({ model: 'gpt-auto', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: history });
      expect(gw.fake.lastRequest('/o/v1/responses')!.body.input).toContainEqual(expect.objectContaining({ type: 'reasoning', encrypted_content: 'gAAAA-opaque-openai' }));

      // On to Claude (the transparent route): the fake, like Anthropic, refuses signatures it did not issue.
      const answer = await client.messages.create({ model: 'claude-auto', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: history });
      expect(answer.content).toContainEqual(expect.objectContaining({ type: 'text' }));
      const sent = gw.fake.lastRequest('/a/v1/messages')!.body.messages[1].content;
      expect(sent).toEqual([{ type: 'text', text: 'Hi.' }]);
    });

    it.each(OTHER_TYPES)('keeps an image a tool returned (%s)', async (type) => {
      const up = UPSTREAM_SIDES[type];
      gw.fake.script(up.path, up.text('A screenshot of a red pixel.'));
      const message = await client.messages.create({
        model: up.model,
        max_tokens: 100,
        tools: [{ name: 'screenshot', input_schema: { type: 'object', properties: {} } }],
        messages: [
          { role: 'user', content: 'Take a screenshot' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_shot', name: 'screenshot', input: {} }] },
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'toolu_shot', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } }] }],
          },
        ],
      });

      expect(message.content).toEqual([{ type: 'text', text: 'A screenshot of a red pixel.' }]);
      expect(JSON.stringify(gw.fake.lastRequest(up.path)!.body)).toContain(PNG_BASE64);
    });
  });

  describe('Anthropic-format errors and events', () => {
    it.each(OTHER_TYPES)('relays a %s upstream 429 as Anthropic’s rate_limit_error with Retry-After', async (type) => {
      const up = UPSTREAM_SIDES[type];
      gw.fake.script(up.path, { status: 429, headers: { 'retry-after': '9' } });
      const reply = await post({ model: up.model, max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });

      expect(reply.status).toBe(429);
      expect(reply.headers['retry-after']).toBe('9');
      expect(reply.json()).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: expect.any(String) } });
    });

    it('refuses wrong-typed fields with a 400 naming them, in Anthropic’s format', async () => {
      const reply = await post({ model: 'gpt-auto', max_tokens: 'lots', messages: [{ role: 'user', content: 'x' }] });
      expect(reply.status).toBe(400);
      expect(reply.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining("'max_tokens'") } });
    });

    it('ends a stream whose upstream reported an error with an Anthropic error event', async () => {
      gw.fake.script('/o/v1/chat/completions', {
        custom: (_request, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hal"},"finish_reason":null}]}\n\n');
          res.end('data: {"error":{"message":"Overloaded","type":"overloaded_error"}}\n\n');
        },
      });
      const reply = await post({ model: 'glm-common', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] });

      const events = messagesEvents(reply.text);
      expect(events.at(-1)).toEqual({ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } });
    });

    it('answers an upstream error that came after the early SSE headers with an Anthropic error event of its kind', async () => {
      gw.fake.script('/o/v1/chat/completions', { status: 429, hangMs: 700, headers: { 'retry-after': '7' } });
      const reply = await post({ model: 'glm-common', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] });

      expect(reply.status).toBe(200);
      expect(parseSse(reply.text).comments.length).toBeGreaterThan(0);
      expect(messagesEvents(reply.text)).toEqual([{ event: 'error', data: { type: 'error', error: { type: 'rate_limit_error', message: expect.any(String) } } }]);
    });

    it('pings during upstream silence once the message started', async () => {
      gw.fake.script('/o/v1/chat/completions', { chatResponse: { content: 'after a pause', deltaSize: 4 }, silenceMs: 700, silenceAtEvent: 2 });
      const reply = await post({ model: 'glm-common', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'x' }] });

      const types = messagesEvents(reply.text).map(({ data }) => data.type);
      expect(types[0]).toBe('message_start');
      expect(types).toContain('ping');
      expect(parseSse(reply.text).comments).toEqual([]);
    });
  });
});
