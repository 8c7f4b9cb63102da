import { hasCliProduct, parseLatestVersion, withCliVersion } from './cli-version';

describe('parseLatestVersion', () => {
  it.each([
    ['0.27.4\n', '0.27.4'],
    ['v0.28.0', '0.28.0'],
    ['  1.2.3-beta.1 \r\n', '1.2.3-beta.1'],
  ])('reads %j as %s', (body, version) => {
    expect(parseLatestVersion(body)).toBe(version);
  });

  it.each([[''], ['latest'], ['0.27'], ['<html>0.27.4</html>'], ['0.27.4 0.28.0'], ['0.27.4\nfoo: bar']])('refuses %j', (body) => {
    expect(parseLatestVersion(body)).toBeUndefined();
  });
});

describe('withCliVersion', () => {
  it('replaces the factory-cli version and keeps the rest of the user agent', () => {
    expect(withCliVersion('factory-cli/0.27.1', '0.30.0')).toBe('factory-cli/0.30.0');
    expect(withCliVersion('factory-cli/0.27.1 (darwin arm64)', '0.30.0')).toBe('factory-cli/0.30.0 (darwin arm64)');
  });

  it('leaves a user agent without factory-cli alone', () => {
    expect(withCliVersion('my-gateway/1.0', '0.30.0')).toBe('my-gateway/1.0');
    expect(hasCliProduct('my-gateway/1.0')).toBe(false);
    expect(hasCliProduct('factory-cli/0.27.1')).toBe(true);
  });
});
