import { digestKey, parseKeyItems, parseKeysFile } from './access-key-entries';

describe('parseKeyItems', () => {
  it('reads `name:KEY` and bare keys, naming bare ones by position', () => {
    const { entries } = parseKeyItems(['ci:sk-ci-0123456789abcdef', 'sk-bare-0123456789abcdef', ' laptop : sk-laptop-0123456789ab '], 'env');
    expect(entries.map((entry) => entry.name)).toEqual(['ci', 'key-2', 'laptop']);
    expect(entries[0].digest.equals(digestKey('sk-ci-0123456789abcdef'))).toBe(true);
    expect(entries[2].digest.equals(digestKey('sk-laptop-0123456789ab'))).toBe(true);
  });

  it('keeps a key containing `:` whole when what precedes the colon is not a name', () => {
    const { entries } = parseKeyItems(['abc def:ghi-0123456789abcdef', 'team:a:b:c-0123456789abcdef'], 'env');
    expect(entries[0]).toEqual({ name: 'key-1', digest: digestKey('abc def:ghi-0123456789abcdef') });
    expect(entries[1]).toEqual({ name: 'team', digest: digestKey('a:b:c-0123456789abcdef') });
  });

  it('warns about empty and short keys without ever quoting a key', () => {
    const { entries, warnings } = parseKeyItems(['ops:', 'short:abc123'], 'PROXY_API_KEYS');
    expect(entries.map((entry) => entry.name)).toEqual(['short']);
    expect(warnings).toEqual([expect.stringContaining(`("ops") has no key`), expect.stringContaining('"short" is shorter than 16')]);
    expect(warnings.join('\n')).not.toContain('abc123');
  });

  it('keeps no key text, only digests', () => {
    const { entries } = parseKeyItems(['ci:sk-secret-0123456789abcdef'], 'env');
    expect(JSON.stringify(entries)).not.toContain('sk-secret');
  });
});

describe('parseKeysFile', () => {
  it('takes one entry a line and skips blank lines and comments, CRLF included', () => {
    const { entries } = parseKeysFile('# rotated 2026-01\r\nci:sk-ci-0123456789abcdef\r\n\r\n  # old\nops:sk-ops-0123456789abcdef\n', 'file');
    expect(entries.map((entry) => entry.name)).toEqual(['ci', 'ops']);
  });
});
