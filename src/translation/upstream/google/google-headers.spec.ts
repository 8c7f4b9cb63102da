import { versionFromUserAgent } from './google-headers';

describe(versionFromUserAgent.name, () => {
  it('parses the version after the slash', () => {
    expect(versionFromUserAgent('factory-cli/0.27.1')).toBe('0.27.1');
    expect(versionFromUserAgent('factory-cli/1.2.3-beta.1 (darwin)')).toBe('1.2.3-beta.1');
  });

  it('is undefined without a version', () => {
    expect(versionFromUserAgent('factory-cli')).toBeUndefined();
    expect(versionFromUserAgent('factory-cli/')).toBeUndefined();
  });
});
