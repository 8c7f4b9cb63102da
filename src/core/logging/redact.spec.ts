import { redactSecrets } from './redact';

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
});
