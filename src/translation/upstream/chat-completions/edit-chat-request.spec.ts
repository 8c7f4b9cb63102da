import type { ModelConfig, ReasoningLevel } from '../../../config/app-config';
import { editChatRequest } from './edit-chat-request';

const PROMPT = 'You are Droid.\n\n';

function model(reasoning: ReasoningLevel): ModelConfig {
  return { name: 'GLM', id: 'glm-4.6', type: 'common', reasoning, fast: false };
}

function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

const baseBody = () => ({
  model: 'glm',
  messages: [
    { role: 'system', content: 'Client rules.' },
    { role: 'user', content: 'hi' },
  ],
});

describe(editChatRequest.name, () => {
  it('sets the resolved model id and prepends the prompt to the system message', () => {
    expect(editChatRequest(frozen(baseBody()), model('auto'), PROMPT)).toEqual({
      model: 'glm-4.6',
      messages: [
        { role: 'system', content: `${PROMPT}Client rules.` },
        { role: 'user', content: 'hi' },
      ],
    });
  });

  it('leaves the client reasoning_effort alone under auto', () => {
    const body = frozen({ ...baseBody(), reasoning_effort: 'minimal' });
    expect(editChatRequest(body, model('auto'), '').reasoning_effort).toBe('minimal');
  });

  it.each(['low', 'medium', 'high', 'xhigh'] as const)('fixed level %s sets reasoning_effort', (level) => {
    const body = frozen({ ...baseBody(), reasoning_effort: 'minimal' });
    expect(editChatRequest(body, model(level), '').reasoning_effort).toBe(level);
  });

  it('removes reasoning_effort under off', () => {
    const body = frozen({ ...baseBody(), reasoning_effort: 'high' });
    expect(editChatRequest(body, model('off'), '')).not.toHaveProperty('reasoning_effort');
  });

  it('does not mutate its input', () => {
    const body = { ...baseBody(), reasoning_effort: 'low' };
    const snapshot = structuredClone(body);
    editChatRequest(frozen(body), model('high'), PROMPT);
    editChatRequest(body, model('off'), PROMPT);
    expect(body).toEqual(snapshot);
  });
});
