/**
 * Issue #14 A.1: the per-origin upstream connection cap, the requests waiting on it, and what a streaming client sees
 * while it waits. Before: 256 connections per origin, fixed; stream 257 got no byte (not even headers) until another
 * ended, so an ingress idle timeout cut it; nothing in /metrics showed the queue.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFixture } from './support/fixture-replay';
import { anthropicUser, parseSse, startGatewayWithFake, type Gateway } from './support/gateway-fixture';

const STREAM = { model: 'claude-auto', max_tokens: 10, stream: true, messages: [anthropicUser('x')] };
const KEEPALIVE = ': keepalive\n\n';

interface OpenStream {
  /** Resolves when the response head arrived. */
  head: Promise<IncomingMessage>;
  /** Everything received so far. */
  text(): string;
  /** Resolves once the received text satisfies `predicate`. */
  until(predicate: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  done: Promise<string>;
  close(): void;
}

function openStream(url: string, body: unknown): OpenStream {
  let text = '';
  const waiters: (() => void)[] = [];
  const req = httpRequest(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } });
  const head = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  const done = new Promise<string>((resolve) => {
    req.on('error', () => resolve(text));
    req.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        waiters.splice(0).forEach((wake) => wake());
      });
      res.on('close', () => resolve(text));
    });
  });
  req.end(JSON.stringify(body));
  return {
    head,
    text: () => text,
    async until(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(text)) {
        if (Date.now() > deadline) throw new Error(`stream never matched; received ${JSON.stringify(text)}`);
        await new Promise<void>((wake) => {
          waiters.push(wake);
          setTimeout(wake, 50);
        });
      }
      return text;
    },
    done,
    close: () => req.destroy(),
  };
}

/** Upstream streams that send their first event, then hold until released. */
function heldStreams(gw: Gateway, count: number) {
  const held: ServerResponse[] = [];
  const frames = readFixture('anthropic-text');
  const first = frames.slice(0, frames.indexOf('\n\n') + 2);
  gw.fake.script(
    '/a/v1/messages',
    {
      custom: (_request, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
        res.write(first);
        held.push(res);
      },
    },
    count,
  );
  return {
    first,
    held,
    release: (index: number) => held[index].end(frames.slice(first.length)),
  };
}

async function metric(gw: Gateway, name: string): Promise<number> {
  const text = await (await fetch(`${gw.app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes('route="direct"'));
  if (!line) throw new Error(`${name} not in /metrics`);
  return Number(line.split(' ').pop());
}

describe('upstream connection cap (#14 A.1)', () => {
  describe('a stream waiting for a free upstream connection', () => {
    let gw: Gateway;
    beforeAll(async () => {
      gw = await startGatewayWithFake({ env: { UPSTREAM_MAX_CONNECTIONS: '2', SSE_EARLY_HEADERS_MS: '300', SSE_KEEPALIVE_MS: '200' } });
    });
    afterEach(() => gw.fake.reset());
    afterAll(() => gw?.close());

    it('is queued (shown in /metrics), gets 200, SSE headers and keepalives while it waits, then its whole stream', async () => {
      const upstream = heldStreams(gw, 3);
      const url = `${gw.app.url}/v1/messages`;
      const a = openStream(url, STREAM);
      const b = openStream(url, STREAM);
      await a.until((text) => text.includes('message_start'));
      await b.until((text) => text.includes('message_start'));

      const waiting = openStream(url, STREAM);
      const head = await waiting.head;
      expect(head.statusCode).toBe(200);
      expect(head.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(head.headers['x-accel-buffering']).toBe('no');
      await waiting.until((text) => text.includes(KEEPALIVE));
      expect(gw.fake.requestsTo('/a/v1/messages')).toHaveLength(2);
      expect(await metric(gw, 'droid2api_upstream_requests_queued')).toBe(1);
      expect(await metric(gw, 'droid2api_upstream_connections')).toBe(2);

      upstream.release(0);
      // The freed connection takes the waiting request to the upstream, which answers it like the others.
      await waiting.until((text) => text.includes('message_start'));
      upstream.release(2);
      const text = await waiting.done;
      // Keepalive comments, then exactly the upstream's stream.
      expect(text.replace(/^(: keepalive\n\n)+/, '')).toBe(readFixture('anthropic-text'));
      expect(parseSse(text).events.at(-1)?.event).toBe('message_stop');
      expect(await metric(gw, 'droid2api_upstream_requests_queued')).toBe(0);
      upstream.release(1);
      await a.done;
      await b.done;
    });

    it('turns an upstream error that comes after the early headers into an error event in the route format', async () => {
      const body = { type: 'error', error: { type: 'rate_limit_error', message: 'Slow down, please' } };
      gw.fake.script('/a/v1/messages', { status: 429, hangMs: 700, headers: { 'retry-after': '7' }, body });
      const stream = openStream(`${gw.app.url}/v1/messages`, STREAM);
      expect((await stream.head).statusCode).toBe(200);
      const text = await stream.done;
      expect(text.startsWith(KEEPALIVE)).toBe(true);
      const { events } = parseSse(text);
      expect(events).toHaveLength(1);
      expect(events[0].event).toBe('error');
      expect(JSON.parse(events[0].data)).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'Slow down, please' } });
    });

    it.each([
      [
        '/v1/chat/completions',
        '/a/v1/messages',
        { model: 'claude-auto', stream: true, messages: [{ role: 'user', content: 'x' }] },
        (data: any) => expect(data).toEqual({ error: { message: 'busy', type: 'server_error', code: 'upstream_error', param: null } }),
      ],
      [
        '/v1/responses',
        '/o/v1/responses',
        { model: 'gpt-auto', input: 'x', stream: true },
        (data: any) => expect(data).toEqual({ type: 'error', code: 'upstream_error', message: 'busy', param: null }),
      ],
      [
        '/v1/generate',
        '/g/v1/generate',
        { model: 'gemini-auto', stream: true, contents: [{ role: 'user', parts: [{ text: 'x' }] }] },
        (data: any) => expect(data).toEqual({ error: { code: 503, message: 'busy', status: 'UNAVAILABLE' } }),
      ],
    ])('%s: an upstream 503 after the early headers is an error event of that API', async (path, upstreamPath, request, check) => {
      gw.fake.script(upstreamPath, { status: 503, hangMs: 700, body: { error: { message: 'busy' } } });
      const stream = openStream(`${gw.app.url}${path}`, request);
      expect((await stream.head).statusCode).toBe(200);
      const { events, comments } = parseSse(await stream.done);
      expect(comments.length).toBeGreaterThan(0);
      expect(events).toHaveLength(1);
      check(JSON.parse(events[0].data));
    });

    it('still answers with the upstream status when the upstream errs before the early-headers delay', async () => {
      gw.fake.script('/a/v1/messages', { status: 429, headers: { 'retry-after': '7' } });
      const stream = openStream(`${gw.app.url}/v1/messages`, STREAM);
      const head = await stream.head;
      expect(head.statusCode).toBe(429);
      expect(head.headers['retry-after']).toBe('7');
      expect(JSON.parse(await stream.done).type).toBe('error');
    });
  });

  it('allows thousands of connections per origin by default: 300 concurrent streams all start at once', async () => {
    const gw = await startGatewayWithFake();
    const streams: OpenStream[] = [];
    try {
      const upstream = heldStreams(gw, 300);
      for (let i = 0; i < 300; i += 1) streams.push(openStream(`${gw.app.url}/v1/messages`, STREAM));
      await Promise.all(streams.map((stream) => stream.until((text) => text.includes('message_start'), 20_000)));
      expect(upstream.held).toHaveLength(300);
      expect(await metric(gw, 'droid2api_upstream_requests_queued')).toBe(0);
      upstream.held.forEach((_, index) => upstream.release(index));
      await Promise.all(streams.map((stream) => stream.done));
    } finally {
      streams.forEach((stream) => stream.close());
      await gw.close();
    }
  });
});
