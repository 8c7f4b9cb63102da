import { joinPromptText } from './join-prompt-text';

const PROMPT = 'You are Droid, an AI software engineering agent built by Factory.\n\n';

describe('joinPromptText', () => {
  it('concatenates when the prompt already ends in whitespace', () => {
    expect(joinPromptText(PROMPT, 'Be brief.')).toBe(`${PROMPT}Be brief.`);
  });

  it('adds a blank line when the prompt does not end in whitespace', () => {
    expect(joinPromptText('You are X.', 'Be brief.')).toBe('You are X.\n\nBe brief.');
  });

  it('returns the prompt alone for empty client text', () => {
    expect(joinPromptText('You are X.', '')).toBe('You are X.');
  });
});
