import { injectResponsesInstructions } from './inject-responses-instructions';

const PROMPT = 'You are Droid, an AI software engineering agent built by Factory.\n\n';

/** Freezes the input deeply so any mutation throws (spec files are strict-mode modules). */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

describe(injectResponsesInstructions.name, () => {
  it('sets the prompt when the client sent no instructions', () => {
    expect(injectResponsesInstructions(frozen({ input: 'hi' }), PROMPT)).toEqual({ input: 'hi', instructions: PROMPT });
    expect(injectResponsesInstructions(frozen({ instructions: null }), PROMPT).instructions).toBe(PROMPT);
  });

  it('puts the prompt before the client instructions', () => {
    expect(injectResponsesInstructions(frozen({ instructions: 'Codex rules.' }), PROMPT).instructions).toBe(
      `${PROMPT}Codex rules.`,
    );
  });

  it('separates a prompt without trailing whitespace by a blank line', () => {
    expect(injectResponsesInstructions(frozen({ instructions: 'Codex rules.' }), 'P.').instructions).toBe(
      'P.\n\nCodex rules.',
    );
  });

  it('changes nothing for an empty configured prompt', () => {
    expect(injectResponsesInstructions(frozen({ instructions: 'Codex rules.' }), '')).toEqual({
      instructions: 'Codex rules.',
    });
    expect(injectResponsesInstructions(frozen({}), '')).toEqual({});
  });
});
