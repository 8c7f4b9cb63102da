import { parseTrustedForwarders } from '../config/trusted-forwarders';
import { clientAddress, normalizeAddress } from './client-address';

describe('clientAddress', () => {
  const cluster = parseTrustedForwarders(['10.0.0.0/8', '127.0.0.1']);

  it('uses the socket address when nothing is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress('203.0.113.9', '1.2.3.4', parseTrustedForwarders([]))).toBe('203.0.113.9');
  });

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(clientAddress('203.0.113.9', '1.2.3.4', cluster)).toBe('203.0.113.9');
  });

  it('takes the rightmost untrusted address behind trusted peers; client-written entries to its left are ignored', () => {
    expect(clientAddress('10.1.2.3', '198.51.100.7', cluster)).toBe('198.51.100.7');
    expect(clientAddress('10.1.2.3', '6.6.6.6, 198.51.100.7, 10.9.9.9', cluster)).toBe('198.51.100.7');
    expect(clientAddress('10.1.2.3', ['6.6.6.6, 198.51.100.7', '10.9.9.9'], cluster)).toBe('198.51.100.7');
  });

  it('returns the leftmost address when every hop is trusted', () => {
    expect(clientAddress('10.1.2.3', '10.0.0.9, 10.0.0.8', cluster)).toBe('10.0.0.9');
  });

  it('stops at an entry that is not an address', () => {
    expect(clientAddress('10.1.2.3', '1.1.1.1, garbage, 10.0.0.8', cluster)).toBe('10.0.0.8');
  });

  it('with a hop count, trusts that many hops from the socket whatever their address', () => {
    const two = parseTrustedForwarders(['2']);
    expect(clientAddress('203.0.113.9', '6.6.6.6, 198.51.100.7, 192.0.2.1', two)).toBe('198.51.100.7');
    expect(clientAddress('203.0.113.9', '192.0.2.1', parseTrustedForwarders(['1']))).toBe('192.0.2.1');
  });

  it('treats IPv4-mapped IPv6 socket addresses as IPv4', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.7', cluster)).toBe('198.51.100.7');
  });
});
