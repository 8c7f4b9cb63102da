import type { ModelConfig, ReasoningLevel } from '../../../config/app-config';
import { editGoogleRequest } from './edit-google-request';

const PROMPT = 'You are Droid.\n\n';

function model(reasoning: ReasoningLevel): ModelConfig {
  return { name: 'Gemini', id: 'gemini-3-pro-preview', type: 'google', reasoning, fast: false };
}

function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

const baseBody = () => ({
  model: 'gemini-3-pro',
  contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
  systemInstruction: { parts: [{ text: 'Client rules.' }] },
  generationConfig: { maxOutputTokens: 100, thinkingConfig: { includeThoughts: true, thinkingBudget: 512 } },
});

describe(editGoogleRequest.name, () => {
  it('sets the resolved model id and leads systemInstruction with the prompt', () => {
    const edited = editGoogleRequest(frozen(baseBody()), model('auto'), PROMPT);
    expect(edited.model).toBe('gemini-3-pro-preview');
    expect(edited.systemInstruction).toEqual({ parts: [{ text: PROMPT }, { text: 'Client rules.' }] });
    expect(edited.contents).toEqual(baseBody().contents);
  });

  it('leaves generationConfig alone under auto', () => {
    expect(editGoogleRequest(frozen(baseBody()), model('auto'), '').generationConfig).toEqual(
      baseBody().generationConfig,
    );
  });

  it.each([
    ['low', 'LOW'],
    ['medium', 'MEDIUM'],
    ['high', 'HIGH'],
    ['xhigh', 'HIGH'],
  ] as const)('fixed level %s sets thinkingLevel %s, keeps includeThoughts, drops thinkingBudget', (level, want) => {
    expect(editGoogleRequest(frozen(baseBody()), model(level), '').generationConfig).toEqual({
      maxOutputTokens: 100,
      thinkingConfig: { includeThoughts: true, thinkingLevel: want },
    });
  });

  it('creates generationConfig for a fixed level when the client sent none', () => {
    const { generationConfig: _dropped, ...body } = baseBody();
    expect(editGoogleRequest(frozen(body), model('medium'), '').generationConfig).toEqual({
      thinkingConfig: { thinkingLevel: 'MEDIUM' },
    });
  });

  it('removes thinkingConfig under off, keeping the rest of generationConfig', () => {
    expect(editGoogleRequest(frozen(baseBody()), model('off'), '').generationConfig).toEqual({ maxOutputTokens: 100 });
    const { generationConfig: _dropped, ...body } = baseBody();
    expect(editGoogleRequest(frozen(body), model('off'), '')).not.toHaveProperty('generationConfig');
  });

  it('does not mutate its input', () => {
    const body = baseBody();
    const snapshot = structuredClone(body);
    editGoogleRequest(frozen(body), model('xhigh'), PROMPT);
    editGoogleRequest(body, model('off'), PROMPT);
    expect(body).toEqual(snapshot);
  });
});
