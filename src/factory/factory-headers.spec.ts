import type { IncomingHttpHeaders } from 'node:http';
import type { ModelConfig, UpstreamType } from '../config/app-config';
import { ApiError } from '../core/errors/api-error';
import type { UpstreamProvider } from '../translation/upstream/upstream-provider';
import { UPSTREAM_PROVIDER_CLASSES } from '../translation/upstream/upstream-providers';
import { buildFactoryHeaders, FactoryHeadersInput, MAX_FORWARDED_HEADER_BYTES } from './factory-headers';
import { apiProviderFor, factoryIdentity } from './factory-identity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const PROVIDERS = new Map<UpstreamType, UpstreamProvider>(UPSTREAM_PROVIDER_CLASSES.map((Provider) => [new Provider().type, new Provider()]));

/** One attempt's input; the identity is what FactoryIdentityInterceptor and resolveModel make of the same request. */
function input(type: UpstreamType, overrides: Partial<FactoryHeadersInput> = {}): FactoryHeadersInput {
  const model: ModelConfig = { name: 'M', id: 'm', type, reasoning: 'auto', fast: false, provider: 'prov' };
  const base = {
    provider: PROVIDERS.get(type)!,
    model,
    clientHeaders: {},
    authorization: 'Bearer upstream-token',
    userAgent: 'factory-cli/0.27.1',
    stream: false,
    ...overrides,
  };
  const identity = { ...factoryIdentity(base.clientHeaders, base.userAgent), apiProvider: apiProviderFor(base.model, base.provider.defaultApiProvider) };
  return { identity, ...base };
}

/** Everything a client might send that must not reach Factory unless a table names it. */
const HOSTILE_CLIENT_HEADERS: IncomingHttpHeaders = {
  host: 'gateway.local',
  connection: 'keep-alive',
  'keep-alive': 'timeout=5',
  'transfer-encoding': 'chunked',
  te: 'trailers',
  trailer: 'x-foo',
  upgrade: 'h2c',
  'proxy-authorization': 'Basic c2VjcmV0',
  'proxy-connection': 'keep-alive',
  'content-length': '123',
  authorization: 'Bearer client-secret',
  'x-api-key': 'client-key',
  cookie: 'session=secret',
  'x-forwarded-for': '10.0.0.1',
  origin: 'https://evil.example',
  'accept-encoding': 'gzip',
};

const STAINLESS_DEFAULTS = {
  'x-stainless-arch': 'x64',
  'x-stainless-lang': 'js',
  'x-stainless-os': 'MacOS',
  'x-stainless-runtime': 'node',
  'x-stainless-retry-count': '0',
  'x-stainless-runtime-version': 'v24.3.0',
};

describe(buildFactoryHeaders.name, () => {
  it('anthropic: the full Factory CLI header set', () => {
    const headers = buildFactoryHeaders(input('anthropic'));
    expect(headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: 'Bearer upstream-token',
      'x-api-provider': 'prov',
      'x-factory-client': 'cli',
      'x-session-id': expect.stringMatching(UUID),
      'x-assistant-message-id': expect.stringMatching(UUID),
      'user-agent': 'factory-cli/0.27.1',
      'anthropic-version': '2023-06-01',
      'x-api-key': 'placeholder',
      'x-stainless-timeout': '600',
      ...STAINLESS_DEFAULTS,
      'x-stainless-package-version': '0.57.0',
    });
    expect(headers['x-session-id']).not.toBe(headers['x-assistant-message-id']);
  });

  it('openai: the Stainless family without Anthropic headers, client accept kept', () => {
    const headers = buildFactoryHeaders(input('openai', { clientHeaders: { accept: 'text/event-stream' } }));
    expect(headers).toEqual({
      accept: 'text/event-stream',
      'content-type': 'application/json',
      authorization: 'Bearer upstream-token',
      'x-api-provider': 'prov',
      'x-factory-client': 'cli',
      'x-session-id': expect.stringMatching(UUID),
      'x-assistant-message-id': expect.stringMatching(UUID),
      'user-agent': 'factory-cli/0.27.1',
      'x-stainless-timeout': '600',
      ...STAINLESS_DEFAULTS,
      'x-stainless-package-version': '5.23.2',
    });
    expect(buildFactoryHeaders(input('openai')).accept).toBe('application/json');
  });

  it('common: like openai with a fixed JSON accept', () => {
    const headers = buildFactoryHeaders(input('common', { clientHeaders: { accept: 'text/event-stream' } }));
    expect(headers.accept).toBe('application/json');
    expect(headers['x-stainless-package-version']).toBe('5.23.2');
    expect(headers).not.toHaveProperty('anthropic-version');
    expect(headers).not.toHaveProperty('x-api-key');
    expect(headers).not.toHaveProperty('anthropic-beta');
  });

  it('google: */* accept, client version, no Stainless headers', () => {
    const headers = buildFactoryHeaders(input('google', { stream: true }));
    expect(headers).toEqual({
      accept: '*/*',
      'content-type': 'application/json',
      authorization: 'Bearer upstream-token',
      'x-api-provider': 'prov',
      'x-factory-client': 'cli',
      'x-session-id': expect.stringMatching(UUID),
      'x-assistant-message-id': expect.stringMatching(UUID),
      'user-agent': 'factory-cli/0.27.1',
      'x-client-version': '0.27.1',
    });
  });

  it.each(['anthropic', 'openai', 'common'] as const)('%s: stream helper header only when streaming', (type) => {
    expect(buildFactoryHeaders(input(type, { stream: true }))['x-stainless-helper-method']).toBe('stream');
    expect(buildFactoryHeaders(input(type))).not.toHaveProperty('x-stainless-helper-method');
  });

  it.each(['anthropic', 'openai', 'common'] as const)('%s: each Stainless default yields to the client', (type) => {
    const clientHeaders = {
      'x-stainless-arch': 'arm64',
      'x-stainless-lang': 'python',
      'x-stainless-os': 'Linux',
      'x-stainless-runtime': 'bun',
      'x-stainless-retry-count': '2',
      'x-stainless-package-version': '9.9.9',
      'x-stainless-runtime-version': 'v22.0.0',
    };
    expect(buildFactoryHeaders(input(type, { clientHeaders }))).toMatchObject(clientHeaders);
  });

  it('anthropic: client anthropic-version, session and message ids are kept', () => {
    const clientHeaders = {
      'anthropic-version': '2024-01-01',
      'x-session-id': 'session-1',
      'x-assistant-message-id': 'message-1',
    };
    expect(buildFactoryHeaders(input('anthropic', { clientHeaders }))).toMatchObject(clientHeaders);
  });

  it('uses new ids per request when the client sends none, and the same ids on every attempt of one request', () => {
    const request = input('openai');
    const first = buildFactoryHeaders(request);
    const retry = buildFactoryHeaders({ ...request, authorization: 'Bearer refreshed' });
    expect([retry['x-session-id'], retry['x-assistant-message-id']]).toEqual([first['x-session-id'], first['x-assistant-message-id']]);
    const other = buildFactoryHeaders(input('openai'));
    expect(other['x-session-id']).not.toBe(first['x-session-id']);
    expect(other['x-assistant-message-id']).not.toBe(first['x-assistant-message-id']);
  });

  it('treats an empty client header as absent', () => {
    const clientHeaders = { 'x-session-id': '', 'x-stainless-os': ' ' };
    const headers = buildFactoryHeaders(input('anthropic', { clientHeaders }));
    expect(headers['x-session-id']).toMatch(UUID);
    expect(headers['x-stainless-os']).toBe('MacOS');
  });

  it('anthropic: merges anthropic-beta by reasoning level and fast mode', () => {
    const base = input('anthropic');
    const fixed = { ...base.model, reasoning: 'high' as const, fast: true };
    const headers = buildFactoryHeaders({ ...base, model: fixed, clientHeaders: { 'anthropic-beta': 'b1,b1' } });
    expect(headers['anthropic-beta']).toBe('b1,interleaved-thinking-2025-05-14,fast-mode-2026-02-01');
    const off = { ...base.model, reasoning: 'off' as const };
    const clientHeaders = { 'anthropic-beta': 'interleaved-thinking-2025-05-14' };
    expect(buildFactoryHeaders({ ...base, model: off, clientHeaders })).not.toHaveProperty('anthropic-beta');
  });

  it.each(['anthropic', 'openai', 'common', 'google'] as const)(
    '%s: forwards no hop-by-hop, credential or unnamed client header',
    (type) => {
      const headers = buildFactoryHeaders(input(type, { clientHeaders: HOSTILE_CLIENT_HEADERS }));
      for (const name of Object.keys(HOSTILE_CLIENT_HEADERS)) {
        if (name === 'authorization') expect(headers.authorization).toBe('Bearer upstream-token');
        else if (name === 'x-api-key') expect(headers[name] ?? 'placeholder').toBe('placeholder');
        else expect(headers).not.toHaveProperty(name);
      }
      expect(Object.values(headers).join('\n')).not.toMatch(/secret|client-key|evil|10\.0\.0\.1/);
    },
  );

  describe('x-api-provider', () => {
    it.each([
      ['anthropic', 'anthropic'],
      ['openai', 'openai'],
      ['common', 'fireworks'],
      ['google', 'google'],
    ] as const)('%s defaults to %s, never "null"', (type, fallback) => {
      for (const provider of [undefined, '', '  ', 'null', 'NULL', 'undefined']) {
        const headers = buildFactoryHeaders(input(type, { model: { ...input(type).model, provider } }));
        expect(headers['x-api-provider']).toBe(fallback);
      }
    });

    it('sends the model provider as configured', () => {
      expect(buildFactoryHeaders(input('common', { model: { ...input('common').model, provider: 'baseten' } }))['x-api-provider']).toBe(
        'baseten',
      );
    });
  });

  it('never emits an empty or non-string value', () => {
    for (const type of ['anthropic', 'openai', 'common', 'google'] as const) {
      for (const value of Object.values(buildFactoryHeaders(input(type, { userAgent: 'no-version' })))) {
        expect(typeof value).toBe('string');
        expect(value).not.toBe('');
        expect(value).not.toMatch(/^(null|undefined)$/);
      }
    }
  });

  it.each([
    ['anthropic', 'x-session-id'],
    ['anthropic', 'anthropic-beta'],
    ['openai', 'accept'],
    ['common', 'x-stainless-os'],
    ['google', 'x-assistant-message-id'],
  ] as const)('%s: refuses a client %s longer than the forwarded bound with a 431 naming it', (type, name) => {
    const tooLong = 'x'.repeat(MAX_FORWARDED_HEADER_BYTES + 1);
    const error = (() => {
      try {
        buildFactoryHeaders(input(type, { clientHeaders: { [name]: tooLong } }));
      } catch (caught) {
        return caught as ApiError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(431);
    expect(error.message).toBe(`Header ${name} is ${MAX_FORWARDED_HEADER_BYTES + 1} bytes; at most ${MAX_FORWARDED_HEADER_BYTES} bytes of a header are forwarded upstream`);
  });

  it('forwards a client header right at the bound, and a long credential of its own', () => {
    const atBound = 'y'.repeat(MAX_FORWARDED_HEADER_BYTES);
    const headers = buildFactoryHeaders(input('anthropic', { clientHeaders: { 'x-session-id': atBound }, authorization: `Bearer ${'j'.repeat(5000)}` }));
    expect(headers['x-session-id']).toBe(atBound);
  });

  it('does not mutate the client headers', () => {
    const clientHeaders = { 'anthropic-beta': 'b1', 'x-stainless-os': 'Linux' };
    const snapshot = { ...clientHeaders };
    const base = input('anthropic', { clientHeaders: Object.freeze(clientHeaders) });
    buildFactoryHeaders({ ...base, model: { ...base.model, reasoning: 'high', fast: true } });
    expect(clientHeaders).toEqual(snapshot);
  });
});
