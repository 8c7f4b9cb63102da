import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeUpstream } from './support/fake-upstream';
import { startApp, type StartedApp } from './support/start-app';
import { ANTHROPIC_MODEL, call, configFileFor, messagesBody, metric, postJson, scrape, until } from './ops-helpers';

const CI_KEY = 'sk-gw-ci-4b1d0c7e9a2f6d3b';
const BARE_KEY = 'sk-gw-bare-77e1c0a9d4f2b6a8';
const METRICS_KEY = 'metrics-scrape-5a0e2c9b7d1f';
const UPSTREAM_KEY = 'fk-upstream-e3a9c1b7d5f2';

describe('inbound access keys', () => {
  let fake: FakeUpstream;
  let started: StartedApp;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    started = await startApp({
      configFile: configFileFor(fake),
      env: { PROXY_API_KEYS: `ci:${CI_KEY}, ${BARE_KEY}`, FACTORY_API_KEY: UPSTREAM_KEY, METRICS_API_KEY: METRICS_KEY },
    });
  });
  afterAll(async () => {
    await started?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  describe('without a valid key /v1/* is 401 in each route family format', () => {
    it('OpenAI routes', async () => {
      for (const reply of [
        await call(`${started.url}/v1/models`),
        await postJson(`${started.url}/v1/chat/completions`, { model: 'gpt-5.1', messages: [] }),
        await postJson(`${started.url}/v1/responses`, { model: 'gpt-5.1', input: 'hi' }),
      ]) {
        expect(reply.status).toBe(401);
        expect(reply.json).toEqual({ error: { message: expect.stringMatching(/API key/), type: 'authentication_error', code: 'invalid_api_key', param: null } });
        expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    });

    it('Anthropic routes', async () => {
      for (const path of ['/v1/messages', '/v1/messages/count_tokens']) {
        const reply = await postJson(`${started.url}${path}`, messagesBody(), { 'x-api-key': 'sk-wrong-key-000000000000' });
        expect(reply.status).toBe(401);
        expect(reply.json).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'Invalid API key' } });
      }
    });

    it('the Google route', async () => {
      const reply = await postJson(`${started.url}/v1/generate`, { model: 'gemini-3-pro-preview', contents: [] }, { authorization: `Bearer ${CI_KEY}x` });
      expect(reply.status).toBe(401);
      expect(reply.json).toEqual({ error: { code: 401, message: 'Invalid API key', status: 'UNAUTHENTICATED' } });
    });

    it('whatever the spelling Express would still route (case, trailing slash), and before the body is read', async () => {
      expect((await call(`${started.url}/V1/MODELS`)).status).toBe(401);
      expect((await call(`${started.url}/v1/models/`)).status).toBe(401);
      // Malformed JSON would be a 400 if the body were parsed first.
      const reply = await call(`${started.url}/v1/messages`, { method: 'POST', body: '{not json', headers: { 'content-type': 'application/json' } });
      expect(reply.status).toBe(401);
      expect(fake.requests).toHaveLength(0);
    });
  });

  it('accepts x-api-key (Claude Code) and Authorization: Bearer (OpenAI SDKs)', async () => {
    const viaApiKey = await postJson(`${started.url}/v1/messages`, messagesBody(), { 'x-api-key': CI_KEY, 'anthropic-version': '2023-06-01' });
    expect(viaApiKey.status).toBe(200);
    expect(viaApiKey.json).toMatchObject({ type: 'message' });
    const viaBearer = await call(`${started.url}/v1/models`, { headers: { authorization: `Bearer ${BARE_KEY}` } });
    expect(viaBearer.status).toBe(200);
  });

  it('never forwards the client key upstream: Factory sees the configured credential only', async () => {
    await postJson(`${started.url}/v1/messages`, messagesBody(), { 'x-api-key': CI_KEY, authorization: `Bearer ${CI_KEY}` });
    const upstream = fake.lastRequest('/a/v1/messages')!;
    expect(upstream.headers.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(JSON.stringify(upstream.headers)).not.toContain(CI_KEY);
  });

  it('names the key in the usage event and the metrics, never the key itself', async () => {
    const reply = await postJson(`${started.url}/v1/messages`, messagesBody(), { 'x-api-key': CI_KEY, 'x-request-id': 'ops-access-usage' });
    expect(reply.status).toBe(200);
    const usage = await started.logs.waitForLine((line) => line.event === 'usage' && line.requestId === 'ops-access-usage');
    expect(usage).toMatchObject({ key: 'ci', route: '/v1/messages', status: 200, model: ANTHROPIC_MODEL });
    const bare = await call(`${started.url}/v1/models`, { headers: { authorization: `Bearer ${BARE_KEY}` } });
    expect(bare.status).toBe(200);

    const text = await scrape(started.url, { authorization: `Bearer ${METRICS_KEY}` });
    expect(metric(text, 'droid2api_requests_total', { route: '/v1/messages', status: '200', key: 'ci' })).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'droid2api_requests_total', { route: '/v1/models', key: 'key-2' })).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'droid2api_inbound_auth_failures_total', { reason: 'missing' })).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'droid2api_inbound_auth_failures_total', { reason: 'invalid' })).toBeGreaterThanOrEqual(1);
    expect(metric(text, 'droid2api_requests_total', { status: '401', key: 'none' })).toBeGreaterThanOrEqual(1);

    for (const secret of [CI_KEY, BARE_KEY, METRICS_KEY, UPSTREAM_KEY]) {
      expect(started.logs.text()).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
  });

  it('writes no usage event for refused requests', async () => {
    await postJson(`${started.url}/v1/messages`, messagesBody(), { 'x-request-id': 'ops-access-refused' });
    await started.logs.waitForLine((line) => line.reqId === 'ops-access-refused');
    expect(started.logs.lines().filter((line) => line.event === 'usage' && line.requestId === 'ops-access-refused')).toEqual([]);
  });

  it('leaves /, /health and /health/live open', async () => {
    expect((await call(`${started.url}/`)).status).toBe(200);
    expect((await call(`${started.url}/health/live`)).status).toBe(200);
    expect([200, 503]).toContain((await call(`${started.url}/health`)).status);
  });

  it('protects /metrics with METRICS_API_KEY only (a client key does not open it)', async () => {
    expect((await call(`${started.url}/metrics`)).status).toBe(401);
    expect((await call(`${started.url}/metrics`, { headers: { authorization: `Bearer ${CI_KEY}` } })).status).toBe(401);
    expect((await call(`${started.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_KEY}` } })).status).toBe(200);
    expect((await call(`${started.url}/metrics`, { headers: { 'x-api-key': METRICS_KEY } })).status).toBe(200);
  });
});

describe('inbound keys with no upstream credential configured', () => {
  it('does not fall back to the client credential: the inbound key never becomes the upstream one', async () => {
    const fake = await FakeUpstream.start();
    const started = await startApp({ configFile: configFileFor(fake), env: { PROXY_API_KEYS: `ci:${CI_KEY}` } });
    try {
      const reply = await postJson(`${started.url}/v1/messages`, messagesBody(), { 'x-api-key': CI_KEY });
      // The client is let in, but the gateway has nothing to call Factory with: a gateway-side 503, not the client's key.
      expect(reply.status).toBe(503);
      expect(reply.json).toMatchObject({ type: 'error', error: { message: expect.stringContaining('client credentials are never forwarded') } });
      expect(fake.requests).toHaveLength(0);
      expect((await fetch(`${started.url}/health`)).status).toBe(503);
    } finally {
      await started.close();
      await fake.close();
    }
  });
});

describe('PROXY_API_KEYS_FILE', () => {
  it('rotates keys without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'droid2api-ops-keys-'));
    const file = join(dir, 'keys');
    writeFileSync(file, `# team keys\nci:${CI_KEY}\n`);
    const started = await startApp({ env: { PROXY_API_KEYS_FILE: file } });
    const models = (key: string) => call(`${started.url}/v1/models`, { headers: { 'x-api-key': key } });
    try {
      expect((await models(CI_KEY)).status).toBe(200);
      expect((await models(BARE_KEY)).status).toBe(401);

      // Written beside and renamed over, as Kubernetes and editors replace files.
      writeFileSync(join(dir, 'keys.tmp'), `rotated:${BARE_KEY}\n`);
      renameSync(join(dir, 'keys.tmp'), file);
      await until(async () => (await models(BARE_KEY)).status === 200, 5_000, 'the rotated key');
      expect((await models(CI_KEY)).status).toBe(401);
      await call(`${started.url}/v1/models`, { headers: { 'x-api-key': BARE_KEY, 'x-request-id': 'ops-rotated' } });
      expect(started.logs.text()).not.toContain(BARE_KEY);
    } finally {
      await started.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
