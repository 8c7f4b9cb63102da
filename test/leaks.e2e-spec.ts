import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFileFor, envFor } from './auth-helpers';
import { FakeUpstream } from './support/fake-upstream';
import { rawPost, startGatewayWithFake, type Gateway } from './support/gateway-fixture';
import { startApp } from './support/start-app';

/**
 * What must not leak out of the gateway, or come back unreadable: credentials in dev-mode log dumps, internal upstream
 * and WorkOS addresses in client error bodies, and oversized headers answered with an empty error.
 */

const MESSAGE = { model: 'claude-auto', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] };
const CHAT = { model: 'claude-auto', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] };
const RESPONSE = { model: 'gpt-auto', input: 'hi' };
const GENERATE = { model: 'gemini-auto', contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };

const ROUTES = [
  ['/v1/chat/completions', CHAT, (json: any) => json.error.message],
  ['/v1/messages', MESSAGE, (json: any) => json.type === 'error' && json.error.message],
  ['/v1/messages/count_tokens', { model: 'claude-auto', messages: MESSAGE.messages }, (json: any) => json.type === 'error' && json.error.message],
  ['/v1/responses', RESPONSE, (json: any) => json.error.message],
  ['/v1/generate', GENERATE, (json: any) => json.error.message],
] as const;

describe('leaks', () => {
  describe('dev_mode request dumps', () => {
    let gw: Gateway;

    beforeAll(async () => {
      gw = await startGatewayWithFake({ configFile: { dev_mode: true } });
    });
    afterAll(() => gw.close());

    it('redact every secret-looking header and body key by name, on every route', async () => {
      const secrets = Array.from({ length: 17 }, (_, index) => `planted-secret-${index}-c81f`);
      const headers = {
        authorization: `Bearer ${secrets[0]}`,
        'x-api-key': secrets[1],
        'x-goog-api-key': secrets[2],
        'api-key': secrets[3],
        'anthropic-api-key': secrets[4],
        'x-auth-token': secrets[5],
        cookie: `session=${secrets[6]}`,
        'proxy-authorization': `Basic ${secrets[7]}`,
        'x-forwarded-credential': `Bearer ${secrets[8]}`,
      };
      const extra = {
        key: secrets[9],
        tokens: [secrets[10]],
        api_key: secrets[11],
        client_secret: secrets[12],
        metadata: { user_id: 'u-1', password: secrets[13], refresh_token: secrets[14], nested: [{ apiKey: secrets[15] }] },
        access_token: secrets[16],
      };
      for (const [path, body] of ROUTES) {
        const reply = await rawPost(`${gw.app.url}${path}`, { ...body, ...extra }, { ...headers, 'x-request-id': `dump-${path.replaceAll('/', '-')}` });
        expect(reply.status).toBeLessThan(500);
      }
      for (const [path] of ROUTES) {
        const line = await gw.app.logs.waitForLine((entry) => entry.reqId === `dump-${path.replaceAll('/', '-')}` && entry.msg === 'request');
        // The dump is there, with the harmless fields in clear, so the scan below is not vacuous.
        expect(line).toMatchObject({
          headers: { authorization: '[redacted]', 'x-goog-api-key': '[redacted]', 'content-type': 'application/json' },
          body: { key: '[redacted]', tokens: '[redacted]', metadata: { user_id: 'u-1', password: '[redacted]' } },
        });
      }
      const logged = gw.app.logs.text();
      for (const secret of secrets) expect(logged).not.toContain(secret);
      expect(logged).toContain('"max_tokens":8');
    });
  });

  describe('upstream addresses', () => {
    it('a refused upstream connection says "upstream unreachable" on every route; the address is only in the log', async () => {
      const port = await closedPort();
      const gw = await startGatewayWithFake({ upstreamBase: `http://127.0.0.1:${port}` });
      try {
        for (const [path, body, messageOf] of ROUTES) {
          for (const stream of path.includes('count_tokens') ? [false] : [false, true]) {
            const reply = await rawPost(`${gw.app.url}${path}`, { ...body, stream });
            expect([path, stream, reply.status]).toEqual([path, stream, 502]);
            expect(messageOf(reply.json())).toBe('Upstream unreachable (ECONNREFUSED)');
            expect(reply.text).not.toContain(String(port));
            expect(reply.text).not.toContain('127.0.0.1');
          }
        }
        const line = await gw.app.logs.waitForLine((entry) => entry.msg === 'request failed');
        expect(line).toMatchObject({ upstream: `http://127.0.0.1:${port}`, err: 'UpstreamError: Upstream unreachable (ECONNREFUSED)' });
      } finally {
        await gw.close();
      }
    });

    it('an unreachable WorkOS is reported without its address; the address is only in the log', async () => {
      const fake = await FakeUpstream.start();
      const port = await closedPort();
      const dataDir = mkdtempSync(join(tmpdir(), 'leaks-e2e-'));
      const app = await startApp({
        configFile: configFileFor(fake),
        env: envFor(fake, { DROID_REFRESH_KEY: 'rt-leaks-e2e', DATA_DIR: dataDir, WORKOS_AUTH_URL: `http://127.0.0.1:${port}/user_management/authenticate` }),
      });
      try {
        await app.logs.waitForLine((entry) => entry.msg === 'WorkOS call failed');
        const reply = await rawPost(`${app.url}/v1/messages`, { ...MESSAGE, model: 'claude-sonnet-4-5-20250929' });
        expect(reply.status).toBe(503);
        expect(reply.json().error.message).toContain('WorkOS refresh failed: Upstream unreachable (ECONNREFUSED)');
        expect(reply.text).not.toContain(String(port));
        const health = await (await fetch(`${app.url}/health`)).text();
        expect(health).not.toContain(String(port));
        expect(app.logs.text()).toContain(`http://127.0.0.1:${port}`);
      } finally {
        await app.close();
        await fake.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });

  describe('oversized headers', () => {
    let gw: Gateway;

    beforeAll(async () => {
      gw = await startGatewayWithFake();
    });
    afterAll(() => gw.close());
    beforeEach(() => gw.fake.reset());

    it.each(ROUTES)('%s: a forwarded client header over the bound is a 431 in the route format, never sent upstream', async (path, body, messageOf) => {
      const reply = await rawPost(`${gw.app.url}${path}`, body, { 'x-session-id': 's'.repeat(10_000) });
      expect(reply.status).toBe(431);
      expect(messageOf(reply.json())).toBe('Header x-session-id is 10000 bytes; at most 2048 bytes of a header are forwarded upstream');
      expect(gw.fake.requests).toHaveLength(0);
    });

    it.each(ROUTES)('%s: headers over Node’s own limit are a 431 in the route format, not an empty answer', async (path, _body, messageOf) => {
      const reply = await postWithHeader(`${gw.app.url}${path}`, 'x-padding', 'p'.repeat(20_000));
      expect(reply.status).toBe(431);
      expect(reply.contentType).toBe('application/json');
      expect(messageOf(JSON.parse(reply.text))).toBe('Request headers are too large');
    });

    it.each(ROUTES.filter(([path]) => path !== '/v1/chat/completions'))(
      '%s: an upstream error without a body still reaches the client in the route format',
      async (path, body, messageOf) => {
        gw.fake.script(path === '/v1/generate' ? '/g/v1/generate' : path === '/v1/responses' ? '/o/v1/responses' : '/a/v1/messages', { status: 400, body: '' });
        const reply = await rawPost(`${gw.app.url}${path}`, body);
        expect(reply.status).toBe(400);
        expect(messageOf(reply.json())).toBe('Upstream answered 400 without a body');
      },
    );

    it.each(ROUTES.filter(([path]) => path !== '/v1/chat/completions'))(
      '%s: an upstream error with an empty chunked body still reaches the client in the route format',
      async (path, body, messageOf) => {
        gw.fake.script(path === '/v1/generate' ? '/g/v1/generate' : path === '/v1/responses' ? '/o/v1/responses' : '/a/v1/messages', {
          custom: (_request, res) => {
            // No length: the body's emptiness is known only when it ends, after the status went through.
            res.writeHead(502, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
            res.end();
          },
        });
        const reply = await rawPost(`${gw.app.url}${path}`, body);
        expect(reply.status).toBe(502);
        expect(messageOf(reply.json())).toBe('Upstream answered 502 without a body');
      },
    );
  });
});

/** A POST carrying one extra header of any size (the shared helpers build their header objects themselves). */
function postWithHeader(url: string, name: string, value: string): Promise<{ status: number; contentType?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(MESSAGE);
    const req = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), [name]: value },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.end(body);
  });
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
