import fc from 'fast-check';
import { request } from 'undici';
import { startGatewayWithFake, type Gateway } from './support/gateway-fixture';

/**
 * Thousands of malformed bodies at every route: wrong types, huge strings, deep nesting, invalid UTF-8. The gateway
 * must answer each with a JSON body — a 4xx error in the route's own format, or a real answer when the mutation
 * happened to stay valid — never a 5xx of its own, and must stay up.
 */
const ROUTES = [
  { path: '/v1/chat/completions', format: 'openai', base: { model: 'claude-auto', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] } },
  { path: '/v1/chat/completions', format: 'openai', base: { model: 'gpt-auto', messages: [{ role: 'user', content: 'hi' }] } },
  { path: '/v1/chat/completions', format: 'openai', base: { model: 'gemini-auto', messages: [{ role: 'user', content: 'hi' }] } },
  { path: '/v1/chat/completions', format: 'openai', base: { model: 'glm-common', messages: [{ role: 'user', content: 'hi' }] } },
  { path: '/v1/responses', format: 'openai', base: { model: 'gpt-auto', input: 'hi' } },
  { path: '/v1/messages', format: 'anthropic', base: { model: 'claude-auto', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] } },
  { path: '/v1/messages/count_tokens', format: 'anthropic', base: { model: 'claude-auto', messages: [{ role: 'user', content: 'hi' }] } },
  { path: '/v1/generate', format: 'google', base: { model: 'gemini-auto', contents: [{ role: 'user', parts: [{ text: 'hi' }] }] } },
] as const;

type Route = (typeof ROUTES)[number];

// A fixed seed keeps CI deterministic; FUZZ_SEED=random (or a number) and FUZZ_RUNS explore further.
const seedSetting = process.env.FUZZ_SEED;
const SEED = seedSetting === 'random' ? Date.now() : Number(seedSetting ?? 20261122);
const RUNS_SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.round(n * RUNS_SCALE), seed: SEED });

describe(`fuzzing request bodies (seed ${SEED})`, () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGatewayWithFake();
  });
  afterAll(() => gateway.close());

  async function post(route: Route, body: string | Buffer): Promise<{ status: number; text: string }> {
    const res = await request(`${gateway.app.url}${route.path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    return { status: res.statusCode, text: await res.body.text() };
  }

  function expectHandled(route: Route, reply: { status: number; text: string }, sent: unknown): void {
    const context = `${route.path} ← ${String(sent).slice(0, 300)} → ${reply.status} ${reply.text.slice(0, 300)}`;
    if (reply.status >= 500) throw new Error(`gateway answered 5xx: ${context}`);
    if (reply.status >= 400) {
      let body: any;
      try {
        body = JSON.parse(reply.text);
      } catch {
        throw new Error(`error body is not JSON: ${context}`);
      }
      const ok =
        route.format === 'anthropic'
          ? body?.type === 'error' && typeof body.error?.message === 'string'
          : typeof body?.error?.message === 'string';
      if (!ok) throw new Error(`error body not in ${route.format} format: ${context}`);
    }
  }

  // Any JSON value as the whole body.
  it('answers arbitrary JSON bodies with JSON, never a 5xx', async () => {
    for (const route of ROUTES) {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
          const text = JSON.stringify(value) ?? 'null';
          expectHandled(route, await post(route, text), text);
        }),
        runs(60),
      );
    }
  });

  // A valid request with one field (or one message field) replaced by a value of the wrong type.
  it('answers valid requests with one field of the wrong type', async () => {
    const anyValue = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constant(null),
      fc.string({ maxLength: 50 }),
      fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
    );
    const fields = [
      'model', 'messages', 'stream', 'max_tokens', 'system', 'tools', 'tool_choice', 'temperature', 'top_k', 'stop',
      'thinking', 'reasoning', 'reasoning_effort', 'instructions', 'input', 'contents', 'systemInstruction',
      'generationConfig', 'stream_options', 'metadata', 'n', 'response_format', 'parallel_tool_calls', 'user',
    ];
    for (const route of ROUTES) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), anyValue, fc.boolean(), async (field, value, inMessage) => {
          const body: Record<string, any> = structuredClone(route.base);
          const messages = body.messages ?? body.contents;
          if (inMessage && Array.isArray(messages)) {
            messages.push({ ...messages[0], [field === 'model' ? 'content' : field]: value });
          } else {
            body[field] = value;
          }
          const text = JSON.stringify(body);
          expectHandled(route, await post(route, text), text);
        }),
        runs(150),
      );
    }
  });

  it('answers message content of every shape', async () => {
    const part = fc.oneof(
      fc.record({ type: fc.constantFrom('text', 'image_url', 'input_audio', 'file', 'image', 'tool_use', 'tool_result', 'refusal', 'x'), text: fc.anything() }),
      fc.record({ type: fc.constant('image_url'), image_url: fc.oneof(fc.string(), fc.record({ url: fc.oneof(fc.string(), fc.webUrl(), fc.constant('data:image/png;base64,AAAA'), fc.constant('data:;base64')) })) }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const message = fc.record({
      role: fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'function', 'model', 'x'),
      content: fc.oneof(fc.string(), fc.array(part, { maxLength: 3 }), fc.constant(null), fc.jsonValue({ maxDepth: 2 })),
      tool_calls: fc.option(fc.array(fc.record({ id: fc.anything(), type: fc.anything(), function: fc.record({ name: fc.anything(), arguments: fc.oneof(fc.string(), fc.json(), fc.anything()) }) }), { maxLength: 2 }), { nil: undefined }),
      tool_call_id: fc.option(fc.anything(), { nil: undefined }),
    }, { requiredKeys: ['role', 'content'] });
    for (const route of ROUTES.filter((r) => r.path === '/v1/chat/completions' || r.path === '/v1/messages')) {
      await fc.assert(
        fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 4 }), fc.boolean(), async (messages, stream) => {
          const text = JSON.stringify({ ...route.base, stream, messages });
          expectHandled(route, await post(route, text), text);
        }),
        runs(150),
      );
    }
  });

  it('answers huge strings, deep nesting and invalid UTF-8', async () => {
    const deepArray = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const deepObject = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const cases: (string | Buffer)[] = [
      deepArray,
      deepObject,
      JSON.stringify({ ...ROUTES[0].base, messages: [{ role: 'user', content: 'x'.repeat(5_000_000) }] }).slice(0, 2_000_000),
      JSON.stringify({ model: 'x'.repeat(1_000_000) }),
      JSON.stringify({ ...ROUTES[0].base, messages: JSON.parse(`${'['.repeat(2_000)}${']'.repeat(2_000)}`) }),
      Buffer.from([0x7b, 0x22, 0x6d, 0x6f, 0x64, 0x65, 0x6c, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
      Buffer.concat([Buffer.from('{"model":"claude-auto","max_tokens":5,"messages":[{"role":"user","content":"'), Buffer.from([0xed, 0xa0, 0x80, 0xf8]), Buffer.from('"}]}')]),
      '',
      ' ',
      '{"model":',
      '\u0000',
    ];
    for (const route of ROUTES) {
      for (const body of cases) expectHandled(route, await post(route, body), body.toString().slice(0, 100));
    }
    // Counterexamples fuzzing found once, kept as fixed cases.
    const found = { model: 'claude-auto', max_tokens: 32, messages: [{ role: 'assistant', content: [{ type: 'text', text: -1 }] }] };
    const reply = await post(ROUTES[0], JSON.stringify(found));
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text).error.param).toBe('messages[0].content[0].text');

    const live = await request(`${gateway.app.url}/health/live`);
    expect(live.statusCode).toBe(200);
    await live.body.dump();
  });

  // JSON.parse copes with thousands of levels, but everything after it that walks the value recursively (the body
  // edits, JSON.stringify of the upstream body, the log redaction) overflows the stack: deep nesting inside any field
  // must be refused as the body is read, with a 400 in the route's own format that says why.
  it('refuses nesting deeper than the limit inside any field with a 400 naming the limit', async () => {
    const nest = (depth: number, kind: 'array' | 'object'): string =>
      kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const places: Record<string, (deep: string) => string> = {
      messages: (deep) => `[{"role":"user","content":${deep}}]`,
      metadata: (deep) => `{"user_id":${deep}}`,
      tools: (deep) => `[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":${deep}}}}]`,
      system: (deep) => deep,
      input: (deep) => `[{"role":"user","content":${deep}}]`,
      contents: (deep) => `[{"role":"user","parts":[{"functionResponse":{"name":"f","response":${deep}}}]}]`,
      generationConfig: (deep) => `{"responseSchema":${deep}}`,
      tool_choice: (deep) => deep,
    };
    for (const route of ROUTES) {
      for (const [field, wrap] of Object.entries(places)) {
        for (const depth of [3_000, 5_000]) {
          for (const kind of ['array', 'object'] as const) {
            const base = JSON.stringify(route.base).slice(0, -1);
            const text = `${base},"${field}":${wrap(nest(depth, kind))}}`;
            const reply = await post(route, text);
            expectHandled(route, reply, `${field} nested ${depth} (${kind})`);
            expect([reply.status, JSON.parse(reply.text)]).toEqual([400, expect.anything()]);
            expect(reply.text).toContain('nested deeper than 512 levels');
          }
        }
      }
    }
    // Just under the limit is accepted as JSON (whatever the route then makes of the field).
    const fine = JSON.stringify({ ...ROUTES[5].base, metadata: { user_id: JSON.parse(nest(500, 'array')) } });
    expect((await post(ROUTES[5], fine)).text).not.toContain('nested deeper');

    const live = await request(`${gateway.app.url}/health/live`);
    expect(live.statusCode).toBe(200);
    await live.body.dump();
  });
});
