import { Test } from '@nestjs/testing';
import type { UpstreamType } from '../config/app-config';
import { AnthropicStrategy } from './anthropic/anthropic.strategy';
import { CommonStrategy } from './common/common.strategy';
import { GoogleStrategy } from './google/google.strategy';
import { ProviderStrategyRegistry } from './provider-strategy.registry';
import { ResponsesStrategy } from './responses/responses.strategy';
import { TranslationModule } from './translation.module';
import { AnthropicProvider } from './upstream/anthropic/anthropic.provider';
import { ChatCompletionsProvider } from './upstream/chat-completions/chat-completions.provider';
import { GoogleProvider } from './upstream/google/google.provider';
import { OpenAiResponsesProvider } from './upstream/openai-responses/openai-responses.provider';
import { UpstreamProviderRegistry } from './upstream/upstream-provider.registry';

describe(TranslationModule.name, () => {
  let registry: ProviderStrategyRegistry;
  let providers: UpstreamProviderRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [TranslationModule] }).compile();
    registry = moduleRef.get(ProviderStrategyRegistry);
    providers = moduleRef.get(UpstreamProviderRegistry);
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

  it.each([
    ['anthropic', AnthropicProvider],
    ['openai', OpenAiResponsesProvider],
    ['common', ChatCompletionsProvider],
    ['google', GoogleProvider],
  ] as const)('resolves the upstream provider of %s to %p, with its codec', (type, provider) => {
    expect(providers.forType(type)).toBeInstanceOf(provider);
    expect(providers.forType(type).codec.type).toBe(type);
  });

  it('throws on an upstream type without a provider', () => {
    expect(() => providers.forType('bedrock' as UpstreamType)).toThrow("No upstream provider for type 'bedrock'");
  });
});
