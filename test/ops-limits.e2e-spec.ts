import { startApp, type StartedApp } from './support/start-app';
import { call, messagesBody, postJson } from './ops-helpers';

const KEY_A = 'sk-limit-a-0123456789abcdef';
const KEY_B = 'sk-limit-b-0123456789abcdef';

describe('rate limit', () => {
  const apps: StartedApp[] = [];
  afterAll(() => Promise.all(apps.map((started) => started.close())));
  const start = async (env: Record<string, string>) => {
    const started = await startApp({ env });
    apps.push(started);
    return started;
  };

  it('answers 429 with Retry-After in the route format once a key has used its allowance; other keys go on', async () => {
    const started = await start({ RATE_LIMIT_PER_MINUTE: '2', PROXY_API_KEYS: `a:${KEY_A},b:${KEY_B}` });
    const models = (key: string) => call(`${started.url}/v1/models`, { headers: { 'x-api-key': key } });
    expect((await models(KEY_A)).status).toBe(200);
    expect((await models(KEY_A)).status).toBe(200);

    const limited = await models(KEY_A);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(limited.json).toEqual({ error: { message: expect.stringContaining('"a"'), type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null } });

    const anthropic = await postJson(`${started.url}/v1/messages`, messagesBody(), { 'x-api-key': KEY_A });
    expect(anthropic.status).toBe(429);
    expect(anthropic.json).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: expect.any(String) } });
    expect(anthropic.headers.get('retry-after')).toMatch(/^\d+$/);

    expect((await models(KEY_B)).status).toBe(200);
    expect((await call(`${started.url}/health/live`)).status).toBe(200);
    // A refused key is a 401, not a 429: the limit is counted per authenticated key.
    expect((await models('sk-not-a-key-0000000000')).status).toBe(401);
  });

  it('limits per client IP when no keys are configured, and not at all when unset', async () => {
    const limited = await start({ RATE_LIMIT_PER_MINUTE: '1' });
    expect((await call(`${limited.url}/v1/models`)).status).toBe(200);
    const second = await postJson(`${limited.url}/v1/generate`, { model: 'gemini-3-pro-preview', contents: [] });
    expect(second.status).toBe(429);
    expect(second.json).toEqual({ error: { code: 429, message: expect.any(String), status: 'RESOURCE_EXHAUSTED' } });

    const open = await start({});
    for (let i = 0; i < 5; i++) expect((await call(`${open.url}/v1/models`)).status).toBe(200);
  });
});

describe('CORS and security headers', () => {
  const apps: StartedApp[] = [];
  afterAll(() => Promise.all(apps.map((started) => started.close())));
  const start = async (env: Record<string, string> = {}) => {
    const started = await startApp({ env });
    apps.push(started);
    return started;
  };
  const preflight = (url: string, origin: string, headers = 'x-api-key, anthropic-version, anthropic-beta, content-type, x-stainless-os, x-stainless-retry-count') =>
    fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers } });

  it('with CORS_ORIGINS=*, answers preflights for any origin, without a key even when keys are on, allowing the SDK headers', async () => {
    const started = await start({ PROXY_API_KEYS: `a:${KEY_A}`, CORS_ORIGINS: '*' });
    const response = await preflight(`${started.url}/v1/messages`, 'https://chat.example.com');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = response.headers.get('access-control-allow-headers')!.split(', ');
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'x-api-key', 'anthropic-version', 'anthropic-beta', 'content-type', 'x-stainless-os', 'x-stainless-retry-count']));
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();

    const actual = await call(`${started.url}/v1/models`, { headers: { origin: 'https://chat.example.com', 'x-api-key': KEY_A } });
    expect(actual.status).toBe(200);
    expect(actual.headers.get('access-control-allow-origin')).toBe('*');
    expect(actual.headers.get('access-control-expose-headers')).toContain('retry-after');
    // Errors carry the CORS headers too, so browser code can read why it was refused.
    const refused = await call(`${started.url}/v1/models`, { headers: { origin: 'https://chat.example.com' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('with CORS_ORIGINS, allows only the listed origins', async () => {
    const started = await start({ CORS_ORIGINS: 'https://chat.example.com, https://admin.example.com' });
    const listed = await preflight(`${started.url}/v1/chat/completions`, 'https://admin.example.com');
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    expect(listed.headers.get('vary')).toMatch(/Origin/);

    const other = await preflight(`${started.url}/v1/chat/completions`, 'https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-headers')).toBeNull();
    const otherGet = await call(`${started.url}/v1/models`, { headers: { origin: 'https://evil.example.net' } });
    expect(otherGet.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends API security headers on answers and errors, and no x-powered-by', async () => {
    const started = await start();
    for (const reply of [await call(`${started.url}/v1/models`), await call(`${started.url}/nowhere`), await call(`${started.url}/metrics`)]) {
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('x-frame-options')).toBe('DENY');
      expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
      expect(reply.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(reply.headers.get('x-powered-by')).toBeNull();
      expect(reply.headers.get('strict-transport-security')).toBeNull();
    }
  });
});
