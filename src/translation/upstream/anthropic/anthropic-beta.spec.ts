import type { ModelConfig, ReasoningLevel } from '../../../config/app-config';
import { FAST_MODE_BETA, INTERLEAVED_THINKING_BETA, mergeAnthropicBeta } from './anthropic-beta';

function model(reasoning: ReasoningLevel, fast = false): ModelConfig {
  return { name: 'Opus', id: 'claude-opus-4-6', type: 'anthropic', reasoning, fast };
}

describe(mergeAnthropicBeta.name, () => {
  it('keeps the client betas under auto, deduplicated and in order', () => {
    expect(mergeAnthropicBeta('b1, b2,b1,,b3', model('auto'))).toBe('b1,b2,b3');
  });

  it('accepts repeated headers', () => {
    expect(mergeAnthropicBeta(['b1,b2', 'b2', 'b3'], model('auto'))).toBe('b1,b2,b3');
  });

  it('leaves interleaved thinking as the client had it under auto', () => {
    expect(mergeAnthropicBeta(INTERLEAVED_THINKING_BETA, model('auto'))).toBe(INTERLEAVED_THINKING_BETA);
    expect(mergeAnthropicBeta('b1', model('auto'))).toBe('b1');
  });

  it.each(['low', 'medium', 'high', 'xhigh'] as const)('adds interleaved thinking once for level %s', (level) => {
    expect(mergeAnthropicBeta('b1', model(level))).toBe(`b1,${INTERLEAVED_THINKING_BETA}`);
    expect(mergeAnthropicBeta(`${INTERLEAVED_THINKING_BETA},b1`, model(level))).toBe(`${INTERLEAVED_THINKING_BETA},b1`);
  });

  it('removes interleaved thinking under off', () => {
    expect(mergeAnthropicBeta(`b1,${INTERLEAVED_THINKING_BETA},b2`, model('off'))).toBe('b1,b2');
  });

  it('adds fast mode for fast models', () => {
    expect(mergeAnthropicBeta('b1', model('auto', true))).toBe(`b1,${FAST_MODE_BETA}`);
    expect(mergeAnthropicBeta(undefined, model('high', true))).toBe(`${INTERLEAVED_THINKING_BETA},${FAST_MODE_BETA}`);
  });

  it('is undefined when nothing is left', () => {
    expect(mergeAnthropicBeta(undefined, model('auto'))).toBeUndefined();
    expect(mergeAnthropicBeta(' , ', model('auto'))).toBeUndefined();
    expect(mergeAnthropicBeta(INTERLEAVED_THINKING_BETA, model('off'))).toBeUndefined();
  });
});
