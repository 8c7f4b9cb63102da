import { Test } from '@nestjs/testing';
import type { UpstreamType } from '../../config/app-config';
import { AnthropicProvider } from './anthropic/anthropic.provider';
import { ChatCompletionsProvider } from './chat-completions/chat-completions.provider';
import { GoogleProvider } from './google/google.provider';
import { OpenAiResponsesProvider } from './openai-responses/openai-responses.provider';
import { UpstreamModule } from './upstream.module';
import { UpstreamProviderRegistry } from './upstream-provider.registry';

describe(UpstreamModule.name, () => {
  let providers: UpstreamProviderRegistry;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [UpstreamModule] }).compile();
    providers = moduleRef.get(UpstreamProviderRegistry);
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
