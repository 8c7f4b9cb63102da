import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFileFor, envFor } from './auth-helpers';
import { FakeUpstream } from './support/fake-upstream';
import { rawPost, startGatewayWithFake, type Gateway } from './support/gateway-fixture';
import { startApp } from './support/start-app';

/** What a new user trips over first: messages that say what is wrong, and log lines that can be traced to a request. */
describe('first use', () => {
  describe('a body sent without a JSON content type', () => {
    let gw: Gateway;

    beforeAll(async () => {
      gw = await startGatewayWithFake();
    });
    afterAll(() => gw.close());

    const body = JSON.stringify({ model: 'claude-auto', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });

    it.each([
      ['/v1/chat/completions', 'text/plain;charset=UTF-8', (json: any) => json.error],
      ['/v1/messages', 'application/x-www-form-urlencoded', (json: any) => json.error],
      ['/v1/responses', undefined, (json: any) => json.error],
      ['/v1/generate', 'text/plain', (json: any) => json.error],
    ])('%s with %s is a 415 that names the content type, in the route format', async (path, contentType, errorOf) => {
      const reply = await post(`${gw.app.url}${path}`, body, contentType);
      expect(reply.status).toBe(415);
      const message = String(errorOf(reply.json()).message);
      expect(message).toContain('Content-Type must be application/json');
      expect(message).toContain(contentType ? `"${contentType}"` : 'none was sent');
      if (path === '/v1/messages') expect(reply.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
      expect(gw.fake.requests).toHaveLength(0);
    });

    it('still answers a JSON body with a charset and no body at all as before', async () => {
      const ok = await post(`${gw.app.url}/v1/messages`, body, 'application/json; charset=utf-8');
      expect(ok.status).toBe(200);
      const empty = await post(`${gw.app.url}/v1/messages`, '', undefined);
      expect(empty.status).toBe(400);
      expect(empty.json().error.message).toBe('The request body must be a JSON object');
    });
  });

  it('the "request failed" error line carries the request id the client got back', async () => {
    const gw = await startGatewayWithFake({ upstreamBase: `http://127.0.0.1:${await closedPort()}` });
    try {
      const reply = await rawPost(`${gw.app.url}/v1/messages`, { model: 'claude-auto', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
      expect(reply.status).toBe(502);
      const requestId = reply.headers['x-request-id'];
      expect(requestId).toEqual(expect.any(String));
      const line = await gw.app.logs.waitForLine((entry) => entry.msg === 'request failed');
      expect(line).toMatchObject({ level: 'error', reqId: requestId, path: '/v1/messages' });
    } finally {
      await gw.close();
    }
  });

  it('counts accounts in words that agree: "1 account", not "1 accounts"', async () => {
    const fake = await FakeUpstream.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'first-use-e2e-'));
    // One account whose refresh WorkOS keeps failing: not disabled, just without a token.
    fake.workos.seedRefreshToken('rt-only', { email: 'only@example.com' });
    fake.workos.failNextRefreshes(100, 500);
    writeFileSync(join(dataDir, 'accounts.json'), JSON.stringify({ version: 1, accounts: [{ id: 'acc_only', refresh_token: 'rt-only' }] }));
    const app = await startApp({ configFile: configFileFor(fake), env: envFor(fake, { DATA_DIR: dataDir }) });
    try {
      const reply = await rawPost(`${app.url}/v1/messages`, { model: 'claude-sonnet-4-5-20250929', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }, { 'anthropic-version': '2023-06-01' });
      expect(reply.status).toBe(503);
      expect(reply.json().error.message).toContain('(1 account, 0 disabled)');
    } finally {
      await app.close();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

it('a rate limit of one says "1 request per minute"', async () => {
  const app = await startApp({ env: { RATE_LIMIT_PER_MINUTE: '1' } });
  try {
    expect((await fetch(`${app.url}/v1/models`)).status).toBe(200);
    const limited = await fetch(`${app.url}/v1/models`);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/^Rate limit of 1 request per minute exceeded; retry in \d+ s$/);
  } finally {
    await app.close();
  }
});

describe('an open gateway', () => {
  const WARNING = /^Open gateway: it listens on all interfaces \(0\.0\.0\.0\) port 3000 with FACTORY_API_KEY and no inbound keys, .* Set PROXY_API_KEYS \(or PROXY_API_KEYS_FILE\) to require a key/;

  const startWith = async (env: Record<string, string>) => {
    const app = await startApp({ env: { PORT: '3000', ...env } });
    const health = (await (await fetch(`${app.url}/health`)).json()) as { status: string; details: { access: Record<string, unknown> } };
    const warnings = app.logs.lines().filter((line) => line.level === 'warn' && /^Open gateway/.test(String(line.msg)));
    await app.close();
    return { health, warnings };
  };

  it('says so once at start, plainly, naming the variable that closes it, and on /health', async () => {
    const { health, warnings } = await startWith({ FACTORY_API_KEY: 'fk-open-gateway-e2e' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(WARNING);
    expect(health.status).toBe('ok');
    expect(health.details.access).toEqual({ status: 'up', inboundKeys: false, open: true, warning: warnings[0].msg });
  });

  it.each([
    ['with inbound keys', { FACTORY_API_KEY: 'fk-open-gateway-e2e', PROXY_API_KEYS: 'ci:sk-open-gateway-e2e-0123456789' }],
    ['bound to loopback', { FACTORY_API_KEY: 'fk-open-gateway-e2e', HOST: '127.0.0.1' }],
    ['in client mode', {}],
  ])('stays quiet %s', async (_name, env) => {
    const { health, warnings } = await startWith(env);
    expect(warnings).toEqual([]);
    expect(health.details.access).toMatchObject({ status: 'up', open: false });
  });
});

/** A POST with this content type, or none at all (which the shared rawPost cannot send). */
function post(url: string, body: string, contentType: string | undefined): Promise<{ status: number; json(): any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(body) };
    if (contentType !== undefined) headers['content-type'] = contentType;
    const req = httpRequest(url, { method: 'POST', agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
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
