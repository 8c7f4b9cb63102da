import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  AppConfig,
  ModelConfig,
  ReasoningLevel,
  UpstreamType,
} from './app-config';
import { ConfigError } from './config-error';
import { ConfigFile } from './config-file.schema';
import { EnvironmentVariables } from './environment.schema';
import { describeValidationErrors } from './validation-messages';

export type Env = Record<string, string | undefined>;

const DEFAULT_WORKOS_AUTH_URL = 'https://api.workos.com/user_management/authenticate';
const DEFAULT_WORKOS_CLIENT_ID = 'client_01HNM792M5G5G1A2THWPXKFMXB';
const DEFAULT_FACTORY_CLI_LATEST_URL = 'https://downloads.factory.ai/factory-cli/LATEST';

/**
 * Reads config.json (CONFIG_PATH, default ./config/config.json) and the environment once, validates both and returns
 * the typed configuration. Throws a ConfigError whose message names the file, the field path and the problem.
 */
export function loadAppConfig(env: Env, cwd = process.cwd()): AppConfig {
  const configPath = resolve(cwd, env.CONFIG_PATH || 'config/config.json');
  const file = validateConfigFile(readConfigFile(configPath), configPath);
  const models = file.models.map(toModelConfig);
  const endpoints: AppConfig['endpoints'] = {};
  for (const entry of file.endpoint) endpoints[entry.name as UpstreamType] = entry.base_url;
  const modelRedirects = file.model_redirects ?? {};
  crossCheck(configPath, models, endpoints, modelRedirects);

  const vars = readEnvironment(env);
  const dataDir = resolve(cwd, vars.DATA_DIR ?? 'data');
  const home = vars.HOME ?? homedir();
  const workosAuthUrl = vars.WORKOS_AUTH_URL ?? DEFAULT_WORKOS_AUTH_URL;
  return {
    configPath,
    port: int(vars.PORT, file.port ?? 3000),
    host: vars.HOST ?? '0.0.0.0',
    modelRedirects,
    endpoints,
    proxies: file.proxies ?? [],
    models,
    devMode: file.dev_mode ?? false,
    userAgent: file.user_agent || 'factory-cli/0.85.0',
    systemPrompt: file.system_prompt ?? '',
    logLevel: vars.LOG_LEVEL ?? 'info',
    timeouts: {
      connectMs: int(vars.UPSTREAM_CONNECT_TIMEOUT_MS, 10_000),
      firstByteMs: int(vars.UPSTREAM_FIRST_BYTE_TIMEOUT_MS, 120_000),
      idleMs: int(vars.UPSTREAM_IDLE_TIMEOUT_MS, 300_000),
    },
    upstreamMaxConnections: int(vars.UPSTREAM_MAX_CONNECTIONS, 4096),
    sseKeepaliveMs: int(vars.SSE_KEEPALIVE_MS, 15_000),
    sseEarlyHeadersMs: int(vars.SSE_EARLY_HEADERS_MS, 15_000),
    httpKeepAliveMs: int(vars.HTTP_KEEPALIVE_TIMEOUT_MS, 65_000),
    ...requestTimeouts(vars),
    httpMaxConnections: int(vars.HTTP_MAX_CONNECTIONS, 10_000),
    shutdownGraceMs: int(vars.SHUTDOWN_GRACE_MS, 30_000),
    shutdownDeregisterMs: int(vars.SHUTDOWN_DEREGISTER_MS, 5_000),
    dataDir,
    accountsPath: vars.ACCOUNTS_PATH ? resolve(cwd, vars.ACCOUNTS_PATH) : join(dataDir, 'accounts.json'),
    accountsPollMs: int(vars.ACCOUNTS_POLL_MS, 2_000),
    redis: redisConfig(vars),
    adminApiKey: vars.ADMIN_API_KEY,
    credentials: {
      factoryApiKey: vars.FACTORY_API_KEY,
      droidRefreshKey: vars.DROID_REFRESH_KEY,
      factoryAuthPath: vars.FACTORY_AUTH_PATH ? resolve(cwd, vars.FACTORY_AUTH_PATH) : join(home, '.factory', 'auth.json'),
    },
    workos: {
      authUrl: workosAuthUrl,
      apiUrl: vars.WORKOS_API_URL ?? workosApiBase(workosAuthUrl),
      clientId: vars.WORKOS_CLIENT_ID ?? DEFAULT_WORKOS_CLIENT_ID,
      timeoutMs: int(vars.WORKOS_TIMEOUT_MS, 30_000),
    },
    tokenRefresh: {
      aheadMs: int(vars.TOKEN_REFRESH_AHEAD_MS, 2 * 3_600_000),
      retryBaseMs: int(vars.TOKEN_REFRESH_RETRY_BASE_MS, 30_000),
      retryMaxMs: int(vars.TOKEN_REFRESH_RETRY_MAX_MS, 30 * 60_000),
    },
    inboundKeys: list(vars.PROXY_API_KEYS),
    inboundKeysFile: vars.PROXY_API_KEYS_FILE ? resolve(cwd, vars.PROXY_API_KEYS_FILE) : undefined,
    metricsApiKey: vars.METRICS_API_KEY,
    trustedForwarders: list(vars.TRUSTED_PROXIES),
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE === undefined ? undefined : int(vars.RATE_LIMIT_PER_MINUTE, 0),
    corsOrigins: list(vars.CORS_ORIGINS),
    allowedHosts: list(vars.ALLOWED_HOSTS),
    usageSls: aliyunSls(vars),
    cliVersion: {
      followLatest: bool(vars.USER_AGENT_FOLLOW_LATEST, file.user_agent_follow_latest ?? false),
      latestUrl: vars.FACTORY_CLI_LATEST_URL ?? DEFAULT_FACTORY_CLI_LATEST_URL,
      refreshMs: 3_600_000,
      retryBaseMs: 30_000,
    },
  };
}

/**
 * The variables, validated once against EnvironmentVariables: a blank value counts as unset and values are trimmed (a
 * key pasted with a trailing space still works). Every bad variable is named in the one ConfigError line.
 */
function readEnvironment(env: Env): EnvironmentVariables {
  const present = Object.entries(env)
    .map(([name, value]) => [name, value?.trim()] as const)
    .filter((entry): entry is readonly [string, string] => Boolean(entry[1]));
  const vars = plainToInstance(EnvironmentVariables, Object.fromEntries(present));
  const problems = describeValidationErrors(validateSync(vars, { forbidUnknownValues: false }));
  if (problems.length) throw new ConfigError(`environment: ${problems.join('; ')}`);
  return vars;
}

/** The API base a WorkOS token URL belongs to: the URL without `/user_management/authenticate`, else its origin. */
function workosApiBase(authUrl: string): string {
  const suffix = '/user_management/authenticate';
  const trimmed = authUrl.replace(/\/+$/, '');
  return trimmed.endsWith(suffix) ? trimmed.slice(0, -suffix.length) : new URL(authUrl).origin;
}

// Node refuses a headers timeout above the request timeout; say which variable to change instead.
function requestTimeouts(vars: EnvironmentVariables): Pick<AppConfig, 'httpHeadersTimeoutMs' | 'httpRequestTimeoutMs'> {
  const httpHeadersTimeoutMs = int(vars.HTTP_HEADERS_TIMEOUT_MS, 10_000);
  const httpRequestTimeoutMs = int(vars.HTTP_REQUEST_TIMEOUT_MS, 60_000);
  if (httpHeadersTimeoutMs > httpRequestTimeoutMs) {
    throw new ConfigError(
      `environment: HTTP_HEADERS_TIMEOUT_MS (${httpHeadersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${httpRequestTimeoutMs})`,
    );
  }
  return { httpHeadersTimeoutMs, httpRequestTimeoutMs };
}

/** REDIS_URL's shared-state settings, or undefined (file mode). */
function redisConfig(vars: EnvironmentVariables): AppConfig['redis'] {
  const url = vars.REDIS_URL;
  if (!url) return undefined;
  // The lock must outlive the longest WorkOS call, or a second replica could send the same refresh token meanwhile.
  const workosTimeoutMs = int(vars.WORKOS_TIMEOUT_MS, 30_000);
  const lockTtlMs = int(vars.REDIS_LOCK_TTL_MS, workosTimeoutMs + 15_000);
  if (lockTtlMs <= workosTimeoutMs) {
    throw new ConfigError(`environment: REDIS_LOCK_TTL_MS (${lockTtlMs}) must exceed WORKOS_TIMEOUT_MS (${workosTimeoutMs})`);
  }
  return { url, password: vars.REDIS_PASSWORD, keyPrefix: vars.REDIS_KEY_PREFIX ?? 'droid2api:', lockTtlMs };
}

const ALIYUN_VARS = ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SLS_ENDPOINT', 'ALIYUN_SLS_PROJECT', 'ALIYUN_SLS_LOGSTORE'] as const;

// Half a sink configuration is a mistake, not a choice: say which variables are missing instead of logging nowhere.
function aliyunSls(vars: EnvironmentVariables): AppConfig['usageSls'] {
  const missing = ALIYUN_VARS.filter((name) => vars[name] === undefined);
  if (missing.length === ALIYUN_VARS.length) return undefined;
  if (missing.length) throw new ConfigError(`environment: the usage log sink needs all five ALIYUN_* variables; missing ${missing.join(', ')}`);
  return {
    accessKeyId: vars.ALIYUN_ACCESS_KEY_ID!,
    accessKeySecret: vars.ALIYUN_ACCESS_KEY_SECRET!,
    endpoint: vars.ALIYUN_SLS_ENDPOINT!,
    project: vars.ALIYUN_SLS_PROJECT!,
    logstore: vars.ALIYUN_SLS_LOGSTORE!,
  };
}

/* Conversions of values the schema has already validated. */

function int(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Number(value);
}

function bool(value: string | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : ['true', '1'].includes(value.toLowerCase());
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function readConfigFile(configPath: string): unknown {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (error) {
    throw new ConfigError(`${configPath}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${configPath}: invalid JSON (${(error as Error).message})`);
  }
}

function validateConfigFile(raw: unknown, configPath: string): ConfigFile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${configPath}: the top level must be a JSON object`);
  }
  const file = plainToInstance(ConfigFile, raw);
  // Unknown fields are typos until proven otherwise: `dev_mod` would otherwise leave dev mode silently off.
  const problems = describeValidationErrors(
    validateSync(file, { forbidUnknownValues: false, whitelist: true, forbidNonWhitelisted: true }),
  );
  if (problems.length) throw new ConfigError(`${configPath}: ${problems.join('; ')}`);
  return file;
}

function toModelConfig(entry: ConfigFile['models'][number]): ModelConfig {
  return {
    name: entry.name,
    id: entry.id,
    type: entry.type as UpstreamType,
    reasoning: (entry.reasoning ?? 'auto') as ReasoningLevel,
    // The seed config writes `"provider": null`; treat it as absent so "null" never reaches a header.
    provider: entry.provider || undefined,
    fast: entry.fast ?? false,
    ...(entry.max_output_tokens !== undefined && { maxOutputTokens: entry.max_output_tokens }),
  };
}

function crossCheck(
  configPath: string,
  models: ModelConfig[],
  endpoints: AppConfig['endpoints'],
  redirects: Record<string, string>,
): void {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  models.forEach((model, index) => {
    const first = seen.get(model.id);
    if (first !== undefined) problems.push(`models[${index}].id "${model.id}" duplicates models[${first}].id`);
    else seen.set(model.id, index);
    if (!endpoints[model.type]) {
      problems.push(`models[${index}].type "${model.type}" has no endpoint (add { "name": "${model.type}", "base_url": … } to endpoint)`);
    }
  });
  for (const [from, to] of Object.entries(redirects)) {
    if (typeof to !== 'string' || !seen.has(to)) {
      problems.push(`model_redirects["${from}"] targets "${String(to)}", which is not a configured model id`);
    }
  }
  const names = new Set<string>();
  for (const type of Object.keys(endpoints)) {
    if (names.has(type)) problems.push(`endpoint "${type}" is listed twice`);
    names.add(type);
  }
  if (problems.length) throw new ConfigError(`${configPath}: ${problems.join('; ')}`);
}

/**
 * For the accounts CLI, which runs without Nest (the gateway reads the environment through AppConfigModule): `.env` in
 * the working directory (when present, never overriding variables already set) and then `process.env`.
 */
export function loadAppConfigFromProcess(): AppConfig {
  const dotEnv = resolve(process.cwd(), '.env');
  if (existsSync(dotEnv)) process.loadEnvFile(dotEnv);
  return loadAppConfig(process.env);
}
