// class-transformer's plainToInstance reads design metadata: load the polyfill so the schema works without Nest.
import 'reflect-metadata';
import { IsIn, IsOptional, IsString, ValidateBy, getMetadataStorage, type ValidationOptions } from 'class-validator';
import { parseTrustedForwarders } from './trusted-forwarders';

/*
 * The environment variables the gateway reads, one property each, validated as the strings the environment holds (an
 * empty value counts as unset). Defaults and conversions live in load-app-config.ts; cross-field rules (all five
 * ALIYUN_* or none, headers timeout within the request timeout) there too, as they involve more than one variable.
 */

const MAX = Number.MAX_SAFE_INTEGER;

/** An integer from `min` to `max`, written as the environment writes it. */
function IsEnvInt(min: number, max = MAX, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEnvInt',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && Number.isInteger(Number(value)) && Number(value) >= min && Number(value) <= max,
        defaultMessage: (args) => `must be an integer between ${min} and ${max}, got "${String(args?.value)}"`,
      },
    },
    options,
  );
}

function IsEnvUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isEnvUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol),
      defaultMessage: () => 'must be an http(s) URL',
    },
  });
}

function IsRedisUrl(): PropertyDecorator {
  return ValidateBy({
    name: 'isRedisUrl',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && URL.canParse(value) && ['redis:', 'rediss:'].includes(new URL(value).protocol),
      defaultMessage: () => 'must be a redis:// or rediss:// URL',
    },
  });
}

function IsEnvBool(): PropertyDecorator {
  return ValidateBy({
    name: 'isEnvBool',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && ['true', '1', 'false', '0'].includes(value.trim().toLowerCase()),
      defaultMessage: (args) => `must be true or false, got "${String(args?.value)}"`,
    },
  });
}

/** TRUSTED_PROXIES: IPs and CIDRs, or one hop count (see trusted-forwarders.ts); the message names the bad item. */
function IsTrustedForwarderList(): PropertyDecorator {
  const problem = (value: unknown): string | undefined => {
    try {
      parseTrustedForwarders(String(value).split(','));
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  return ValidateBy({
    name: 'isTrustedForwarderList',
    validator: { validate: (value: unknown) => problem(value) === undefined, defaultMessage: (args) => `must be IP addresses and CIDRs or one hop count: ${problem(args?.value)}` },
  });
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export class EnvironmentVariables {
  // --- where things are ---
  @IsOptional() @IsString() CONFIG_PATH?: string;
  @IsOptional() @IsString() DATA_DIR?: string;
  @IsOptional() @IsString() ACCOUNTS_PATH?: string;
  /** Set by the operating system; `~/.factory/auth.json` is found through it. */
  @IsOptional() @IsString() HOME?: string;

  // --- listening ---
  @IsOptional() @IsEnvInt(0, 65535) PORT?: string;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }) LOG_LEVEL?: string;
  @IsOptional() @IsEnvInt(1) HTTP_KEEPALIVE_TIMEOUT_MS?: string;
  @IsOptional() @IsEnvInt(1) HTTP_HEADERS_TIMEOUT_MS?: string;
  @IsOptional() @IsEnvInt(1) HTTP_REQUEST_TIMEOUT_MS?: string;
  @IsOptional() @IsEnvInt(0) HTTP_MAX_CONNECTIONS?: string;
  @IsOptional() @IsEnvInt(0) SHUTDOWN_GRACE_MS?: string;
  @IsOptional() @IsEnvInt(0) SHUTDOWN_DEREGISTER_MS?: string;

  // --- shared state for several replicas ---
  @IsOptional() @IsRedisUrl() REDIS_URL?: string;
  @IsOptional() @IsString() REDIS_PASSWORD?: string;
  @IsOptional() @IsString() REDIS_KEY_PREFIX?: string;
  @IsOptional() @IsEnvInt(1) REDIS_LOCK_TTL_MS?: string;

  // --- upstream calls ---
  @IsOptional() @IsEnvInt(1) UPSTREAM_CONNECT_TIMEOUT_MS?: string;
  @IsOptional() @IsEnvInt(1) UPSTREAM_FIRST_BYTE_TIMEOUT_MS?: string;
  @IsOptional() @IsEnvInt(1) UPSTREAM_IDLE_TIMEOUT_MS?: string;
  @IsOptional() @IsEnvInt(1) UPSTREAM_MAX_CONNECTIONS?: string;
  @IsOptional() @IsEnvInt(0) SSE_KEEPALIVE_MS?: string;
  @IsOptional() @IsEnvInt(0) SSE_EARLY_HEADERS_MS?: string;
  @IsOptional() @IsEnvBool() USER_AGENT_FOLLOW_LATEST?: string;
  @IsOptional() @IsEnvUrl() FACTORY_CLI_LATEST_URL?: string;

  // --- credentials ---
  @IsOptional() @IsString() FACTORY_API_KEY?: string;
  @IsOptional() @IsString() DROID_REFRESH_KEY?: string;
  @IsOptional() @IsString() FACTORY_AUTH_PATH?: string;
  @IsOptional() @IsEnvInt(10) ACCOUNTS_POLL_MS?: string;
  @IsOptional() @IsEnvUrl() WORKOS_AUTH_URL?: string;
  @IsOptional() @IsEnvUrl() WORKOS_API_URL?: string;
  @IsOptional() @IsString() WORKOS_CLIENT_ID?: string;
  @IsOptional() @IsEnvInt(1) WORKOS_TIMEOUT_MS?: string;
  @IsOptional() @IsEnvInt(0) TOKEN_REFRESH_AHEAD_MS?: string;
  @IsOptional() @IsEnvInt(1) TOKEN_REFRESH_RETRY_BASE_MS?: string;
  @IsOptional() @IsEnvInt(1) TOKEN_REFRESH_RETRY_MAX_MS?: string;

  // --- who may call ---
  @IsOptional() @IsString() PROXY_API_KEYS?: string;
  @IsOptional() @IsString() PROXY_API_KEYS_FILE?: string;
  @IsOptional() @IsString() ADMIN_API_KEY?: string;
  @IsOptional() @IsString() METRICS_API_KEY?: string;
  @IsOptional() @IsTrustedForwarderList() TRUSTED_PROXIES?: string;
  @IsOptional() @IsEnvInt(1) RATE_LIMIT_PER_MINUTE?: string;
  @IsOptional() @IsString() CORS_ORIGINS?: string;
  @IsOptional() @IsString() ALLOWED_HOSTS?: string;

  // --- usage events to Alibaba Cloud Log Service (all five or none) ---
  @IsOptional() @IsString() ALIYUN_ACCESS_KEY_ID?: string;
  @IsOptional() @IsString() ALIYUN_ACCESS_KEY_SECRET?: string;
  @IsOptional() @IsString() ALIYUN_SLS_ENDPOINT?: string;
  @IsOptional() @IsString() ALIYUN_SLS_PROJECT?: string;
  @IsOptional() @IsString() ALIYUN_SLS_LOGSTORE?: string;
}

/** Every variable the schema declares: what .env.example must document. */
export function environmentVariableNames(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false);
  return [...new Set(metadata.map((entry) => entry.propertyName))];
}
