import { request as httpRequest, type IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { fixtureFrames, fixturePath } from './support/fixture-replay';
import { anthropicUser, parseSse, rawPost, startGatewayWithFake, type Gateway } from './support/gateway-fixture';
import { startIdleTimeoutProxy, type IdleTimeoutProxy } from './support/test-proxies';

const KEEPALIVE = ': keepalive\n\n';
const STREAM = { model: 'claude-auto', max_tokens: 10, stream: true, messages: [anthropicUser('x')] };
const FIXTURE_TEXT = "Hello! Here's a café ☕ and a rocket 🚀 for you.";

interface OpenStream {
  response: Promise<IncomingMessage>;
  /** Resolves with the first body chunk. */
  firstChunk: Promise<string>;
  /** Resolves when the body ends or the connection drops; `ended` tells which. */
  done: Promise<{ text: string; ended: boolean }>;
}

/** A streaming POST read chunk by chunk, surviving a dropped connection so a test can see what arrived before it. */
function openStream(url: string, body: unknown): OpenStream {
  const payload = JSON.stringify(body);
  const req = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip, br' } });
  let text = '';
  let markFirst: (chunk: string) => void = () => undefined;
  const firstChunk = new Promise<string>((resolve) => (markFirst = resolve));
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  const done = new Promise<{ text: string; ended: boolean }>((resolve) => {
    req.on('error', () => resolve({ text, ended: false }));
    req.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text === '') markFirst(chunk);
        text += chunk;
      });
      res.on('end', () => resolve({ text, ended: true }));
      res.on('error', () => resolve({ text, ended: false }));
      res.on('close', () => resolve({ text, ended: res.complete }));
    });
  });
  req.end(payload);
  return { response, firstChunk, done };
}

/** Every keepalive comment sits between two events: right after a blank line (or another keepalive). */
function keepalivesAtBoundaries(text: string): boolean {
  for (let at = text.indexOf(KEEPALIVE); at !== -1; at = text.indexOf(KEEPALIVE, at + 1)) {
    if (!text.slice(0, at).endsWith('\n\n')) return false;
  }
  return true;
}

describe('ingress-safe streaming', () => {
  describe('headers and flushing', () => {
    let gw: Gateway;
    beforeAll(async () => {
      gw = await startGatewayWithFake();
    });
    afterEach(() => gw.fake.reset());
    afterAll(() => gw?.close());

    it.each([
      ['/v1/messages', '/a/v1/messages', 'anthropic-text', STREAM],
      ['/v1/responses', '/o/v1/responses', 'responses-text', { model: 'gpt-auto', input: 'x', stream: true }],
      ['/v1/generate', '/g/v1/generate', 'google-text', { model: 'gemini-auto', stream: true, contents: [{ role: 'user', parts: [{ text: 'x' }] }] }],
    ] as const)('%s: SSE carries no-cache and x-accel-buffering no, never compressed', async (path, upstream, fixture, body) => {
      // The fake's own caching header must not leak through: the gateway decides the stream's headers.
      gw.fake.script(upstream, { sseFixture: fixture, headers: { 'cache-control': 'public, max-age=600' } });
      const reply = await rawPost(`${gw.app.url}${path}`, body, { 'accept-encoding': 'gzip, deflate, br' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(reply.headers['cache-control']).toBe('no-cache');
      expect(reply.headers['x-accel-buffering']).toBe('no');
      expect(reply.headers['content-encoding']).toBeUndefined();
      expect(reply.headers['content-length']).toBeUndefined();
      expect(reply.bytes.equals(readFileSync(fixturePath(fixture)))).toBe(true);
    });

    it('flushes each event as it arrives (the first event reaches the client long before the second is sent)', async () => {
      gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', delayMs: 400 });
      const stream = openStream(`${gw.app.url}/v1/messages`, STREAM);
      // Exactly one event: nothing held back waiting for more bytes or for the end of the stream.
      expect(await stream.firstChunk).toBe(fixtureFrames('anthropic-text')[0]);
      (await stream.response).destroy();
    });
  });

  describe('keepalive comments during upstream silence', () => {
    let gw: Gateway;
    let proxy: IdleTimeoutProxy;
    beforeAll(async () => {
      gw = await startGatewayWithFake({ env: { SSE_KEEPALIVE_MS: '200' } });
      // An ingress that drops a connection after 600 ms without a byte either way.
      proxy = await startIdleTimeoutProxy(gw.app.url, 600);
    });
    afterEach(() => gw.fake.reset());
    afterAll(async () => {
      await proxy?.close();
      await gw?.close();
    });

    const silentStream = () => gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', silenceAtEvent: 3, silenceMs: 1500 });

    it('keeps a stream with 1.5 s of upstream silence alive through a 600 ms idle proxy, comments only between events', async () => {
      silentStream();
      const cutsBefore = proxy.cuts;
      const { text, ended } = await openStream(`${proxy.url}/v1/messages`, STREAM).done;
      expect(ended).toBe(true);
      expect(proxy.cuts).toBe(cutsBefore);

      // Exactly the upstream's bytes with keepalive comments added during the silence after the third event.
      const prefix = fixtureFrames('anthropic-text').slice(0, 3).join('');
      const rest = fixtureFrames('anthropic-text').slice(3).join('');
      expect(text.startsWith(prefix)).toBe(true);
      expect(text.endsWith(rest)).toBe(true);
      const middle = text.slice(prefix.length, text.length - rest.length);
      const count = middle.length / KEEPALIVE.length;
      expect(middle).toBe(KEEPALIVE.repeat(count));
      expect(count).toBeGreaterThanOrEqual(3);
      expect(count).toBeLessThanOrEqual(9);
      expect(keepalivesAtBoundaries(text)).toBe(true);
      expect(parseSse(text).comments.every((comment) => comment.trim() === 'keepalive')).toBe(true);
      expect(text.split(KEEPALIVE).join('')).toBe(readFileSync(fixturePath('anthropic-text'), 'utf8'));
    });

    it('writes no keepalive while the upstream is silent inside an event', async () => {
      const whole = readFileSync(fixturePath('anthropic-text'), 'utf8');
      const cut = fixtureFrames('anthropic-text').slice(0, 3).join('').length + 30;
      gw.fake.script('/a/v1/messages', {
        custom: (_request, res) => {
          res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
          res.write(whole.slice(0, cut));
          setTimeout(() => res.end(whole.slice(cut)), 700);
        },
      });
      // Direct, not through the idle proxy: a stream silent mid-event cannot be kept alive, by design.
      const { text, ended } = await openStream(`${gw.app.url}/v1/messages`, STREAM).done;
      expect(ended).toBe(true);
      expect(text).toBe(whole);
    });

    it('the Anthropic SDK parses the kept-alive stream through the idle proxy', async () => {
      silentStream();
      const client = gw.anthropic({ baseURL: proxy.url });
      const stream = client.messages.stream({ model: 'claude-auto', max_tokens: 10, messages: [anthropicUser('x')] });
      expect(await stream.finalText()).toBe(FIXTURE_TEXT);
      expect((await stream.finalMessage()).stop_reason).toBe('end_turn');
    });
  });

  it('control: without keepalive the same silence gets the stream cut by the idle proxy', async () => {
    const gw = await startGatewayWithFake({ env: { SSE_KEEPALIVE_MS: '0' } });
    const proxy = await startIdleTimeoutProxy(gw.app.url, 600);
    try {
      gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', silenceAtEvent: 3, silenceMs: 1500 });
      const { text, ended } = await openStream(`${proxy.url}/v1/messages`, STREAM).done;
      expect(ended).toBe(false);
      expect(proxy.cuts).toBe(1);
      expect(text).not.toContain('message_stop');
      // The gateway noticed its client was gone and released the upstream request.
      await gw.fake.waitForAbortedRequests(1, 2000);
    } finally {
      await proxy.close();
      await gw.close();
    }
  });

  describe('drain of open streams', () => {
    it('closes a stream still open after the grace period with an error event, and close() resolves', async () => {
      const gw = await startGatewayWithFake({ env: { SHUTDOWN_GRACE_MS: '300' } });
      try {
        // About 6 s of stream: far longer than the grace period.
        gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', delayMs: 400 });
        const stream = openStream(`${gw.app.url}/v1/messages`, STREAM);
        await stream.firstChunk;

        const closingAt = Date.now();
        await gw.app.close();
        // The grace period was given; that the stream was then cut (not waited on) is what the events below show.
        expect(Date.now() - closingAt).toBeGreaterThanOrEqual(250);

        const { text, ended } = await stream.done;
        expect(ended).toBe(true);
        const { events } = parseSse(text);
        expect(events[0].event).toBe('message_start');
        expect(events.map((event) => event.event)).not.toContain('message_stop');
        const last = events.at(-1)!;
        expect(last.event).toBe('error');
        expect(JSON.parse(last.data)).toEqual({ type: 'error', error: { type: 'api_error', message: expect.stringContaining('shutting down') } });
        await gw.fake.waitForAbortedRequests(1, 2000);
        expect(gw.app.logs.text()).toContain('grace period over');
      } finally {
        await gw.close();
      }
    });

    it('does not wait for a client that left mid-stream: close() resolves at once, not after the keep-alive timeout', async () => {
      const gw = await startGatewayWithFake({ env: { SHUTDOWN_GRACE_MS: '5000' } });
      try {
        gw.fake.script('/o/v1/chat/completions', {
          chatResponse: { content: 'one two three four five six seven eight' },
          delayMs: 50,
          silenceAtEvent: 4,
          silenceMs: 10_000,
        });
        // The openai SDK leaving a stream early (break) is how real clients leave; it left a socket Node still counted.
        const stream = await gw.openai().chat.completions.create({ model: 'glm-common', stream: true, messages: [{ role: 'user', content: 'x' }] });
        let seen = 0;
        for await (const _chunk of stream) if (++seen >= 2) break;
        await gw.fake.waitForAbortedRequests(1, 2000);

        await gw.app.close();
        // Waiting on that socket would have run the 5 s grace period out, which the drain logs.
        expect(gw.app.logs.text()).not.toContain('grace period over');
      } finally {
        await gw.close();
      }
    });

    it('lets a stream that ends within the grace period finish intact', async () => {
      const gw = await startGatewayWithFake({ env: { SHUTDOWN_GRACE_MS: '5000' } });
      try {
        gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', delayMs: 40 });
        const stream = openStream(`${gw.app.url}/v1/messages`, STREAM);
        await stream.firstChunk;

        await gw.app.close();
        // Closed because the stream was done, not because the 5 s grace ran out.
        expect(gw.app.logs.text()).not.toContain('grace period over');
        const { text, ended } = await stream.done;
        expect(ended).toBe(true);
        expect(text).toBe(readFileSync(fixturePath('anthropic-text'), 'utf8'));
        expect(gw.fake.abortedRequests).toBe(0);
      } finally {
        await gw.close();
      }
    });
  });
});
