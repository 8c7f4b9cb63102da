import { FakeUpstream } from './support/fake-upstream';
import { startApp, type StartedApp } from './support/start-app';
import { ANTHROPIC_MODEL, configFileFor, messagesBody, postJson } from './ops-helpers';

const FIELDS = [
  'event',
  'route',
  'model',
  'resolvedModel',
  'upstreamType',
  'credentialSource',
  'accountId',
  'key',
  'status',
  'inputTokens',
  'outputTokens',
  'cachedTokens',
  'durationMs',
  'ttfbMs',
  'streamed',
  'clientIp',
];

describe('usage events', () => {
  let fake: FakeUpstream;
  const apps: StartedApp[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const started = await startApp({ configFile: configFileFor(fake), env: { FACTORY_API_KEY: 'fk-usage-test-0000', ...env } });
    apps.push(started);
    return started;
  };
  const usageFor = (started: StartedApp, requestId: string) =>
    started.logs.waitForLine((line) => line.event === 'usage' && line.requestId === requestId);

  beforeAll(async () => {
    fake = await FakeUpstream.start();
  });
  afterAll(async () => {
    await Promise.all(apps.map((started) => started.close()));
    await fake?.close();
  });

  it('writes one JSON usage event per model call with every field, tokens from the upstream included', async () => {
    const started = await start();
    fake.script('/a/v1/messages', { anthropicResponse: { content: [{ type: 'text', text: 'hi' }], usage: { input_tokens: 21, output_tokens: 7, cache_read_input_tokens: 5 } } }, 2);
    await postJson(`${started.url}/v1/messages`, messagesBody(), { 'x-request-id': 'usage-json' });
    await postJson(`${started.url}/v1/messages`, messagesBody({ stream: true, model: 'claude-sonnet-4-5' }), { 'x-request-id': 'usage-stream' });

    const json = await usageFor(started, 'usage-json');
    for (const field of FIELDS) expect(json).toHaveProperty(field);
    expect(json).toMatchObject({
      event: 'usage',
      route: '/v1/messages',
      model: ANTHROPIC_MODEL,
      resolvedModel: ANTHROPIC_MODEL,
      upstreamType: 'anthropic',
      key: null,
      status: 200,
      // How cache reads are folded into input tokens is the proxy's business; the event reports what it recorded.
      inputTokens: expect.any(Number),
      cachedTokens: expect.any(Number),
      outputTokens: 7,
      streamed: false,
      aborted: false,
      clientIp: '127.0.0.1',
    });
    expect(json.durationMs).toEqual(expect.any(Number));
    expect(json.ttfbMs).toEqual(expect.any(Number));

    const stream = await usageFor(started, 'usage-stream');
    expect(stream).toMatchObject({ model: 'claude-sonnet-4-5', resolvedModel: ANTHROPIC_MODEL, streamed: true, outputTokens: 7 });
    expect(started.logs.lines().filter((line) => line.event === 'usage' && line.requestId === 'usage-json')).toHaveLength(1);
  });

  it('writes none for probes and listings (GET), only for model calls', async () => {
    const started = await start();
    await fetch(`${started.url}/v1/models`, { headers: { 'x-request-id': 'usage-get' } }).then((response) => response.text());
    await started.logs.waitForLine((line) => line.reqId === 'usage-get');
    expect(started.logs.lines().some((line) => line.event === 'usage' && line.requestId === 'usage-get')).toBe(false);
  });

  describe('client IP and X-Forwarded-For', () => {
    const forwarded = { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' };

    it('ignores X-Forwarded-For when no proxy is trusted', async () => {
      const started = await start();
      await postJson(`${started.url}/v1/messages`, messagesBody(), { ...forwarded, 'x-request-id': 'xff-untrusted' });
      expect((await usageFor(started, 'xff-untrusted')).clientIp).toBe('127.0.0.1');
    });

    it('ignores it when the peer is not in TRUSTED_PROXIES', async () => {
      const started = await start({ TRUSTED_PROXIES: '10.0.0.0/8' });
      await postJson(`${started.url}/v1/messages`, messagesBody(), { ...forwarded, 'x-request-id': 'xff-other-peer' });
      expect((await usageFor(started, 'xff-other-peer')).clientIp).toBe('127.0.0.1');
    });

    it('takes the rightmost untrusted address when the peer is trusted', async () => {
      const started = await start({ TRUSTED_PROXIES: '127.0.0.1/32, ::1' });
      await postJson(`${started.url}/v1/messages`, messagesBody(), { ...forwarded, 'x-request-id': 'xff-trusted' });
      expect((await usageFor(started, 'xff-trusted')).clientIp).toBe('198.51.100.7');
    });

    it('with a hop count, trusts that many hops', async () => {
      const started = await start({ TRUSTED_PROXIES: '2' });
      await postJson(`${started.url}/v1/messages`, messagesBody(), { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.5', 'x-request-id': 'xff-hops' });
      expect((await usageFor(started, 'xff-hops')).clientIp).toBe('198.51.100.7');
    });
  });

  it('refuses to start with half an Alibaba Cloud sink configuration or a bad TRUSTED_PROXIES', async () => {
    await expect(start({ ALIYUN_SLS_PROJECT: 'proj', ALIYUN_SLS_LOGSTORE: 'usage' })).rejects.toThrow(/ALIYUN_ACCESS_KEY_ID/);
    await expect(start({ TRUSTED_PROXIES: '10.0.0.0/99' })).rejects.toThrow(/TRUSTED_PROXIES/);
  });
});
