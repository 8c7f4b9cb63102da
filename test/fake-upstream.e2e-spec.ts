import Anthropic from '@anthropic-ai/sdk';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import OpenAI from 'openai';
import { ProxyAgent, request as undiciRequest } from 'undici';
import { FakeUpstream } from './support/fake-upstream';
import { decodeJwtPayload } from './support/fake-workos';
import { fixtureFrames, type FixtureName } from './support/fixture-replay';
import { startForwardProxy, startIdleTimeoutProxy } from './support/test-proxies';

/** Proves the fake speaks the real wire formats: the official SDKs, pointed straight at it, must accept it. */
describe(FakeUpstream.name, () => {
  let fake: FakeUpstream;
  let anthropic: Anthropic;
  let openai: OpenAI;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    anthropic = new Anthropic({ baseURL: `${fake.url}/a`, apiKey: 'x', maxRetries: 0 });
    openai = new OpenAI({ baseURL: `${fake.url}/o/v1`, apiKey: 'x', maxRetries: 0 });
  });

  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  const user = (text: string) => ({ role: 'user' as const, content: text });

  async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${fake.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x', 'anthropic-version': '2023-06-01', ...headers },
      body: JSON.stringify(body),
    });
  }

  async function parseEvents(response: Response): Promise<EventSourceMessage[]> {
    const events: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (event) => events.push(event) });
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      parser.feed(decoder.decode(chunk, { stream: true }));
    }
    return events;
  }

  describe('Anthropic Messages', () => {
    it('answers messages.create with a complete Message', async () => {
      const message = await anthropic.messages.create({ model: 'claude-x', max_tokens: 100, messages: [user('ping')] });

      expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-x', stop_reason: 'end_turn' });
      expect(message.id).toMatch(/^msg_/);
      expect(message.content).toEqual([{ type: 'text', text: 'Echo: ping' }]);
      expect(message.usage).toMatchObject({ cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      expect(fake.lastRequest('/a/v1/messages')?.headers.authorization).toBe('Bearer x');
    });

    it('streams scripted text and tool use that messages.stream assembles', async () => {
      fake.script('/a/v1/messages', {
        anthropicResponse: {
          content: [
            { type: 'text', text: 'Checking the weather in Zürich 🌦' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Zürich', days: [1, 2] } },
          ],
        },
      });
      const stream = anthropic.messages.stream({ model: 'claude-x', max_tokens: 100, messages: [user('weather?')] });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      const message = await stream.finalMessage();

      expect(text).toBe('Checking the weather in Zürich 🌦');
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content[1]).toEqual({ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Zürich', days: [1, 2] } });
      expect(message.usage.output_tokens).toBeGreaterThan(1);
    });

    it('streams thinking with its signature before the text', async () => {
      fake.script('/a/v1/messages', {
        anthropicResponse: { content: [{ type: 'thinking', thinking: 'Let me think.', signature: 'sig-1' }, { type: 'text', text: 'Done.' }] },
      });
      const message = await anthropic.messages
        .stream({ model: 'claude-x', max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [user('q')] })
        .finalMessage();

      expect(message.content).toEqual([
        { type: 'thinking', thinking: 'Let me think.', signature: 'sig-1' },
        { type: 'text', text: 'Done.' },
      ]);
    });

    it('rejects a tool_result that answers no tool_use of the previous turn', async () => {
      const call = anthropic.messages.create({
        model: 'claude-x',
        max_tokens: 100,
        messages: [
          user('hi'),
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 't', input: {} }] },
          {
            role: 'user',
            content: [
              { type: 'tool_result', tool_use_id: 'toolu_a', content: 'x' },
              { type: 'tool_result', tool_use_id: 'toolu_b', content: 'y' },
            ],
          },
        ],
      });

      await expect(call).rejects.toBeInstanceOf(Anthropic.BadRequestError);
      await expect(call).rejects.toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error' } } });
      await expect(call).rejects.toThrow(/unexpected `tool_use_id` found in `tool_result` blocks: toolu_b/);
    });

    it('rejects a thinking budget that is not below max_tokens', async () => {
      const call = anthropic.messages.create({
        model: 'claude-x',
        max_tokens: 2000,
        thinking: { type: 'enabled', budget_tokens: 2000 },
        messages: [user('hi')],
      });

      await expect(call).rejects.toThrow(/`max_tokens` must be greater than `thinking.budget_tokens`/);
    });

    it('rejects other thinking misuse, role order and a missing anthropic-version', async () => {
      const thinking = { type: 'enabled', budget_tokens: 1024 };
      const cases: [unknown, RegExp][] = [
        [{ model: 'm', max_tokens: 4096, thinking, temperature: 0.5, messages: [user('a')] }, /temperature/],
        [{ model: 'm', max_tokens: 4096, thinking, top_k: 5, messages: [user('a')] }, /top_k/],
        [{ model: 'm', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 512 }, messages: [user('a')] }, /1024/],
        [{ model: 'm', max_tokens: 10, messages: [{ role: 'assistant', content: 'a' }] }, /first message/],
        [{ model: 'm', max_tokens: 10, messages: [user('a'), user('b')] }, /alternate/],
        [{ model: 'm', max_tokens: 0, messages: [user('a')] }, /max_tokens/],
        [{ model: 'm', max_tokens: 10, system: [{ type: 'image' }], messages: [user('a')] }, /system/],
      ];
      for (const [body, message] of cases) {
        const response = await post('/a/v1/messages', body);
        expect(response.status).toBe(400);
        expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
      }
      const noVersion = await fetch(`${fake.url}/a/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
        body: JSON.stringify({ model: 'm', max_tokens: 10, messages: [user('a')] }),
      });
      expect(await noVersion.json()).toEqual({
        type: 'error',
        error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
      });
    });

    it('counts tokens deterministically, system prompt included', async () => {
      const base = { model: 'claude-x', messages: [user('count me')] };
      const first = await anthropic.messages.countTokens(base);
      const again = await anthropic.messages.countTokens(base);
      const withSystem = await anthropic.messages.countTokens({ ...base, system: 'A long system prompt. '.repeat(20) });

      expect(first.input_tokens).toBe(again.input_tokens);
      expect(withSystem.input_tokens).toBeGreaterThan(first.input_tokens + 50);
    });
  });

  describe('OpenAI Responses', () => {
    it('answers responses.create with a completed Response', async () => {
      const response = await openai.responses.create({ model: 'gpt-x', input: 'hello', instructions: 'be brief' });

      expect(response).toMatchObject({ object: 'response', status: 'completed', instructions: 'be brief' });
      expect(response.output_text).toBe('Echo: hello');
      expect(response.usage).toMatchObject({ input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } });
      expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));
    });

    it('streams reasoning summaries, text and a function call that responses.stream assembles', async () => {
      fake.script('/o/v1/responses', {
        responsesResponse: {
          output: [
            { type: 'reasoning', summary: ['Thinking about **it**.'] },
            { type: 'message', text: 'Let me call a tool — ✓' },
            { type: 'function_call', name: 'lookup', arguments: { q: 'x' }, call_id: 'call_1' },
          ],
        },
      });
      const stream = openai.responses.stream({ model: 'gpt-x', input: [{ role: 'user', content: 'go' }] });
      const types = new Set<string>();
      stream.on('event', (event) => types.add(event.type));
      const response = await stream.finalResponse();

      expect([...types]).toEqual(
        expect.arrayContaining([
          'response.created',
          'response.in_progress',
          'response.reasoning_summary_text.delta',
          'response.output_text.delta',
          'response.function_call_arguments.delta',
          'response.function_call_arguments.done',
          'response.completed',
        ]),
      );
      expect(response.output_text).toBe('Let me call a tool — ✓');
      expect(response.output[0]).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking about **it**.' }] });
      expect(response.output[2]).toMatchObject({ type: 'function_call', name: 'lookup', arguments: '{"q":"x"}', call_id: 'call_1' });
    });

    it('rejects a function_call_output whose call_id matches no earlier function_call', async () => {
      const call = openai.responses.create({
        model: 'gpt-x',
        input: [
          { role: 'user', content: 'hi' },
          { type: 'function_call_output', call_id: 'call_missing', output: '42' },
        ],
      });

      await expect(call).rejects.toBeInstanceOf(OpenAI.BadRequestError);
      await expect(call).rejects.toThrow(/No tool call found for function call output with call_id call_missing/);
    });

    it('rejects input_text in an assistant message', async () => {
      const response = await post('/o/v1/responses', {
        model: 'gpt-x',
        input: [{ role: 'assistant', content: [{ type: 'input_text', text: 'x' }] }],
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'input[0].content[0].type', code: 'invalid_value' } });
    });
  });

  describe('Chat Completions', () => {
    it('answers a chat.completion', async () => {
      const completion = await openai.chat.completions.create({ model: 'gpt-x', messages: [{ role: 'user', content: 'hi' }] });

      expect(completion.object).toBe('chat.completion');
      expect(completion.choices[0].message.content).toBe('Echo: hi');
      expect(completion.choices[0].finish_reason).toBe('stop');
      expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    });

    it('streams chunks, then a usage chunk when asked, then [DONE]', async () => {
      const stream = await openai.chat.completions.create({
        model: 'gpt-x',
        messages: [{ role: 'user', content: 'héllo 👋' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: unknown;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (chunk.usage) usage = chunk.usage;
      }

      expect(text).toBe('Echo: héllo 👋');
      expect(usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
      const raw = await (await post('/o/v1/chat/completions', { model: 'm', messages: [user('a')], stream: true })).text();
      expect(raw.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(raw).not.toContain('"usage"');
    });

    it('streams tool calls that chat.completions.stream assembles', async () => {
      fake.script('/o/v1/chat/completions', { chatResponse: { tool_calls: [{ id: 'call_9', name: 'lookup', arguments: { q: 'x' } }] } });
      const completion = await openai.chat.completions
        .stream({ model: 'gpt-x', messages: [{ role: 'user', content: 'go' }] })
        .finalChatCompletion();

      expect(completion.choices[0].finish_reason).toBe('tool_calls');
      expect(completion.choices[0].message.tool_calls?.[0]).toMatchObject({ id: 'call_9', function: { name: 'lookup', arguments: '{"q":"x"}' } });
    });

    it('rejects a tool message that answers no assistant tool call', async () => {
      const call = openai.chat.completions.create({
        model: 'gpt-x',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'tool', tool_call_id: 'call_x', content: '1' },
        ],
      });

      await expect(call).rejects.toThrow(/must be a response to a preceeding message with 'tool_calls'/);
    });
  });

  describe('Google generate', () => {
    it('answers JSON, or CRLF-framed SSE whose last chunk carries finishReason and usage', async () => {
      const body = { model: 'gemini-x', contents: [{ role: 'user', parts: [{ text: 'hello there' }] }] };
      const json = (await (await post('/g/v1/generate', body)).json()) as { candidates: { content: { parts: { text: string }[] } }[] };
      expect(json.candidates[0].content.parts[0].text).toBe('Echo: hello there');

      const response = await post('/g/v1/generate', { ...body, stream: true });
      const raw = await response.clone().text();
      const chunks = (await parseEvents(response)).map((event) => JSON.parse(event.data) as Record<string, any>);

      expect(raw).toContain('\r\n\r\n');
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.map((chunk) => chunk.candidates[0].content.parts[0].text).join('')).toBe('Echo: hello there');
      expect(chunks.at(-1)).toMatchObject({ candidates: [{ finishReason: 'STOP' }], usageMetadata: { totalTokenCount: expect.any(Number) } });
      expect(chunks[0].usageMetadata).toBeUndefined();
    });

    it('rejects a function response that follows no function call', async () => {
      const response = await post('/g/v1/generate', {
        model: 'gemini-x',
        contents: [{ role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }],
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    });
  });

  describe('fixtures', () => {
    const fixtures: FixtureName[] = [
      'anthropic-text',
      'anthropic-tool-use',
      'anthropic-thinking',
      'anthropic-error',
      'responses-text',
      'responses-function-call',
      'responses-reasoning-summary',
      'chat-text',
      'chat-tool-call',
      'google-text',
      'google-function-call',
    ];

    it.each(fixtures)('%s parses identically when replayed one byte at a time', async (name) => {
      const body = { model: 'm', max_tokens: 10, messages: [user('a')], stream: true };
      fake.script('/a/v1/messages', { sseFixture: name });
      const whole = await parseEvents(await post('/a/v1/messages', body));
      fake.script('/a/v1/messages', { sseFixture: name, splitEvery: 1 });
      const split = await parseEvents(await post('/a/v1/messages', body));

      expect(whole).toHaveLength(fixtureFrames(name).length);
      expect(split).toEqual(whole);
      for (const event of whole) if (event.data !== '[DONE]') expect(() => JSON.parse(event.data) as unknown).not.toThrow();
    });

    it('replays a split thinking fixture that the Anthropic SDK assembles', async () => {
      fake.script('/a/v1/messages', { sseFixture: 'anthropic-thinking', splitEvery: 3 });
      const message = await anthropic.messages.stream({ model: 'm', max_tokens: 10, messages: [user('a')] }).finalMessage();

      expect(message.content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^EqQB/) });
      expect(message.content[1]).toMatchObject({ type: 'text', text: 'The greatest common divisor of 1071 and 462 is **21**.' });
      expect(message.usage).toMatchObject({ input_tokens: 46, output_tokens: 143 });
    });

    it('surfaces the mid-stream overloaded_error', async () => {
      fake.script('/a/v1/messages', { sseFixture: 'anthropic-error' });
      const stream = anthropic.messages.stream({ model: 'm', max_tokens: 10, messages: [user('a')] });

      await expect(stream.finalMessage()).rejects.toThrow(/Overloaded/);
    });
  });

  describe('access and faults', () => {
    it('refuses unknown and revoked tokens with 401 and unpaid ones with 402, in each route shape', async () => {
      fake.validTokens.add('good');
      fake.unpaidTokens.add('broke');
      const chat = { model: 'm', messages: [user('a')] };

      expect((await post('/o/v1/chat/completions', chat, { authorization: 'Bearer good' })).status).toBe(200);
      const unknown = await post('/o/v1/chat/completions', chat, { authorization: 'Bearer other' });
      expect(unknown.status).toBe(401);
      expect(await unknown.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
      const unpaid = await post('/a/v1/messages', { ...chat, max_tokens: 5 }, { authorization: 'Bearer broke' });
      expect(unpaid.status).toBe(402);
      expect(await unpaid.json()).toMatchObject({ type: 'error', error: { type: 'billing_error' } });
      const anthropicBody = { ...chat, max_tokens: 5 };
      expect((await post('/a/v1/messages', anthropicBody, { authorization: '', 'x-api-key': 'good' })).status).toBe(200);
      expect((await post('/o/v1/chat/completions', chat, { authorization: '', 'x-api-key': 'good' })).status).toBe(401);
      fake.revokedTokens.add('good');
      expect((await post('/o/v1/chat/completions', chat, { authorization: 'Bearer good' })).status).toBe(401);
    });

    it('plays a scripted 429 with Retry-After once, then answers normally', async () => {
      fake.script('/o/v1/responses', { status: 429, headers: { 'retry-after': '7' } });
      const error = (await openai.responses.create({ model: 'm', input: 'a' }).catch((caught: unknown) => caught)) as InstanceType<
        typeof OpenAI.RateLimitError
      >;

      expect(error).toBeInstanceOf(OpenAI.RateLimitError);
      expect(error.headers.get('retry-after')).toBe('7');
      expect(error.error).toMatchObject({ code: 'rate_limit_exceeded' });
      await expect(openai.responses.create({ model: 'm', input: 'a' })).resolves.toMatchObject({ status: 'completed' });
      expect(fake.pendingScripts()).toEqual([]);
    });

    it('cuts the socket after N events', async () => {
      fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', cutAfterEvents: 3 });
      const stream = anthropic.messages.stream({ model: 'm', max_tokens: 10, messages: [user('a')] });

      await expect(stream.finalMessage()).rejects.toThrow();
      await fake.waitForIdle();
      expect(fake.lastRequest()?.outcome).toBe('cut');
      expect(fake.abortedRequests).toBe(0);
    });

    it('counts a client that leaves mid-stream as an aborted request', async () => {
      fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', delayMs: 200 });
      const controller = new AbortController();
      const response = await fetch(`${fake.url}/a/v1/messages`, {
        method: 'POST',
        signal: controller.signal,
        headers: { 'content-type': 'application/json', authorization: 'Bearer x', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'm', max_tokens: 10, messages: [user('a')], stream: true }),
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      controller.abort();

      await fake.waitForAbortedRequests(1);
      expect(fake.lastRequest()?.outcome).toBe('aborted');
      expect(fake.openRequests).toBe(0);
    });

    it('hangs before answering, sends garbage, and streams a large answer', async () => {
      fake.script('/o/v1/chat/completions', { hangMs: 150 });
      const started = Date.now();
      expect((await post('/o/v1/chat/completions', { model: 'm', messages: [user('a')] })).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);

      fake.script('/o/v1/chat/completions', { garbage: true });
      const junk = await post('/o/v1/chat/completions', { model: 'm', messages: [user('a')], stream: true });
      expect(junk.headers.get('content-type')).toBe('text/event-stream');
      expect(await junk.text()).toContain('<html>');

      fake.script('/o/v1/chat/completions', { large: 1_000_000 });
      const stream = await openai.chat.completions.create({ model: 'm', messages: [user('a')], stream: true });
      let bytes = 0;
      for await (const chunk of stream) bytes += chunk.choices[0]?.delta.content?.length ?? 0;
      expect(bytes).toBe(1_000_000);
    });

    it('waits out a silence before the first event', async () => {
      fake.script('/g/v1/generate', { silenceMs: 150 });
      const started = Date.now();
      const response = await post('/g/v1/generate', { model: 'g', stream: true, contents: [{ role: 'user', parts: [{ text: 'a' }] }] });
      expect(response.status).toBe(200);
      await response.text();
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });
  });

  describe('WorkOS', () => {
    async function authenticate(form: Record<string, string>): Promise<{ status: number; body: Record<string, any> }> {
      const response = await fetch(`${fake.url}/user_management/authenticate`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    }
    const refresh = (token: string) => authenticate({ grant_type: 'refresh_token', client_id: 'client_1', refresh_token: token });

    it('rotates refresh tokens and rejects reuse of an exchanged one', async () => {
      fake.workos.seedRefreshToken('rt-1', { email: 'dev@example.com' });
      fake.workos.accessTokenTtlSeconds = 600;

      const first = await refresh('rt-1');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ user: { email: 'dev@example.com' }, organization_id: expect.any(String) });
      expect(first.body.refresh_token).not.toBe('rt-1');
      const payload = decodeJwtPayload(first.body.access_token as string);
      expect(payload.sub).toBe(first.body.user.id);
      expect(payload.exp).toBeGreaterThan(Date.now() / 1000 + 590);
      expect(fake.workos.currentRefreshToken('dev@example.com')).toBe(first.body.refresh_token);

      const reused = await refresh('rt-1');
      expect(reused).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'Refresh token already exchanged.' } });
      expect(fake.workos.reusedTokenAttempts).toBe(1);
      expect((await refresh(first.body.refresh_token as string)).status).toBe(200);
      expect(fake.workos.refreshCalls.map((call) => call.outcome)).toEqual(['issued', 'reused', 'issued']);
    });

    it('injects failures without consuming the token, and requires client_id', async () => {
      fake.workos.seedRefreshToken('rt-2', { email: 'dev@example.com' });
      fake.workos.failNextRefreshes(1, 503);

      expect((await refresh('rt-2')).status).toBe(503);
      expect((await authenticate({ grant_type: 'refresh_token', refresh_token: 'rt-2' })).status).toBe(400);
      expect((await refresh('rt-2')).status).toBe(200);
    });

    it('issues access tokens the LLM routes accept until they expire', async () => {
      fake.validTokens.add('static-key');
      fake.workos.seedRefreshToken('rt-3', { email: 'dev@example.com' });
      fake.workos.accessTokenTtlSeconds = 0;
      const expired = (await refresh('rt-3')).body;
      fake.workos.accessTokenTtlSeconds = 60;
      const live = (await refresh(expired.refresh_token as string)).body;
      const chat = { model: 'm', messages: [user('a')] };

      expect((await post('/o/v1/chat/completions', chat, { authorization: `Bearer ${live.access_token}` })).status).toBe(200);
      expect((await post('/o/v1/chat/completions', chat, { authorization: `Bearer ${expired.access_token}` })).status).toBe(401);
    });

    it('runs the device flow: pending, slow_down, approval, then the code is spent', async () => {
      const start = await fetch(`${fake.url}/user_management/authorize/device`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'client_id=client_1',
      });
      const device = (await start.json()) as Record<string, any>;
      expect(device).toMatchObject({ verification_uri: `${fake.url}/device`, expires_in: 300, interval: 5 });
      expect(device.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
      expect(device.verification_uri_complete).toContain(device.user_code);
      const poll = () =>
        authenticate({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code, client_id: 'client_1' });

      expect((await poll()).body.error).toBe('authorization_pending');
      fake.workos.device.slowDownNextPolls(1);
      expect((await poll()).body.error).toBe('slow_down');
      fake.workos.approveDevice(device.user_code as string, { email: 'new@example.com' });
      const approved = await poll();
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ user: { email: 'new@example.com' }, refresh_token: expect.any(String) });
      expect((await poll()).body.error).toBe('invalid_grant');
    });

    it('answers access_denied and expired_token', async () => {
      const startDevice = async () => {
        const response = await fetch(`${fake.url}/user_management/authorize/device`, { method: 'POST', body: new URLSearchParams({ client_id: 'c' }) });
        return (await response.json()) as { device_code: string; user_code: string };
      };
      const poll = (code: string) => authenticate({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: code, client_id: 'c' });
      const denied = await startDevice();
      const expired = await startDevice();
      fake.workos.denyDevice(denied.user_code);
      fake.workos.device.expire(expired.user_code);

      expect((await poll(denied.device_code)).body.error).toBe('access_denied');
      expect((await poll(expired.device_code)).body.error).toBe('expired_token');
    });
  });

  describe('test proxies', () => {
    const chat = JSON.stringify({ model: 'm', messages: [user('via proxy')] });
    const headers = { 'content-type': 'application/json', authorization: 'Bearer x' };

    it('tunnels with CONNECT and forwards absolute URIs, counting what it served', async () => {
      const proxy = await startForwardProxy({ auth: { username: 'u', password: 'p w' } });
      const token = `Basic ${Buffer.from('u:p w').toString('base64')}`;
      const tunnel = new ProxyAgent({ uri: proxy.url, token });
      const forward = new ProxyAgent({ uri: proxy.url, token, proxyTunnel: false });
      try {
        for (const dispatcher of [tunnel, forward]) {
          const response = await undiciRequest(`${fake.url}/o/v1/chat/completions`, { method: 'POST', headers, body: chat, dispatcher });
          expect(response.statusCode).toBe(200);
          expect(((await response.body.json()) as { choices: { message: { content: string } }[] }).choices[0].message.content).toBe('Echo: via proxy');
        }
        expect(proxy.served).toBe(2);
        expect(proxy.log.map((entry) => entry.kind)).toEqual(['connect', 'forward']);

        const stranger = new ProxyAgent({ uri: proxy.url });
        const refused = undiciRequest(`${fake.url}/o/v1/chat/completions`, { method: 'POST', headers, body: chat, dispatcher: stranger });
        await expect(refused).rejects.toThrow(/407/);
        expect(proxy.log.at(-1)).toEqual({ kind: 'connect', target: expect.any(String), authorized: false });
        expect(proxy.served).toBe(2);
        await stranger.close();
      } finally {
        await Promise.all([tunnel.close(), forward.close()]);
        await proxy.close();
      }
    });

    it('cuts a connection that stays silent longer than the idle timeout', async () => {
      const idle = await startIdleTimeoutProxy(fake.url, 100);
      try {
        fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', silenceMs: 400, silenceAtEvent: 2 });
        const response = await fetch(`${idle.url}/a/v1/messages`, {
          method: 'POST',
          headers: { ...headers, 'anthropic-version': '2023-06-01' },
          body: JSON.stringify({ model: 'm', max_tokens: 10, messages: [user('a')], stream: true }),
        });

        await expect(response.text()).rejects.toThrow();
        expect(idle.cuts).toBe(1);
        await fake.waitForAbortedRequests(1);
      } finally {
        await idle.close();
      }
    });
  });
});
