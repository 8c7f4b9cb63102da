import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamType } from '../config/app-config';

/** How a token refresh ended: refreshed, failed for a reason that may pass (retried), or refused for good. */
export type TokenRefreshOutcome = 'success' | 'failure' | 'rejected';
export type InboundAuthFailure = 'missing' | 'invalid';

/** One finished request, as the request observer reports it. Every label value here must be bounded. */
export interface RequestSample {
  /** The matched route pattern (`/v1/models/:id`), never the raw path. */
  route: string;
  /** A configured model id or `unknown`. */
  model: string;
  status: number;
  /** Inbound key name or `none`. */
  key: string;
  upstreamType?: UpstreamType;
  upstreamLatencyMs?: number;
  ttfbMs?: number;
  streamed: boolean;
  bytesOut: number;
}

/** One upstream connection pool as the HTTP client sees it, read at scrape time. */
export interface UpstreamPoolStats {
  /** The upstream origin (scheme, host, port) — configuration, so a bounded label. */
  origin: string;
  /** `direct` or an outbound proxy's name. */
  route: string;
  /** Connections open now. */
  connections: number;
  /** Requests waiting for a connection because the per-origin cap is reached. */
  queued: number;
}

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

/**
 * The gateway's Prometheus metrics in a registry of its own (several apps can live in one process, as in tests).
 * Auth and accounts code call the small methods below; nothing has to call them for `/metrics` to work.
 */
@Injectable()
export class MetricsService implements OnApplicationShutdown {
  readonly registry = new Registry();
  private readonly requests = this.counter('droid2api_requests_total', 'Requests by route, model, status and inbound key name', ['route', 'model', 'status', 'key']);
  private readonly upstreamLatency = this.histogram('droid2api_upstream_latency_seconds', 'From request start to the upstream response headers');
  private readonly upstreamTtfb = this.histogram('droid2api_upstream_ttfb_seconds', 'From request start to the first body byte sent to the client');
  private readonly activeStreams = new Gauge({ name: 'droid2api_active_streams', help: 'Event-stream responses open now', registers: [this.registry] });
  private readonly streamedBytes = this.counter('droid2api_streamed_bytes_total', 'Body bytes of event-stream responses, counted when each stream ends', ['upstream_type']);
  private readonly tokenRefreshes = this.counter('droid2api_token_refreshes_total', 'Upstream token refreshes by outcome', ['outcome']);
  private readonly authFailures = this.counter('droid2api_inbound_auth_failures_total', 'Requests refused for a missing or invalid inbound key', ['reason']);
  private readonly usageDropped = this.counter('droid2api_usage_sink_dropped_total', 'Usage events dropped because the external sink was down or its queue full', []);
  private readonly accounts = new Gauge({ name: 'droid2api_accounts', help: 'Pool accounts by state', labelNames: ['state'], registers: [this.registry] });
  private readonly health = new Gauge({ name: 'droid2api_account_health_score', help: 'Health score per pool account (0..1)', labelNames: ['account'], registers: [this.registry] });

  private upstreamPools: () => UpstreamPoolStats[] = () => [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const pools = () => this.upstreamPools();
    this.poolGauge('droid2api_upstream_connections', 'Open connections to each upstream origin', pools, (pool) => pool.connections);
    this.poolGauge(
      'droid2api_upstream_requests_queued',
      'Requests waiting for a free upstream connection (UPSTREAM_MAX_CONNECTIONS reached)',
      pools,
      (pool) => pool.queued,
    );
    // Known label values start at 0 so rates and alerts work before the first event.
    for (const outcome of ['success', 'failure', 'rejected'] satisfies TokenRefreshOutcome[]) this.tokenRefreshes.inc({ outcome }, 0);
    for (const reason of ['missing', 'invalid'] satisfies InboundAuthFailure[]) this.authFailures.inc({ reason }, 0);
    this.usageDropped.inc(0);
  }

  /** Called by the request observer when a response closes. */
  requestFinished(sample: RequestSample): void {
    this.requests.inc({ route: sample.route, model: sample.model, status: String(sample.status), key: sample.key });
    if (!sample.upstreamType) return;
    const labels = { upstream_type: sample.upstreamType };
    if (sample.upstreamLatencyMs !== undefined) this.upstreamLatency.observe(labels, sample.upstreamLatencyMs / 1000);
    if (sample.ttfbMs !== undefined) this.upstreamTtfb.observe(labels, sample.ttfbMs / 1000);
    if (sample.streamed && sample.bytesOut > 0) this.streamedBytes.inc(labels, sample.bytesOut);
  }

  /** Counts an open event stream; call the returned function (once or more) when it ends. */
  streamOpened(): () => void {
    this.activeStreams.inc();
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.activeStreams.dec();
    };
  }

  /** For the upstream HTTP client: how to read its pools when /metrics is scraped. */
  watchUpstreamPools(read: () => UpstreamPoolStats[]): void {
    this.upstreamPools = read;
  }

  inboundAuthFailure(reason: InboundAuthFailure): void {
    this.authFailures.inc({ reason });
  }

  usageSinkDropped(events: number): void {
    if (events > 0) this.usageDropped.inc(events);
  }

  /** For the auth code: one call per refresh attempt that finished. */
  tokenRefresh(outcome: TokenRefreshOutcome): void {
    this.tokenRefreshes.inc({ outcome });
  }

  /**
   * For the accounts pool: the number of accounts in each state (`active`, `cooling`, `disabled` …), replacing the
   * previous counts so states that emptied drop to 0 rather than keep a stale value.
   */
  accountStates(counts: Readonly<Record<string, number>>): void {
    this.accounts.reset();
    for (const [state, count] of Object.entries(counts)) this.accounts.set({ state }, count);
  }

  /** For the accounts pool: one account's current health score. Use the account's id, never a token or e-mail. */
  accountHealth(accountId: string, score: number): void {
    this.health.set({ account: accountId }, score);
  }

  /** For the accounts pool: an account was removed, so its series disappears. */
  forgetAccount(accountId: string): void {
    this.health.remove({ account: accountId });
  }

  /** The Prometheus text exposition. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  // Not onModuleDestroy: Nest runs that before the drain, and requests finishing during the drain (and scrapes of
  // them) still need the metrics.
  onApplicationShutdown(): void {
    this.registry.clear();
  }

  private poolGauge(name: string, help: string, pools: () => UpstreamPoolStats[], value: (pool: UpstreamPoolStats) => number): void {
    new Gauge({
      name,
      help,
      labelNames: ['origin', 'route'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const pool of pools()) this.set({ origin: pool.origin, route: pool.route }, value(pool));
      },
    });
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram(name: string, help: string): Histogram<'upstream_type'> {
    return new Histogram({ name, help, labelNames: ['upstream_type'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  }
}
