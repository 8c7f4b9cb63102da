import { injectAnthropicSystem } from './inject-anthropic-system';

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
