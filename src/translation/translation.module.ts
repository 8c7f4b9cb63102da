import { Module } from '@nestjs/common';
import { AnthropicStrategy } from './anthropic/anthropic.strategy';
import { CommonStrategy } from './common/common.strategy';
import { GoogleStrategy } from './google/google.strategy';
import { PROVIDER_STRATEGIES, type ProviderStrategy } from './provider-strategy';
import { ProviderStrategyRegistry } from './provider-strategy.registry';
import { ResponsesStrategy } from './responses/responses.strategy';
import { UpstreamModule } from './upstream/upstream.module';

const STRATEGIES = [AnthropicStrategy, ResponsesStrategy, CommonStrategy, GoogleStrategy];

/**
 * Translation between the client APIs and every upstream type: the hub's upstream providers (UpstreamProviderRegistry)
 * and, until the chat route runs on the hub, the Chat Completions strategies (ProviderStrategyRegistry).
 */
@Module({
  imports: [UpstreamModule],
  providers: [
    ...STRATEGIES,
    {
      provide: PROVIDER_STRATEGIES,
      useFactory: (...strategies: ProviderStrategy[]) => strategies,
      inject: STRATEGIES,
    },
    ProviderStrategyRegistry,
  ],
  exports: [ProviderStrategyRegistry, UpstreamModule],
})
export class TranslationModule {}
