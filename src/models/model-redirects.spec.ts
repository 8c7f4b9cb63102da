import { ModelRedirects } from './model-redirects';

describe(ModelRedirects.name, () => {
  it('separates exact keys from glob patterns', () => {
    const redirects = new ModelRedirects({ 'gpt-5-codex': 'gpt-5.1-codex', 'claude-opus-*': 'claude-opus-4-6' });
    expect(redirects.exactTarget('gpt-5-codex')).toBe('gpt-5.1-codex');
    expect(redirects.exactTarget('claude-opus-*')).toBeUndefined();
    expect(redirects.patternTarget('claude-opus-5-5')).toBe('claude-opus-4-6');
    expect(redirects.patternTarget('gpt-5-codex')).toBeUndefined();
  });

  it('a longer pattern beats a shorter one, whatever the key order', () => {
    const redirects = new ModelRedirects({ 'claude-*': 'generic', 'claude-3-5-haiku-*': 'haiku', 'claude-3-*': 'three' });
    expect(redirects.patternTarget('claude-3-5-haiku-20241022')).toBe('haiku');
    expect(redirects.patternTarget('claude-3-opus')).toBe('three');
    expect(redirects.patternTarget('claude-opus-5-5')).toBe('generic');
  });

  it('anchors patterns at both ends', () => {
    const redirects = new ModelRedirects({ 'claude-opus-*': 'opus' });
    expect(redirects.patternTarget('my-claude-opus-4')).toBeUndefined();
    expect(redirects.patternTarget('claude-opus-')).toBe('opus');
  });

  it('`?` matches exactly one character and `*` any run, including none', () => {
    const redirects = new ModelRedirects({ 'gpt-5.?': 'one', 'o*-mini': 'mini' });
    expect(redirects.patternTarget('gpt-5.2')).toBe('one');
    expect(redirects.patternTarget('gpt-5.')).toBeUndefined();
    expect(redirects.patternTarget('gpt-5.12')).toBeUndefined();
    expect(redirects.patternTarget('o-mini')).toBe('mini');
    expect(redirects.patternTarget('o4-mini')).toBe('mini');
  });

  it('treats regex characters in keys literally', () => {
    const redirects = new ModelRedirects({ 'gpt-5.1*': 'dot', 'a+b(c)*': 'plus' });
    expect(redirects.patternTarget('gpt-5.1-codex')).toBe('dot');
    expect(redirects.patternTarget('gpt-5x1-codex')).toBeUndefined();
    expect(redirects.patternTarget('a+b(c)-x')).toBe('plus');
    expect(redirects.patternTarget('aab(c)-x')).toBeUndefined();
  });

  it('an empty map redirects nothing', () => {
    const redirects = new ModelRedirects({});
    expect(redirects.exactTarget('x')).toBeUndefined();
    expect(redirects.patternTarget('x')).toBeUndefined();
  });
});
