import type { ModelConfig, ReasoningLevel } from '../../../config/app-config';
import { editResponsesRequest } from './edit-responses-request';

const PROMPT = 'You are Droid.\n\n';

function model(reasoning: ReasoningLevel, overrides: Partial<ModelConfig> = {}): ModelConfig {
  return { name: 'GPT', id: 'gpt-5.1-codex', type: 'openai', reasoning, fast: false, ...overrides };
}

function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

const baseBody = () => ({ model: 'gpt-5-codex', instructions: 'Codex rules.', input: 'hi', stream: true });

describe(editResponsesRequest.name, () => {
  it('sets the resolved model id and prompt-led instructions, other fields untouched', () => {
    expect(editResponsesRequest(frozen(baseBody()), model('auto'), PROMPT)).toEqual({
      model: 'gpt-5.1-codex',
      instructions: `${PROMPT}Codex rules.`,
      input: 'hi',
      stream: true,
    });
  });

  it('leaves the client reasoning alone under auto', () => {
    const body = frozen({ ...baseBody(), reasoning: { effort: 'minimal' } });
    expect(editResponsesRequest(body, model('auto'), '').reasoning).toEqual({ effort: 'minimal' });
  });

  it.each([
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['xhigh', 'xhigh'],
  ] as const)('fixed level %s sets effort %s with summary auto', (level, effort) => {
    expect(editResponsesRequest(frozen(baseBody()), model(level), '').reasoning).toEqual({ effort, summary: 'auto' });
  });

  it('lets the level win for effort but keeps the client summary and other reasoning fields', () => {
    const body = frozen({ ...baseBody(), reasoning: { effort: 'low', summary: 'detailed', extra: 1 } });
    expect(editResponsesRequest(body, model('high'), '').reasoning).toEqual({
      effort: 'high',
      summary: 'detailed',
      extra: 1,
    });
  });

  it('removes reasoning under off', () => {
    const body = frozen({ ...baseBody(), reasoning: { effort: 'high' } });
    expect(editResponsesRequest(body, model('off'), '')).not.toHaveProperty('reasoning');
  });

  it('asks for priority serving on fast models unless the client chose a tier', () => {
    expect(editResponsesRequest(frozen(baseBody()), model('auto', { fast: true }), '').service_tier).toBe('priority');
    const chosen = frozen({ ...baseBody(), service_tier: 'flex' });
    expect(editResponsesRequest(chosen, model('auto', { fast: true }), '').service_tier).toBe('flex');
    expect(editResponsesRequest(frozen(baseBody()), model('auto'), '')).not.toHaveProperty('service_tier');
  });

  it('does not mutate its input', () => {
    const body = { ...baseBody(), reasoning: { effort: 'low', summary: 'concise' } };
    const snapshot = structuredClone(body);
    editResponsesRequest(frozen(body), model('xhigh', { fast: true }), PROMPT);
    editResponsesRequest(body, model('off'), PROMPT);
    expect(body).toEqual(snapshot);
  });
});
