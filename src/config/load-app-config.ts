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
import { parseTrustedForwarders } from './trusted-forwarders';
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

  const dataDir = resolve(cwd, env.DATA_DIR || 'data');
  const home = env.HOME || homedir();
  return {
    configPath,
    port: envInt(env, 'PORT', file.port ?? 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    modelRedirects,
    endpoints,
    proxies: file.proxies ?? [],
    models,
    devMode: file.dev_mode ?? false,
    userAgent: file.user_agent || 'factory-cli/0.85.0',
    systemPrompt: file.system_prompt ?? '',
    logLevel: envChoice(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    timeouts: {
      connectMs: envInt(env, 'UPSTREAM_CONNECT_TIMEOUT_MS', 10_000, 1),
      firstByteMs: envInt(env, 'UPSTREAM_FIRST_BYTE_TIMEOUT_MS', 120_000, 1),
      idleMs: envInt(env, 'UPSTREAM_IDLE_TIMEOUT_MS', 300_000, 1),
    },
    upstreamMaxConnections: envInt(env, 'UPSTREAM_MAX_CONNECTIONS', 4096, 1),
    sseKeepaliveMs: envInt(env, 'SSE_KEEPALIVE_MS', 15_000, 0),
    sseEarlyHeadersMs: envInt(env, 'SSE_EARLY_HEADERS_MS', 15_000, 0),
    httpKeepAliveMs: envInt(env, 'HTTP_KEEPALIVE_TIMEOUT_MS', 65_000, 1),
    ...envRequestTimeouts(env),
    httpMaxConnections: envInt(env, 'HTTP_MAX_CONNECTIONS', 10_000, 0),
    shutdownGraceMs: envInt(env, 'SHUTDOWN_GRACE_MS', 30_000, 0),
    dataDir,
    accountsPath: env.ACCOUNTS_PATH ? resolve(cwd, env.ACCOUNTS_PATH) : join(dataDir, 'accounts.json'),
    accountsPollMs: envInt(env, 'ACCOUNTS_POLL_MS', 2_000, 10),
    adminApiKey: nonEmpty(env.ADMIN_API_KEY),
    credentials: {
      factoryApiKey: nonEmpty(env.FACTORY_API_KEY),
      droidRefreshKey: nonEmpty(env.DROID_REFRESH_KEY),
      factoryAuthPath: env.FACTORY_AUTH_PATH
        ? resolve(cwd, env.FACTORY_AUTH_PATH)
        : join(home, '.factory', 'auth.json'),
    },
    workos: {
      authUrl: envUrl(env, 'WORKOS_AUTH_URL', DEFAULT_WORKOS_AUTH_URL),
      apiUrl: envUrl(env, 'WORKOS_API_URL', workosApiBase(envUrl(env, 'WORKOS_AUTH_URL', DEFAULT_WORKOS_AUTH_URL))),
      clientId: env.WORKOS_CLIENT_ID || DEFAULT_WORKOS_CLIENT_ID,
      timeoutMs: envInt(env, 'WORKOS_TIMEOUT_MS', 30_000, 1),
    },
    tokenRefresh: {
      aheadMs: envInt(env, 'TOKEN_REFRESH_AHEAD_MS', 2 * 3_600_000, 0),
      retryBaseMs: envInt(env, 'TOKEN_REFRESH_RETRY_BASE_MS', 30_000, 1),
      retryMaxMs: envInt(env, 'TOKEN_REFRESH_RETRY_MAX_MS', 30 * 60_000, 1),
    },
    inboundKeys: envList(env, 'PROXY_API_KEYS'),
    inboundKeysFile: env.PROXY_API_KEYS_FILE ? resolve(cwd, env.PROXY_API_KEYS_FILE) : undefined,
    metricsApiKey: nonEmpty(env.METRICS_API_KEY),
    trustedForwarders: envTrustedForwarders(env),
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE ? envInt(env, 'RATE_LIMIT_PER_MINUTE', 0, 1) : undefined,
    corsOrigins: envList(env, 'CORS_ORIGINS'),
    allowedHosts: envList(env, 'ALLOWED_HOSTS'),
    usageSls: envAliyunSls(env),
    cliVersion: {
      followLatest: envBool(env, 'USER_AGENT_FOLLOW_LATEST', file.user_agent_follow_latest ?? false),
      latestUrl: envUrl(env, 'FACTORY_CLI_LATEST_URL', DEFAULT_FACTORY_CLI_LATEST_URL),
      refreshMs: 3_600_000,
      retryBaseMs: 30_000,
    },
  };
}

/** The API base a WorkOS token URL belongs to: the URL without `/user_management/authenticate`, else its origin. */
function workosApiBase(authUrl: string): string {
  const suffix = '/user_management/authenticate';
  const trimmed = authUrl.replace(/\/+$/, '');
  return trimmed.endsWith(suffix) ? trimmed.slice(0, -suffix.length) : new URL(authUrl).origin;
}

function envList(env: Env, name: string, fallback: string[] = []): string[] {
  const items = (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : fallback;
}

// Node refuses a headers timeout above the request timeout; say which variable to change instead.
function envRequestTimeouts(env: Env): Pick<AppConfig, 'httpHeadersTimeoutMs' | 'httpRequestTimeoutMs'> {
  const httpHeadersTimeoutMs = envInt(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 1);
  const httpRequestTimeoutMs = envInt(env, 'HTTP_REQUEST_TIMEOUT_MS', 60_000, 1);
  if (httpHeadersTimeoutMs > httpRequestTimeoutMs) {
    throw new ConfigError(
      `environment: HTTP_HEADERS_TIMEOUT_MS (${httpHeadersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${httpRequestTimeoutMs})`,
    );
  }
  return { httpHeadersTimeoutMs, httpRequestTimeoutMs };
}

function envBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`environment: ${name} must be true or false, got "${env[name]}"`);
}

function envTrustedForwarders(env: Env): string[] {
  const items = envList(env, 'TRUSTED_PROXIES');
  try {
    parseTrustedForwarders(items);
  } catch (error) {
    throw new ConfigError(`environment: TRUSTED_PROXIES: ${(error as Error).message}`);
  }
  return items;
}

const ALIYUN_VARS = ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SLS_ENDPOINT', 'ALIYUN_SLS_PROJECT', 'ALIYUN_SLS_LOGSTORE'];

// Half a sink configuration is a mistake, not a choice: say which variables are missing instead of logging nowhere.
function envAliyunSls(env: Env): AppConfig['usageSls'] {
  const missing = ALIYUN_VARS.filter((name) => !nonEmpty(env[name]));
  if (missing.length === ALIYUN_VARS.length) return undefined;
  if (missing.length) throw new ConfigError(`environment: the usage log sink needs all five ALIYUN_* variables; missing ${missing.join(', ')}`);
  return {
    accessKeyId: nonEmpty(env.ALIYUN_ACCESS_KEY_ID)!,
    accessKeySecret: nonEmpty(env.ALIYUN_ACCESS_KEY_SECRET)!,
    endpoint: nonEmpty(env.ALIYUN_SLS_ENDPOINT)!,
    project: nonEmpty(env.ALIYUN_SLS_PROJECT)!,
    logstore: nonEmpty(env.ALIYUN_SLS_LOGSTORE)!,
  };
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

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function envInt(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`environment: ${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function envChoice(env: Env, name: string, fallback: string, allowed: string[]): string {
  const raw = env[name];
  if (!raw) return fallback;
  if (!allowed.includes(raw)) throw new ConfigError(`environment: ${name} must be one of ${allowed.join(', ')}`);
  return raw;
}

function envUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (!raw) return fallback;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new ConfigError(`environment: ${name} must be an http(s) URL`);
  }
  return raw;
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
