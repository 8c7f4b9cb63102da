import { isSecretName, redactHeaders, redactSecrets } from './redact';

describe('redactSecrets', () => {
  it('replaces credential-looking keys at any depth and keeps the rest', () => {
    const input = {
      model: 'm',
      headers: { authorization: 'Bearer sk-1', 'x-api-key': 'k', accept: '*/*' },
      accounts: [{ refresh_token: 'rt', access_token: 'at', email: 'a@b.c' }],
    };
    const out = redactSecrets(input) as typeof input;
    expect(out).toEqual({
      model: 'm',
      headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', accept: '*/*' },
      accounts: [{ refresh_token: '[redacted]', access_token: '[redacted]', email: 'a@b.c' }],
    });
    expect(input.accounts[0].refresh_token).toBe('rt');
  });

  it('does not invent values for absent secrets', () => {
    expect(redactSecrets({ api_key: null, max_tokens: 5 })).toEqual({ api_key: null, max_tokens: 5 });
  });

  it('redacts the body keys a client may put a credential under, keeping token counts', () => {
    const body = {
      key: 'AIza-1',
      tokens: ['t-1', 't-2'],
      apiKey: 'k-2',
      client_secret: 's-3',
      password: 'p-4',
      credentials: { user: 'u', pass: 'p-5' },
      metadata: { session_token: 's-6', 'private-key': 'pk-7' },
      max_tokens: 64,
      usage: { input_tokens: 3, output_tokens: 4, promptTokenCount: 5 },
      thinking: { type: 'enabled', budget_tokens: 1024 },
    };
    expect(redactSecrets(body)).toEqual({
      key: '[redacted]',
      tokens: '[redacted]',
      apiKey: '[redacted]',
      client_secret: '[redacted]',
      password: '[redacted]',
      credentials: '[redacted]',
      metadata: { session_token: '[redacted]', 'private-key': '[redacted]' },
      max_tokens: 64,
      usage: { input_tokens: 3, output_tokens: 4, promptTokenCount: 5 },
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
  });
});

describe('redactHeaders', () => {
  it('redacts every vendor credential header and any bearer value, and keeps the rest', () => {
    const headers = {
      authorization: 'Bearer a',
      'proxy-authorization': 'Basic b',
      'x-api-key': 'c',
      'x-goog-api-key': 'd',
      'api-key': 'e',
      'anthropic-api-key': 'f',
      'openai-api-key': 'g',
      'x-auth-token': 'h',
      cookie: 'session=i',
      'x-custom-forward': 'Bearer j',
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-session-id': 'sess-1',
    };
    expect(redactHeaders(headers)).toEqual({
      authorization: '[redacted]',
      'proxy-authorization': '[redacted]',
      'x-api-key': '[redacted]',
      'x-goog-api-key': '[redacted]',
      'api-key': '[redacted]',
      'anthropic-api-key': '[redacted]',
      'openai-api-key': '[redacted]',
      'x-auth-token': '[redacted]',
      cookie: '[redacted]',
      'x-custom-forward': '[redacted]',
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-session-id': 'sess-1',
    });
  });
});

describe(isSecretName.name, () => {
  it.each(['key', 'tokens', 'Secret', 'db_password', 'X-Goog-Api-Key', 'AWS_SECRET_ACCESS_KEY', 'idToken', 'set-cookie'])('%s is secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['model', 'messages', 'monkey', 'keyboard', 'x-session-id', 'anthropic-beta', 'content', 'stream'])('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});
