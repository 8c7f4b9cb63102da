import { AllowedHosts, hostName } from './allowed-hosts';

describe(AllowedHosts.name, () => {
  const sut = new AllowedHosts(['droid2api.example.com', '*.corp.example', '.svc.cluster.local', 'Gateway.Local.']);

  it.each([
    'localhost',
    'localhost:3000',
    'LOCALHOST:3000',
    'app.localhost:3000',
    '127.0.0.1:3000',
    '127.1.2.3',
    '[::1]:3000',
    '10.12.0.7:3000',
    '[fd00::7]',
    'droid2api.example.com',
    'droid2api.example.com:443',
    'droid2api.example.com.',
    'api.corp.example',
    'droid2api.default.svc.cluster.local:3000',
    'gateway.local',
  ])('allows %s', (host) => {
    expect(sut.allows(host)).toBe(true);
  });

  it.each([
    'evil.example',
    'evil.example:3000',
    'localhost.evil.example',
    'droid2api.example.com.evil.example',
    'corp.example',
    'xcorp.example',
    '127.0.0.1.nip.io',
    '',
    'a b',
    'host:port',
  ])('refuses %s', (host) => {
    expect(sut.allows(host)).toBe(false);
  });

  it('allows a request without a Host header (no browser sends one)', () => {
    expect(sut.allows(undefined)).toBe(true);
  });

  it('with nothing configured allows loopback and IP literals only', () => {
    const bare = new AllowedHosts([]);
    expect(['localhost:3000', '127.0.0.1', '192.168.1.20:3000', '[::1]'].every((host) => bare.allows(host))).toBe(true);
    expect(bare.allows('droid2api.example.com')).toBe(false);
  });
});

describe(hostName.name, () => {
  it.each([
    ['Example.COM:3000', 'example.com'],
    ['[::1]:3000', '::1'],
    ['[::1]', '::1'],
    ['10.0.0.1', '10.0.0.1'],
    ['name.', 'name'],
  ])('%s → %s', (header, expected) => {
    expect(hostName(header)).toBe(expected);
  });
});
