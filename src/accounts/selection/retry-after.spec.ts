import { cooldownUntil, DEFAULT_COOLDOWN_MS, MAX_COOLDOWN_MS, parseRetryAfter } from './retry-after';

const NOW = Date.parse('2030-01-01T00:00:00Z');

describe(parseRetryAfter.name, () => {
  it.each([
    ['2', 2_000],
    ['0', 0],
    ['1.5', 1_500],
    [' 30 ', 30_000],
    ['Tue, 01 Jan 2030 00:00:45 GMT', 45_000],
    ['Mon, 31 Dec 2029 23:00:00 GMT', 0],
  ])('reads %j as %d ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([[undefined], [''], ['soon'], ['-5'], ['12abc']])('gives undefined for %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter(['3', '9'], NOW)).toBe(3_000);
  });
});

describe(cooldownUntil.name, () => {
  it('honours Retry-After, defaults without one, and caps a huge one', () => {
    expect(cooldownUntil('2', NOW)).toBe(NOW + 2_000);
    expect(cooldownUntil(undefined, NOW)).toBe(NOW + DEFAULT_COOLDOWN_MS);
    expect(cooldownUntil('99999999', NOW)).toBe(NOW + MAX_COOLDOWN_MS);
  });

  it('cools down at least a second even for Retry-After: 0', () => {
    expect(cooldownUntil('0', NOW)).toBe(NOW + 1_000);
  });
});
