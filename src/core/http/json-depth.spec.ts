import { nestedDeeperThan } from './json-depth';

const arrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const objects = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

describe(nestedDeeperThan.name, () => {
  it.each([
    ['a scalar', 1, 0, false],
    ['a flat object', { a: 1, b: 'x' }, 1, false],
    ['an object one level too deep', { a: { b: 1 } }, 1, true],
  ])('%s', (_name, value, limit, expected) => {
    expect(nestedDeeperThan(value, limit)).toBe(expected);
  });

  it('counts the top-level container as level 1, arrays and objects alike', () => {
    for (const nest of [arrays, objects]) {
      expect(nestedDeeperThan(nest(512), 512)).toBe(false);
      expect(nestedDeeperThan(nest(513), 512)).toBe(true);
    }
  });

  it('finds deep nesting anywhere, not only in the first branch', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], metadata: { tags: [1, 2], deep: objects(600) } };
    expect(nestedDeeperThan(body, 512)).toBe(true);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(nestedDeeperThan(arrays(100_000), 512)).toBe(true);
    expect(nestedDeeperThan(arrays(100_000), 200_000)).toBe(false);
  });
});
