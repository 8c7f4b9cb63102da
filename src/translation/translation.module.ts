import { Module } from '@nestjs/common';
import { AnthropicStrategy } from './anthropic/anthropic.strategy';
import { CommonStrategy } from './common/common.strategy';
import { GoogleStrategy } from './google/google.strategy';
import { PROVIDER_STRATEGIES, type ProviderStrategy } from './provider-strategy';
import { ProviderStrategyRegistry } from './provider-strategy.registry';
import { ResponsesStrategy } from './responses/responses.strategy';
import { AnthropicProvider } from './upstream/anthropic/anthropic.provider';
import { ChatCompletionsProvider } from './upstream/chat-completions/chat-completions.provider';
import { GoogleProvider } from './upstream/google/google.provider';
import { OpenAiResponsesProvider } from './upstream/openai-responses/openai-responses.provider';
import { UPSTREAM_PROVIDERS, type UpstreamProvider } from './upstream/upstream-provider';
import { UpstreamProviderRegistry } from './upstream/upstream-provider.registry';

const STRATEGIES = [AnthropicStrategy, ResponsesStrategy, CommonStrategy, GoogleStrategy];

/** One line per upstream type: its provider class (everything else about the type lives in its folder). */
const UPSTREAM_PROVIDER_CLASSES = [AnthropicProvider, OpenAiResponsesProvider, ChatCompletionsProvider, GoogleProvider];

/**
 * Translation between the client APIs and every upstream type: the hub's upstream providers (UpstreamProviderRegistry)
 * and, until the chat route runs on the hub, the Chat Completions strategies (ProviderStrategyRegistry).
 */
@Module({
  providers: [
    ...STRATEGIES,
    {
      provide: PROVIDER_STRATEGIES,
      useFactory: (...strategies: ProviderStrategy[]) => strategies,
      inject: STRATEGIES,
    },
    ProviderStrategyRegistry,
    ...UPSTREAM_PROVIDER_CLASSES,
    {
      provide: UPSTREAM_PROVIDERS,
      useFactory: (...providers: UpstreamProvider[]) => providers,
      inject: UPSTREAM_PROVIDER_CLASSES,
    },
    UpstreamProviderRegistry,
  ],
  exports: [ProviderStrategyRegistry, UpstreamProviderRegistry],
})
export class TranslationModule {}
