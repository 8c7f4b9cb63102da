import { injectChatSystemPrompt } from './inject-chat-system-prompt';

const PROMPT = 'You are Droid, an AI software engineering agent built by Factory.\n\n';

/** Freezes the input deeply so any mutation throws (spec files are strict-mode modules). */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

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
