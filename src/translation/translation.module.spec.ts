import { Test } from '@nestjs/testing';
import type { UpstreamType } from '../config/app-config';
import { AnthropicStrategy } from './anthropic/anthropic.strategy';
import { CommonStrategy } from './common/common.strategy';
import { GoogleStrategy } from './google/google.strategy';
import { ProviderStrategyRegistry } from './provider-strategy.registry';
import { ResponsesStrategy } from './responses/responses.strategy';
import { TranslationModule } from './translation.module';

describe(TranslationModule.name, () => {
  let registry: ProviderStrategyRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [TranslationModule] }).compile();
    registry = moduleRef.get(ProviderStrategyRegistry);
  });

  it.each([
    ['anthropic', AnthropicStrategy],
    ['openai', ResponsesStrategy],
    ['common', CommonStrategy],
    ['google', GoogleStrategy],
  ] as const)('resolves %s to %p', (type, strategy) => {
    expect(registry.forType(type)).toBeInstanceOf(strategy);
    expect(registry.forType(type).type).toBe(type);
  });

  it('throws on an unknown type', () => {
    expect(() => registry.forType('bedrock' as UpstreamType)).toThrow("No chat translation strategy for upstream type 'bedrock'");
  });
});
