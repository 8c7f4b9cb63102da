import Anthropic from '@anthropic-ai/sdk';
import { VERSION as ANTHROPIC_SDK_VERSION } from '@anthropic-ai/sdk/version';
import { readFileSync } from 'node:fs';
import { anthropicFamily, anthropicInputTokens } from './support/fake-anthropic';
import { fixturePath, type FixtureName } from './support/fixture-replay';
import {
  anthropicUser,
  CLIENT_KEY,
  FACTORY_KEY,
  parseSse,
  rawPost,
  startGatewayWithFake,
  SYSTEM_PROMPT,
  TRANSPORT_HEADERS,
  USER_AGENT,
  type Gateway,
} from './support/gateway-fixture';
import type { RecordedRequest } from './support/recorded-request';
import { fillerText, IdSource } from './support/wire-helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INTERLEAVED = 'interleaved-thinking-2025-05-14';
const FAST = 'fast-mode-2026-02-01';

/** The anthropic header table of issue 3 item 2, without the two conditional ones (anthropic-beta, helper-method). */
const ANTHROPIC_HEADERS = [
  'accept',
  'content-type',
  'authorization',
  'anthropic-version',
  'x-api-key',
  'x-api-provider',
  'x-factory-client',
  'x-session-id',
  'x-assistant-message-id',
  'user-agent',
  'x-stainless-timeout',
  'x-stainless-arch',
  'x-stainless-lang',
  'x-stainless-os',
  'x-stainless-runtime',
  'x-stainless-retry-count',
  'x-stainless-package-version',
  'x-stainless-runtime-version',
];

const headerNames = (request: RecordedRequest | undefined) => Object.keys(request?.headers ?? {}).sort();
const expectedNames = (...extra: string[]) => [...ANTHROPIC_HEADERS, ...TRANSPORT_HEADERS, ...extra].sort();

describe('transparent /v1/messages over the wire', () => {
  let gw: Gateway;
  let client: Anthropic;
  const messagesUrl = () => `${gw.app.url}/v1/messages`;
  const lastMessages = () => gw.fake.lastRequest('/a/v1/messages');
  const lastCount = () => gw.fake.lastRequest('/a/v1/messages/count_tokens');

  beforeAll(async () => {
    // dev_mode dumps request headers and bodies into the log, which makes the secret scan at the end meaningful.
    gw = await startGatewayWithFake({ configFile: { dev_mode: true } });
    client = gw.anthropic();
  });
  afterEach(() => gw.fake.reset());
  afterAll(() => gw?.close());

  describe('Factory headers', () => {
    it('sends the anthropic table to the fake for an SDK call; the SDK’s own version and stainless values win', async () => {
      // Record what the SDK itself sent, to tell its values from the gateway's defaults.
      let sent = new Headers();
      const recording = gw.anthropic({
        fetch: (url: string | URL | Request, init?: RequestInit) => {
          sent = new Headers(init?.headers);
          return fetch(url, init);
        },
      });
      await recording.messages.create({ model: 'claude-auto', max_tokens: 64, messages: [anthropicUser('hi')] });
      const { headers } = lastMessages()!;

      expect(headerNames(lastMessages())).toEqual(expectedNames());
      expect(headers).toMatchObject({
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: `Bearer ${FACTORY_KEY}`,
        'x-api-key': 'placeholder',
        'x-api-provider': 'anthropic-e2e',
        'x-factory-client': 'cli',
        'user-agent': USER_AGENT,
        'x-stainless-timeout': '600',
        'x-stainless-lang': 'js',
        'x-stainless-package-version': ANTHROPIC_SDK_VERSION,
        'x-stainless-runtime-version': process.version,
      });
      for (const name of ['anthropic-version', 'x-stainless-os', 'x-stainless-arch', 'x-stainless-package-version', 'x-stainless-runtime-version']) {
        expect([name, headers[name]]).toEqual([name, sent.get(name)]);
      }
      // The client's own credential and timeout were replaced, not forwarded.
      expect(sent.get('authorization')).toBe(`Bearer ${CLIENT_KEY}`);
      expect(sent.get('x-stainless-timeout')).toBe('20');
      expect(headers['x-session-id']).toMatch(UUID);
      expect(headers['x-assistant-message-id']).toMatch(UUID);
      expect(headers['x-stainless-helper-method']).toBeUndefined();
      expect(headers['anthropic-beta']).toBeUndefined();
    });

    it('fills stainless defaults for a bare client, keeps a client override, and forwards no credential or hop-by-hop header', async () => {
      const reply = await rawPost(
        messagesUrl(),
        { model: 'claude-auto', max_tokens: 64, messages: [anthropicUser('hi')] },
        {
          authorization: `Bearer ${CLIENT_KEY}`,
          'x-api-key': CLIENT_KEY,
          cookie: 'session=client-cookie',
          'proxy-authorization': 'Basic Y2xpZW50OnNlY3JldA==',
          connection: 'keep-alive, x-hop-header',
          'keep-alive': 'timeout=5',
          'x-hop-header': 'hop',
          te: 'trailers',
          'x-forwarded-for': '10.1.2.3',
          'accept-encoding': 'gzip',
          'x-assistant-message-id': 'amsg-client-1',
          'x-stainless-os': 'Plan9',
          // Not streaming: the helper header is the gateway's to decide, not the client's.
          'x-stainless-helper-method': 'stream',
        },
      );
      expect(reply.status).toBe(200);
      const { headers, rawBody } = lastMessages()!;

      expect(headerNames(lastMessages())).toEqual(expectedNames());
      expect(headers).toMatchObject({
        authorization: `Bearer ${FACTORY_KEY}`,
        'x-api-key': 'placeholder',
        'anthropic-version': '2023-06-01',
        connection: 'keep-alive',
        'x-assistant-message-id': 'amsg-client-1',
        'x-stainless-os': 'Plan9',
        'x-stainless-arch': 'x64',
        'x-stainless-lang': 'js',
        'x-stainless-runtime': 'node',
        'x-stainless-retry-count': '0',
        'x-stainless-package-version': '0.57.0',
        'x-stainless-runtime-version': 'v24.3.0',
      });
      expect(headers['x-session-id']).toMatch(UUID);
      expect(JSON.stringify(headers) + rawBody).not.toMatch(new RegExp(`${CLIENT_KEY}|client-cookie|Y2xpZW50|10\\.1\\.2\\.3|hop`));
    });

    it('passes the client’s anthropic-version and session id, and generates fresh ids per request otherwise', async () => {
      const body = { model: 'claude-auto', max_tokens: 64, messages: [anthropicUser('hi')] };
      await rawPost(messagesUrl(), body, { 'anthropic-version': '2024-10-22', 'x-session-id': 'sess-client-7' });
      expect(lastMessages()!.headers).toMatchObject({ 'anthropic-version': '2024-10-22', 'x-session-id': 'sess-client-7' });
      expect(lastMessages()!.headers['x-assistant-message-id']).toMatch(UUID);

      await rawPost(messagesUrl(), body);
      await rawPost(messagesUrl(), body);
      const [first, second] = gw.fake.requestsTo('/a/v1/messages').slice(-2).map((request) => request.headers);
      expect(first['x-session-id']).toMatch(UUID);
      expect(second['x-session-id']).toMatch(UUID);
      expect(first['x-session-id']).not.toBe(second['x-session-id']);
      expect(first['x-assistant-message-id']).not.toBe(second['x-assistant-message-id']);
    });

    it('adds x-stainless-helper-method only when streaming', async () => {
      const reply = await rawPost(messagesUrl(), { model: 'claude-auto', max_tokens: 64, stream: true, messages: [anthropicUser('s')] });
      expect(reply.status).toBe(200);
      expect(lastMessages()!.headers['x-stainless-helper-method']).toBe('stream');
      expect(headerNames(lastMessages())).toEqual(expectedNames('x-stainless-helper-method'));

      await client.messages.stream({ model: 'claude-auto', max_tokens: 64, messages: [anthropicUser('s')] }).finalMessage();
      expect(lastMessages()!.headers['x-stainless-helper-method']).toBe('stream');
    });

    it.each([
      ['claude-noprovider', 'anthropic'],
      ['claude-high', 'anthropic-e2e'],
    ])('x-api-provider for %s is %s (a per-type default when the model has none, never "null")', async (model, provider) => {
      await client.messages.create({ model, max_tokens: 64, messages: [anthropicUser('hi')] });
      expect(lastMessages()!.headers['x-api-provider']).toBe(provider);
    });

    it.each<[string, string[], string | undefined]>([
      ['claude-low', ['prompt-caching-2024-07-31'], `prompt-caching-2024-07-31,${INTERLEAVED}`],
      ['claude-xhigh', [], INTERLEAVED],
      ['claude-medium', [INTERLEAVED, 'custom-beta'], `${INTERLEAVED},custom-beta`],
      ['claude-off', ['prompt-caching-2024-07-31', INTERLEAVED], 'prompt-caching-2024-07-31'],
      ['claude-off', [INTERLEAVED], undefined],
      ['claude-auto', [INTERLEAVED, 'custom-beta'], `${INTERLEAVED},custom-beta`],
      ['claude-auto', [], undefined],
      ['claude-fast', ['custom-beta'], `custom-beta,${FAST}`],
    ])('anthropic-beta for %s with client betas %j is %s', async (model, betas, expected) => {
      // The beta namespace sends the betas as the anthropic-beta header, as Claude Code does.
      await client.beta.messages.create({ model, max_tokens: 64, betas, messages: [anthropicUser('hi')] });
      expect(lastMessages()!.headers['anthropic-beta']).toBe(expected);
    });
  });

  describe('system prompt injection', () => {
    const prompt = { type: 'text', text: SYSTEM_PROMPT };

    it.each<[string, Anthropic.MessageCreateParamsNonStreaming['system'], unknown[]]>([
      ['no system', undefined, [prompt]],
      ['a string system', 'Be terse.', [prompt, { type: 'text', text: 'Be terse.' }]],
      [
        'an array system',
        [
          { type: 'text', text: 'Rule one.' },
          { type: 'text', text: 'Rule two.', cache_control: { type: 'ephemeral' } },
        ],
        [prompt, { type: 'text', text: 'Rule one.' }, { type: 'text', text: 'Rule two.', cache_control: { type: 'ephemeral' } }],
      ],
    ])('messages with %s: the prompt leads, the client’s system follows', async (_label, system, expected) => {
      await client.messages.create({ model: 'claude-auto', max_tokens: 64, system, messages: [anthropicUser('hi')] });
      expect(lastMessages()!.body.system).toEqual(expected);
    });

    it('count_tokens gets the same injection, and the client’s count is the count of the injected body', async () => {
      const params = { model: 'claude-auto', system: 'Be terse.', messages: [anthropicUser('count me please')] };
      const counted = await client.messages.countTokens(params);
      const received = lastCount()!;

      expect(received.body.system).toEqual([prompt, { type: 'text', text: 'Be terse.' }]);
      expect(received.body.max_tokens).toBeUndefined();
      expect(counted.input_tokens).toBe(anthropicInputTokens(received.body));
      // Without the injection the count would differ, so the equality above is not a coincidence.
      expect(counted.input_tokens).not.toBe(anthropicInputTokens(params));
    });

    it('count_tokens with ?beta=true (the SDK’s beta namespace and a raw call) is injected and redirected too', async () => {
      const counted = await client.beta.messages.countTokens(
        { model: 'claude-redirect-anything', betas: ['custom-beta'], messages: [anthropicUser('count')] },
        { query: { beta: 'true' } },
      );
      let received = lastCount()!;
      expect(received.body).toMatchObject({ model: 'claude-low', system: [prompt], thinking: { type: 'enabled', budget_tokens: 4096 } });
      expect(received.body.max_tokens).toBeUndefined();
      expect(received.headers['anthropic-beta']).toBe(`custom-beta,token-counting-2024-11-01,${INTERLEAVED}`);
      expect(counted.input_tokens).toBe(anthropicInputTokens(received.body));

      const raw = await rawPost(`${messagesUrl()}/count_tokens?beta=true`, { model: 'claude-auto', messages: [anthropicUser('x')] });
      received = lastCount()!;
      expect(raw.status).toBe(200);
      expect(raw.json()).toEqual({ input_tokens: anthropicInputTokens(received.body) });
      expect(received.body.system).toEqual([prompt]);
    });
  });

  describe('reasoning levels', () => {
    it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
      [
        'claude-medium',
        { max_tokens: 1000, temperature: 0.5, top_k: 40 },
        { thinking: { type: 'enabled', budget_tokens: 12288 }, max_tokens: 12288 + 4096 },
        ['temperature', 'top_k'],
      ],
      [
        'claude-high',
        { max_tokens: 30000, temperature: 1 },
        { thinking: { type: 'enabled', budget_tokens: 24576 }, max_tokens: 30000, temperature: 1 },
        [],
      ],
      [
        'claude-xhigh',
        { max_tokens: 64, thinking: { type: 'enabled', budget_tokens: 2000 } },
        { thinking: { type: 'enabled', budget_tokens: 40960 }, max_tokens: 40960 + 4096 },
        [],
      ],
      ['claude-low', { max_tokens: 4096 }, { thinking: { type: 'enabled', budget_tokens: 4096 }, max_tokens: 8192 }, []],
      [
        'claude-off',
        { max_tokens: 4096, temperature: 0.3, thinking: { type: 'enabled', budget_tokens: 2048 } },
        { max_tokens: 4096, temperature: 0.3 },
        ['thinking'],
      ],
      [
        'claude-auto',
        { max_tokens: 2048, top_p: 0.9, thinking: { type: 'enabled', budget_tokens: 1024 } },
        { max_tokens: 2048, top_p: 0.9, thinking: { type: 'enabled', budget_tokens: 1024 } },
        [],
      ],
    ])('%s: client %j reaches the fake as %j without %j', async (model, fields, expected, absent) => {
      const reply = await rawPost(messagesUrl(), { model, messages: [anthropicUser('think')], ...fields });
      expect(reply.status).toBe(200);
      const { body } = lastMessages()!;
      expect(body).toMatchObject({ model, ...expected });
      for (const field of absent) expect(body).not.toHaveProperty(field);
    });
  });

  describe('model handling', () => {
    it('a missing model is a 400 in Anthropic format and nothing goes upstream', async () => {
      for (const path of ['', '/count_tokens']) {
        const reply = await rawPost(`${messagesUrl()}${path}`, { max_tokens: 10, messages: [anthropicUser('x')] });
        expect(reply.status).toBe(400);
        expect(reply.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('model') } });
      }
      expect(gw.fake.requests).toHaveLength(0);
    });

    it('an unknown model is a 404 in Anthropic format (the SDK’s NotFoundError)', async () => {
      const error = await client.messages
        .create({ model: 'no-such-model', max_tokens: 10, messages: [anthropicUser('x')] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.NotFoundError);
      expect((error as InstanceType<typeof Anthropic.NotFoundError>).error).toEqual({
        type: 'error',
        error: { type: 'not_found_error', message: expect.stringContaining("'no-such-model'") },
      });
      expect(gw.fake.requests).toHaveLength(0);
    });

    // Since the translation hub (issue #11), /v1/messages serves every type; the conversion matrix covers them all.
    it.each([
      ['gpt-auto', '/o/v1/responses'],
      ['gemini-auto', '/g/v1/generate'],
      ['glm-common', '/o/v1/chat/completions'],
    ])('%s is served through the translation hub by its own upstream (%s)', async (model, path) => {
      const message = await client.messages.create({ model, max_tokens: 10, messages: [anthropicUser('x')] });
      expect(message).toMatchObject({ type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'Echo: x' }] });
      expect(gw.fake.requests.map((request) => request.path)).toEqual([path]);
    });

    it('applies the redirect (glob) and then the target model’s edits', async () => {
      const message = await client.messages.create({ model: 'claude-redirect-2099', max_tokens: 100, messages: [anthropicUser('r')] });
      expect(lastMessages()!.body).toMatchObject({ model: 'claude-low', thinking: { type: 'enabled', budget_tokens: 4096 }, max_tokens: 8192 });
      expect(message.model).toBe('claude-low');
      const line = await gw.app.logs.waitForLine((entry) => entry.model === 'claude-redirect-2099');
      expect(line.resolvedModel).toBe('claude-low');
    });

    it('forwards every other body field untouched', async () => {
      const untouched = {
        max_tokens: 321,
        stream: false,
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'weather?', cache_control: { type: 'ephemeral' } }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: { city: 'Oslo' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: '−3 °C ❄' }] },
        ],
        tools: [{ name: 'get_weather', description: 'd', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
        tool_choice: { type: 'auto', disable_parallel_tool_use: true },
        metadata: { user_id: 'user-123' },
        stop_sequences: ['\n\nHuman:'],
        top_p: 0.7,
        top_k: 5,
        temperature: 0.2,
        service_tier: 'standard_only',
        x_vendor_extension: { nested: [1, { deep: null }, 'ü'], flag: false },
      };
      const reply = await rawPost(messagesUrl(), { model: 'claude-auto', ...untouched });
      expect(reply.status).toBe(200);
      const { model, system, ...rest } = lastMessages()!.body;
      expect(model).toBe('claude-auto');
      expect(system).toEqual([{ type: 'text', text: SYSTEM_PROMPT }]);
      expect(rest).toEqual(untouched);
    });
  });

  describe('pass-through', () => {
    it('returns the upstream JSON as-is, status and content type included', async () => {
      const upstream = { id: 'msg_custom', type: 'message', role: 'assistant', model: 'x', content: [{ type: 'text', text: 'é' }], odd: [1, { a: null }] };
      gw.fake.script('/a/v1/messages', { status: 200, body: upstream, headers: { 'x-ratelimit-remaining-requests': '41' } });
      const reply = await rawPost(messagesUrl(), { model: 'claude-auto', max_tokens: 10, messages: [anthropicUser('x')] });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('application/json');
      expect(reply.headers['x-ratelimit-remaining-requests']).toBe('41');
      expect(reply.text).toBe(JSON.stringify(upstream));
    });

    it('messages.create gets the fake’s message', async () => {
      const message = await client.messages.create({ model: 'claude-auto', max_tokens: 10, messages: [anthropicUser('ping')] });
      expect(message).toMatchObject({ type: 'message', model: 'claude-auto', content: [{ type: 'text', text: 'Echo: ping' }] });
    });

    it('passes a 429 through with its retry-after and body', async () => {
      const body = { type: 'error', error: { type: 'rate_limit_error', message: 'slow down (upstream)' } };
      gw.fake.script('/a/v1/messages', { status: 429, body, headers: { 'retry-after': '7' } });
      const error = await client.messages.create({ model: 'claude-auto', max_tokens: 10, messages: [anthropicUser('x')] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.RateLimitError);
      const rateLimited = error as InstanceType<typeof Anthropic.RateLimitError>;
      expect(rateLimited.status).toBe(429);
      expect(rateLimited.headers?.get('retry-after')).toBe('7');
      expect(rateLimited.error).toEqual(body);
    });

    it('passes a 500 through with the upstream body byte for byte', async () => {
      const text = '{"type":"error","error":{"type":"api_error","message":"boom upstream"}}';
      gw.fake.script('/a/v1/messages', { status: 500, body: text, headers: { 'content-type': 'application/json' } });
      const reply = await rawPost(messagesUrl(), { model: 'claude-auto', max_tokens: 10, messages: [anthropicUser('x')] });
      expect(reply.status).toBe(500);
      expect(reply.text).toBe(text);
    });

    it('passes the fake’s 401 for a revoked token through', async () => {
      gw.fake.revokedTokens.add(FACTORY_KEY);
      const error = await client.messages.create({ model: 'claude-auto', max_tokens: 10, messages: [anthropicUser('x')] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
      expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toEqual(
        anthropicFamily.errorBody(401, { message: 'Invalid bearer token' }),
      );
    });

    const fixtures: FixtureName[] = ['anthropic-text', 'anthropic-thinking', 'anthropic-tool-use'];
    it.each(fixtures.flatMap((name) => [[name, 0] as const, [name, 1] as const]))(
      'forwards %s byte for byte (splitEvery %d)',
      async (name, splitEvery) => {
        gw.fake.script('/a/v1/messages', { sseFixture: name, ...(splitEvery ? { splitEvery } : {}) });
        const reply = await rawPost(`${messagesUrl()}?beta=true`, { model: 'claude-auto', max_tokens: 10, stream: true, messages: [anthropicUser('x')] });
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toMatch(/^text\/event-stream/);
        expect(reply.bytes.equals(readFileSync(fixturePath(name)))).toBe(true);
      },
    );

    it('messages.stream reconstructs tool use from a stream split into 3-byte pieces', async () => {
      gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-tool-use', splitEvery: 3 });
      const stream = client.messages.stream({ model: 'claude-auto', max_tokens: 100, messages: [anthropicUser('weather?')] });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      const message = await stream.finalMessage();
      expect(text).toBe("Okay, let's check the weather for San Francisco, CA:");
      expect(message.stop_reason).toBe('tool_use');
      expect(message.content[1]).toEqual({
        type: 'tool_use',
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'get_weather',
        input: { location: 'San Francisco, CA', unit: 'fahrenheit' },
      });
    });

    it('messages.stream reconstructs thinking with its signature', async () => {
      gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-thinking', splitEvery: 5 });
      const message = await client.messages.stream({ model: 'claude-low', max_tokens: 100, messages: [anthropicUser('gcd?')] }).finalMessage();
      expect(message.content[0]).toMatchObject({
        type: 'thinking',
        thinking: expect.stringContaining('So the GCD is 21.'),
        signature: expect.stringMatching(/^EqQBCgIYAhIM/),
      });
      expect(message.content[1]).toMatchObject({ type: 'text', text: 'The greatest common divisor of 1071 and 462 is **21**.' });
    });

    it('delivers a 10 MB stream intact', async () => {
      const size = 10 * 1024 * 1024;
      gw.fake.script('/a/v1/messages', { large: size });
      const reply = await rawPost(messagesUrl(), { model: 'claude-auto', max_tokens: 10, stream: true, messages: [anthropicUser('big')] });
      expect(reply.status).toBe(200);

      // The fake is fresh (reset), so its ids replay identically: this is exactly what it sent.
      const script = anthropicFamily.textScript(fillerText(size), 16384);
      const expected = Buffer.from([...anthropicFamily.toFrames(script, lastMessages()!, new IdSource())].join(''));
      expect(reply.bytes.length).toBe(expected.length);
      expect(reply.bytes.equals(expected)).toBe(true);
      const { events } = parseSse(reply.text);
      const text = events
        .filter((event) => event.event === 'content_block_delta')
        .map((event) => (JSON.parse(event.data) as { delta: { text: string } }).delta.text)
        .join('');
      expect(text.length).toBe(size);
      expect(text === fillerText(size)).toBe(true);
      expect(events.at(-1)?.event).toBe('message_stop');
    });
  });

  it('a client abort closes the upstream request at once', async () => {
    // 5 s between upstream events: noticing the client only when the next event is written would take that long.
    gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', delayMs: 5000 });
    const abort = new AbortController();
    const response = await fetch(messagesUrl(), {
      method: 'POST',
      signal: abort.signal,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-auto', max_tokens: 10, stream: true, messages: [anthropicUser('slow')] }),
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('message_start');
    expect(gw.fake.openRequests).toBe(1);

    abort.abort();
    // The upstream sees the client leave within the event interval: at once, not at the next write.
    await gw.fake.waitForAbortedRequests(1, 4000);
    expect(lastMessages()!.outcome).toBe('aborted');
    const line = await gw.app.logs.waitForLine((entry) => entry.path === '/v1/messages' && entry.aborted === true);
    expect(line.status).toBe(200);
  });

  it('a client that leaves before the upstream has answered at all also closes the upstream request', async () => {
    gw.fake.script('/a/v1/messages', { hangMs: 5000 });
    const abort = new AbortController();
    const call = fetch(messagesUrl(), {
      method: 'POST',
      signal: abort.signal,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-auto', max_tokens: 10, messages: [anthropicUser('waiting')] }),
    });
    await gw.fake.waitForRequest((request) => request.path === '/a/v1/messages');

    abort.abort();
    await expect(call).rejects.toThrow();
    // The fake would answer after 5 s and count the request completed; aborted well before that is the client's exit.
    await gw.fake.waitForAbortedRequests(1, 4000);
  });

  it('never logs the client’s key or FACTORY_API_KEY (dev mode on, after every request above)', async () => {
    await client.messages.create({ model: 'claude-auto', max_tokens: 10, messages: [anthropicUser('last')] });
    await gw.app.logs.waitForLine((entry) => entry.path === '/v1/messages' && entry.headers !== undefined);
    const text = gw.app.logs.text();
    expect(text.length).toBeGreaterThan(0);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(CLIENT_KEY);
    expect(text).not.toContain(FACTORY_KEY);
  });
});
