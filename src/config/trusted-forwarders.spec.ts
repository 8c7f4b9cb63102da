import { parseTrustedForwarders } from './trusted-forwarders';

describe('parseTrustedForwarders', () => {
  it('reads nothing, a hop count, and addresses with CIDRs of both families', () => {
    expect(parseTrustedForwarders([])).toEqual({ kind: 'none' });
    expect(parseTrustedForwarders(['2'])).toEqual({ kind: 'hops', hops: 2 });
    const list = parseTrustedForwarders(['10.0.0.0/8', '192.168.1.5', 'fd00::/8']);
    expect(list.kind).toBe('list');
  });

  it.each([['not-an-ip'], ['10.0.0.0/33'], ['10.0.0.0/8/1'], ['0'], ['10.0.0.1', '2'], ['fd00::/129'], ['10.0.0.0/x']])(
    'refuses %s',
    (...items) => {
      expect(() => parseTrustedForwarders(items)).toThrow();
    },
  );
});
