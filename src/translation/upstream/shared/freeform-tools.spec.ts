import { unwrapFreeformInput, wrapFreeformInput } from './freeform-tools';

describe('freeform tool inputs', () => {
  it('round-trips text with newlines, quotes and unicode', () => {
    const patch = '*** Begin Patch\n*** Update File: "a.ts"\n+const s = \'ü\';\n*** End Patch';
    expect(unwrapFreeformInput(wrapFreeformInput(patch))).toBe(patch);
  });

  it('passes on arguments that are not the wrapper object rather than losing them', () => {
    expect(unwrapFreeformInput('*** Begin Patch')).toBe('*** Begin Patch');
    expect(unwrapFreeformInput('{"patch":"x"}')).toBe('{"patch":"x"}');
  });
});
