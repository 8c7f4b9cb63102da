import {
  injectAnthropicSystem,
  injectChatSystemPrompt,
  injectGoogleSystemInstruction,
  injectResponsesInstructions,
  joinPromptText,
} from './system-prompt';

const PROMPT = 'You are Droid, an AI software engineering agent built by Factory.\n\n';

/** Freezes the input deeply so any mutation throws (spec files are strict-mode modules). */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

it('frozen() makes any mutation of a test input throw', () => {
  const body = frozen({ nested: { list: [1] } });
  expect(() => body.nested.list.push(2)).toThrow(TypeError);
  expect(() => Object.assign(body, { added: true })).toThrow(TypeError);
});

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

describe(injectAnthropicSystem.name, () => {
  it('creates a one-block system when the client sent none', () => {
    expect(injectAnthropicSystem(frozen({ model: 'm' }), PROMPT)).toEqual({
      model: 'm',
      system: [{ type: 'text', text: PROMPT }],
    });
  });

  it('turns a client string into the second text block', () => {
    const body = frozen({ system: 'Client rules.', messages: [] });
    expect(injectAnthropicSystem(body, PROMPT).system).toEqual([
      { type: 'text', text: PROMPT },
      { type: 'text', text: 'Client rules.' },
    ]);
  });

  it('keeps a client array after the prompt, cache_control included', () => {
    const clientBlocks = [
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B', cache_control: { type: 'ephemeral' } },
    ];
    const body = frozen({ system: clientBlocks });
    const edited = injectAnthropicSystem(body, PROMPT);
    expect(edited.system).toEqual([{ type: 'text', text: PROMPT }, ...clientBlocks]);
    expect(body.system).toHaveLength(2);
  });

  it('drops a whitespace-only client string (the API rejects blank text blocks)', () => {
    expect(injectAnthropicSystem(frozen({ system: '  ' }), PROMPT).system).toEqual([{ type: 'text', text: PROMPT }]);
  });

  it('changes nothing for an empty configured prompt', () => {
    const body = frozen({ system: 'Client rules.', model: 'm' });
    const edited = injectAnthropicSystem(body, '');
    expect(edited).toEqual({ system: 'Client rules.', model: 'm' });
    expect(edited).not.toBe(body);
  });

  it('leaves a system of a shape the API rejects for the upstream to report', () => {
    expect(injectAnthropicSystem(frozen({ system: 42 }), PROMPT)).toEqual({ system: 42 });
  });
});

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

describe(injectChatSystemPrompt.name, () => {
  const user = { role: 'user', content: 'hi' };

  it('inserts a system message first when there is none', () => {
    expect(injectChatSystemPrompt(frozen({ messages: [user] }), PROMPT).messages).toEqual([
      { role: 'system', content: PROMPT },
      user,
    ]);
  });

  it('prepends to a string system message', () => {
    const body = frozen({ messages: [{ role: 'system', content: 'Client rules.' }, user] });
    expect(injectChatSystemPrompt(body, PROMPT).messages).toEqual([
      { role: 'system', content: `${PROMPT}Client rules.` },
      user,
    ]);
  });

  it('puts a text part first in an array-content developer message, keeping its fields', () => {
    const parts = [{ type: 'text', text: 'Dev rules.', cache_control: { type: 'ephemeral' } }];
    const body = frozen({ messages: [user, { role: 'developer', name: 'd', content: parts }] });
    expect(injectChatSystemPrompt(body, PROMPT).messages).toEqual([
      user,
      { role: 'developer', name: 'd', content: [{ type: 'text', text: PROMPT }, ...parts] },
    ]);
  });

  it('edits only the first system message', () => {
    const body = frozen({
      messages: [
        { role: 'system', content: 'one' },
        { role: 'system', content: 'two' },
      ],
    });
    expect(injectChatSystemPrompt(body, PROMPT).messages).toEqual([
      { role: 'system', content: `${PROMPT}one` },
      { role: 'system', content: 'two' },
    ]);
  });

  it('fills a system message with null content', () => {
    const body = frozen({ messages: [{ role: 'system', content: null }] });
    expect(injectChatSystemPrompt(body, PROMPT).messages).toEqual([{ role: 'system', content: PROMPT }]);
  });

  it('inserts a new message rather than lose the prompt when the content shape is unknown', () => {
    const odd = { role: 'system', content: { weird: true } };
    expect(injectChatSystemPrompt(frozen({ messages: [odd] }), PROMPT).messages).toEqual([
      { role: 'system', content: PROMPT },
      odd,
    ]);
  });

  it('changes nothing for an empty configured prompt or a body without messages', () => {
    expect(injectChatSystemPrompt(frozen({ messages: [user] }), '')).toEqual({ messages: [user] });
    expect(injectChatSystemPrompt(frozen({ model: 'm' }), PROMPT)).toEqual({ model: 'm' });
  });
});
