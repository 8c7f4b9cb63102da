import { DEFAULT_ACCESS_TOKEN_LIFETIME_MS, accessTokenExpiry, jwtExpiry } from './jwt-expiry';

const jwt = (payload: unknown, header: unknown = { alg: 'RS256', typ: 'JWT' }) =>
  [header, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2ln';

describe(jwtExpiry.name, () => {
  it('reads exp (seconds) as epoch milliseconds', () => {
    expect(jwtExpiry(jwt({ sub: 'user_1', exp: 1_900_000_000 }))).toBe(1_900_000_000_000);
  });

  it('decodes base64url payloads with - and _ (not plain base64)', () => {
    // This payload encodes to a string containing '-' or '_', which plain base64 decoding would garble.
    const payload = { exp: 1_900_000_123, name: '\u00ff\u00fe\u00fd>>>???' };
    const token = jwt(payload);
    expect(token.split('.')[1]).toMatch(/[-_]/);
    expect(jwtExpiry(token)).toBe(1_900_000_123_000);
  });

  it.each([
    ['no exp', jwt({ sub: 'user_1' })],
    ['a string exp', jwt({ exp: '1900000000' })],
    ['a negative exp', jwt({ exp: -5 })],
    ['a null payload', jwt(null)],
    ['a payload that is not JSON', 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln'],
    ['two parts', 'abc.def'],
    ['an opaque token', 'fk-0123456789abcdef'],
  ])('is undefined for %s', (_, token) => {
    expect(jwtExpiry(token)).toBeUndefined();
  });
});

describe(accessTokenExpiry.name, () => {
  it('prefers the JWT exp and falls back to issue time + 8 h', () => {
    expect(accessTokenExpiry(jwt({ exp: 2_000_000_000 }), 5)).toBe(2_000_000_000_000);
    expect(accessTokenExpiry('opaque', 1_000)).toBe(1_000 + DEFAULT_ACCESS_TOKEN_LIFETIME_MS);
    expect(DEFAULT_ACCESS_TOKEN_LIFETIME_MS).toBe(8 * 3600 * 1000);
  });
});
