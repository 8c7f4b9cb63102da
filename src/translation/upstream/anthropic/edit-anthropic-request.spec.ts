import type { ModelConfig, ReasoningLevel } from '../../../config/app-config';
import { editAnthropicRequest } from './edit-anthropic-request';
import { REASONING_TABLE } from '../shared/reasoning-levels';

const PROMPT = 'You are Droid.\n\n';

function model(reasoning: ReasoningLevel, overrides: Partial<ModelConfig> = {}): ModelConfig {
  return { name: 'Opus', id: 'claude-opus-4-6', type: 'anthropic', reasoning, fast: false, ...overrides };
}

function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) frozen(child);
    Object.freeze(value);
  }
  return value;
}

const baseBody = () => ({
  model: 'claude-opus-4-1',
  max_tokens: 32000,
  system: 'Client rules.',
  messages: [{ role: 'user', content: 'hi' }],
});

describe(editAnthropicRequest.name, () => {
  it('sets the resolved model id and injects the system prompt', () => {
    const edited = editAnthropicRequest(frozen(baseBody()), model('auto'), PROMPT);
    expect(edited.model).toBe('claude-opus-4-6');
    expect(edited.system).toEqual([
      { type: 'text', text: PROMPT },
      { type: 'text', text: 'Client rules.' },
    ]);
    expect(edited.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('does not mutate its input', () => {
    const body = { ...baseBody(), thinking: { type: 'enabled', budget_tokens: 1000 }, temperature: 0.2, top_k: 5 };
    const snapshot = structuredClone(body);
    editAnthropicRequest(frozen(body), model('high'), PROMPT);
    expect(body).toEqual(snapshot);
  });

  describe('auto', () => {
    it('leaves the client thinking, max_tokens and sampling alone when thinking is off', () => {
      const body = frozen({ ...baseBody(), max_tokens: 100, temperature: 0.3, top_k: 10 });
      const edited = editAnthropicRequest(body, model('auto'), '');
      expect(edited).toEqual({ ...body, model: 'claude-opus-4-6' });
    });

    it('keeps client thinking but drops temperature other than 1 and top_k, which the API rejects with it', () => {
      const thinking = { type: 'enabled', budget_tokens: 2000 };
      const body = frozen({ ...baseBody(), max_tokens: 1000, thinking, temperature: 0.7, top_k: 3, top_p: 0.99 });
      const edited = editAnthropicRequest(body, model('auto'), '');
      expect(edited.thinking).toEqual(thinking);
      expect(edited.max_tokens).toBe(1000);
      expect(edited).not.toHaveProperty('temperature');
      expect(edited).not.toHaveProperty('top_k');
      expect(edited.top_p).toBe(0.99);
    });

    it('keeps temperature 1 with thinking', () => {
      const body = frozen({ ...baseBody(), thinking: { type: 'enabled', budget_tokens: 2000 }, temperature: 1 });
      expect(editAnthropicRequest(body, model('auto'), '').temperature).toBe(1);
    });

    it('treats thinking of type disabled as off', () => {
      const body = frozen({ ...baseBody(), thinking: { type: 'disabled' }, temperature: 0.5, top_k: 4 });
      const edited = editAnthropicRequest(body, model('auto'), '');
      expect(edited.temperature).toBe(0.5);
      expect(edited.top_k).toBe(4);
    });
  });

  describe.each(['low', 'medium', 'high', 'xhigh'] as const)('fixed level %s', (level) => {
    const budget = REASONING_TABLE[level].anthropicBudgetTokens;

    it('enables thinking with the table budget, replacing the client one', () => {
      const body = frozen({ ...baseBody(), max_tokens: 64000, thinking: { type: 'enabled', budget_tokens: 99 } });
      const edited = editAnthropicRequest(body, model(level), PROMPT);
      expect(edited.thinking).toEqual({ type: 'enabled', budget_tokens: budget });
      expect(edited.max_tokens).toBe(64000);
    });

    it('raises max_tokens to budget + 4096 when it is not above the budget', () => {
      expect(editAnthropicRequest(frozen({ ...baseBody(), max_tokens: budget }), model(level), '').max_tokens).toBe(
        budget + 4096,
      );
      expect(editAnthropicRequest(frozen({ ...baseBody(), max_tokens: 1 }), model(level), '').max_tokens).toBe(
        budget + 4096,
      );
      expect(
        editAnthropicRequest(frozen({ ...baseBody(), max_tokens: budget + 1 }), model(level), '').max_tokens,
      ).toBe(budget + 1);
    });

    it('adds max_tokens on /v1/messages when the client sent none', () => {
      const { max_tokens: _dropped, ...body } = baseBody();
      expect(editAnthropicRequest(frozen(body), model(level), '').max_tokens).toBe(budget + 4096);
    });

    it('never adds max_tokens for count_tokens, but edits everything else as /v1/messages does', () => {
      const { max_tokens: _dropped, ...body } = baseBody();
      const counted = editAnthropicRequest(frozen(body), model(level), PROMPT, { countTokens: true });
      const sent = editAnthropicRequest(frozen(body), model(level), PROMPT);
      expect(counted).not.toHaveProperty('max_tokens');
      const { max_tokens: _added, ...sentWithoutMaxTokens } = sent;
      expect(counted).toEqual(sentWithoutMaxTokens);
      expect(counted.thinking).toEqual({ type: 'enabled', budget_tokens: budget });
      expect((counted.system as unknown[])[0]).toEqual({ type: 'text', text: PROMPT });
    });

    it('drops temperature other than 1 and top_k', () => {
      const edited = editAnthropicRequest(frozen({ ...baseBody(), temperature: 0, top_k: 40 }), model(level), '');
      expect(edited).not.toHaveProperty('temperature');
      expect(edited).not.toHaveProperty('top_k');
    });
  });

  describe('off', () => {
    it('removes thinking and leaves max_tokens and sampling alone', () => {
      const body = frozen({
        ...baseBody(),
        max_tokens: 50,
        thinking: { type: 'enabled', budget_tokens: 4096 },
        temperature: 0.2,
        top_k: 7,
      });
      const edited = editAnthropicRequest(body, model('off'), '');
      expect(edited).not.toHaveProperty('thinking');
      expect(edited.max_tokens).toBe(50);
      expect(edited.temperature).toBe(0.2);
      expect(edited.top_k).toBe(7);
    });
  });
});

describe('editAnthropicRequest in a tool loop', () => {
  const model = { name: 'C', id: 'claude-x', type: 'anthropic' as const, reasoning: 'high' as const, fast: false };
  const toolTurn = (first: object[]) => ({
    model: 'claude-x',
    max_tokens: 100,
    messages: [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: [...first, { type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
    ],
  });

  it('does not force thinking when the assistant tool turn has no thinking block to continue', () => {
    const edited = editAnthropicRequest(toolTurn([]), model, '');
    expect(edited.thinking).toBeUndefined();
    expect(edited.max_tokens).toBe(100);
  });

  it('forces thinking when the tool turn starts with its signed thinking block', () => {
    const edited = editAnthropicRequest(toolTurn([{ type: 'thinking', thinking: 'hm', signature: 'sig' }]), model, '');
    expect(edited.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
  });

  it('forces thinking once the tool loop is over (a later plain assistant turn)', () => {
    const body = toolTurn([]);
    body.messages.push({ role: 'assistant', content: [{ type: 'text', text: 'Sunny.' }] as never }, { role: 'user', content: 'thanks' });
    expect(editAnthropicRequest(body, model, '').thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
  });
});
