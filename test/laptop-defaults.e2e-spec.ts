import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { rawPost, startGatewayWithFake, type Gateway } from './support/gateway-fixture';
import { startApp, type StartedApp } from './support/start-app';

/**
 * Safe defaults for a gateway started on a developer's laptop: no cross-origin access, no DNS rebinding while no
 * inbound keys are set, and clients that cannot hold connections with slow requests or open without limit.
 */

const KEY = 'sk-laptop-e2e-0123456789abcdef';
const MESSAGE = { model: 'claude-auto', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] };

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A request with any Host header (fetch cannot set one). */
function send(url: string, options: { method?: string; host?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.host !== undefined) headers.host = options.host;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = httpRequest(url, { method: options.method ?? 'GET', agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A raw TCP connection to the gateway, collecting everything it answers until it closes. */
function rawConnection(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

function jsonBodyOf(raw: string): any {
  return JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
}

describe('laptop defaults', () => {
  describe('CORS', () => {
    const apps: StartedApp[] = [];
    afterAll(() => Promise.all(apps.map((app) => app.close())));
    const start = async (env: Record<string, string> = {}) => {
      const app = await startApp({ env });
      apps.push(app);
      return app;
    };

    it('allows no cross-origin call by default: a page elsewhere cannot read or preflight the API', async () => {
      const app = await start();
      const preflight = await fetch(`${app.url}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: { origin: 'https://any-page.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
      const read = await fetch(`${app.url}/v1/models`, { headers: { origin: 'https://any-page.example' } });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('CORS_ORIGINS=* still opens it to any origin on purpose', async () => {
      const app = await start({ CORS_ORIGINS: '*' });
      const read = await fetch(`${app.url}/v1/models`, { headers: { origin: 'https://any-page.example' } });
      expect(read.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  describe('Host check without inbound keys (DNS rebinding)', () => {
    let gw: Gateway;
    let keyed: StartedApp;

    beforeAll(async () => {
      gw = await startGatewayWithFake({ env: { ALLOWED_HOSTS: 'droid2api.example.com,.svc.cluster.local' } });
      keyed = await startApp({ env: { PROXY_API_KEYS: `ci:${KEY}` } });
    });
    afterAll(async () => {
      await gw.close();
      await keyed.close();
    });

    it.each([
      ['/v1/models', (json: any) => json.error],
      ['/v1/messages', (json: any) => json.type === 'error' && json.error],
      ['/v1/generate', (json: any) => json.error],
      ['/health', (json: any) => json.error],
    ])('%s: a rebinding page’s Host is refused with a 403 in the route format', async (path, errorOf) => {
      const answer = await send(`${gw.app.url}${path}`, { method: path === '/v1/models' || path === '/health' ? 'GET' : 'POST', host: 'attacker.example:3000', body: path.startsWith('/v1/m') && path !== '/v1/models' ? JSON.stringify(MESSAGE) : undefined });
      expect(answer.status).toBe(403);
      expect(answer.headers.connection).toBe('close');
      expect(errorOf(JSON.parse(answer.text)).message).toBe(
        'Host "attacker.example:3000" is not served: without inbound keys (PROXY_API_KEYS) the gateway answers only localhost, IP addresses and the names in ALLOWED_HOSTS',
      );
      expect(gw.fake.requests).toHaveLength(0);
    });

    it.each(['localhost:3000', '127.0.0.1', '[::1]:3000', '10.42.0.17:3000', 'droid2api.example.com', 'droid2api.default.svc.cluster.local:3000'])(
      'serves Host %s (loopback, IP literals such as a probe’s pod IP, ALLOWED_HOSTS)',
      async (host) => {
        expect((await send(`${gw.app.url}/v1/models`, { host })).status).toBe(200);
        expect((await send(`${gw.app.url}/health/live`, { host })).status).toBe(200);
      },
    );

    it('a POST from an allowed name reaches the upstream', async () => {
      const answer = await send(`${gw.app.url}/v1/messages`, { method: 'POST', host: 'droid2api.example.com', body: JSON.stringify(MESSAGE) });
      expect(answer.status).toBe(200);
    });

    it('with inbound keys on, the key is the guard and any Host is served', async () => {
      expect((await send(`${keyed.url}/v1/models`, { host: 'attacker.example' })).status).toBe(401);
      expect((await send(`${keyed.url}/v1/models`, { host: 'attacker.example', headers: { 'x-api-key': KEY } })).status).toBe(200);
    });
  });

  describe('request timeouts and the connection cap', () => {
    let gw: Gateway;

    beforeAll(async () => {
      gw = await startGatewayWithFake({
        env: { HTTP_HEADERS_TIMEOUT_MS: '400', HTTP_REQUEST_TIMEOUT_MS: '800', HTTP_KEEPALIVE_TIMEOUT_MS: '10000', HTTP_MAX_CONNECTIONS: '3' },
      });
    });
    afterAll(() => gw.close());

    it('headers that never finish are cut with a 408 in JSON', async () => {
      const started = Date.now();
      const connection = await rawConnection(gw.app.port);
      connection.socket.write('GET /v1/models HTTP/1.1\r\nHost: localhost\r\nx-slow: ');
      await connection.closed;
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(jsonBodyOf(connection.received())).toEqual({ error: { message: 'The request was not received in time', type: 'invalid_request_error', code: 'request_timeout', param: null } });
    });

    it('a body that stops arriving is cut with a 408 in the route format', async () => {
      const connection = await rawConnection(gw.app.port);
      connection.socket.write('POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"model":');
      await connection.closed;
      expect(connection.received()).toMatch(/^HTTP\/1\.1 408 /);
      expect(jsonBodyOf(connection.received())).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: 'The request was not received in time' } });
      expect(gw.fake.requests).toHaveLength(0);
    });

    it('an idle keep-alive connection outlives the request timeouts and serves its next request', async () => {
      const connection = await rawConnection(gw.app.port);
      connection.socket.write('GET /v1/models HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      connection.socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(connection.received().match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
      connection.socket.destroy();
    });

    it('a stream answering for longer than the request timeout is not cut', async () => {
      gw.fake.script('/a/v1/messages', { sseFixture: 'anthropic-text', delayMs: 250 });
      const started = Date.now();
      const reply = await rawPost(`${gw.app.url}/v1/messages`, { ...MESSAGE, stream: true });
      expect(Date.now() - started).toBeGreaterThan(1_200);
      expect(reply.status).toBe(200);
      expect(reply.text).toContain('event: message_stop');
    });

    it('closes connections past HTTP_MAX_CONNECTIONS on arrival, and accepts again once one closes', async () => {
      const held = await Promise.all([rawConnection(gw.app.port), rawConnection(gw.app.port), rawConnection(gw.app.port)]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = await rawConnection(gw.app.port);
      refused.socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n');
      await refused.closed;
      expect(refused.received()).toBe('');
      await gw.app.logs.waitForLine((line) => line.msg === 'connection cap reached: new client connections are closed (HTTP_MAX_CONNECTIONS)');

      held[0].socket.destroy();
      await held[0].closed;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await send(`${gw.app.url}/health/live`)).status).toBe(200);
      for (const connection of held) connection.socket.destroy();
    });
  });
});
