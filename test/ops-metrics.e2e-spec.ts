import { FakeUpstream } from './support/fake-upstream';
import { startApp, type StartedApp } from './support/start-app';
import { ANTHROPIC_MODEL, call, configFileFor, messagesBody, metric, postJson, scrape, until } from './ops-helpers';

const SERIES = [
  'droid2api_requests_total',
  'droid2api_upstream_latency_seconds',
  'droid2api_upstream_ttfb_seconds',
  'droid2api_active_streams',
  'droid2api_streamed_bytes_total',
  'droid2api_token_refreshes_total',
  'droid2api_inbound_auth_failures_total',
  'droid2api_usage_sink_dropped_total',
  'droid2api_accounts',
  'droid2api_account_health_score',
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_seconds',
];

describe('Prometheus /metrics', () => {
  let fake: FakeUpstream;
  let started: StartedApp;

  beforeAll(async () => {
    fake = await FakeUpstream.start();
    started = await startApp({ configFile: configFileFor(fake), env: { FACTORY_API_KEY: 'fk-metrics-test-0000' } });
  });
  afterAll(async () => {
    await started?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('scrapes in Prometheus text format with every series, process metrics included', async () => {
    const reply = await call(`${started.url}/metrics`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const name of SERIES) expect(reply.text).toMatch(new RegExp(`^# TYPE ${name} (counter|gauge|histogram|summary)$`, 'm'));
  });

  it('counts requests by route pattern, configured model, status and key, and times the upstream', async () => {
    const before = await scrape(started.url);
    const labels = { route: '/v1/messages', model: ANTHROPIC_MODEL, status: '200', key: 'none' };
    expect((await postJson(`${started.url}/v1/messages`, messagesBody())).status).toBe(200);
    expect((await postJson(`${started.url}/v1/messages`, messagesBody({ stream: true }))).status).toBe(200);
    expect((await call(`${started.url}/v1/models/gpt-5.1`)).status).toBe(200);
    await call(`${started.url}/no/such/path/${Date.now()}`);

    let after = '';
    await until(async () => {
      after = await scrape(started.url);
      return metric(after, 'droid2api_requests_total', labels) - metric(before, 'droid2api_requests_total', labels) === 2;
    }, 5_000, 'two counted /v1/messages requests');
    const grew = (name: string, l: Record<string, string>) => metric(after, name, l) - metric(before, name, l);
    expect(grew('droid2api_requests_total', { route: '/v1/models/:id', status: '200' })).toBe(1);
    expect(grew('droid2api_requests_total', { route: 'unmatched', status: '404', model: 'unknown' })).toBe(1);
    expect(grew('droid2api_upstream_latency_seconds_count', { upstream_type: 'anthropic' })).toBe(2);
    expect(grew('droid2api_upstream_ttfb_seconds_count', { upstream_type: 'anthropic' })).toBe(2);
    expect(grew('droid2api_streamed_bytes_total', { upstream_type: 'anthropic' })).toBeGreaterThan(100);
    // The raw path of a 404 never becomes a label.
    expect(after).not.toContain('/no/such/path');
  });

  it('labels a model that is not configured `unknown`, so clients cannot grow the label set', async () => {
    const model = `made-up-model-${Date.now()}`;
    const reply = await postJson(`${started.url}/v1/messages`, messagesBody({ model }));
    expect(reply.status).toBeGreaterThanOrEqual(400);
    await until(async () => metric(await scrape(started.url), 'droid2api_requests_total', { route: '/v1/messages', model: 'unknown' }) >= 1);
    expect(await scrape(started.url)).not.toContain(model);
  });

  it('shows an open stream in droid2api_active_streams until it ends', async () => {
    fake.script('/a/v1/messages', { anthropicResponse: { content: [{ type: 'text', text: 'slow answer' }] }, silenceMs: 1_500, silenceAtEvent: 2 });
    const response = await fetch(`${started.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messagesBody({ stream: true })),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await until(async () => metric(await scrape(started.url), 'droid2api_active_streams') === 1, 5_000, 'one active stream');
    await response.text();
    await until(async () => metric(await scrape(started.url), 'droid2api_active_streams') === 0, 5_000, 'no active stream');
  });
});
