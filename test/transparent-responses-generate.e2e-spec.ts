import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { VERSION as OPENAI_SDK_VERSION } from 'openai/version';
import { fixturePath, type FixtureName } from './support/fixture-replay';
import { googleFamily } from './support/fake-google';
import {
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const IDENTITY = ['accept', 'content-type', 'authorization', 'x-api-provider', 'x-factory-client', 'x-session-id', 'x-assistant-message-id', 'user-agent'];
const STAINLESS = [
  'x-stainless-timeout',
  'x-stainless-arch',
  'x-stainless-lang',
  'x-stainless-os',
  'x-stainless-runtime',
  'x-stainless-retry-count',
  'x-stainless-package-version',
  'x-stainless-runtime-version',
];
const names = (request: RecordedRequest | undefined) => Object.keys(request?.headers ?? {}).sort();
const sorted = (...lists: string[][]) => lists.flat().sort();

/** Headers a client might send that no upstream type may receive. */
const FOREIGN_HEADERS = {
  authorization: `Bearer ${CLIENT_KEY}`,
  'x-api-key': CLIENT_KEY,
  cookie: 'session=client-cookie',
  connection: 'keep-alive, x-hop-header',
  'x-hop-header': 'hop',
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'custom-beta',
};

describe('transparent /v1/responses and /v1/generate over the wire', () => {
  let gw: Gateway;
  let openai: OpenAI;
  const responsesUrl = () => `${gw.app.url}/v1/responses`;
  const generateUrl = () => `${gw.app.url}/v1/generate`;
  const lastResponses = () => gw.fake.lastRequest('/o/v1/responses');
  const lastGenerate = () => gw.fake.lastRequest('/g/v1/generate');
  const gemini = (model: string, extra: Record<string, unknown> = {}) => ({
    model,
    contents: [{ role: 'user', parts: [{ text: 'hello' }] }],
    ...extra,
  });

  beforeAll(async () => {
    gw = await startGatewayWithFake();
    openai = gw.openai();
  });
  afterEach(() => gw.fake.reset());
  afterAll(() => gw?.close());

  describe('/v1/responses', () => {
    describe('Factory headers', () => {
      it('sends the openai table for an SDK call, the SDK’s stainless values kept, no anthropic headers', async () => {
        await openai.responses.create({ model: 'gpt-auto', input: 'hi' });
        const { headers } = lastResponses()!;
        expect(names(lastResponses())).toEqual(sorted(IDENTITY, STAINLESS, TRANSPORT_HEADERS));
        expect(headers).toMatchObject({
          accept: 'application/json',
          'content-type': 'application/json',
          authorization: `Bearer ${FACTORY_KEY}`,
          'x-api-provider': 'openai-e2e',
          'x-factory-client': 'cli',
          'user-agent': USER_AGENT,
          'x-stainless-timeout': '600',
          'x-stainless-package-version': OPENAI_SDK_VERSION,
          'x-stainless-runtime-version': process.version,
        });
        expect(headers['x-session-id']).toMatch(UUID);
        expect(headers['x-assistant-message-id']).toMatch(UUID);
      });

      it('fills the stainless defaults (5.23.2) for a bare client, adds the helper header when streaming, forwards nothing foreign', async () => {
        const reply = await rawPost(responsesUrl(), { model: 'gpt-auto', input: 'hi', stream: true }, { ...FOREIGN_HEADERS, 'x-session-id': 'sess-9' });
        expect(reply.status).toBe(200);
        const { headers, rawBody } = lastResponses()!;
        expect(names(lastResponses())).toEqual(sorted(IDENTITY, STAINLESS, TRANSPORT_HEADERS, ['x-stainless-helper-method']));
        expect(headers).toMatchObject({
          authorization: `Bearer ${FACTORY_KEY}`,
          'x-session-id': 'sess-9',
          'x-stainless-helper-method': 'stream',
          'x-stainless-arch': 'x64',
          'x-stainless-lang': 'js',
          'x-stainless-os': 'MacOS',
          'x-stainless-runtime': 'node',
          'x-stainless-retry-count': '0',
          'x-stainless-package-version': '5.23.2',
          'x-stainless-runtime-version': 'v24.3.0',
        });
        expect(JSON.stringify(headers) + rawBody).not.toMatch(new RegExp(`${CLIENT_KEY}|client-cookie|hop|custom-beta`));
      });

      it.each([
        ['gpt-noprovider', 'openai'],
        ['gpt-low', 'openai-e2e'],
      ])('x-api-provider for %s is %s', async (model, provider) => {
        await openai.responses.create({ model, input: 'hi' });
        expect(lastResponses()!.headers['x-api-provider']).toBe(provider);
      });
    });

    it.each<[string, string | undefined, string]>([
      ['no instructions', undefined, SYSTEM_PROMPT],
      ['client instructions', 'Answer in French.', `${SYSTEM_PROMPT}Answer in French.`],
    ])('instructions with %s: the prompt comes first', async (_label, instructions, expected) => {
      const response = await openai.responses.create({ model: 'gpt-auto', input: 'hi', instructions });
      expect(lastResponses()!.body.instructions).toBe(expected);
      // The fake echoes the instructions it received back in the Response object, and the gateway returns it as-is.
      expect(response.instructions).toBe(expected);
    });

    it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
      ['gpt-high', {}, { reasoning: { effort: 'high', summary: 'auto' } }, ['service_tier']],
      ['gpt-xhigh', { reasoning: { summary: 'detailed' } }, { reasoning: { effort: 'xhigh', summary: 'detailed' } }, []],
      ['gpt-low', { reasoning: { effort: 'high' } }, { reasoning: { effort: 'low', summary: 'auto' } }, []],
      ['gpt-off', { reasoning: { effort: 'high', summary: 'auto' } }, {}, ['reasoning']],
      ['gpt-auto', { reasoning: { effort: 'minimal' } }, { reasoning: { effort: 'minimal' } }, ['service_tier']],
      ['gpt-fast', {}, { service_tier: 'priority' }, ['reasoning']],
      ['gpt-fast', { service_tier: 'flex' }, { service_tier: 'flex' }, []],
    ])('%s: client %j reaches the fake as %j without %j', async (model, fields, expected, absent) => {
      const reply = await rawPost(responsesUrl(), { model, input: 'think', ...fields });
      expect(reply.status).toBe(200);
      const { body } = lastResponses()!;
      expect(body).toMatchObject({ model, ...expected });
      expect(body.reasoning).toEqual(expected.reasoning);
      for (const field of absent) expect(body).not.toHaveProperty(field);
    });

    describe('model handling', () => {
      it('a missing model is a 400 in OpenAI format (the SDK’s BadRequestError) and nothing goes upstream', async () => {
        const reply = await rawPost(responsesUrl(), { input: 'x' });
        expect(reply.status).toBe(400);
        expect(reply.json()).toEqual({
          error: { message: expect.stringContaining('model'), type: 'invalid_request_error', code: expect.any(String), param: 'model' },
        });
        const error = await openai.responses.create({ input: 'x' } as never).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OpenAI.BadRequestError);
        expect(gw.fake.requests).toHaveLength(0);
      });

      it('an unknown model is a 404 in OpenAI format', async () => {
        const error = await openai.responses.create({ model: 'no-such-model', input: 'x' }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OpenAI.NotFoundError);
        expect((error as InstanceType<typeof OpenAI.NotFoundError>).error).toMatchObject({
          message: expect.stringContaining("'no-such-model'"),
          type: 'invalid_request_error',
          code: 'model_not_found',
        });
        expect(gw.fake.requests).toHaveLength(0);
      });

      // Since the translation hub (issue #11), /v1/responses serves every type; the conversion matrix covers them all.
      it.each([
        ['claude-auto', '/a/v1/messages'],
        ['glm-common', '/o/v1/chat/completions'],
        ['gemini-auto', '/g/v1/generate'],
      ])('%s is served through the translation hub by its own upstream (%s)', async (model, path) => {
        const response = await openai.responses.create({ model, input: 'x' });
        expect(response).toMatchObject({ object: 'response', status: 'completed', model, output_text: 'Echo: x' });
        expect(gw.fake.requests.map((request) => request.path)).toEqual([path]);
      });

      it('applies the redirect, then the target model’s reasoning level', async () => {
        const response = await openai.responses.create({ model: 'gpt-alias', input: 'x' });
        expect(lastResponses()!.body).toMatchObject({ model: 'gpt-high', reasoning: { effort: 'high', summary: 'auto' } });
        expect(response.model).toBe('gpt-high');
      });

      it('forwards every other body field untouched', async () => {
        const untouched = {
          input: [
            { role: 'user', content: [{ type: 'input_text', text: 'weather in Oslo?' }] },
            { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
            { type: 'function_call_output', call_id: 'call_1', output: '−3 °C' },
          ],
          tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false }],
          tool_choice: 'auto',
          parallel_tool_calls: false,
          max_output_tokens: 777,
          temperature: 0.4,
          store: false,
          include: ['reasoning.encrypted_content'],
          metadata: { run: 'e2e' },
          text: { verbosity: 'low' },
          prompt_cache_key: 'cache-key-1',
          x_vendor_extension: { nested: [1, { deep: null }] },
        };
        const reply = await rawPost(responsesUrl(), { model: 'gpt-auto', ...untouched });
        expect(reply.status).toBe(200);
        const { model, instructions, ...rest } = lastResponses()!.body;
        expect([model, instructions]).toEqual(['gpt-auto', SYSTEM_PROMPT]);
        expect(rest).toEqual(untouched);
      });
    });

    describe('pass-through', () => {
      it('responses.create (not streaming) gets the fake’s Response; raw JSON is byte-identical', async () => {
        const response = await openai.responses.create({ model: 'gpt-auto', input: 'hello' });
        expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-auto' });
        expect(response.output_text).toBe('Echo: hello');

        const upstream = { id: 'resp_custom', object: 'response', odd: ['é', { a: null }] };
        gw.fake.script('/o/v1/responses', { status: 200, body: upstream });
        const reply = await rawPost(responsesUrl(), { model: 'gpt-auto', input: 'x' });
        expect(reply.text).toBe(JSON.stringify(upstream));
      });

      it('passes a 429 (with retry-after) and a 500 through', async () => {
        const limited = { error: { message: 'Rate limit reached (upstream)', type: 'requests', code: 'rate_limit_exceeded', param: null } };
        gw.fake.script('/o/v1/responses', { status: 429, body: limited, headers: { 'retry-after': '3' } });
        const error = await openai.responses.create({ model: 'gpt-auto', input: 'x' }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(OpenAI.RateLimitError);
        expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('3');
        expect((error as InstanceType<typeof OpenAI.RateLimitError>).error).toEqual(limited.error);

        const broken = '{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}';
        gw.fake.script('/o/v1/responses', { status: 500, body: broken, headers: { 'content-type': 'application/json' } });
        const reply = await rawPost(responsesUrl(), { model: 'gpt-auto', input: 'x' });
        expect([reply.status, reply.text]).toEqual([500, broken]);
      });

      const fixtures: FixtureName[] = ['responses-text', 'responses-function-call', 'responses-reasoning-summary'];
      it.each(fixtures.flatMap((name) => [[name, 0] as const, [name, 1] as const]))(
        'forwards %s byte for byte (splitEvery %d)',
        async (name, splitEvery) => {
          gw.fake.script('/o/v1/responses', { sseFixture: name, ...(splitEvery ? { splitEvery } : {}) });
          const reply = await rawPost(responsesUrl(), { model: 'gpt-auto', input: 'x', stream: true });
          expect(reply.status).toBe(200);
          expect(reply.headers['content-type']).toMatch(/^text\/event-stream/);
          expect(reply.bytes.equals(readFileSync(fixturePath(name)))).toBe(true);
        },
      );

      it('responses.create streaming yields every event through to response.completed', async () => {
        gw.fake.script('/o/v1/responses', { sseFixture: 'responses-text', splitEvery: 7 });
        const stream = await openai.responses.create({ model: 'gpt-auto', input: 'hi', stream: true });
        const types: string[] = [];
        let text = '';
        for await (const event of stream) {
          types.push(event.type);
          if (event.type === 'response.output_text.delta') text += event.delta;
        }
        const expectedTypes = parseSse(readFileSync(fixturePath('responses-text'), 'utf8')).events.map((event) => event.event);
        expect(types).toEqual(expectedTypes);
        expect(text).toBe('Hi there! Café ☕ time 🚀.');
      });

      it('responses.stream reconstructs a function call', async () => {
        gw.fake.script('/o/v1/responses', { sseFixture: 'responses-function-call', splitEvery: 3 });
        const final = await openai.responses.stream({ model: 'gpt-auto', input: 'weather?' }).finalResponse();
        const call = final.output.find((item) => item.type === 'function_call');
        expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
        expect(JSON.parse((call as { arguments: string }).arguments)).toMatchObject({ location: 'Paris, France' });
      });
    });
  });

  describe('/v1/generate', () => {
    it('sends the google table: accept */*, x-client-version, no stainless and no helper header even when streaming', async () => {
      const reply = await rawPost(generateUrl(), gemini('gemini-auto', { stream: true }), {
        ...FOREIGN_HEADERS,
        'x-stainless-os': 'Plan9',
        'x-stainless-helper-method': 'stream',
        'x-assistant-message-id': 'amsg-3',
      });
      expect(reply.status).toBe(200);
      const { headers, rawBody } = lastGenerate()!;
      expect(names(lastGenerate())).toEqual(sorted(IDENTITY, ['x-client-version'], TRANSPORT_HEADERS));
      expect(headers).toMatchObject({
        accept: '*/*',
        'content-type': 'application/json',
        authorization: `Bearer ${FACTORY_KEY}`,
        'x-api-provider': 'google-e2e',
        'x-factory-client': 'cli',
        'x-assistant-message-id': 'amsg-3',
        'user-agent': USER_AGENT,
        'x-client-version': '9.8.7',
      });
      expect(headers['x-session-id']).toMatch(UUID);
      expect(JSON.stringify(headers) + rawBody).not.toMatch(new RegExp(`${CLIENT_KEY}|client-cookie|hop|custom-beta|Plan9`));
    });

    it('x-api-provider falls back to google for a model without a provider', async () => {
      await rawPost(generateUrl(), gemini('gemini-noprovider'));
      expect(lastGenerate()!.headers['x-api-provider']).toBe('google');
    });

    it.each<[string, unknown, unknown]>([
      ['no systemInstruction', undefined, { parts: [{ text: SYSTEM_PROMPT }] }],
      [
        'a client systemInstruction',
        { role: 'system', parts: [{ text: 'Be brief.' }, { text: 'Use metric.' }] },
        { role: 'system', parts: [{ text: SYSTEM_PROMPT }, { text: 'Be brief.' }, { text: 'Use metric.' }] },
      ],
    ])('systemInstruction with %s: the prompt part comes first', async (_label, systemInstruction, expected) => {
      const reply = await rawPost(generateUrl(), gemini('gemini-auto', { systemInstruction }));
      expect(reply.status).toBe(200);
      expect(lastGenerate()!.body.systemInstruction).toEqual(expected);
    });

    it.each<[string, Record<string, unknown> | undefined, Record<string, unknown> | undefined]>([
      ['gemini-low', { maxOutputTokens: 99, thinkingConfig: { thinkingBudget: 512, includeThoughts: true } }, { maxOutputTokens: 99, thinkingConfig: { includeThoughts: true, thinkingLevel: 'LOW' } }],
      ['gemini-medium', undefined, { thinkingConfig: { thinkingLevel: 'MEDIUM' } }],
      ['gemini-high', { temperature: 0.2 }, { temperature: 0.2, thinkingConfig: { thinkingLevel: 'HIGH' } }],
      ['gemini-xhigh', undefined, { thinkingConfig: { thinkingLevel: 'HIGH' } }],
      ['gemini-off', { topP: 0.5, thinkingConfig: { thinkingLevel: 'HIGH' } }, { topP: 0.5 }],
      ['gemini-auto', { thinkingConfig: { thinkingBudget: 256 } }, { thinkingConfig: { thinkingBudget: 256 } }],
      ['gemini-alias', undefined, { thinkingConfig: { thinkingLevel: 'MEDIUM' } }],
    ])('%s: generationConfig %j reaches the fake as %j', async (model, generationConfig, expected) => {
      const reply = await rawPost(generateUrl(), gemini(model, { generationConfig }));
      expect(reply.status).toBe(200);
      expect(lastGenerate()!.body.generationConfig).toEqual(expected);
    });

    it('model handling: missing 400, unknown 404, wrong type 400, all in Google format; other fields untouched', async () => {
      const missing = await rawPost(generateUrl(), { contents: [{ role: 'user', parts: [{ text: 'x' }] }] });
      expect([missing.status, missing.json()]).toEqual([400, { error: { code: 400, message: expect.stringContaining('model'), status: 'INVALID_ARGUMENT' } }]);
      const unknown = await rawPost(generateUrl(), gemini('no-such-model'));
      expect([unknown.status, unknown.json()]).toEqual([404, { error: { code: 404, message: expect.stringContaining("'no-such-model'"), status: 'NOT_FOUND' } }]);
      const wrong = await rawPost(generateUrl(), gemini('gpt-auto'));
      expect(wrong.status).toBe(400);
      for (const part of ['gpt-auto', 'openai', '/v1/responses']) expect(wrong.json().error.message).toContain(part);
      expect(gw.fake.requests).toHaveLength(0);

      const untouched = {
        contents: [
          { role: 'user', parts: [{ text: 'weather?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: -3 } } }] },
        ],
        tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'd', parameters: { type: 'OBJECT' } }] }],
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        generationConfig: { stopSequences: ['END'], topK: 3 },
      };
      const reply = await rawPost(generateUrl(), { model: 'gemini-auto', ...untouched });
      expect(reply.status).toBe(200);
      const { model, systemInstruction, ...rest } = lastGenerate()!.body;
      expect([model, systemInstruction]).toEqual(['gemini-auto', { parts: [{ text: SYSTEM_PROMPT }] }]);
      expect(rest).toEqual(untouched);
    });

    it('returns the fake’s JSON as-is and passes a 429 through', async () => {
      const reply = await rawPost(generateUrl(), gemini('gemini-auto'));
      expect(reply.status).toBe(200);
      expect(reply.json().candidates[0].content.parts).toEqual([{ text: 'Echo: hello' }]);

      gw.fake.script('/g/v1/generate', { status: 429, headers: { 'retry-after': '11' } });
      const limited = await rawPost(generateUrl(), gemini('gemini-auto'));
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('11');
      expect(limited.json()).toEqual(googleFamily.errorBody(429, { message: 'Rate limit exceeded' }));
    });

    const fixtures: FixtureName[] = ['google-text', 'google-function-call'];
    it.each(fixtures.flatMap((name) => [[name, 0] as const, [name, 1] as const]))(
      'forwards %s byte for byte, CRLF framing included (splitEvery %d)',
      async (name, splitEvery) => {
        gw.fake.script('/g/v1/generate', { sseFixture: name, ...(splitEvery ? { splitEvery } : {}) });
        const reply = await rawPost(generateUrl(), gemini('gemini-auto', { stream: true }));
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toMatch(/^text\/event-stream/);
        expect(reply.bytes.equals(readFileSync(fixturePath(name)))).toBe(true);
      },
    );
  });
});
