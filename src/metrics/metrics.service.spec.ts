import { MetricsService } from './metrics.service';

describe(MetricsService.name, () => {
  const services: MetricsService[] = [];
  const make = () => {
    const service = new MetricsService();
    services.push(service);
    return service;
  };
  afterEach(() => services.splice(0).forEach((service) => service.onApplicationShutdown()));

  it('exposes every series in Prometheus text format, process metrics included, before anything happened', async () => {
    const text = await make().scrape();
    for (const name of [
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
      'droid2api_upstream_connections',
      'droid2api_upstream_requests_queued',
      'process_resident_memory_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('droid2api_token_refreshes_total{outcome="success"} 0');
    expect(text).toContain('droid2api_usage_sink_dropped_total 0');
  });

  it('counts requests and observes upstream timings and streamed bytes by upstream type', async () => {
    const metrics = make();
    metrics.requestFinished({ route: '/v1/messages', model: 'claude-opus-4-6', status: 200, key: 'ci', upstreamType: 'anthropic', upstreamLatencyMs: 300, ttfbMs: 450, streamed: true, bytesOut: 1234 });
    metrics.requestFinished({ route: '/v1/messages', model: 'unknown', status: 401, key: 'none', streamed: false, bytesOut: 90 });
    const text = await metrics.scrape();
    expect(text).toContain('droid2api_requests_total{route="/v1/messages",model="claude-opus-4-6",status="200",key="ci"} 1');
    expect(text).toContain('droid2api_requests_total{route="/v1/messages",model="unknown",status="401",key="none"} 1');
    expect(text).toContain('droid2api_upstream_latency_seconds_bucket{le="0.5",upstream_type="anthropic"} 1');
    expect(text).toContain('droid2api_upstream_ttfb_seconds_count{upstream_type="anthropic"} 1');
    expect(text).toContain('droid2api_streamed_bytes_total{upstream_type="anthropic"} 1234');
  });

  it('tracks active streams, each closer counting once', async () => {
    const metrics = make();
    const closeA = metrics.streamOpened();
    metrics.streamOpened();
    closeA();
    closeA();
    expect(await metrics.scrape()).toContain('droid2api_active_streams 1');
  });

  it('takes account states and health scores, replacing stale states and forgetting removed accounts', async () => {
    const metrics = make();
    metrics.accountStates({ active: 2, cooling: 1 });
    metrics.accountStates({ active: 3 });
    metrics.accountHealth('acct-1', 0.75);
    metrics.accountHealth('acct-2', 0.5);
    metrics.forgetAccount('acct-2');
    metrics.tokenRefresh('failure');
    const text = await metrics.scrape();
    expect(text).toContain('droid2api_accounts{state="active"} 3');
    expect(text).not.toContain('state="cooling"');
    expect(text).toContain('droid2api_account_health_score{account="acct-1"} 0.75');
    expect(text).not.toContain('acct-2');
    expect(text).toContain('droid2api_token_refreshes_total{outcome="failure"} 1');
  });

  it('reads the upstream pools at scrape time, dropping pools that went away', async () => {
    const metrics = make();
    let pools = [
      { origin: 'https://api.factory.ai', route: 'direct', connections: 256, queued: 3 },
      { origin: 'https://other.example', route: 'direct', connections: 1, queued: 0 },
    ];
    metrics.watchUpstreamPools(() => pools);
    let text = await metrics.scrape();
    expect(text).toContain('droid2api_upstream_connections{origin="https://api.factory.ai",route="direct"} 256');
    expect(text).toContain('droid2api_upstream_requests_queued{origin="https://api.factory.ai",route="direct"} 3');
    pools = [{ origin: 'https://api.factory.ai', route: 'direct', connections: 10, queued: 0 }];
    text = await metrics.scrape();
    expect(text).toContain('droid2api_upstream_requests_queued{origin="https://api.factory.ai",route="direct"} 0');
    expect(text).not.toContain('other.example');
  });

  it('keeps two instances apart (one registry each)', async () => {
    const first = make();
    const second = make();
    first.inboundAuthFailure('invalid');
    expect(await first.scrape()).toContain('droid2api_inbound_auth_failures_total{reason="invalid"} 1');
    expect(await second.scrape()).toContain('droid2api_inbound_auth_failures_total{reason="invalid"} 0');
  });
});
