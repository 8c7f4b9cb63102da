/** The upstream API families Factory exposes. */
export const UPSTREAM_TYPES = ['anthropic', 'openai', 'common', 'google'] as const;
export type UpstreamType = (typeof UPSTREAM_TYPES)[number];

/** `auto` leaves the client's reasoning fields alone, `off` strips them, the rest force a level. */
export const REASONING_LEVELS = ['auto', 'off', 'low', 'medium', 'high', 'xhigh'] as const;
export type ReasoningLevel = (typeof REASONING_LEVELS)[number];

export interface ModelConfig {
  /** Display name. */
  name: string;
  /** The id clients send and Factory expects. */
  id: string;
  type: UpstreamType;
  reasoning: ReasoningLevel;
  /** Sent as `x-api-provider`; a per-type default applies when absent. */
  provider?: string;
  /** Fast (priority) serving: adds the fast-mode beta / `service_tier: priority`. */
  fast: boolean;
  /**
   * The most output tokens the model can produce (`max_output_tokens`): a translated request's output limit is lowered
   * to it. Absent means the client's value goes upstream as sent.
   */
  maxOutputTokens?: number;
}

export interface OutboundProxy {
  name: string;
  url: string;
}

export interface UpstreamTimeouts {
  /** TCP + TLS connect. */
  connectMs: number;
  /** From request sent to response headers. */
  firstByteMs: number;
  /** Longest silence between two body chunks; streams have no total timeout. */
  idleMs: number;
}

/** The validated, typed configuration: config.json merged with the environment, read once at start. */
export interface AppConfig {
  configPath: string;
  port: number;
  host: string;
  /** Exact ids and glob patterns (`claude-opus-*`) mapped to configured model ids. */
  modelRedirects: Record<string, string>;
  /** Full URL per upstream type (e.g. `https://api.factory.ai/api/llm/a/v1/messages`). */
  endpoints: Partial<Record<UpstreamType, string>>;
  proxies: OutboundProxy[];
  models: ModelConfig[];
  devMode: boolean;
  userAgent: string;
  systemPrompt: string;
  logLevel: string;
  timeouts: UpstreamTimeouts;
  /**
   * Connections per upstream origin (Factory, or each outbound proxy). A request beyond it waits for a free one;
   * streams hold theirs for minutes, so the default is high.
   */
  upstreamMaxConnections: number;
  /** Upstream silence after which an SSE comment (`: keepalive`) is written so ingress idle timeouts do not fire. */
  sseKeepaliveMs: number;
  /**
   * How long a streaming client waits for the upstream's answer (a full connection pool, a slow first byte) before it
   * gets `200` and the SSE headers with a keepalive, so an ingress does not cut it; 0 = wait for the upstream's status.
   */
  sseEarlyHeadersMs: number;
  /**
   * How long an idle client connection is kept open. Above the idle timeout of the load balancer in front (often 60 s),
   * so the balancer, not the gateway, closes idle connections and never reuses one the gateway just closed.
   */
  httpKeepAliveMs: number;
  /** Longest wait for a request's headers once it has started (slow-header clients are cut with a 408). */
  httpHeadersTimeoutMs: number;
  /** Longest wait for a whole request, headers and body; the response (a long stream) is not limited by it. */
  httpRequestTimeoutMs: number;
  /** Most client connections open at once; further ones are closed on arrival. 0: no cap. */
  httpMaxConnections: number;
  /** How long SIGTERM waits for in-flight requests before closing them. */
  shutdownGraceMs: number;
  /**
   * After SIGTERM, how long new connections are still accepted while readiness answers 503, so load balancers and
   * Kubernetes endpoints stop sending traffic before the listener closes.
   */
  shutdownDeregisterMs: number;
  /** Directory for token state written by the gateway (auth.json, accounts.json). */
  dataDir: string;
  accountsPath: string;
  /** How often accounts.json is re-checked for external edits when file system events are missed. */
  accountsPollMs: number;
  /**
   * Shared state for several replicas (REDIS_URL). Absent: token state lives in files under `dataDir` and the gateway
   * must run as one replica.
   */
  redis?: RedisConfig;
  /** Key for the /admin API; the API answers 404 while it is unset. */
  adminApiKey?: string;
  credentials: {
    factoryApiKey?: string;
    droidRefreshKey?: string;
    /** `~/.factory/auth.json`, as the Factory CLI writes it. */
    factoryAuthPath: string;
  };
  workos: {
    authUrl: string;
    /** WorkOS API base for the device sign-in (`accounts add`): `{apiUrl}/user_management/authorize/device`. */
    apiUrl: string;
    clientId: string;
    /** Whole refresh call, headers and body. */
    timeoutMs: number;
  };
  /** When refreshable credentials (DROID_REFRESH_KEY, auth.json, accounts) are refreshed. */
  tokenRefresh: {
    /** Refresh once less than this remains before the access token expires. */
    aheadMs: number;
    /** First retry delay after a failed refresh; doubles per failure, with jitter. */
    retryBaseMs: number;
    retryMaxMs: number;
  };
  /** Inbound access keys, each `KEY` or `name:KEY` (PROXY_API_KEYS); empty (and no keys file) means the gateway is open. */
  inboundKeys: string[];
  /** File of `name:key` lines, re-read when it changes; when set, keys are required even while it is empty. */
  inboundKeysFile?: string;
  /** Bearer key for `/metrics`; open when absent. */
  metricsApiKey?: string;
  /** TRUSTED_PROXIES items: IPs/CIDRs whose X-Forwarded-For is believed, or one hop count; empty trusts nobody. */
  trustedForwarders: string[];
  /** Requests per minute per inbound key name (else client IP); absent means no limit. */
  rateLimitPerMinute?: number;
  /** Allowed CORS origins; `['*']` allows any, empty (the default) allows no cross-origin call. */
  corsOrigins: string[];
  /**
   * ALLOWED_HOSTS: `Host` names (or `.suffix`) a gateway without inbound keys answers besides loopback names and IP
   * literals (DNS-rebinding guard).
   */
  allowedHosts: string[];
  /** Alibaba Cloud Log Service sink for usage events, when all five ALIYUN_* variables are set. */
  usageSls?: { accessKeyId: string; accessKeySecret: string; endpoint: string; project: string; logstore: string };
  /** Whether the user agent's `factory-cli/x.y.z` follows Factory's published latest CLI version. */
  cliVersion: { followLatest: boolean; latestUrl: string; refreshMs: number; retryBaseMs: number };
}

export interface RedisConfig {
  /** `redis://[:password@]host:port[/db]` or `rediss://` for TLS. */
  url: string;
  /** Overrides the URL's password (REDIS_PASSWORD), so the URL itself can live in a ConfigMap. */
  password?: string;
  /** Prepended to every key and channel, so several gateways can share one Redis. */
  keyPrefix: string;
  /**
   * How long a replica may hold a credential's refresh lock. Longer than a WorkOS call can take, so the lock never
   * expires under a live holder; a holder that died blocks the others at most this long.
   */
  lockTtlMs: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
