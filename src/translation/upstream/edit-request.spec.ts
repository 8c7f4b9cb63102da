import {
  REASONING_LEVELS,
  UPSTREAM_TYPES,
  type ModelConfig,
  type ReasoningLevel,
  type UpstreamType,
} from '../../config/app-config';
import { isJsonObject, JsonObject } from '../../core/json/json-object';
import type { EditRequestOptions, UpstreamProvider } from './upstream-provider';
import { UPSTREAM_PROVIDER_CLASSES } from './upstream-providers';

const PROMPT = 'You are Droid.\n\n';

const PROVIDERS = new Map<UpstreamType, UpstreamProvider>(UPSTREAM_PROVIDER_CLASSES.map((Provider) => [new Provider().type, new Provider()]));

/** Each type's request edit, asked of its provider as the Factory call does. */
function editUpstreamRequest(type: UpstreamType, body: Readonly<JsonObject>, model: ModelConfig, prompt: string, options?: EditRequestOptions): JsonObject {
  return PROVIDERS.get(type)!.editRequest(body, model, prompt, options);
}

function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

/** A client body per type that carries the client's own reasoning choice and instructions. */
const CLIENT_BODIES: Record<UpstreamType, () => JsonObject> = {
  anthropic: () => ({
    model: 'x',
    max_tokens: 1024,
    system: 'Client rules.',
    thinking: { type: 'enabled', budget_tokens: 1000 },
    messages: [{ role: 'user', content: 'hi' }],
  }),
  openai: () => ({ model: 'x', instructions: 'Client rules.', reasoning: { effort: 'minimal' }, input: 'hi' }),
  common: () => ({
    model: 'x',
    reasoning_effort: 'minimal',
    messages: [
      { role: 'system', content: 'Client rules.' },
      { role: 'user', content: 'hi' },
    ],
  }),
  google: () => ({
    model: 'x',
    systemInstruction: { parts: [{ text: 'Client rules.' }] },
    generationConfig: { thinkingConfig: { thinkingBudget: 128 } },
    contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
  }),
};

/** Reads back, per type, the reasoning field the edit owns and the text the upstream sees first. */
const READ: Record<UpstreamType, { reasoning: (b: JsonObject) => unknown; leadingText: (b: JsonObject) => unknown }> = {
  anthropic: { reasoning: (b) => b.thinking, leadingText: (b) => (b.system as { text: string }[])[0].text },
  openai: { reasoning: (b) => b.reasoning, leadingText: (b) => b.instructions },
  common: {
    reasoning: (b) => b.reasoning_effort,
    leadingText: (b) => (b.messages as { content: string }[])[0].content,
  },
  google: {
    reasoning: (b) => (isJsonObject(b.generationConfig) ? b.generationConfig.thinkingConfig : undefined),
    leadingText: (b) => (b.systemInstruction as { parts: { text: string }[] }).parts[0].text,
  },
};

/** What each level must leave in the reasoning field; `auto` keeps the client's value. */
const EXPECTED: Record<UpstreamType, Record<Exclude<ReasoningLevel, 'auto'>, unknown>> = {
  anthropic: {
    off: undefined,
    low: { type: 'enabled', budget_tokens: 4096 },
    medium: { type: 'enabled', budget_tokens: 12288 },
    high: { type: 'enabled', budget_tokens: 24576 },
    xhigh: { type: 'enabled', budget_tokens: 40960 },
  },
  openai: {
    off: undefined,
    low: { effort: 'low', summary: 'auto' },
    medium: { effort: 'medium', summary: 'auto' },
    high: { effort: 'high', summary: 'auto' },
    xhigh: { effort: 'xhigh', summary: 'auto' },
  },
  common: { off: undefined, low: 'low', medium: 'medium', high: 'high', xhigh: 'xhigh' },
  google: {
    off: undefined,
    low: { thinkingLevel: 'LOW' },
    medium: { thinkingLevel: 'MEDIUM' },
    high: { thinkingLevel: 'HIGH' },
    xhigh: { thinkingLevel: 'HIGH' },
  },
};

const cases = UPSTREAM_TYPES.flatMap((type) => REASONING_LEVELS.map((level) => [type, level] as const));

describe('UpstreamProvider.editRequest', () => {
  it.each(cases)('%s × %s: model id, prompt first, client text kept, reasoning per level', (type, level) => {
    const model: ModelConfig = { name: 'M', id: `resolved-${type}`, type, reasoning: level, fast: false };
    const body = CLIENT_BODIES[type]();
    const snapshot = structuredClone(body);

    const edited = editUpstreamRequest(type, frozen(body), model, PROMPT);

    expect(body).toEqual(snapshot);
    expect(edited.model).toBe(`resolved-${type}`);
    expect(String(READ[type].leadingText(edited)).startsWith(PROMPT)).toBe(true);
    expect(JSON.stringify(edited)).toContain('Client rules.');
    const expected = level === 'auto' ? READ[type].reasoning(snapshot) : EXPECTED[type][level];
    expect(READ[type].reasoning(edited)).toEqual(expected);
  });

  it('passes the count_tokens option through to the anthropic edit only', () => {
    const model: ModelConfig = { name: 'M', id: 'm', type: 'anthropic', reasoning: 'high', fast: false };
    const body = frozen({ messages: [] });
    expect(editUpstreamRequest('anthropic', body, model, '', { countTokens: true })).not.toHaveProperty('max_tokens');
    expect(editUpstreamRequest('anthropic', body, model, '')).toHaveProperty('max_tokens', 24576 + 4096);
  });

  it('changes nothing but the model id for an empty prompt under auto', () => {
    for (const type of UPSTREAM_TYPES) {
      const model: ModelConfig = { name: 'M', id: 'm', type, reasoning: 'auto', fast: false };
      const body = CLIENT_BODIES[type]();
      // Anthropic drops top_k/temperature only when present; the fixtures carry none.
      expect(editUpstreamRequest(type, frozen(body), model, '')).toEqual({ ...body, model: 'm' });
    }
  });
});
