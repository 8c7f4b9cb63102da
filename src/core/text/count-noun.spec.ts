import { countNoun } from './count-noun';

describe(countNoun.name, () => {
  it.each([
    [0, 'account', '0 accounts'],
    [1, 'account', '1 account'],
    [2, 'account', '2 accounts'],
  ])('%s %s → %s', (count, noun, expected) => {
    expect(countNoun(count, noun)).toBe(expected);
  });

  it('takes an irregular plural', () => {
    expect(countNoun(3, 'entry', 'entries')).toBe('3 entries');
  });
});
