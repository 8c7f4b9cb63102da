import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from './config-error';
import { loadAppConfig } from './load-app-config';

const REPO_ROOT = resolve(__dirname, '..', '..');
const BUNDLED = join(REPO_ROOT, 'config', 'config.json');

type RawConfig = {
  endpoint: { name: string; base_url: string }[];
  models: Record<string, unknown>[];
  model_redirects: Record<string, string>;
  [key: string]: unknown;
};

describe(loadAppConfig.name, () => {
  let dir: string;
  const bundled = (): RawConfig => JSON.parse(readFileSync(BUNDLED, 'utf8')) as RawConfig;
  const writeConfig = (body: string | object): string => {
    const path = join(dir, 'config.json');
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
    return path;
  };
  const load = (configPath: string, env: Record<string, string> = {}) =>
    loadAppConfig({ CONFIG_PATH: configPath, HOME: dir, ...env }, REPO_ROOT);
  const errorOf = (fn: () => unknown): ConfigError => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('expected a ConfigError');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'droid2api-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('the bundled config', () => {
    it('loads with its defaults', () => {
      const config = load('config/config.json');
      expect(config.configPath).toBe(BUNDLED);
      expect(config.port).toBe(3000);
      expect(config.models.length).toBe(bundled().models.length);
      expect(config.endpoints).toEqual({
        anthropic: 'https://api.factory.ai/api/llm/a/v1/messages',
        openai: 'https://api.factory.ai/api/llm/o/v1/responses',
        common: 'https://api.factory.ai/api/llm/o/v1/chat/completions',
        google: 'https://api.factory.ai/api/llm/g/v1/generate',
      });
      expect(config.userAgent).toMatch(/^factory-cli\/\d+\.\d+\.\d+$/);
      expect(config.systemPrompt).not.toBe('');
      expect(config.credentials).toEqual({ factoryAuthPath: join(dir, '.factory', 'auth.json') });
      expect(config.inboundKeys).toEqual([]);
    });

    it('has at least one model of every upstream type', () => {
      const types = new Set(load(BUNDLED).models.map((model) => model.type));
      expect([...types].sort()).toEqual(['anthropic', 'common', 'google', 'openai']);
    });
  });

  describe('file problems name the file, the field path and the problem', () => {
    it('a wrong enum value', () => {
      const raw = bundled();
      raw.models[3].type = 'gpt';
      const path = writeConfig(raw);
      expect(errorOf(() => load(path)).message).toBe(`${path}: models[3].type must be one of anthropic, openai, common, google`);
    });

    it('a wrong reasoning level and a non-boolean fast', () => {
      const raw = bundled();
      raw.models[0].reasoning = 'max';
      raw.models[1].fast = 'yes';
      const { message } = errorOf(() => load(writeConfig(raw)));
      expect(message).toContain('models[0].reasoning must be one of auto, off, low, medium, high, xhigh');
      expect(message).toContain('models[1].fast');
    });

    it('an endpoint that is not a URL', () => {
      const raw = bundled();
      raw.endpoint[2].base_url = 'api.factory.ai/o/v1/chat/completions';
      expect(errorOf(() => load(writeConfig(raw))).message).toContain('endpoint[2].base_url must be an http(s) URL');
    });

    it('a model type without an endpoint', () => {
      const raw = bundled();
      raw.endpoint = raw.endpoint.filter((entry) => entry.name !== 'google');
      const google = raw.models.findIndex((model) => model.type === 'google');
      const path = writeConfig(raw);
      expect(errorOf(() => load(path)).message).toContain(`models[${google}].type "google" has no endpoint`);
    });

    it('duplicate model ids', () => {
      const raw = bundled();
      raw.models.push({ ...raw.models[0], name: 'copy' });
      const { message } = errorOf(() => load(writeConfig(raw)));
      expect(message).toContain(`models[${raw.models.length - 1}].id "${String(raw.models[0].id)}" duplicates models[0].id`);
    });

    it('a redirect to an id that is not configured', () => {
      const raw = bundled();
      raw.model_redirects['claude-next-*'] = 'claude-next-1';
      expect(errorOf(() => load(writeConfig(raw))).message).toContain(
        'model_redirects["claude-next-*"] targets "claude-next-1", which is not a configured model id',
      );
    });

    it('an unknown field, with the nearest known name, at the top level and inside a model, endpoint or proxy', () => {
      const raw = bundled();
      raw.dev_mod = true;
      raw.models[0].resoning = 'high';
      (raw.endpoint[0] as Record<string, unknown>).baseurl = 'https://example.com';
      raw.proxies = [{ name: 'p', url: 'http://p:1', telemetry: true }];
      const path = writeConfig(raw);
      expect(errorOf(() => load(path)).message).toBe(
        `${path}: dev_mod is not a known field (did you mean dev_mode?); endpoint[0].baseurl is not a known field (did you mean base_url?); ` +
          'proxies[0].telemetry is not a known field; models[0].resoning is not a known field (did you mean reasoning?)',
      );
    });

    it('one message per field, however many rules a value breaks ("port": "abc")', () => {
      const raw = { ...bundled(), port: 'abc' };
      const path = writeConfig(raw);
      expect(errorOf(() => load(path)).message).toBe(`${path}: port must be an integer number`);
    });

    it('invalid JSON', () => {
      const path = writeConfig('{ "models": [ }');
      expect(errorOf(() => load(path)).message).toMatch(new RegExp(`^${escape(path)}: invalid JSON \\(`));
    });

    it('a top level that is not an object', () => {
      const path = writeConfig('[]');
      expect(errorOf(() => load(path)).message).toBe(`${path}: the top level must be a JSON object`);
    });

    it('a missing file', () => {
      const path = join(dir, 'missing.json');
      expect(errorOf(() => load(path)).message).toBe(`${path}: cannot read the file (ENOENT)`);
    });

    it('an unreadable file (a directory)', () => {
      expect(errorOf(() => load(dir)).message).toBe(`${dir}: cannot read the file (EISDIR)`);
    });

    it('a relative CONFIG_PATH is resolved against the working directory', () => {
      const path = errorOf(() => loadAppConfig({ CONFIG_PATH: 'nope/config.json', HOME: dir }, dir)).message;
      expect(path).toBe(`${join(dir, 'nope', 'config.json')}: cannot read the file (ENOENT)`);
    });
  });

  describe('environment', () => {
    it('PORT overrides port', () => {
      expect(load(BUNDLED, { PORT: '8080' }).port).toBe(8080);
      expect(load(BUNDLED, { PORT: '' }).port).toBe(3000);
    });

    it.each(['abc', '3000.5', '-1', '70000'])('a bad PORT (%s) is a ConfigError naming PORT', (port) => {
      expect(errorOf(() => load(BUNDLED, { PORT: port })).message).toMatch(/^environment: PORT must be an integer/);
    });

    it('reads credentials, keys, paths and the log level', () => {
      const config = load(BUNDLED, {
        FACTORY_API_KEY: ' fk-test ',
        DROID_REFRESH_KEY: '',
        PROXY_API_KEYS: 'a, b,,c',
        DATA_DIR: 'state',
        LOG_LEVEL: 'debug',
        SHUTDOWN_GRACE_MS: '250',
      });
      expect(config.credentials.factoryApiKey).toBe('fk-test');
      expect(config.credentials.droidRefreshKey).toBeUndefined();
      expect(config.inboundKeys).toEqual(['a', 'b', 'c']);
      expect(config.dataDir).toBe(join(REPO_ROOT, 'state'));
      expect(config.accountsPath).toBe(join(REPO_ROOT, 'state', 'accounts.json'));
      expect(config.logLevel).toBe('debug');
      expect(config.shutdownGraceMs).toBe(250);
    });

    it('reads the client-side HTTP limits, with safe defaults for a laptop', () => {
      expect(load(BUNDLED)).toMatchObject({
        httpHeadersTimeoutMs: 10_000,
        httpRequestTimeoutMs: 60_000,
        httpMaxConnections: 10_000,
        corsOrigins: [],
        allowedHosts: [],
      });
      const set = load(BUNDLED, {
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
        HTTP_MAX_CONNECTIONS: '0',
        CORS_ORIGINS: '*',
        ALLOWED_HOSTS: 'a.example, .b.example',
      });
      expect(set).toMatchObject({ httpHeadersTimeoutMs: 2000, httpRequestTimeoutMs: 2000, httpMaxConnections: 0, corsOrigins: ['*'], allowedHosts: ['a.example', '.b.example'] });
    });

    it('refuses a headers timeout above the request timeout, naming both variables', () => {
      expect(errorOf(() => load(BUNDLED, { HTTP_HEADERS_TIMEOUT_MS: '30000', HTTP_REQUEST_TIMEOUT_MS: '20000' })).message).toBe(
        'environment: HTTP_HEADERS_TIMEOUT_MS (30000) must not exceed HTTP_REQUEST_TIMEOUT_MS (20000)',
      );
    });

    it('names every bad variable in the one line, with what was wrong', () => {
      expect(errorOf(() => load(BUNDLED, { SSE_KEEPALIVE_MS: '-5', USER_AGENT_FOLLOW_LATEST: 'yes', TRUSTED_PROXIES: '10.0.0.0/8, nope' })).message).toBe(
        'environment: SSE_KEEPALIVE_MS must be an integer between 0 and 9007199254740991, got "-5"; ' +
          'USER_AGENT_FOLLOW_LATEST must be true or false, got "yes"; ' +
          'TRUSTED_PROXIES must be IP addresses and CIDRs or one hop count: "nope" is not an IP address or CIDR (or a lone hop count)',
      );
    });

    it('treats blank values as unset and trims the rest', () => {
      const config = load(BUNDLED, { PORT: ' ', RATE_LIMIT_PER_MINUTE: ' 60 ', CORS_ORIGINS: ' https://a.example , https://b.example ' });
      expect(config.port).toBe(3000);
      expect(config.rateLimitPerMinute).toBe(60);
      expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    });

    it('rejects an unknown LOG_LEVEL and a non-URL WORKOS_AUTH_URL', () => {
      expect(errorOf(() => load(BUNDLED, { LOG_LEVEL: 'loud' })).message).toMatch(/^environment: LOG_LEVEL must be one of/);
      expect(errorOf(() => load(BUNDLED, { WORKOS_AUTH_URL: 'ftp://x' })).message).toBe(
        'environment: WORKOS_AUTH_URL must be an http(s) URL',
      );
    });
  });

  describe('models', () => {
    it('`provider: null` is absent, never "null"; reasoning and fast get defaults', () => {
      const raw = bundled();
      raw.models = [{ name: 'GLM', id: 'glm-x', type: 'common', provider: null }];
      raw.model_redirects = {};
      const [model] = load(writeConfig(raw)).models;
      expect(model).toEqual({ name: 'GLM', id: 'glm-x', type: 'common', reasoning: 'auto', provider: undefined, fast: false });
    });

    it('reads max_output_tokens, absent when the entry has none', () => {
      const raw = bundled();
      raw.models = [
        { name: 'A', id: 'a', type: 'anthropic', max_output_tokens: 64000 },
        { name: 'B', id: 'b', type: 'anthropic' },
      ];
      raw.model_redirects = {};
      const [limited, open] = load(writeConfig(raw)).models;
      expect(limited.maxOutputTokens).toBe(64000);
      expect(open).not.toHaveProperty('maxOutputTokens');
    });

    it.each([0, 1.5, '8192'])('refuses max_output_tokens %j', (value) => {
      const raw = bundled();
      raw.models[2].max_output_tokens = value;
      expect(errorOf(() => load(writeConfig(raw))).message).toMatch(/models\[2\]\.max_output_tokens must (be an integer|not be less than 1)/);
    });

    it('gives every bundled model an output limit', () => {
      expect(load(BUNDLED).models.filter((model) => model.maxOutputTokens === undefined)).toEqual([]);
    });

    it('keeps a configured provider and fast flag', () => {
      const fast = load(BUNDLED).models.find((model) => model.fast);
      expect(fast).toMatchObject({ provider: 'anthropic', fast: true });
    });
  });

  describe('REDIS_URL', () => {
    it('is absent by default: file mode, unchanged', () => {
      expect(load(BUNDLED).redis).toBeUndefined();
    });

    it('takes redis:// and rediss:// with a prefix and a lock TTL above the WorkOS timeout', () => {
      const config = load(BUNDLED, { REDIS_URL: 'rediss://:pw@redis.example:6380/2', WORKOS_TIMEOUT_MS: '10000' });
      expect(config.redis).toEqual({ url: 'rediss://:pw@redis.example:6380/2', keyPrefix: 'droid2api:', lockTtlMs: 25_000, password: undefined });
      expect(load(BUNDLED, { REDIS_URL: 'redis://r:6379', REDIS_KEY_PREFIX: 'team-a:', REDIS_PASSWORD: 'x' }).redis).toMatchObject({
        keyPrefix: 'team-a:',
        password: 'x',
      });
    });

    it('refuses another scheme, and a lock TTL the WorkOS call could outlast', () => {
      expect(errorOf(() => load(BUNDLED, { REDIS_URL: 'http://redis:6379' })).message).toBe('environment: REDIS_URL must be a redis:// or rediss:// URL');
      expect(errorOf(() => load(BUNDLED, { REDIS_URL: 'redis://r:6379', WORKOS_TIMEOUT_MS: '30000', REDIS_LOCK_TTL_MS: '30000' })).message).toBe(
        'environment: REDIS_LOCK_TTL_MS (30000) must exceed WORKOS_TIMEOUT_MS (30000)',
      );
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
