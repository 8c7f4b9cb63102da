import { injectGoogleSystemInstruction } from './inject-google-system-instruction';

const PROMPT = 'You are Droid, an AI software engineering agent built by Factory.\n\n';

/** Freezes the input deeply so any mutation throws (spec files are strict-mode modules). */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

describe(injectGoogleSystemInstruction.name, () => {
  it('creates systemInstruction when absent', () => {
    expect(injectGoogleSystemInstruction(frozen({ contents: [] }), PROMPT)).toEqual({
      contents: [],
      systemInstruction: { parts: [{ text: PROMPT }] },
    });
  });

  it('keeps the client parts and other fields after the prompt', () => {
    const body = frozen({ systemInstruction: { role: 'user', parts: [{ text: 'A' }, { text: 'B' }] } });
    expect(injectGoogleSystemInstruction(body, PROMPT).systemInstruction).toEqual({
      role: 'user',
      parts: [{ text: PROMPT }, { text: 'A' }, { text: 'B' }],
    });
  });

  it('wraps a client string as a second part', () => {
    expect(injectGoogleSystemInstruction(frozen({ systemInstruction: 'S' }), PROMPT).systemInstruction).toEqual({
      parts: [{ text: PROMPT }, { text: 'S' }],
    });
  });

  it('fills an object without parts', () => {
    expect(injectGoogleSystemInstruction(frozen({ systemInstruction: {} }), PROMPT).systemInstruction).toEqual({
      parts: [{ text: PROMPT }],
    });
  });

  it('changes nothing for an empty configured prompt', () => {
    const body = frozen({ systemInstruction: { parts: [{ text: 'A' }] } });
    expect(injectGoogleSystemInstruction(body, '')).toEqual({ systemInstruction: { parts: [{ text: 'A' }] } });
  });
});
