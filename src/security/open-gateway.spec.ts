import { openGatewayWarning } from './open-gateway';

describe(openGatewayWarning.name, () => {
  const open = { host: '0.0.0.0', port: 3000, keysRequired: false, source: 'factory-api-key' } as const;

  it('names the credential, the address and the variables that close it', () => {
    expect(openGatewayWarning(open)).toBe(
      'Open gateway: it listens on all interfaces (0.0.0.0) port 3000 with FACTORY_API_KEY and no inbound keys, so ' +
        'anyone who can reach it spends that Factory credential. Set PROXY_API_KEYS (or PROXY_API_KEYS_FILE) to ' +
        'require a key, or HOST=127.0.0.1 to keep it on this machine.',
    );
  });

  it.each([
    ['::', 'all interfaces (::)'],
    ['10.0.0.5', '10.0.0.5'],
    ['gateway.lan', 'gateway.lan'],
  ])('warns for HOST=%s', (host, where) => {
    expect(openGatewayWarning({ ...open, host })).toContain(`listens on ${where} port 3000`);
  });

  it.each(['accounts', 'droid-refresh-key', 'factory-auth-file'] as const)('warns for the %s source', (source) => {
    expect(openGatewayWarning({ ...open, source })).toMatch(/^Open gateway: /);
  });

  it.each([
    ['with inbound keys', { keysRequired: true }],
    ['in client mode (callers spend their own credential)', { source: 'client' as const }],
    ['bound to 127.0.0.1', { host: '127.0.0.1' }],
    ['bound to 127.0.0.2', { host: '127.0.0.2' }],
    ['bound to ::1', { host: '::1' }],
    ['bound to localhost', { host: 'localhost' }],
  ])('is quiet %s', (_name, change) => {
    expect(openGatewayWarning({ ...open, ...change })).toBeUndefined();
  });
});
