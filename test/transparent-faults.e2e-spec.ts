import Anthropic from '@anthropic-ai/sdk';
import { createServer, type AddressInfo } from 'node:net';
import { GARBAGE_BODY, type Behaviour } from './support/fake-behaviour';
import { fixtureFrames } from './support/fixture-replay';
import {
  anthropicUser,
  CLIENT_KEY,
  FACTORY_KEY,
  parseSse,
  rawPost,
  startGatewayWithFake,
  type Gateway,
} from './support/gateway-fixture';
import { startForwardProxy, type ForwardProxy } from './support/test-proxies';

const MESSAGE = { model: 'claude-auto', max_tokens: 10, messages: [anthropicUser('x')] };
const RESPONSE = { model: 'gpt-auto', input: 'x' };
const GENERATE = { model: 'gemini-auto', contents: [{ role: 'user', parts: [{ text: 'x' }] }] };

/** The first `count` frames of a fixture, exactly as the fake sends them. */
const framesOf = (name: Parameters<typeof fixtureFrames>[0], count: number) => fixtureFrames(name).slice(0, count).join('');

/**
 * Sends `text` as an event stream, waits until it has left the fake, then destroys the socket. The fake's own
 * `cutAfterEvents` destroys in the same tick as its last write, while Node still holds that write corked, so the last
 * event (all of them, without `delayMs`) never leaves; this cut delivers exactly what it wrote.
 */
function cutAfterFlushed(text: string): Behaviour {
  return {
    custom: (_request, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
      res.write(text, () => setTimeout(() => res.destroy(), 20));
    },
  };
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('transparent routes under upstream faults', () => {
  describe('timeouts, cuts and garbage', () => {
    let gw: Gateway;
    const url = (path: string) => `${gw.app.url}${path}`;

    beforeAll(async () => {
      gw = await startGatewayWithFake({ env: { UPSTREAM_FIRST_BYTE_TIMEOUT_MS: '300', UPSTREAM_IDLE_TIMEOUT_MS: '400' } });
    });
    afterEach(() => gw.fake.reset());
    afterAll(() => gw?.close());

    it.each([
      ['/v1/messages', '/a/v1/messages', MESSAGE, { type: 'error', error: { type: 'api_error', message: expect.stringMatching(/timed out/) } }],
      [
        '/v1/responses',
        '/o/v1/responses',
        RESPONSE,
        { error: { type: 'server_error', code: 'upstream_timeout', param: null, message: expect.stringMatching(/timed out/) } },
      ],
      ['/v1/generate', '/g/v1/generate', GENERATE, { error: { code: 504, status: 'DEADLINE_EXCEEDED', message: expect.stringMatching(/timed out/) } }],
    ])('%s: no response headers within the first-byte timeout → 504 in the route’s format', async (path, upstreamPath, body, expected) => {
      // The upstream would answer 200 after 3 s; a 504 saying 'timed out' is the first-byte timeout firing first.
      gw.fake.script(upstreamPath, { hangMs: 3000 });
      const reply = await rawPost(url(path), body);
      expect(reply.status).toBe(504);
      expect(reply.json()).toEqual(expected);
      // The gateway gave up on the upstream request rather than leaving it open.
      await gw.fake.waitForAbortedRequests(1, 2000);
    });

    it('the Anthropic SDK sees the 504 as an API error with that status', async () => {
      gw.fake.script('/a/v1/messages', { hangMs: 3000 });
      const error = await gw.anthropic().messages.create(MESSAGE).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.InternalServerError);
      expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(504);
    });

    it('cutAfterEvents: the stream ends with an Anthropic error event after whole events, not in silence', async () => {
      // delayMs lets the fake flush what it wrote before its cut (see cutAfterFlushed for the exact-bytes variant).
      gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', cutAfterEvents: 5, delayMs: 10 });
      const reply = await rawPost(url('/v1/messages'), { ...MESSAGE, stream: true });
      expect(reply.status).toBe(200);
      const { events } = parseSse(reply.text);
      const last = events.at(-1)!;
      expect(last.event).toBe('error');
      expect(JSON.parse(last.data)).toEqual({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('Upstream stream failed') } });
      const before = events.slice(0, -1).map((event) => event.event);
      expect(before.length).toBeGreaterThan(0);
      expect(before).toEqual(parseSse(framesOf('anthropic-text', before.length)).events.map((event) => event.event));
      expect(gw.fake.lastRequest('/a/v1/messages')!.outcome).toBe('cut');
    });

    it('a cut after 5 delivered events: exactly those bytes, then the error event', async () => {
      gw.fake.script('/a/v1/messages', cutAfterFlushed(framesOf('anthropic-text', 5)));
      const reply = await rawPost(url('/v1/messages'), { ...MESSAGE, stream: true });
      expect(reply.status).toBe(200);
      const prefix = framesOf('anthropic-text', 5);
      expect(reply.text.startsWith(prefix)).toBe(true);
      const { events } = parseSse(reply.text.slice(prefix.length));
      expect(events).toHaveLength(1);
      expect(events[0].event).toBe('error');
      expect(JSON.parse(events[0].data)).toEqual({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('Upstream stream failed') } });
    });

    it('messages.stream rejects with the error event instead of ending silently', async () => {
      gw.fake.script('/a/v1/messages', cutAfterFlushed(framesOf('anthropic-text', 5)));
      const stream = gw.anthropic().messages.stream({ ...MESSAGE });
      let text = '';
      stream.on('text', (delta) => (text += delta));
      const error = await stream.finalMessage().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Anthropic.APIError);
      expect(String((error as Error).message)).toContain('Upstream stream failed');
      expect(text).toBe('Hello! Here');
    });

    it('a cut inside an event still leaves the error event parseable on its own', async () => {
      const partial = framesOf('anthropic-text', 3) + fixtureFrames('anthropic-text')[3].slice(0, 40);
      gw.fake.script('/a/v1/messages', cutAfterFlushed(partial));
      const reply = await rawPost(url('/v1/messages'), { ...MESSAGE, stream: true });
      expect(reply.text.startsWith(partial)).toBe(true);
      const last = parseSse(reply.text).events.at(-1)!;
      expect(last.event).toBe('error');
      expect(JSON.parse(last.data)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    });

    it('an upstream silent past the idle timeout mid-stream is failed with an error event, not waited on', async () => {
      // After 5 s of silence the upstream would finish normally; the error event below is the idle timeout firing first.
      gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', silenceAtEvent: 4, silenceMs: 5000 });
      const reply = await rawPost(url('/v1/messages'), { ...MESSAGE, stream: true });
      const prefix = framesOf('anthropic-text', 4);
      expect(reply.text.startsWith(prefix)).toBe(true);
      const { events } = parseSse(reply.text.slice(prefix.length));
      expect(events.map((event) => event.event)).toEqual(['error']);
      expect(JSON.parse(events[0].data).error.message).toMatch(/timeout/i);
      await gw.fake.waitForAbortedRequests(1, 2000);
    });

    it('/v1/responses and /v1/generate cut mid-stream end with an error in their own event format', async () => {
      gw.fake.script('/o/v1/responses', cutAfterFlushed(framesOf('responses-text', 4)));
      const stream = await gw.openai().responses.create({ ...RESPONSE, stream: true });
      const types: string[] = [];
      let failure: unknown;
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'error') failure = event;
      }
      expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
      expect(types.at(-1)).toBe('error');
      expect(failure).toMatchObject({ type: 'error', code: 'upstream_error', message: expect.stringContaining('Upstream stream failed') });

      gw.fake.script('/g/v1/generate', cutAfterFlushed(framesOf('google-text', 1)));
      const reply = await rawPost(url('/v1/generate'), { ...GENERATE, stream: true });
      const events = parseSse(reply.text).events;
      expect(events).toHaveLength(2);
      expect(JSON.parse(events[1].data)).toEqual({ error: { code: 502, status: 'UNAVAILABLE', message: expect.stringContaining('Upstream stream failed') } });
    });

    it.each([
      [true, 'text/event-stream'],
      [false, 'application/json'],
    ])('a garbage body (stream %s) is forwarded as-is: the gateway is transparent', async (stream, contentType) => {
      gw.fake.script('/a/v1/messages', { garbage: true });
      const reply = await rawPost(url('/v1/messages'), { ...MESSAGE, stream });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe(contentType);
      expect(reply.text).toBe(GARBAGE_BODY);
    });
  });

  describe('upstream unreachable', () => {
    let gw: Gateway;

    beforeAll(async () => {
      gw = await startGatewayWithFake({ upstreamBase: `http://127.0.0.1:${await closedPort()}` });
    });
    afterAll(() => gw?.close());

    it.each([
      ['/v1/messages', MESSAGE, { type: 'error', error: { type: 'api_error', message: expect.stringContaining('Upstream unreachable (ECONNREFUSED)') } }],
      ['/v1/messages/count_tokens', { model: 'claude-auto', messages: [anthropicUser('x')] }, { type: 'error', error: { type: 'api_error', message: expect.stringContaining('Upstream unreachable (ECONNREFUSED)') } }],
      ['/v1/responses', RESPONSE, { error: { type: 'server_error', code: 'upstream_connect', param: null, message: expect.stringContaining('Upstream unreachable (ECONNREFUSED)') } }],
      ['/v1/generate', GENERATE, { error: { code: 502, status: 'INTERNAL', message: expect.stringContaining('Upstream unreachable (ECONNREFUSED)') } }],
    ])('%s: connection refused → 502 in the route’s format', async (path, body, expected) => {
      const reply = await rawPost(`${gw.app.url}${path}`, body);
      expect(reply.status).toBe(502);
      expect(reply.json()).toEqual(expected);
    });
  });

  describe('credential seam without FACTORY_API_KEY', () => {
    let gw: Gateway;

    beforeAll(async () => {
      gw = await startGatewayWithFake({ clientCredentials: true });
    });
    afterEach(() => gw.fake.reset());
    afterAll(() => gw?.close());

    it('uses the client’s authorization as the upstream credential; x-api-key stays the placeholder', async () => {
      await gw.anthropic().messages.create(MESSAGE);
      expect(gw.fake.lastRequest('/a/v1/messages')!.headers).toMatchObject({ authorization: `Bearer ${CLIENT_KEY}`, 'x-api-key': 'placeholder' });
      await gw.openai().responses.create(RESPONSE);
      expect(gw.fake.lastRequest('/o/v1/responses')!.headers.authorization).toBe(`Bearer ${CLIENT_KEY}`);
    });

    it('turns a bare x-api-key (as Claude Code sends it) into a Bearer token', async () => {
      const reply = await rawPost(`${gw.app.url}/v1/messages`, MESSAGE, { 'x-api-key': 'sk-claude-code-key' });
      expect(reply.status).toBe(200);
      expect(gw.fake.lastRequest('/a/v1/messages')!.headers).toMatchObject({ authorization: 'Bearer sk-claude-code-key', 'x-api-key': 'placeholder' });
    });

    it.each([
      ['/v1/messages', MESSAGE, { type: 'error', error: { type: 'authentication_error', message: expect.any(String) } }],
      ['/v1/responses', RESPONSE, { error: { type: 'authentication_error', code: expect.any(String), param: null, message: expect.any(String) } }],
    ])('%s without any credential is a 401 in the route’s format and nothing goes upstream', async (path, body, expected) => {
      const reply = await rawPost(`${gw.app.url}${path}`, body);
      expect(reply.status).toBe(401);
      expect(reply.json()).toEqual(expected);
      expect(gw.fake.requests).toHaveLength(0);
    });

    it('never logs the client’s key', () => {
      expect(gw.app.logs.text()).not.toContain(CLIENT_KEY);
      expect(gw.app.logs.text()).not.toContain('sk-claude-code-key');
    });
  });

  describe('outbound proxy rotation', () => {
    const PROXY_PASSWORD = 'proxy-pass-5e6f';
    const BAD_PASSWORD = 'bad-proxy-secret-8a9b';
    let plain: ForwardProxy;
    let authed: ForwardProxy;
    let gw: Gateway;

    beforeAll(async () => {
      plain = await startForwardProxy();
      authed = await startForwardProxy({ auth: { username: 'droid', password: PROXY_PASSWORD } });
      gw = await startGatewayWithFake({
        configFile: {
          proxies: [
            { name: 'plain', url: plain.url },
            { name: 'broken', url: `ftp://bob:${BAD_PASSWORD}@127.0.0.1:21` },
            { name: 'authed', url: authed.urlWithAuth },
          ],
        },
      });
      // Each answer closes its connection, so every call opens a fresh tunnel and the proxies' counters count calls.
      gw.fake.scriptAlways('/a/v1/messages', { headers: { connection: 'close' } });
    });
    afterAll(async () => {
      await gw?.close();
      await Promise.all([plain?.close(), authed?.close()]);
    });

    it('alternates calls between the two valid proxies, names the proxy in the request log, skips the invalid one', async () => {
      const client = gw.anthropic();
      for (let call = 0; call < 4; call += 1) {
        const message = await client.messages.create({ ...MESSAGE, messages: [anthropicUser(`call ${call}`)] });
        expect(message.content).toEqual([{ type: 'text', text: `Echo: call ${call}` }]);
      }
      expect([plain.served, authed.served]).toEqual([2, 2]);
      expect(authed.log.every((entry) => entry.authorized)).toBe(true);
      expect(gw.fake.requestsTo('/a/v1/messages')).toHaveLength(4);

      const routes = async () =>
        gw.app.logs
          .lines()
          .filter((line) => line.msg === 'request' && line.path === '/v1/messages')
          .map((line) => line.upstreamRoute);
      await gw.app.logs.waitForLine(() => gw.app.logs.lines().filter((line) => line.msg === 'request').length >= 4);
      expect(await routes()).toEqual(['plain', 'authed', 'plain', 'authed']);
    });

    it('warns about the invalid entry without its password, and never logs a proxy password', () => {
      const warning = gw.app.logs.lines().find((line) => JSON.stringify(line).includes('broken'));
      expect(warning).toBeDefined();
      expect(warning!.level).toBe('warn');
      expect(JSON.stringify(warning)).toContain('ftp:');
      const text = gw.app.logs.text();
      expect(text).not.toContain(BAD_PASSWORD);
      expect(text).not.toContain(PROXY_PASSWORD);
      expect(text).not.toContain(FACTORY_KEY);
    });
  });
});
